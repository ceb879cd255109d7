"""The actions screen: agreeing an action, follow-ups, filters, overdue colouring and the
per-organisation view."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from settle import pilot_test, settle
from textual.widgets import Input, Select, Static

from buurt.services import actions
from buurt.services.members import add_member, add_organisation
from buurt.tui.screens.action_form import ActionForm, FollowUpForm
from buurt.tui.widgets.table import RecordTable

# The app's clock in these tests (conftest's DEMO_TODAY).
TODAY = date(2026, 11, 29)


def people(db: Any) -> dict[str, int]:
    police = add_organisation(db, {"name": "Politie Rotterdam", "kind": "police"})
    housing = add_organisation(db, {"name": "Woonstad Rotterdam", "kind": "housing"})
    sandra = add_member(
        db, {"name": "Sandra Willems", "kind": "professional", "organisation_id": police.id}
    )
    priya = add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    return {"police": police.id, "housing": housing.id, "sandra": sandra.id, "priya": priya.id}


async def open_actions(app: Any, pilot: Any) -> RecordTable:
    await pilot.press("a")
    await settle(pilot)
    return app.screen.query_one("#actions", RecordTable)


def column(table: RecordTable, index: int) -> list[str]:
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


@pilot_test
async def test_agreeing_an_action_needs_an_owner_and_a_real_date(db, make_app):
    ids = people(db)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_actions(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionForm)
        form.query_one("#what", Input).value = "Extra surveillance in de avond"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert form.query_one("#row-owner_member_id").has_class("-invalid")
        # Choosing the member fills in their organisation and that they are a professional.
        form.query_one("#owner-member", Select).value = ids["sandra"]
        await pilot.pause()
        assert form.query_one("#owner-organisation", Select).value == ids["police"]
        assert form.query_one("#kind", Select).value == "professional"
        form.query_one("#due", Input).value = "31-13-2026"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert form.query_one("#row-due_on").has_class("-invalid")
        form.query_one("#due", Input).value = "31-12-2026"
        form.query_one("#hours", Input).value = "12"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert not isinstance(app.screen, ActionForm)
        assert column(table, 0) == ["Extra surveillance in de avond"]
        assert column(table, 2) == ["Sandra Willems (Politie Rotterdam)"]
    saved = actions.list_actions(db)[0]
    assert (saved.due_on, saved.hours) == (date(2026, 12, 31), 12)


@pilot_test
async def test_a_follow_up_records_the_status_and_note(db, make_app):
    ids = people(db)
    action = actions.add_action(
        db, {"title": "Portiekdeuren repareren", "owner_organisation_id": ids["housing"]}
    )
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_actions(app, pilot)
        await pilot.press("f")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FollowUpForm)
        form.query_one("#status", Select).value = "blocked"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        # Blocked needs a reason, beside the note.
        assert form.query_one("#row-note").has_class("-invalid")
        await pilot.click("#note")
        await pilot.press(*"Sloten niet geleverd")
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert not isinstance(app.screen, FollowUpForm)
        assert column(table, 4) == ["blocked"]
        details = str(app.screen.query_one("#action-details", Static).render())
        assert "last follow-up: Sloten niet geleverd" in details
        # Done: gone from the open actions.
        await pilot.press("f")
        await settle(pilot)
        assert "Sloten niet geleverd" in str(app.screen.query_one("#earlier", Static).render())
        app.screen.query_one("#status", Select).value = "done"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert table.row_count == 0
    assert [u.status for u in actions.updates(db, action_id=action.id)] == ["blocked", "done"]


@pilot_test
async def test_overdue_actions_show_in_the_warning_colour_and_can_be_listed_alone(db, make_app):
    ids = people(db)
    actions.add_action(
        db,
        {"title": "Te laat", "owner_member_id": ids["priya"], "due_on": date(2026, 11, 1)},
    )
    actions.add_action(
        db,
        {"title": "Op tijd", "owner_member_id": ids["priya"], "due_on": date(2026, 12, 20)},
    )
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_actions(app, pilot)
        assert column(table, 0) == ["Te laat", "Op tijd"]
        warning = app.theme_variables["text-warning"]
        late, on_time = table.get_row_at(0)[0], table.get_row_at(1)[0]
        assert isinstance(late, Text)
        assert warning.lower() in str(late.style).lower()
        assert warning.lower() not in str(on_time.style).lower()
        await pilot.press("l")
        await settle(pilot)
        assert column(table, 0) == ["Te laat"]


@pilot_test
async def test_filtering_by_owner_shows_only_their_actions(db, make_app):
    ids = people(db)
    actions.add_action(db, {"title": "Flyer maken", "owner_member_id": ids["priya"]})
    actions.add_action(db, {"title": "Extra toezicht", "owner_organisation_id": ids["police"]})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_actions(app, pilot)
        assert table.row_count == 2
        app.screen.query_one("#organisation-filter", Select).value = ids["police"]
        await settle(pilot)
        assert column(table, 0) == ["Extra toezicht"]
        app.screen.query_one("#organisation-filter", Select).clear()
        app.screen.query_one("#owner-filter", Select).value = ids["priya"]
        await settle(pilot)
        assert column(table, 0) == ["Flyer maken"]


@pilot_test
async def test_the_per_organisation_view_says_what_each_owes_and_since_when(db, make_app):
    ids = people(db)
    for title, due in (("Toezicht", date(2026, 10, 30)), ("Gesprek", date(2026, 11, 20))):
        actions.add_action(
            db, {"title": title, "owner_organisation_id": ids["police"], "due_on": due, "hours": 4}
        )
    actions.add_action(db, {"title": "Deuren", "owner_organisation_id": ids["housing"]})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_actions(app, pilot)
        await pilot.press("o")
        await settle(pilot)
        debts = app.screen.query_one("#by-organisation", RecordTable)
        assert debts.display
        assert not app.screen.query_one("#action-filters").display
        rows = [[str(cell) for cell in debts.get_row_at(i)] for i in range(debts.row_count)]
        assert rows == [
            ["Politie Rotterdam", "2", "2", "30-10-2026", "30", "8"],
            ["Woonstad Rotterdam", "1", "0", "-", "-", "0"],
        ]
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.query_one("#actions", RecordTable).row_count == 3
