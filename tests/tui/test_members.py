"""The members screen: adding, editing, deactivating and reactivating members."""

from __future__ import annotations

from typing import Any

from settle import pilot_test, settle
from textual.widgets import Input, Select

from buurt.services.members import add_member, add_organisation, find_member, list_members
from buurt.tui.screens.member_form import MemberForm
from buurt.tui.widgets.confirm import ConfirmDialog
from buurt.tui.widgets.table import RecordTable


async def open_members(app: Any, pilot: Any) -> RecordTable:
    await pilot.press("m")
    await settle(pilot)
    return app.screen.query_one("#members", RecordTable)


@pilot_test
async def test_adding_a_member_lists_them(db, make_app):
    add_organisation(db, {"name": "Politie Rotterdam", "kind": "police"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_members(app, pilot)
        assert table.row_count == 0
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MemberForm)
        form.query_one("#name", Input).value = "Sandra Willems"
        form.query_one("#kind", Select).value = "professional"
        form.query_one("#organisation", Select).value = 1
        form.query_one("#function", Input).value = "wijkagent"
        form.query_one("#consent-public", Input).value = "01-02-2026"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert not isinstance(app.screen, MemberForm)
        assert table.row_count == 1
    member = find_member(db, "Sandra Willems")
    assert member is not None
    assert member.organisation == "Politie Rotterdam"
    assert member.consent_public_name_on is not None
    assert member.consent_public_name_on.isoformat() == "2026-02-01"


@pilot_test
async def test_duplicate_member_name_is_refused_beside_the_name(db, make_app):
    add_member(db, {"name": "Henk de Vries", "kind": "resident"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_members(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#name", Input).value = "henk de vries"
        form.query_one("#kind", Select).value = "resident"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert app.screen is form
        row = form.query_one("#row-name")
        assert row.has_class("-invalid")
        assert "already a member called" in str(row.query_one(".field-error").render())
    assert len(list_members(db)) == 1


@pilot_test
async def test_a_bad_consent_date_is_refused_beside_its_field(db, make_app):
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_members(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#name", Input).value = "Priya Ramdin"
        form.query_one("#kind", Select).value = "resident"
        form.query_one("#consent-contact", Input).value = "31-02-2026"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert form.query_one("#row-consent_contact_on").has_class("-invalid")
    assert list_members(db) == []


@pilot_test
async def test_editing_a_member_changes_their_function(db, make_app):
    add_member(db, {"name": "Bas van Dijk", "kind": "professional", "function": "ambtenaar"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_members(app, pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#name", Input).value == "Bas van Dijk"
        form.query_one("#function", Input).value = "wijkregisseur"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
    member = find_member(db, "Bas van Dijk")
    assert member is not None
    assert member.function == "wijkregisseur"


@pilot_test
async def test_deactivating_asks_first_and_hides_the_member(db, make_app):
    add_member(db, {"name": "Johan Bakker", "kind": "resident"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_members(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == 1
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert table.row_count == 0
        # Shown again with "show inactive", and reactivated without a question.
        await pilot.press("i")
        await settle(pilot)
        assert table.row_count == 1
        await pilot.press("x")
        await settle(pilot)
    member = find_member(db, "Johan Bakker")
    assert member is not None
    assert member.active


@pilot_test
async def test_adding_an_organisation_offers_it_in_the_member_form(db, make_app):
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_members(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "Woonstad Rotterdam"
        app.screen.query_one("#kind", Select).value = "housing"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        select = app.screen.query_one("#organisation", Select)
        assert [str(prompt) for prompt, _value in select._options if _value != Select.NULL] == [
            "Woonstad Rotterdam"
        ]
