"""Backups: a consistent copy while the app has the file open, a checked restore that never
overwrites by accident, and a daily copy on open that keeps the last N."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest
from safety_helpers import cli, corrupt, digest, rows

from buurt.errors import FileProblem
from buurt.services import Database, open_database
from buurt.services.backup import daily_backup, daily_backups, make_backup, restore_backup
from buurt.services.members import add_member, list_members
from buurt.services.neighbourhood import update_neighbourhood

pytestmark = pytest.mark.needs_file(
    "backups of a file with SQLite's backup API; pg_dump backups are tested in tests/pg"
)


def names(path: Path) -> list[str]:
    return [str(r[0]) for r in rows(path, "SELECT name FROM member ORDER BY name")]


def test_a_backup_made_while_the_app_writes_holds_every_committed_change(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert db.path is not None
    add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    # The app keeps the file open with changes still in the WAL; the backup must see them.
    code, out, err = cli(capsys, "backup", db.path, "--lang", "en")
    assert (code, err) == (0, "")
    made = Path(out.split("Backup written to ")[1].strip().rstrip("."))
    assert made.parent == db.path.parent / "backups"
    assert names(made) == ["Priya Ramdin"]
    assert stat.S_IMODE(os.stat(made).st_mode) == 0o600
    add_member(db, {"name": "Johan Bakker", "kind": "resident"})
    assert names(made) == ["Priya Ramdin"]


def test_a_backup_is_a_whole_file_on_its_own(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    made = make_backup(db.path, tmp_path / "copy.sqlite")
    assert not Path(f"{made}-wal").exists()
    copy = open_database(made)
    assert [m.name for m in list_members(copy)] == ["Priya Ramdin"]
    copy.close()


def test_a_backup_never_overwrites_an_existing_file(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    taken = tmp_path / "taken.sqlite"
    taken.write_text("mine")
    with pytest.raises(FileProblem, match="already exists"):
        make_backup(db.path, taken)
    assert taken.read_text() == "mine"


def test_restore_refuses_to_overwrite_without_force(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert db.path is not None
    made = make_backup(db.path, tmp_path / "copy.sqlite")
    add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    db.close()
    before = digest(db.path)
    code, _out, err = cli(capsys, "restore", made, db.path, "--lang", "en")
    assert code == 2
    assert "--force" in err
    assert digest(db.path) == before


def test_restore_with_force_keeps_a_copy_of_what_it_replaces(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert db.path is not None
    made = make_backup(db.path, tmp_path / "copy.sqlite")
    add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    db.close()
    code, out, _err = cli(capsys, "restore", made, db.path, "--force", "--lang", "en")
    assert code == 0
    assert names(db.path) == []
    kept = Path(out.split("kept as ")[1].strip().rstrip("."))
    assert names(kept) == ["Priya Ramdin"]


def test_restore_checks_the_backup_before_touching_the_file(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert db.path is not None
    made = make_backup(db.path, tmp_path / "copy.sqlite")
    corrupt(made)
    add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    db.close()
    before = digest(db.path)
    code, _out, err = cli(capsys, "restore", made, db.path, "--force", "--lang", "en")
    assert code == 2
    assert "damaged" in err
    assert digest(db.path) == before
    not_buurt = tmp_path / "notes.txt"
    not_buurt.write_text("boodschappen")
    code, _out, err = cli(capsys, "restore", not_buurt, db.path, "--force", "--lang", "en")
    assert code == 2
    assert "not a buurt neighbourhood file" in err
    assert digest(db.path) == before


def test_restore_into_a_new_file(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    made = make_backup(db.path)
    report = restore_backup(made, tmp_path / "elsewhere.sqlite")
    assert report.replaced_copy is None
    assert names(tmp_path / "elsewhere.sqlite") == ["Priya Ramdin"]
    assert stat.S_IMODE(os.stat(tmp_path / "elsewhere.sqlite").st_mode) == 0o600


def test_a_daily_backup_is_made_once_a_day_and_only_the_last_few_are_kept(db: Database) -> None:
    assert db.path is not None
    update_neighbourhood(db, {"backups_keep": 3})
    made = [daily_backup(db, now=datetime(2026, 11, day, 9, 0)) for day in range(1, 6)]
    assert all(m is not None for m in made)
    assert daily_backup(db, now=datetime(2026, 11, 5, 18, 0)) is None
    kept = daily_backups(db.path)
    assert [p.name for p in kept] == [m.name for m in made[-3:] if m is not None]


def test_a_daily_backup_that_cannot_be_made_does_not_stop_the_app(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import buurt.services.backup as backup

    def refuse(*_args: object, **_kwargs: object) -> Path:
        raise FileProblem("no room")

    monkeypatch.setattr(backup, "make_backup", refuse)
    assert daily_backup(db) is None
