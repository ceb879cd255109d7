"""Collecting the ballots (demo, 100x32, Dutch and English): booth mode for a secret vote, one
voter at a time, and ballot entry with double entry of paper ballots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import demo_open_vote
from settle import snap_press, snap_settle

from buurt.services import Database
from buurt.tui.screens.ballot_entry import BallotEntryScreen
from buurt.tui.screens.booth import BoothScreen


def _booth(vote_id: int, *keys: str) -> Callable[[Any], Any]:
    async def run_before(pilot: Any) -> None:
        await pilot.app.push_screen(BoothScreen(vote_id, "1234"))
        await snap_settle(pilot)
        await snap_press(pilot, *keys)

    return run_before


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_booth_asks_the_voter_for_their_own_name(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    vote_id = demo_open_vote(demo_db)
    app = make_app(demo_db, lang)
    assert snap_compare(app, terminal_size=(100, 32), run_before=_booth(vote_id))


# The first two problems left blank, the third first, the fourth and fifth tied second.
RANKING = ["enter", "x", "down", "x", "down", "1", "down", "2", "down", "2"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_ballot_with_a_tie_and_unranked_problems(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    vote_id = demo_open_vote(demo_db)
    app = make_app(demo_db, lang)
    assert snap_compare(app, terminal_size=(100, 32), run_before=_booth(vote_id, *RANKING))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_after_casting_the_screen_says_pass_the_laptop_on(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    vote_id = demo_open_vote(demo_db)
    app = make_app(demo_db, lang)
    keys = (*RANKING, "ctrl+s", "y")
    assert snap_compare(app, terminal_size=(100, 32), run_before=_booth(vote_id, *keys))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_double_entry_shows_where_the_two_entries_differ(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    vote_id = demo_open_vote(demo_db, secret=False, double_entry=True)

    async def run_before(pilot: Any) -> None:
        await pilot.app.push_screen(BallotEntryScreen(vote_id))
        await snap_settle(pilot)
        await snap_press(pilot, "enter", "1", "down", "2", "ctrl+s")
        await snap_press(pilot, "2", "down", "1", "ctrl+s")

    app = make_app(demo_db, lang)
    assert snap_compare(app, terminal_size=(100, 32), run_before=run_before)
