"""Case 9: the app's file is changed or replaced by another program; the watch notices it,
and does not mistake the app's own writes for someone else's."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from settle import pilot_test, settle, told

from buurt.services import Database
from buurt.services.backup import make_backup, restore_backup
from buurt.services.members import add_member
from buurt.services.watch import Change, ChangeWatch


def test_own_writes_are_not_reported_as_changes_by_others(db: Database) -> None:
    watch = ChangeWatch(db)
    try:
        add_member(db, {"name": "Anna de Vries", "kind": "resident"})
        assert watch.changed() is None
    finally:
        watch.close()


@pytest.mark.needs_file("the watch looks at the file")
def test_a_commit_by_another_program_is_noticed_once(db: Database) -> None:
    assert db.path is not None
    watch = ChangeWatch(db)
    try:
        other = sqlite3.connect(db.path)
        other.execute("UPDATE neighbourhood SET name = 'Elders veranderd'")
        other.commit()
        other.close()
        assert watch.changed() == Change.CHANGED
        assert watch.changed() is None
    finally:
        watch.close()


@pytest.mark.needs_file("the watch looks at the file")
def test_restore_force_onto_the_open_file_is_noticed(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    copy = make_backup(db.path, tmp_path / "copy.sqlite")
    watch = ChangeWatch(db)
    try:
        restore_backup(copy, db.path, force=True)
        assert watch.changed() is not None
    finally:
        watch.close()


@pytest.mark.needs_file("the watch looks at the file")
def test_a_file_swapped_under_the_same_name_is_noticed(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    copy = make_backup(db.path, tmp_path / "copy.sqlite")
    watch = ChangeWatch(db)
    try:
        copy.replace(db.path)
        assert watch.changed() == Change.REPLACED
        assert watch.changed() is None
    finally:
        watch.close()


@pilot_test
async def test_the_app_says_when_another_program_restored_its_file(
    demo_path: Path, tmp_path: Path, make_app: Any
) -> None:
    from buurt.services import open_database

    copy = make_backup(demo_path, tmp_path / "copy.sqlite")
    con = sqlite3.connect(copy)
    con.execute("UPDATE member SET name = 'Teruggezet Lid' WHERE id = 1")
    con.commit()
    con.close()
    db = open_database(demo_path, actor="test")
    try:
        app = make_app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.press("m")
            await settle(pilot)
            restore_backup(copy, demo_path, force=True)
            app.check_file()
            await settle(pilot)
            notes = told(app)
            assert any("another program" in m.lower() for m in notes), notes
            table = app.screen.query_one("#members")
            names = [str(table.get_row_at(r)[0]) for r in range(table.row_count)]
            assert "Teruggezet Lid" in names
            assert app.is_running
    finally:
        db.close()


def test_a_secret_ballot_cast_here_is_not_taken_for_another_programs_change(
    demo_db: Database,
) -> None:
    """Casting a secret ballot rewrites the file (its ballots in a neutral order, the log
    emptied) outside the cast's transaction: the watch must know that change is ours, or the
    chair is told mid-vote that another program changed the file."""
    from meeting_setup import demo_open_vote

    from buurt.services import votes

    vote_id = demo_open_vote(demo_db, secret=True)
    watch = ChangeWatch(demo_db)
    try:
        vote = votes.get_vote(demo_db, vote_id)
        voter = votes.voters(demo_db, vote_id)[0]
        first = vote.candidates[0]
        votes.cast_ballot(demo_db, vote_id, voter.member_id, {first.id: 1})
        assert watch.changed() is None
    finally:
        watch.close()
