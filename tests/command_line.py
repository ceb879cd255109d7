"""Running `buurt` in the tests: the command line in this process, and what its answers and the
files it leaves must look like."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from buurt.cli import run


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run `buurt ARGS` in this process: (exit code, stdout, stderr)."""
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence(err: str) -> bool:
    """stderr holds one line (so no traceback and no second message), and it is not empty."""
    return err.count("\n") == 1 and err.endswith("\n") and err.strip() != ""


def digest(path: Path) -> str:
    """The bytes of a file (and its WAL, if any): equal digests mean untouched."""
    h = hashlib.sha256(path.read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()
