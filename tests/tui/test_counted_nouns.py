"""Counted nouns agree with their number in English (and read right in Dutch): one member
with apologies is "1 apology", never "1 apologies"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import (
    committee,
    meeting_mode,
    open_with_attendance,
    pilot_test,
    press,
    secret_vote_open,
    settle,
)
from textual.widgets import Static

from buurt.services import Database, meetings
from buurt.services.labels import AttendanceStatus
from buurt.tui.widgets.plain import Plain


def _open_with_one_apology(db: Database) -> None:
    planned = next(m for m in meetings.list_meetings(db) if m.status == "planned")
    meetings.open_meeting(db, planned.id)
    first, *_rest = meetings.attendance(db, planned.id)
    meetings.set_attendance(db, planned.id, first.member_id, AttendanceStatus.APOLOGIES.value)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "0 present · 1 apology · 13 absent"), ("nl", "0 aanwezig · 1 afgemeld · 13 afwezig")],
)
@pilot_test
async def test_one_apology_is_singular(
    demo_db: Database, make_app: Callable[..., Any], lang: str, expected: str
) -> None:
    _open_with_one_apology(demo_db)
    app = make_app(demo_db, lang)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v")
        summary = app.screen.query_one("#attendance-summary", Static)
        await settle(pilot, until=lambda: "·" in str(summary.render()))
        assert str(summary.render()) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Only 1 professional may vote: with the groups weighed, their secret ballot can"),
        ("nl", "Er mag maar 1 professional stemmen: als de groepen gewogen worden, is dat"),
    ],
)
@pilot_test
async def test_one_professional_in_a_weighed_secret_vote_is_singular(
    db: Database, make_app: Callable[..., Any], lang: str, expected: str
) -> None:
    world = committee(db)
    open_with_attendance(db, world, away={"Ivo Jansen": "absent"})
    secret_vote_open(db, world, balance_groups=True)
    async with meeting_mode(make_app(db, lang)) as pilot:
        status = pilot.app.screen.query_one("#vote-status", Plain)
        await settle(pilot, until=lambda: "1 " in str(status.render()))
        shown = " ".join(str(status.render()).split())
        assert expected in shown
