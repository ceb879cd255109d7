"""Shared helpers of the safety tests: run the command line, fingerprint a file, break a file."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from buurt.cli import run


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run `buurt ARGS` in this process: (exit code, stdout, stderr)."""
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    """The bytes of a file (and its WAL, if any): equal digests mean untouched."""
    h = hashlib.sha256(path.read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()


def one_sentence(err: str) -> bool:
    """stderr holds one line (so no traceback and no second message), and it is not empty."""
    return err.count("\n") == 1 and err.endswith("\n") and err.strip() != ""


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def checkpoint(path: Path) -> None:
    """Fold the WAL into the file, so raw reads and byte edits see everything."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def corrupt(path: Path) -> None:
    """Overwrite a page in the middle of the file with garbage (a bad sector, a torn copy)."""
    checkpoint(path)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[2 * page : 3 * page] = b"\x55" * page
    path.write_bytes(bytes(data))
