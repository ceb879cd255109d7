"""The data-safety screens in the app: the audit trail with its filters, the CSV import, backups
and retention from the command palette, and a read-only file that is shown, not crashed on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from settle import pilot_test, settle, told
from textual.widgets import Input, Static

from buurt.services import Database, open_database
from buurt.services.members import add_member, list_members
from buurt.services.problems import list_problems
from buurt.tui.commands import BuurtCommands
from buurt.tui.screens.audit import AuditScreen
from buurt.tui.screens.import_csv import ImportCsvScreen
from buurt.tui.widgets.table import RecordTable

CSV = Path(__file__).resolve().parents[2] / "fixtures" / "csv"


def commands(app: Any) -> dict[str, Any]:
    """The command palette's entries over the current screen: title -> what it does."""
    return {c.title: c.run for c in BuurtCommands(app.screen).commands()}


@pilot_test
async def test_the_audit_trail_is_listed_and_filtered_by_person_and_date(db: Database, make_app):
    add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    add_member(db, {"name": "Johan Bakker", "kind": "resident"})
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        commands(app)["Audit trail"]()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        table = screen.query_one("#audit-events", RecordTable)
        assert table.row_count == 3  # the neighbourhood and two members
        screen.query_one("#audit-person", Input).value = "priya"
        await settle(pilot)
        assert table.row_count == 1
        details = str(screen.query_one("#audit-details", Static).render())
        assert "Priya Ramdin" in details
        screen.query_one("#audit-since", Input).value = "31-02-2026"
        await settle(pilot)
        assert "does not exist" in str(screen.query_one("#audit-summary", Static).render())
        screen.query_one("#audit-since", Input).value = "01-01-2000"
        screen.query_one("#audit-person", Input).value = ""
        await settle(pilot)
        assert table.row_count == 3
        table.focus()
        await pilot.press("v")
        await settle(pilot)
        assert any("Audit trail intact: 3 events checked" in m for m in told(app))


@pilot_test
async def test_a_csv_file_is_checked_then_imported_from_the_app(db: Database, make_app):
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(ImportCsvScreen(kind="problems", path=str(CSV / "problemen-excel.csv")))
        await settle(pilot)
        screen = app.screen
        await pilot.click("#import-check")
        await settle(pilot)
        table = screen.query_one("#import-rows", RecordTable)
        assert table.row_count == 4 + 4  # four rows and four privacy warnings
        summary = str(screen.query_one("#import-summary", Static).render())
        assert "3 to add, 1 skipped, 0 refused" in summary
        assert list_problems(db) == []
        await pilot.click("#import-run")
        await settle(pilot)
        assert len(list_problems(db)) == 3


@pilot_test
async def test_a_file_the_import_cannot_read_is_one_sentence_on_the_screen(db: Database, make_app):
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(ImportCsvScreen(kind="members", path=str(CSV / "niet-tekst.csv")))
        await settle(pilot)
        await pilot.click("#import-check")
        await settle(pilot)
        summary = str(app.screen.query_one("#import-summary", Static).render())
        assert "not text in UTF-8 or Windows-1252" in summary
        assert app.is_running


@pilot_test
@pytest.mark.needs_file("the backup is a copy of the file beside it")
async def test_a_backup_can_be_made_from_the_palette(db: Database, make_app):
    assert db.path is not None
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        commands(app)["Make a backup"]()
        await settle(pilot)
    made = list((db.path.parent / "backups").glob("*.sqlite"))
    assert len(made) == 1


@pilot_test
@pytest.mark.needs_file("makes the file read-only")
async def test_a_read_only_file_says_so_and_refuses_changes_with_a_sentence(db: Database, make_app):
    assert db.path is not None
    db.close()
    db.path.chmod(0o400)
    readonly = open_database(db.path)
    assert readonly.readonly
    app = make_app(readonly)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            messages = told(app)
            assert any("open read-only" in m for m in messages)
            app.ask(add_member, {"name": "Priya Ramdin", "kind": "resident"})
            await settle(pilot)
            messages = told(app)
            assert any("is open read-only: nothing can be changed" in m for m in messages)
            assert app.is_running
    finally:
        readonly.close()
    assert list_members(open_database(db.path, readonly=True)) == []
