"""Meeting mode as the chair sees it on the demo neighbourhood (100x32, Dutch and English):
choosing the meeting, attendance with the quorum, the follow-up, new problems, the vote, the
actions and the close."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import demo_vote
from settle import snap_press, snap_settle

from buurt.services import Database


def _keys(*keys: str) -> Callable[[Any], Any]:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "v", *keys)

    return run_before


def _snap(snap_compare: Callable[..., bool], app: Any, *keys: str) -> bool:
    return snap_compare(app, terminal_size=(100, 32), run_before=_keys(*keys))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_chair_chooses_the_planned_meeting(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    assert _snap(snap_compare, make_app(demo_db, lang))


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_attendance_shows_the_quorum_as_members_are_ticked(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    ticks = ["1"] * 6 + ["2", "1", "3"]
    assert _snap(snap_compare, make_app(demo_db, lang), "enter", *ticks)


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_follow_up_lists_each_priority_with_its_actions_and_decisions(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    assert _snap(
        snap_compare, make_app(demo_db, lang), "enter", "f3", "ctrl+up", "ctrl+up", "ctrl+up"
    )


def test_a_decision_to_drop_asks_why(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "v", "enter", "f3", "ctrl+up", "ctrl+up", "ctrl+up")
        drop = next(b for b in pilot.app.screen.query(".decide") if b.name == "drop")
        drop.press()
        await snap_settle(pilot)  # the dialog is up, its cursor still

    app = make_app(demo_db, "nl")
    assert snap_compare(app, terminal_size=(100, 32), run_before=run_before)


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_new_problems_are_listed_for_triage(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    assert _snap(snap_compare, make_app(demo_db, lang), "enter", "f3", "ctrl+up")


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_preparing_a_vote_ticks_the_candidates(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    assert _snap(snap_compare, make_app(demo_db, lang), "enter", "f3", "enter")


def test_the_vote_does_not_open_without_quorum(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    app = make_app(demo_db, "nl")
    assert _snap(snap_compare, app, "enter", "1", "1", "f3", "enter", "ctrl+s")


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_the_actions_section_lists_each_priority_with_its_actions(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    assert _snap(snap_compare, make_app(demo_db, lang), "enter", "f3", "ctrl+down")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_closing_the_meeting_asks_first(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    assert _snap(snap_compare, make_app(demo_db, lang), "enter", "ctrl+l")


def test_a_counted_vote_offers_its_result(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    demo_vote(demo_db)
    assert _snap(snap_compare, make_app(demo_db, "en"), "f3")
