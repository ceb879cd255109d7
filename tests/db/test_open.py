"""Opening a neighbourhood file: what is made, and every file that is refused (left untouched)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from buurt.cli import run
from buurt.errors import FileProblem
from buurt.services import open_database
from buurt.services.neighbourhood import create_neighbourhood


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    db = open_database(path, create=True)
    create_neighbourhood(db, {"name": "Nieuwe buurt"})
    db.close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_sqlite_is_opened_with_foreign_keys_wal_and_a_busy_timeout(db_path: Path) -> None:
    db = open_database(db_path)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    db.close()


def test_a_file_from_a_newer_version_is_refused_and_left_untouched(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.close()
    before = _digest(db_path)
    with pytest.raises(FileProblem, match="newer version of buurt"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_a_missing_folder_is_named_in_the_message(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "buurt.sqlite"
    with pytest.raises(FileProblem, match="does not exist") as error:
        open_database(target, create=True)
    assert str(tmp_path / "nowhere") in error.value.message
    assert not target.parent.exists()


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("Agenda voor dinsdag\n", encoding="utf-8")
    before = _digest(path)
    with pytest.raises(FileProblem, match="not a buurt neighbourhood file"):
        open_database(path)
    assert _digest(path) == before


def test_a_folder_is_not_a_neighbourhood_file(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="is a folder"):
        open_database(tmp_path)


def test_a_copy_is_kept_before_the_schema_is_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import buurt.db.database as database

    path = tmp_path / "old.sqlite"
    db = open_database(path, create=True)
    create_neighbourhood(db, {"name": "Oude buurt"})
    db.close()
    before = _digest(path)
    upgraded: list[str] = []
    known = database.known_revisions() | {"9999_next"}
    monkeypatch.setattr(database, "head_revision", lambda: "9999_next")
    monkeypatch.setattr(database, "known_revisions", lambda: known)
    monkeypatch.setattr(database, "upgrade", lambda db: upgraded.append(str(db.path)))
    db = open_database(path)
    db.close()
    assert upgraded == [str(path)]
    assert db.backup_made is not None
    assert db.backup_made.parent == path.parent
    copy = sqlite3.connect(db.backup_made)
    assert copy.execute("SELECT name FROM neighbourhood").fetchone() == ("Oude buurt",)
    copy.close()
    assert stat.S_IMODE(os.stat(db.backup_made).st_mode) == 0o600
    assert _digest(path) == before


def test_cli_refuses_a_newer_file_with_one_sentence_and_exit_code_2(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.close()
    before = _digest(db_path)
    assert run(["upgrade", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"{db_path} was made by a newer version of buurt (schema ffff_from_the_future); "
        "update buurt to open it.\n"
    )
    assert _digest(db_path) == before


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_cli_names_the_missing_folder_in_the_users_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    assert run(["upgrade", str(tmp_path / "nope" / "x.sqlite"), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "nope") in err
    assert ("bestaat niet" in err) if lang == "nl" else ("does not exist" in err)


def test_cli_refuses_a_file_that_is_not_sqlite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "photo.sqlite"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    before = _digest(path)
    assert run(["upgrade", str(path)]) == 2
    assert "not a buurt neighbourhood file" in capsys.readouterr().err
    assert _digest(path) == before
