"""The attacker with a shell account on the same machine, after an evening of ordinary use: every
file buurt wrote in the neighbourhood's folder is readable by its owner only (0600), and so is
every folder it made (0700), even under the usual umask 022 that would make them 0644 / 0755.

Besides the minutes, the log and the backups (test_secrecy_files.py): the demo file, the JSON
export, one member's data (an AVG access request), the contact list, a file made by
import-json, the action list and "you said, we did" in every format, the -wal and -shm files
of an open neighbourhood and the backup folder.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from buurt.cli import run
from buurt.services import open_database
from buurt.services.members import list_members, update_member

pytestmark = pytest.mark.needs_file


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def cli(capsys: pytest.CaptureFixture[str], *argv: object) -> None:
    code = run([*map(str, argv), "--lang", "en"])
    _out, err = capsys.readouterr()
    assert code == 0, err


def test_everything_buurt_writes_in_an_evening_is_private(
    tmp_path: Path, usual_umask: None, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "buurt"
    work.mkdir(mode=0o700)
    demo = work / "demo.sqlite"
    cli(capsys, "demo", "--out", demo)
    db = open_database(demo, actor="test")
    # The file stays open the whole evening, as in the app (whose file watch keeps a
    # connection): after a change its -wal and -shm files exist.
    watch = sqlite3.connect(f"file:{demo}?mode=ro", uri=True)
    watch.execute("SELECT count(*) FROM member").fetchone()
    try:
        someone = list_members(db)[0]
        update_member(db, someone.id, {"function": "penningmeester"})
        assert Path(f"{demo}-shm").exists()
        for kind in ("minutes", "actions", "summary"):
            for fmt in ("md", "html", "docx", "pdf"):
                cli(
                    capsys,
                    "minutes",
                    demo,
                    "--meeting",
                    "latest",
                    "--kind",
                    kind,
                    "--format",
                    fmt,
                    "--anonymise",
                    "--out",
                    work / f"{kind}.{fmt}",
                )
        cli(capsys, "export", demo, "--json", "--out", work / "all.json")
        cli(capsys, "export", demo, "--member", someone.name, "--out", work / "member.json")
        cli(capsys, "export", demo, "--contacts", "--out", work / "contacts.csv")
        cli(capsys, "import-json", work / "copy.sqlite", work / "all.json")
        cli(capsys, "backup", demo)
        cli(capsys, "backup", demo, work / "by-hand.sqlite")
        written = sorted(work.rglob("*"))
        assert Path(f"{demo}-wal") in written
    finally:
        watch.close()
        db.close()
    assert len([p for p in written if p.is_file()]) >= 12 + 3 + 2 + 3
    loose = {str(p): oct(_mode(p)) for p in written if p.is_file() and _mode(p) != 0o600}
    assert not loose, f"files others can read: {loose}"
    folders = {str(p): oct(_mode(p)) for p in written if p.is_dir() and _mode(p) != 0o700}
    assert not folders, f"folders others can enter: {folders}"
    assert (work / "backups").is_dir()
