"""Meeting mode, section by section: notes save themselves, free text is checked for personal
data, the next meeting is planned from the meeting, problems are triaged, and the agenda can be
walked with the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import (
    committee,
    meeting_mode,
    meeting_underway,
    pilot_test,
    press,
    type_text,
)
from textual.widgets import OptionList, Static

from buurt.services import Database, meetings, problems


@pilot_test
async def test_the_chair_starts_the_planned_meeting_and_attendance_comes_first(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = committee(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "enter")
        assert meetings.get_meeting(db, world.meeting_id).status == "open"
        await press(pilot, "1", "1", "2")
        quorum = str(app.screen.query_one("#quorum", Static).render())
        assert "quorum 2/9, needed 5" in quorum
    rows = {r.name: r.status for r in meetings.attendance(db, world.meeting_id)}
    assert [rows["Anna Berg"], rows["Bram Claes"], rows["Carla Dekker"]] == [
        "present",
        "present",
        "apologies",
    ]


@pilot_test
async def test_a_note_is_saved_when_the_chair_moves_on(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "ctrl+down")  # agenda: its note box has the keyboard
        await type_text(pilot, "Agenda vastgesteld.")
        await press(pilot, "ctrl+down")
        (note,) = meetings.list_notes(db, world.meeting_id)
        assert (note.section, note.text) == ("agenda", "Agenda vastgesteld.")
        await press(pilot, "ctrl+up")
        area = app.screen.query_one("#note-agenda")
        assert area.text == "Agenda vastgesteld."


@pilot_test
async def test_a_note_naming_a_phone_number_gets_a_privacy_warning(
    db: Database, make_app: Callable[..., Any]
) -> None:
    meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "f3", "ctrl+down", "ctrl+down")  # any other business
        await type_text(pilot, "Bel 0612345678 over de bank.")
        await press(pilot, "shift+tab")
        hint = app.screen.query_one("PrivacyHint", Static)
        assert hint.has_class("-shown")
        assert "phone" in str(hint.render()).lower()


@pilot_test
async def test_the_next_meeting_is_planned_four_weeks_on_at_the_same_place(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "ctrl+d", "enter")  # next meeting: plan it
        await press(pilot, "ctrl+s")
    (planned,) = meetings.planned_after(db, world.meeting_id)
    assert planned.place == "Buurthuis De Gaffel"
    assert planned.chair == "Anna Berg"
    assert (planned.starts_at - world.meeting.starts_at).days == 28


@pilot_test
async def test_a_problem_is_parked_with_its_reason(
    db: Database, make_app: Callable[..., Any]
) -> None:
    meeting_underway(db)
    new = problems.add_problem(db, {"title": "Losliggende stoeptegels", "street": "Kruiskade"})
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "f3", "ctrl+up")  # new problems
        await press(pilot, "k")
        app.screen.query_one("#reason").focus()
        await type_text(pilot, "Gemeente herstelt het")
        await press(pilot, "ctrl+s")
    parked = problems.get_problem(db, new.id)
    assert parked.status == "parked"


@pilot_test
async def test_the_agenda_list_takes_the_chair_to_any_section(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "ctrl+g")
        assert isinstance(app.focused, OptionList)
        # The last agenda item; below it only the way to the other screens.
        await press(pilot, "end", "up", "up", "up", "up", "enter")
        assert app.screen.section.value == "closing"
        await press(pilot, "ctrl+l", "y")
    assert meetings.get_meeting(db, world.meeting_id).status == "closed"
