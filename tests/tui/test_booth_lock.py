"""The booth is locked: leaving it, or quitting the app from it, needs the chair's PIN (chosen
when the booth opens); the footer offers no palette; reopening a file with an open vote goes
straight to the vote."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from meeting_setup import meeting_mode, meeting_underway, pilot_test, press, secret_vote_open
from textual.widgets import Footer

from buurt.services import Database
from buurt.tui.screens.booth import BoothScreen
from buurt.tui.widgets.pin import PinDialog


@asynccontextmanager
async def _in_the_booth(
    db: Database, make_app: Callable[..., Any]
) -> AsyncIterator[tuple[Any, BoothScreen]]:
    """The app at a meeting with an open secret vote, in its booth (entered with the PIN 1234):
    `async with _in_the_booth(db, make_app) as (pilot, booth):`."""
    secret_vote_open(db, meeting_underway(db))
    async with meeting_mode(make_app(db)) as pilot:
        assert pilot.app.screen.section.value == "vote", "an open vote is where the meeting resumes"
        await press(pilot, "f7")
        assert isinstance(pilot.app.screen, PinDialog)
        await press(pilot, "1", "2", "3", "4", "enter")
        booth = pilot.app.screen
        assert isinstance(booth, BoothScreen)
        yield pilot, booth


@pilot_test
async def test_leaving_the_booth_needs_the_chairs_pin(
    db: Database, make_app: Callable[..., Any]
) -> None:
    async with _in_the_booth(db, make_app) as (pilot, booth):
        app = pilot.app
        assert not booth.query_one(Footer).show_command_palette
        await press(pilot, "escape")
        assert isinstance(app.screen, PinDialog)
        await press(pilot, "9", "9", "9", "9", "enter")
        assert app.screen is booth
        await press(pilot, "escape", "1", "2", "3", "4", "enter")
        assert not isinstance(app.screen, BoothScreen | PinDialog)


@pilot_test
async def test_quitting_from_the_booth_needs_the_pin(
    db: Database, make_app: Callable[..., Any]
) -> None:
    async with _in_the_booth(db, make_app) as (pilot, booth):
        app = pilot.app
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, PinDialog)
        await press(pilot, "escape")
        assert app.screen is booth
        assert app.is_running


@pilot_test
async def test_a_dialog_over_the_booth_offers_no_way_out(
    db: Database, make_app: Callable[..., Any]
) -> None:
    """With the PIN dialog over the booth, the app's keys to other screens are off (the footer
    offered "d Overzicht" there): only the PIN leads out."""
    async with _in_the_booth(db, make_app) as (pilot, booth):
        app = pilot.app
        await press(pilot, "escape")
        assert isinstance(app.screen, PinDialog)
        assert not app.check_action("switch_mode", ("dashboard",))
        # What the footer offers: no enabled key to another screen.
        offered = {key for key, active in app.screen.active_bindings.items() if active.enabled}
        assert "d" not in offered
        await press(pilot, "d")
        assert isinstance(app.screen, PinDialog)
        assert app.screen_stack[-2] is booth
