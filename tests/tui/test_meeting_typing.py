"""In meeting mode typed text goes where the chair means it: every dialog and agenda item
opens on its first text field, and a letter typed outside a text field never takes the chair
to another screen (it only says where to type)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import (
    meeting_mode,
    meeting_underway,
    pilot_test,
    press,
    type_text,
)
from settle import settle, told
from textual.widgets import Input, OptionList, TextArea

from buurt.services import Database, problems
from buurt.tui.screens.meeting import MeetingScreen
from buurt.tui.screens.meeting_sections.notes import NoteBox
from buurt.tui.screens.triage import TriageDialog
from buurt.tui.screens.vote_setup import VoteSetupScreen


@pilot_test
async def test_typing_on_the_attendance_list_never_leaves_meeting_mode(
    db: Database, make_app: Callable[..., Any]
) -> None:
    meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        assert app.focused is app.screen.query_one("#attendance")
        await type_text(pilot, "Geopend om 19:32 door de voorzitter")
        await press(pilot)
        assert app.current_mode == "meeting"
        assert isinstance(app.screen, MeetingScreen)
        assert any("text field" in m for m in told(app))


@pilot_test
async def test_the_agenda_leads_out_of_meeting_mode(
    db: Database, make_app: Callable[..., Any]
) -> None:
    meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "ctrl+g")
        sections = app.screen.query_one("#sections", OptionList)
        assert app.focused is sections
        await press(pilot, "end", "enter")
        assert app.current_mode == "members"


@pilot_test
async def test_the_closing_item_opens_on_its_note_box(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "ctrl+g", "end", "up", "up", "up", "up", "enter")
        assert app.screen.section.value == "closing"
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "Dank aan iedereen")
        await press(pilot, "ctrl+up")
    from buurt.services import meetings

    notes = {n.section: n.text for n in meetings.list_notes(db, world.meeting_id)}
    assert notes["closing"] == "Dank aan iedereen"


@pilot_test
async def test_a_note_is_stored_when_its_box_goes_before_the_save_starts(
    db: Database, make_app: Callable[..., Any]
) -> None:
    """Moving on removes the section at once, and Textual cancels a removed widget's workers,
    one not yet started included: the note's save must not be one of them."""
    world = meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "ctrl+g", "end", "up", "up", "up", "up", "enter")
        await type_text(pilot, "Dank aan iedereen")
        box = app.screen.query_one(NoteBox)
        box.save()
        box.workers.cancel_node(box)  # what removing the box does, before the save has started
        await settle(pilot)
    from buurt.services import meetings

    notes = {n.section: n.text for n in meetings.list_notes(db, world.meeting_id)}
    assert notes["closing"] == "Dank aan iedereen"


@pilot_test
async def test_the_vote_setup_opens_on_its_title(
    db: Database, make_app: Callable[..., Any]
) -> None:
    meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "f6")
        assert isinstance(app.screen, VoteSetupScreen)
        await type_text(pilot, "Top 3 voorjaar")
        assert app.screen.query_one("#title", Input).value == "Top 3 voorjaar"


@pilot_test
async def test_triage_opens_on_the_reason(db: Database, make_app: Callable[..., Any]) -> None:
    problems.add_problem(db, {"title": "Losliggende tegels", "street": "Kruiskade"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "p", "t")
        dialog = app.screen
        assert isinstance(dialog, TriageDialog)
        await type_text(pilot, "Eerst de top 3")
        assert dialog.query_one("#reason", Input).value == "Eerst de top 3"
