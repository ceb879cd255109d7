"""Shared helpers of the safety tests: read, checkpoint and break a file (running the command
line and fingerprinting a file: command_line.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from command_line import cli as cli  # the safety tests import these from here
from command_line import digest as digest
from command_line import one_sentence as one_sentence


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
