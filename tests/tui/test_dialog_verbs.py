"""A dialog's button says what it does: one that confirms or prepares says so, not "Opslaan"
(and ctrl+s in the footer says the same)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import demo_meeting, demo_open_vote, pilot_test, settle
from textual.widgets import Button

from buurt.services import Database, priorities, votes
from buurt.services.labels import PriorityDecisionKind
from buurt.tui.screens.meeting_sections.follow_up_forms import DecisionForm
from buurt.tui.screens.meeting_sections.vote import CancelVoteForm
from buurt.tui.screens.vote_result_parts import CastingVoteForm
from buurt.tui.screens.vote_setup import VoteSetupScreen
from buurt.tui.widgets.form_modal import FormModal


# Each makes its data, then returns how to build the dialog (once the app runs, in its
# language).
def _casting(db: Database) -> Callable[[], FormModal[Any]]:
    return lambda: CastingVoteForm(["Ratten bij de afvalbakken", "Scooters op de stoep"])


def _setup(db: Database) -> Callable[[], FormModal[Any]]:
    meeting_id = demo_meeting(db).id
    return lambda: VoteSetupScreen(meeting_id)


def _cancel(db: Database) -> Callable[[], FormModal[Any]]:
    vote = votes.get_vote(db, demo_open_vote(db))
    return lambda: CancelVoteForm(vote)


@pytest.mark.parametrize(
    ("make_dialog", "lang", "verb"),
    [
        (_casting, "nl", "Bevestigen"),
        (_casting, "en", "Confirm"),
        (_setup, "nl", "Voorbereiden"),
        (_setup, "en", "Prepare"),
        (_cancel, "nl", "Stemronde afbreken"),
        (_cancel, "en", "Cancel the vote"),
    ],
)
@pilot_test
async def test_a_dialog_that_does_not_save_names_its_verb(
    demo_db: Database,
    make_app: Callable[..., Any],
    make_dialog: Callable[[Database], Callable[[], FormModal[Any]]],
    lang: str,
    verb: str,
) -> None:
    build = make_dialog(demo_db)
    app = make_app(demo_db, lang)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        dialog = build()
        await app.push_screen(dialog)
        await settle(pilot)
        assert str(dialog.query_one("#save", Button).label) == verb
        descriptions = {b.binding.description for b in app.active_bindings.values()}
        assert verb in descriptions
        assert "Opslaan" not in descriptions
        assert "Save" not in descriptions


@pilot_test
async def test_a_form_that_saves_still_says_save(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    meeting = demo_meeting(demo_db)
    item = priorities.follow_up(demo_db, meeting.id)[0]
    app = make_app(demo_db, "nl")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        dialog = DecisionForm(item.priority, meeting.id, PriorityDecisionKind.CONTINUE)
        await app.push_screen(dialog)
        await settle(pilot)
        assert str(dialog.query_one("#save", Button).label) == "Opslaan"
