"""The attacker with a shell account on the same machine: everything buurt writes is readable by
its owner only (files 0600, folders 0700), and the log holds no personal data."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from buurt.services import Database, members
from buurt.services.backup import daily_backup, make_backup


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def fresh_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    import buurt.logging_setup as setup

    folder = tmp_path / "log"
    monkeypatch.setenv("BUURT_LOG_DIR", str(folder))
    logger = logging.getLogger("buurt")
    saved = list(logger.handlers)
    logger.handlers.clear()
    umask = os.umask(0o022)  # a usual umask: files would be 0644 without buurt's care
    setup.setup_logging()
    yield folder / "buurt.log"
    os.umask(umask)
    for handler in logger.handlers:
        handler.close()
    logger.handlers[:] = saved


def test_the_log_is_private(fresh_log: Path) -> None:
    logging.getLogger("buurt.test").warning("something happened")
    assert _mode(fresh_log) == 0o600
    assert _mode(fresh_log.parent) == 0o700


def test_a_failed_statement_does_not_put_its_values_in_the_log(fresh_log: Path) -> None:
    error = IntegrityError(
        "INSERT INTO member (name, email) VALUES (?, ?)",
        ("Henk de Vries", "henk@example.nl"),
        Exception("UNIQUE constraint failed: member.name"),
    )
    logging.getLogger("buurt.test").error("service call failed\n%s", error)
    for handler in logging.getLogger("buurt").handlers:
        handler.flush()
    text = fresh_log.read_text(encoding="utf-8")
    assert "UNIQUE constraint failed" in text
    assert "Henk" not in text
    assert "henk@example.nl" not in text


def test_the_engine_hides_parameters_of_failed_statements(db: Database) -> None:
    assert db.engine.hide_parameters


@pytest.mark.needs_file("backups are copies of the file")
def test_backups_and_their_folder_are_private(db: Database, tmp_path: Path) -> None:
    members.add_member(db, {"name": "Anna Berg", "kind": "resident"})
    assert db.path is not None
    umask = os.umask(0o022)
    made = [make_backup(db.path), make_backup(db.path, tmp_path / "elsewhere" / "copy.sqlite")]
    daily = daily_backup(db)
    os.umask(umask)
    assert daily is not None
    for copy in [*made, daily]:
        assert _mode(copy) == 0o600, copy
    assert _mode(made[0].parent) == 0o700
    assert _mode(db.path) == 0o600


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_minutes_written_in_any_format_are_private(
    demo_path: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from buurt.cli import run
    from buurt.services import open_database
    from buurt.services.minutes import export_document

    umask = os.umask(0o022)
    try:
        out = tmp_path / f"cli.{fmt}"
        code = run(
            ["minutes", str(demo_path), "--meeting", "latest", "--format", fmt, "--out", str(out)]
        )
        assert code == 0
        db = open_database(demo_path)
        try:
            exported = export_document(db, "latest", tmp_path / f"app.{fmt}", anonymise=True)
        finally:
            db.close()
    finally:
        os.umask(umask)
    capsys.readouterr()
    assert _mode(out) == 0o600
    assert _mode(exported) == 0o600


def test_a_ballot_file_written_is_private(tmp_path: Path) -> None:
    from buurt.voting import Ballot, Profile
    from buurt.voting.formats import write_csv

    profile = Profile.from_ballots([Ballot((("A",), ("B",)), 1, None)], ["A", "B"])
    umask = os.umask(0o022)
    try:
        write_csv(profile, tmp_path / "ballots.csv")
    finally:
        os.umask(umask)
    assert _mode(tmp_path / "ballots.csv") == 0o600
