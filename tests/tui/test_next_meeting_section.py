"""Agenda item 11 plans the next meeting once; after that it offers to change the planned one
instead of planning yet another."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import demo_meeting, pilot_test, press, settle
from textual.widgets import Button, TextArea

from buurt.services import Database, meetings
from buurt.tui.screens.meeting_sections.closing import NextMeetingSection
from buurt.tui.screens.meeting_sections.meeting_form import MeetingForm


def _label(app: Any) -> str:
    return str(app.screen.query_one("#plan-next", Button).label)


@pilot_test
async def test_once_planned_the_next_meeting_is_changed_not_planned_again(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    meeting = demo_meeting(demo_db)
    app = make_app(demo_db, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "v", "f3", "ctrl+down", "ctrl+down", "ctrl+down")
        assert app.screen.query(NextMeetingSection)
        assert _label(app) == "Volgende bijeenkomst plannen"
        app.screen.query_one("#plan-next", Button).focus()
        await press(pilot, "enter")
        assert isinstance(app.screen, MeetingForm)
        assert app.screen.meeting is None
        await press(pilot, "ctrl+s")
        await settle(pilot, until=lambda: _label(app) == "Volgende bijeenkomst wijzigen")
        (planned,) = meetings.planned_after(demo_db, meeting.id)
        app.screen.query_one("#plan-next", Button).focus()
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert form.meeting is not None
        assert form.meeting.id == planned.id
        await press(pilot, "escape")
        # The keyboard way (ctrl+d) changes the planned meeting too.
        await press(pilot, "ctrl+d")
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert form.meeting is not None
        assert form.meeting.id == planned.id
    assert len(meetings.planned_after(demo_db, meeting.id)) == 1


@pilot_test
async def test_ctrl_d_plans_the_next_meeting_from_the_note_box_too(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    """Agenda item 11 opens on its note box; ctrl+d there plans the meeting (a text box's own
    ctrl+d, delete to the right, must not swallow it)."""
    demo_meeting(demo_db)
    app = make_app(demo_db, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "v", "f3", "ctrl+down", "ctrl+down", "ctrl+down")
        await settle(pilot, until=lambda: isinstance(app.focused, TextArea))
        await press(pilot, "ctrl+d")
        assert isinstance(app.screen, MeetingForm)
