"""The minutes print when the meeting really opened: the chair corrects the opening time (the
button may have been pressed long before or after)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from meeting_setup import MEETING_DAY, at, committee

from buurt.errors import InputError
from buurt.minutes.render import render_markdown
from buurt.services import Database, meetings
from buurt.services.minutes import build_minutes


def test_the_chair_corrects_the_opening_time_and_the_minutes_print_it(db: Database) -> None:
    world = committee(db)
    meetings.open_meeting(db, world.meeting_id)
    corrected = meetings.set_opening_time(db, world.meeting_id, at(MEETING_DAY, "19:32"))
    assert corrected.opened_at == at(MEETING_DAY, "19:32")
    text = render_markdown(build_minutes(db, world.meeting_id))
    assert "19:32" in text


def test_an_opening_time_far_from_the_meeting_is_refused(db: Database) -> None:
    world = committee(db)
    meetings.open_meeting(db, world.meeting_id)
    with pytest.raises(InputError, match="opening time") as refused:
        meetings.set_opening_time(db, world.meeting_id, at(MEETING_DAY) + timedelta(days=1))
    assert refused.value.field == "opened_at"


def test_a_planned_meeting_has_no_opening_time_to_correct(db: Database) -> None:
    world = committee(db)
    with pytest.raises(InputError, match="not open"):
        meetings.set_opening_time(db, world.meeting_id, at(MEETING_DAY, "19:32"))
