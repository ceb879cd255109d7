"""Bad files: each is refused with one sentence naming the file, exit code 2, and the file is
left exactly as it was. Unexpected errors are logged; the user is told where."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from safety_helpers import cli, corrupt, digest, one_sentence, rows

from buurt.db import files
from buurt.errors import FileProblem, ReadOnlyFile
from buurt.services import Database, open_database
from buurt.services.members import add_member, list_members

pytestmark = pytest.mark.needs_file(
    "corrupt, locked, read-only or missing files, given to the command line"
)


def _missing_file(tmp: Path, good: Path) -> Path:
    return tmp / "gone.sqlite"


def _missing_folder(tmp: Path, good: Path) -> Path:
    return tmp / "usb-stick" / "buurt.sqlite"


def _folder(tmp: Path, good: Path) -> Path:
    (tmp / "a-folder.sqlite").mkdir()
    return tmp / "a-folder.sqlite"


def _not_sqlite(tmp: Path, good: Path) -> Path:
    path = tmp / "agenda.sqlite"
    path.write_text("Agenda bewonersavond\n1. Opening\n", encoding="utf-8")
    return path


def _spreadsheet(tmp: Path, good: Path) -> Path:
    path = tmp / "leden.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    return path


def _corrupt(tmp: Path, good: Path) -> Path:
    path = tmp / "corrupt.sqlite"
    shutil.copyfile(good, path)
    corrupt(path)
    return path


def _truncated(tmp: Path, good: Path) -> Path:
    path = tmp / "half-copied.sqlite"
    path.write_bytes(good.read_bytes()[:5000])
    return path


def _newer(tmp: Path, good: Path) -> Path:
    path = tmp / "newer.sqlite"
    shutil.copyfile(good, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    con.commit()
    con.close()
    return path


def _other_sqlite(tmp: Path, good: Path) -> Path:
    path = tmp / "firefox-places.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.commit()
    con.close()
    return path


def _empty_read_only(tmp: Path, good: Path) -> Path:
    path = tmp / "empty.sqlite"
    path.write_bytes(b"")
    path.chmod(0o400)
    return path


BAD_FILES: list[tuple[str, Callable[[Path, Path], Path], str]] = [
    ("missing file", _missing_file, "does not exist"),
    ("missing folder", _missing_folder, "does not exist"),
    ("a folder", _folder, "is a folder"),
    ("a text file", _not_sqlite, "not a buurt neighbourhood file"),
    ("a spreadsheet", _spreadsheet, "not a buurt neighbourhood file"),
    ("a corrupt SQLite file", _corrupt, "is damaged"),
    ("a truncated copy", _truncated, "is damaged"),
    ("a file from a newer buurt", _newer, "newer version of buurt"),
    ("another program's SQLite", _other_sqlite, "not a buurt neighbourhood file"),
    ("an empty read-only file", _empty_read_only, "is empty"),
]


@pytest.fixture
def good(db: Database) -> Path:
    """A neighbourhood file with one member, closed and checkpointed."""
    add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    db.close()
    assert db.path is not None
    con = sqlite3.connect(db.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return db.path


@pytest.mark.parametrize(
    ("what", "make", "sentence"), BAD_FILES, ids=[what for what, *_ in BAD_FILES]
)
@pytest.mark.parametrize("command", ["verify", "export", "open"])
def test_a_bad_file_is_one_sentence_exit_2_and_untouched(
    what: str,
    make: Callable[[Path, Path], Path],
    sentence: str,
    command: str,
    good: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    path = make(bad_dir, good)
    if command == "open" and what.startswith("missing"):
        pytest.skip("opening a missing file asks whether to create it")
    before = digest(path) if path.is_file() else None
    listing = sorted(p.name for p in bad_dir.iterdir())
    args = {"verify": ["verify", path], "export": ["export", path, "--json"], "open": [path]}
    code, out, err = cli(capsys, *args[command], "--lang", "en")
    assert code == 2, err
    assert out == ""
    assert one_sentence(err), err
    assert sentence in err
    assert str(path.name) in err or str(path.parent) in err
    if before is not None:
        assert digest(path) == before
    assert sorted(p.name for p in bad_dir.iterdir()) == listing


def test_the_sentence_comes_in_dutch_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _not_sqlite(tmp_path, tmp_path)
    code, _out, err = cli(capsys, "verify", path, "--lang", "nl")
    assert code == 2
    assert "geen buurtbestand" in err or "geen buurt" in err


def test_a_read_only_file_opens_read_only_and_refuses_writes_politely(
    good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good.chmod(0o400)
    before = digest(good)
    db = open_database(good)
    try:
        assert db.readonly
        assert [m.name for m in list_members(db)] == ["Priya Ramdin"]
        with pytest.raises(ReadOnlyFile, match="read-only"):
            add_member(db, {"name": "Johan Bakker", "kind": "resident"})
    finally:
        db.close()
    code, _out, err = cli(capsys, "forget", good, "--member", "Priya Ramdin", "--lang", "en")
    assert code == 2
    assert one_sentence(err)
    assert "read-only" in err
    assert digest(good) == before


def test_a_file_locked_by_another_copy_is_refused_after_the_busy_timeout(
    good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(good, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another copy is in the middle of a write
    try:
        db = open_database(good)
        # The short wait is the one in force, on the app's connections and on the checks.
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 50
        checking = files._connect_ro(good)
        assert checking.execute("PRAGMA busy_timeout").fetchone() == (50,)
        checking.close()
        with pytest.raises(FileProblem, match="in use by another copy"):
            add_member(db, {"name": "Johan Bakker", "kind": "resident"})
        db.close()
        code, _out, err = cli(capsys, "forget", good, "--member", "Priya Ramdin", "--lang", "en")
        assert code == 2
        assert err == f"{good} is in use by another copy of buurt; close it there and try again.\n"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [r[0] for r in rows(good, "SELECT name FROM member")] == ["Priya Ramdin"]


def test_a_file_held_exclusively_by_another_program_is_refused_on_open(
    good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(good, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE member SET function = 'x'")
    try:
        code, _out, err = cli(capsys, "verify", good, "--lang", "en")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 2
    assert err == f"{good} is in use by another copy of buurt; close it there and try again.\n"


def test_a_full_disk_loses_only_the_change_being_made(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import event

    add_member(db, {"name": "Priya Ramdin", "kind": "resident"})

    # The disk fills up: SQLite may not grow the file any more (SQLITE_FULL on the next page).
    @event.listens_for(db.engine, "connect")
    def _no_room(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    refused: FileProblem | None = None
    for n in range(200):
        try:
            add_member(db, {"name": f"Lid {n}", "kind": "resident", "function": "x" * 100})
        except FileProblem as error:
            refused = error
            break
    assert refused is not None
    assert "is full" in refused.message
    assert "not saved" in refused.message
    event.remove(db.engine, "connect", _no_room)
    names = [m.name for m in list_members(db)]
    assert names[0] == "Lid 0"
    assert "Priya Ramdin" in names
    assert len(names) == n + 1  # every confirmed member, and not the one that failed
    assert rows(db.path, "PRAGMA integrity_check") == [("ok",)]  # type: ignore[arg-type]


def test_an_unexpected_error_is_logged_and_the_user_told_where(
    good: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    import buurt.services.integrity as integrity

    def broken(_db: object) -> object:
        raise RuntimeError("a bug deep inside")

    monkeypatch.setattr(integrity, "verify", broken)
    code, _out, err = cli(capsys, "verify", good, "--lang", "en")
    from buurt.logging_setup import log_file

    assert code == 1
    assert err == (f"Something unexpected went wrong; the details were written to {log_file()}.\n")
    assert "a bug deep inside" in log_file().read_text(encoding="utf-8")


def test_a_full_disk_during_an_import_imports_nothing_and_says_so(
    good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import buurt.db.database as database

    pragmas = database.sqlite_pragmas

    def no_room(readonly: bool):
        inner = pragmas(readonly)

        def on_connect(dbapi_connection: sqlite3.Connection, record: object) -> None:
            inner(dbapi_connection, record)
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        return on_connect

    monkeypatch.setattr(database, "sqlite_pragmas", no_room)
    many = tmp_path / "veel-leden.csv"
    many.write_text(
        "naam;functie\n" + "".join(f"Lid {n};{'x' * 100}\n" for n in range(300)), encoding="utf-8"
    )
    before = digest(good)
    code, _out, err = cli(capsys, "import", good, "members", many, "--lang", "en")
    assert code == 2
    assert one_sentence(err)
    assert "is full: your last change was not saved" in err
    assert digest(good) == before
