"""The booth is locked: leaving it, or quitting the app from it, needs the chair's PIN (chosen
when the booth opens); the footer offers no palette; reopening a file with an open vote goes
straight to the vote."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from meeting_setup import (
    meeting_mode,
    meeting_underway,
    pilot_test,
    press,
    secret_vote_open,
    settle,
)
from textual.widgets import Button, Footer

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


@pilot_test
async def test_next_voter_answers_at_once_even_right_after_the_voter_before(
    db: Database, make_app: Callable[..., Any]
) -> None:
    """Textual ignores a button's press while its last press's effect lasts (0.2 s). "Next
    voter" is the same button for every voter; a quick voter (or a test) reached it again
    within that time and the Enter was lost (a fresh-clone CI run stayed on "Pass the
    laptop")."""
    async with _in_the_booth(db, make_app) as (pilot, booth):
        for _voter in range(2):
            await press(pilot, "enter")  # the first name still waiting
            assert booth.page == "ballot"
            await press(pilot, "1", "ctrl+s", "y")
            await settle(pilot, until=lambda: booth.page == "passing")
            button = booth.query_one("#next-voter", Button)
            assert pilot.app.focused is button
            # As if the voter before had pressed it a moment ago.
            button.add_class("-active")
            booth.page = "ballot"
            booth.page = "passing"
            await press(pilot, "enter")
            assert booth.page == "who"
