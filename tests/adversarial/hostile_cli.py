"""Helpers of the hostile tests: run the command line in this process or as a program."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from command_line import cli as cli  # the hostile tests import these from here
from command_line import digest as digest
from command_line import one_sentence as one_sentence

REPO = Path(__file__).resolve().parents[2]


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
