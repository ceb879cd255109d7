"""The attacker after `buurt forget`: nothing else damaged, nothing left behind, nothing undone.

Forgetting "Fenna Groen" must not turn "Meer groen in de straat" into "Meer Former member 1 in
de straat"; forgetting a member called `null` must leave every audit event valid JSON (and
`verify` must notice an event that is not); "W. Zonneveld", "Willem" and "0698765432" are the
same person as "Willem Zonneveld, 06-98765432"; a form still open in another copy of the app
cannot write the person back; buurt's own backups that still hold them are listed and, with
--purge-backups, deleted; and a grep of the raw file, its log and its free pages finds nothing.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from command_line import cli
from settle import pilot_test, settle, told
from sqlite_pages import free_cells, raw_bytes

from buurt.errors import ChangedElsewhere, InputError
from buurt.services import Database, meetings, members, open_database, problems
from buurt.services.audit import list_events, verify_chain
from buurt.services.backup import daily_backup, make_backup
from buurt.services.forget import forget_member, forget_plan
from buurt.services.names import NameRule
from buurt.tui.commands import BuurtCommands


def _note(db: Database, text: str) -> None:
    meeting = meetings.plan_meeting(db, {"starts_at": datetime(2026, 11, 20, 18, 30, tzinfo=UTC)})
    meetings.add_note(db, meeting.id, "announcements", text)


def _notes(db: Database) -> list[str]:
    return [n.text for m in meetings.list_meetings(db) for n in meetings.list_notes(db, m.id)]


def test_forgetting_groen_keeps_the_ordinary_word_groen(db: Database) -> None:
    fenna = members.add_member(db, {"name": "Fenna Groen", "kind": "resident"})
    green = problems.add_problem(
        db,
        {
            "title": "Meer groen in de straat",
            "description": "Fenna Groen vraagt om bomen. Groen belt de gemeente.",
        },
    )
    report = forget_member(db, fenna.id)
    after = problems.get_problem(db, green.id)
    assert after.title == "Meer groen in de straat"
    assert after.description == (
        f"{report.pseudonym} vraagt om bomen. {report.pseudonym} belt de gemeente."
    )
    # The ordinary word is listed for the chair, not changed.
    assert [(m.table, m.text) for m in report.likely] == [("problem", "groen")]


def test_forgetting_a_member_called_null_leaves_valid_json_and_a_working_audit(
    db: Database,
) -> None:
    null = members.add_member(db, {"name": "null", "kind": "resident", "email": "n@x.nl"})
    members.update_member(db, null.id, {"function": "penningmeester"})
    for n in range(5):
        problems.add_problem(db, {"title": f"Probleem {n}", "description": "gemeld door null"})
    forget_member(db, null.id)
    report = verify_chain(db)
    assert report.intact, report.first_break
    events = list_events(db, limit=None)
    for event in events:
        for text in (event.before_json, event.after_json):
            assert text == "" or isinstance(json.loads(text), dict)
    assert not any('"null"' in e.after_json or "null@" in e.after_json for e in events)


def test_verify_fails_on_an_event_that_is_not_valid_json(db: Database) -> None:
    from buurt.db.models import AuditEvent
    from buurt.services.audit import event_digest

    members.add_member(db, {"name": "Anna Berg", "kind": "resident"})
    members.add_member(db, {"name": "Bram Claes", "kind": "resident"})
    # What the old forget did to a member called null: damaged JSON, chain recomputed.
    with db.transaction() as session:
        rows = session.exec(AuditEvent.__table__.select().order_by(AuditEvent.id)).all()  # type: ignore[attr-defined]
        prev = ""
        for row in rows:
            event = session.get(AuditEvent, row.id)
            assert event is not None
            if event.id == 2:
                event.after_json = event.after_json.replace('"Anna Berg"', "Former member 1")
            event.prev_hash = prev
            event.hash = event_digest(prev, event)
            session.add(event)
            prev = event.hash
    report = verify_chain(db)
    assert report.first_break is not None
    assert report.first_break.event_id == 2
    assert "not valid JSON" in report.first_break.reason


def test_partial_mentions_are_forgotten_too(db: Database) -> None:
    willem = members.add_member(
        db,
        {
            "name": "Willem Zonneveld",
            "kind": "resident",
            "email": "w.zonneveld@example.nl",
            "phone": "06-98765432",
        },
    )
    texts = [
        "W. Zonneveld belt over de lantaarnpaal.",
        "Willem komt volgende keer.",
        "Bel 0698765432 of +31 6 98765432.",
        "Mail W.Zonneveld@Example.NL voor de sleutel.",
        "willem zonneveld en WILLEM ZONNEVELD",
    ]
    for text in texts:
        _note(db, text)
    report = forget_member(db, willem.id)
    notes = _notes(db)
    joined = "\n".join(notes)
    for trace in ("Zonneveld", "ZONNEVELD", "zonneveld", "Willem", "WILLEM", "98765432"):
        assert trace not in joined, joined
    assert "98 76 54 32" not in joined.replace("[…]", "")
    assert f"{report.pseudonym} belt over de lantaarnpaal." in notes


@pytest.mark.needs_file("the command line is given the file")
def test_without_a_terminal_likely_mentions_are_listed_and_left(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    members.add_member(db, {"name": "Fenna Groen", "kind": "resident"})
    problems.add_problem(db, {"title": "Meer groen in de straat"})
    assert db.path is not None
    db.close()
    code, out, err = cli(capsys, "forget", db.path, "--member", "Fenna Groen", "--lang", "en")
    assert (code, err) == (0, "")
    assert "Meer groen in de straat" in out
    again = open_database(db.path)
    try:
        assert [p.title for p in problems.list_problems(again)] == ["Meer groen in de straat"]
    finally:
        again.close()


@pytest.mark.needs_file("the command line is given the file")
def test_with_yes_every_likely_mention_is_replaced(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    members.add_member(db, {"name": "Fenna Groen", "kind": "resident"})
    problems.add_problem(db, {"title": "Meer groen in de straat"})
    assert db.path is not None
    db.close()
    code, _out, err = cli(
        capsys, "forget", db.path, "--member", "Fenna Groen", "--yes", "--lang", "en"
    )
    assert (code, err) == (0, "")
    again = open_database(db.path)
    try:
        assert [p.title for p in problems.list_problems(again)] == [
            "Meer Former member 1 in de straat"
        ]
    finally:
        again.close()


def test_an_open_form_cannot_write_a_forgotten_member_back(db_path: Path) -> None:
    from buurt.services.neighbourhood import create_neighbourhood

    app = open_database(db_path, actor="app")
    create_neighbourhood(app, {"name": "Testbuurt"})
    henk = members.add_member(
        app, {"name": "Henk de Vries", "kind": "resident", "email": "henk@example.nl"}
    )
    shown = members.get_member(app, henk.id)  # the member form is open in the app
    command_line = open_database(db_path, actor="cli")
    try:
        forget_member(command_line, henk.id)
    finally:
        command_line.close()
    with pytest.raises(ChangedElsewhere, match="changed elsewhere"):
        members.update_member(
            app,
            henk.id,
            {"name": shown.name, "email": shown.email, "phone": "010-1234567"},
            version=shown.version,
        )
    with pytest.raises(InputError, match="forgotten"):
        members.update_member(app, henk.id, {"name": shown.name})
    after = members.get_member(app, henk.id)
    assert after.name.startswith("Former member")
    assert (after.email, after.phone) == ("", "")
    app.close()


def test_two_copies_of_the_app_never_overwrite_each_other(db_path: Path) -> None:
    from buurt.services.neighbourhood import create_neighbourhood

    first = open_database(db_path, actor="one")
    second = open_database(db_path, actor="two")
    try:
        create_neighbourhood(first, {"name": "Testbuurt"})
        anna = members.add_member(first, {"name": "Anna Berg", "kind": "resident"})
        in_first = members.get_member(first, anna.id)
        in_second = members.get_member(second, anna.id)
        members.update_member(second, anna.id, {"phone": "010-1234567"}, version=in_second.version)
        with pytest.raises(ChangedElsewhere):
            members.update_member(first, anna.id, {"function": "kas"}, version=in_first.version)
        assert members.get_member(first, anna.id).phone == "010-1234567"
        fresh = members.get_member(first, anna.id)
        members.update_member(first, anna.id, {"function": "kas"}, version=fresh.version)
        assert members.get_member(second, anna.id).function == "kas"
    finally:
        first.close()
        second.close()


@pytest.mark.needs_file("backups are copies of the file beside it")
def test_backups_that_hold_the_member_are_listed_and_purged(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members.add_member(db, {"name": "Ayşe Yılmaz", "kind": "resident", "phone": "0612345678"})
    assert db.path is not None
    daily = daily_backup(db, now=datetime(2026, 12, 1, 9, 0))
    assert daily is not None
    by_hand = make_backup(db.path)
    elsewhere = make_backup(db.path, tmp_path / "usb" / "copy.sqlite")
    db.close()
    code, out, _err = cli(capsys, "forget", db.path, "--member", "Ayşe Yılmaz", "--lang", "en")
    assert code == 0
    for copy in (daily, by_hand, elsewhere):
        assert str(copy) in out
        assert copy.exists()  # listed, not deleted without --purge-backups
    assert "--purge-backups" in out
    # The purge is a second step on a file where the member is already forgotten: a new forget
    # of someone else with --purge-backups deletes the copies that hold that person only.
    members_db = open_database(db.path)
    members.add_member(members_db, {"name": "Bo Li", "kind": "resident"})
    members_db.close()
    bo_copy = make_backup(db.path)
    code, out, _err = cli(
        capsys, "forget", db.path, "--member", "Bo Li", "--purge-backups", "--lang", "en"
    )
    assert code == 0
    assert f"deleted {bo_copy}" in out
    assert not bo_copy.exists()
    assert daily.exists()
    assert by_hand.exists()


@pytest.mark.needs_file("backups are copies of the file beside it")
def test_purge_deletes_every_own_backup_holding_the_member(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members.add_member(db, {"name": "Ayşe Yılmaz", "kind": "resident", "phone": "0612345678"})
    assert db.path is not None
    daily = daily_backup(db, now=datetime(2026, 12, 1, 9, 0))
    by_hand = make_backup(db.path)
    elsewhere = make_backup(db.path, tmp_path / "usb" / "copy.sqlite")
    db.close()
    code, out, _err = cli(
        capsys, "forget", db.path, "--member", "Ayşe Yılmaz", "--purge-backups", "--lang", "en"
    )
    assert code == 0
    assert daily is not None
    assert not daily.exists()
    assert not by_hand.exists()
    assert elsewhere.exists()
    assert str(elsewhere) in out


@pytest.mark.needs_file("reads the raw SQLite pages")
def test_grep_of_the_raw_file_finds_no_trace(db: Database) -> None:
    person = {
        "name": "Ayşe Yılmaz",
        "kind": "resident",
        "email": "ayse.yilmaz@example.nl",
        "phone": "06-12345678",
        "function": "buurtpreventie",
    }
    ayse = members.add_member(db, person)
    members.update_member(db, ayse.id, {"phone": "06-12345679"})
    members.update_member(db, ayse.id, {"phone": "06-12345678"})
    for n in range(40):  # enough rows to fill pages, so deletions leave free pages
        problems.add_problem(
            db, {"title": f"Melding {n}", "description": f"Ayşe Yılmaz (06-12345678) meldt {n}"}
        )
    _note(db, "Ayse belt, ayşe.yilmaz@example.nl")
    forget_member(db, ayse.id)
    assert db.path is not None
    for holder in (db.path,):
        data = raw_bytes(holder)
        for trace in ("Yılmaz", "Yilmaz", "yilmaz", "Ayşe", "Ayse", "12345678", "12345679"):
            assert trace.encode() not in data, trace
        assert not [c for c in free_cells(holder) if "Yılmaz" in repr(c.values)]
    assert NameRule("Ayşe Yılmaz").mentions("\n".join(_notes(db))) == []
    con = sqlite3.connect(db.path)
    try:
        assert con.execute("PRAGMA freelist_count").fetchone() == (0,)
    finally:
        con.close()
    plan_error = None
    try:
        forget_plan(db, "Ayşe Yılmaz")
    except InputError as error:
        plan_error = error
    assert plan_error is not None


@pytest.mark.needs_file("damages the file with sqlite3")
@pilot_test
async def test_the_audit_screen_shows_a_damaged_event_instead_of_crashing(
    db: Database, make_app: Any
) -> None:
    from textual.widgets import Static

    from buurt.tui.screens.audit import AuditScreen

    members.add_member(db, {"name": "Anna Berg", "kind": "resident"})
    assert db.path is not None
    con = sqlite3.connect(db.path)
    con.execute("UPDATE audit_event SET after_json = 'Former member 1}' WHERE id = 2")
    con.commit()
    con.close()
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        commands = {c.title: c.run for c in BuurtCommands(app.screen).commands()}
        commands["Audit trail"]()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        details = str(screen.query_one("#audit-details", Static).render())
        assert "Former member 1}" in details
        screen.query_one("#audit-events").focus()
        await pilot.press("v")
        await settle(pilot)
        assert app.is_running
        assert any("event 2" in m for m in told(app))


@pytest.mark.needs_file("a second program forgets on the file")
@pilot_test
async def test_the_member_form_open_in_the_app_says_changed_elsewhere_after_forget(
    db: Database, make_app: Any
) -> None:
    from textual.widgets import Input, Static

    from buurt.tui.screens.member_form import MemberForm

    henk = members.add_member(
        db, {"name": "Henk de Vries", "kind": "resident", "email": "henk@example.nl"}
    )
    assert db.path is not None
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MemberForm)
        assert form.query_one("#email", Input).value == "henk@example.nl"
        command_line = open_database(db.path, actor="cli")  # `buurt forget` meanwhile
        try:
            forget_member(command_line, henk.id)
        finally:
            command_line.close()
        form.query_one("#phone", Input).value = "010-1234567"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#form-error", Static).render())
        assert "changed elsewhere" in error

    after = members.get_member(db, henk.id)
    assert after.name.startswith("Former member")
    assert (after.email, after.phone) == ("", "")


def test_a_problem_changed_elsewhere_is_not_overwritten(db_path: Path) -> None:
    from buurt.services.neighbourhood import create_neighbourhood

    first = open_database(db_path, actor="one")
    second = open_database(db_path, actor="two")
    try:
        create_neighbourhood(first, {"name": "Testbuurt"})
        problem = problems.add_problem(first, {"title": "Losse stoeptegels"})
        shown = problems.get_problem(first, problem.id)
        problems.update_problem(second, problem.id, {"street": "Gaffelstraat"})
        with pytest.raises(ChangedElsewhere):
            problems.update_problem(
                first, problem.id, {"title": "Losse tegels"}, version=shown.version
            )
        assert problems.get_problem(first, problem.id).street == "Gaffelstraat"
    finally:
        first.close()
        second.close()
