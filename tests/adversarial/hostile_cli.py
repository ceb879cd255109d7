"""Helpers of the hostile tests: run the command line in this process or as a program."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from buurt.cli import run

REPO = Path(__file__).resolve().parents[2]


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run `buurt ARGS` in this process: (exit code, stdout, stderr)."""
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def program(*args: object, stdin: str = "", timeout: float = 60) -> tuple[int, str, str]:
    """Run `python -m buurt ARGS` as its own process with no terminal attached (stdin a pipe);
    a run that would wait forever fails the test after `timeout` seconds instead."""
    env = dict(os.environ, LANG="en_GB.UTF-8")
    done = subprocess.run(
        [sys.executable, "-m", "buurt", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=REPO,
    )
    return done.returncode, done.stdout, done.stderr


def one_sentence(err: str) -> bool:
    """stderr is one line and no traceback."""
    return err.count("\n") == 1 and "Traceback" not in err and err.strip() != ""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
