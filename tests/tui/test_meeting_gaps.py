"""The gaps a chair fell into during a meeting: the problem just logged is selected for triage,
"achieved" with open actions says so, the previous minutes can be read where they are adopted,
closing a vote with few ballots warns, and secret paper ballots are entered without names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import (
    CANDIDATES,
    meeting_mode,
    meeting_underway,
    pilot_test,
    press,
    type_text,
)
from textual.widgets import Markdown, Static

from buurt.services import Database, votes
from buurt.tui.screens.ballot_entry import BallotEntryScreen
from buurt.tui.screens.meeting_sections.follow_up_forms import DecisionForm
from buurt.tui.screens.meeting_sections.previous_minutes import MinutesReader
from buurt.tui.widgets.confirm import ConfirmDialog
from buurt.tui.widgets.table import RecordTable


@pilot_test
async def test_the_problem_just_logged_is_selected_for_triage(
    db: Database, make_app: Callable[..., Any]
) -> None:
    meeting_underway(db)
    for n in range(12):
        from buurt.services import problems

        problems.add_problem(db, {"title": f"Oud probleem {n:02}", "street": "Kruiskade"})
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "f2")
        await type_text(pilot, "Zwerfvuil achter de Lidl")
        await press(pilot, "ctrl+s")
        table = app.screen.query_one("#new-problems", RecordTable)
        assert app.focused is table
        assert str(table.get_row_at(table.cursor_row)[0]) == "Zwerfvuil achter de Lidl"


@pilot_test
async def test_achieved_with_an_open_action_says_so(
    db: Database, make_app: Callable[..., Any]
) -> None:
    meeting_underway(db, previous=True)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "ctrl+g", "down", "down", "down", "down", "enter")
        block = app.screen.query(".decide")
        next(b for b in block if b.name == "achieved").press()
        await press(pilot)
        form = app.screen
        assert isinstance(form, DecisionForm)
        warning = str(form.query_one("#open-actions", Static).render())
        assert "2 actions of this priority are still open" in warning


@pilot_test
async def test_the_previous_minutes_can_be_read_before_adopting(
    db: Database, make_app: Callable[..., Any]
) -> None:
    meeting_underway(db, previous=True)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "ctrl+g", "down", "down", "down", "enter")
        assert app.screen.section.value == "previous_minutes", app.screen.query_one(
            "#sections"
        ).highlighted
        app.screen.query_one("#read-minutes").press()
        await press(pilot)
        reader = app.screen
        assert isinstance(reader, MinutesReader)
        assert "Drugshandel in portieken" in reader.query_one(Markdown).source
        await press(pilot, "escape")
        assert not isinstance(app.screen, MinutesReader)


@pilot_test
async def test_closing_a_vote_with_few_ballots_warns(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    ids = [world.problem[title] for title, _street in CANDIDATES]
    vote = votes.create_vote(db, {"meeting_id": world.meeting_id, "problem_ids": ids})
    votes.open_vote(db, vote.id)
    votes.cast_ballot(db, vote.id, world.member["Anna Berg"], {vote.candidates[0].id: 1})
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "f8")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Fewer than half" in dialog.question
        assert "1 of 9 have voted" in dialog.question


@pilot_test
async def test_secret_paper_ballots_are_entered_without_names(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    ids = [world.problem[title] for title, _street in CANDIDATES]
    vote = votes.create_vote(
        db,
        {"meeting_id": world.meeting_id, "problem_ids": ids, "secret": True, "double_entry": True},
    )
    votes.open_vote(db, vote.id)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "f7")
        entry = app.screen
        assert isinstance(entry, BallotEntryScreen)
        assert not entry.query_one("#voter-column").display
        await press(pilot, "1", "ctrl+s", "1", "ctrl+s")
        assert "Papers entered: 1 of at most 9" in str(entry.query_one("#entry-count").render())
    assert votes.get_vote(db, vote.id).ballots == 1
    assert not any(v.has_voted for v in votes.voters(db, vote.id))
