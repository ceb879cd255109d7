"""The booth is locked: leaving it, or quitting the app from it, needs the chair's PIN (chosen
when the booth opens); the footer offers no palette; reopening a file with an open vote goes
straight to the vote."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import (
    CANDIDATES,
    meeting_underway,
    pilot_test,
    press,
)
from textual.widgets import Footer

from buurt.services import Database, votes
from buurt.tui.screens.booth import BoothScreen
from buurt.tui.widgets.pin import PinDialog


def _secret_vote(db: Database) -> None:
    world = meeting_underway(db)
    ids = [world.problem[title] for title, _street in CANDIDATES]
    vote = votes.create_vote(
        db, {"meeting_id": world.meeting_id, "problem_ids": ids, "secret": True}
    )
    votes.open_vote(db, vote.id)


async def _into_the_booth(pilot: Any) -> BoothScreen:
    await press(pilot, "v")
    assert pilot.app.screen.section.value == "vote", "an open vote is where the meeting resumes"
    await press(pilot, "f7")
    assert isinstance(pilot.app.screen, PinDialog)
    await press(pilot, "1", "2", "3", "4", "enter")
    booth = pilot.app.screen
    assert isinstance(booth, BoothScreen)
    return booth


@pilot_test
async def test_leaving_the_booth_needs_the_chairs_pin(
    db: Database, make_app: Callable[..., Any]
) -> None:
    _secret_vote(db)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        booth = await _into_the_booth(pilot)
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
    _secret_vote(db)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        booth = await _into_the_booth(pilot)
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
    _secret_vote(db)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        booth = await _into_the_booth(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, PinDialog)
        assert not app.check_action("switch_mode", ("dashboard",))
        # What the footer offers: no enabled key to another screen.
        offered = {key for key, active in app.screen.active_bindings.items() if active.enabled}
        assert "d" not in offered
        await press(pilot, "d")
        assert isinstance(app.screen, PinDialog)
        assert app.screen_stack[-2] is booth
