"""Two requests for an agenda item at once (the chair's key and the meeting's own opening, or
two quick keys) never leave two items on screen, never lose the one the chair chose, and never
fail on an item that is not mounted yet (a fresh-clone test run once pressed f3 while the
opening item was still being mounted: NoMatches on its note box)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from meeting_setup import meeting_mode, meeting_underway, pilot_test, press, secret_vote_open
from textual.widgets import Button

from buurt.db.enums import AgendaSection
from buurt.services import Database
from buurt.tui.screens.meeting import MeetingScreen
from buurt.tui.screens.meeting_sections.base import Section
from buurt.tui.screens.meeting_sections.vote import VoteSection
from buurt.tui.widgets.pin import PinDialog


def _shown(screen: MeetingScreen) -> list[str]:
    return [s.id or "" for s in screen.query(Section)]


async def _two_items_at_once(screen: MeetingScreen) -> None:
    await asyncio.gather(
        screen.show_section(AgendaSection.VOTE), screen.show_section(AgendaSection.ACTIONS)
    )


async def _chair_and_meeting_opening_at_once(screen: MeetingScreen) -> None:
    screen._chosen = None  # as just after entering the meeting, before its first item
    # The chair's key and the meeting's first item (no vote open: the opening) at once.
    await asyncio.gather(screen.action_go("actions"), screen._resume([]))


@pytest.mark.parametrize("race", [_two_items_at_once, _chair_and_meeting_opening_at_once])
@pilot_test
async def test_two_requests_at_once_show_one_item_the_chairs_last(
    db: Database,
    make_app: Callable[..., Any],
    race: Callable[[MeetingScreen], Awaitable[None]],
) -> None:
    meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await race(screen)
        await press(pilot)
        assert _shown(screen) == ["section-actions"]
        assert screen.section == AgendaSection.ACTIONS


@pilot_test
async def test_asking_for_the_item_on_screen_reads_it_again_in_place(
    db: Database, make_app: Callable[..., Any]
) -> None:
    """A meeting reopened during a vote resumes on the vote; f3 (go to the vote) then reads it
    again where it is. Made anew, it lost the keyboard for a moment, and an Enter meant for
    "Booth mode" went nowhere (the pty crash test, once in twenty runs)."""
    secret_vote_open(db, meeting_underway(db))
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        (vote,) = screen.query(VoteSection)
        button = vote.query_one("#ballots", Button)
        assert app.focused is button
        await pilot.press("f3")
        assert screen.query_one(VoteSection) is vote
        assert app.focused is button
        await press(pilot, "enter")
        assert isinstance(app.screen, PinDialog)
