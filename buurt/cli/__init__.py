"""The `buurt` command line: thin commands that call services.

`buurt [FILE]` opens the app; every other word is a sub-command. Each area keeps its commands in
its own module here (`tally`, `minutes`, `data`); they register on `app` when imported below.
Exit codes: 0 success, 2 bad input or usage, 1 anything else (DESIGN.md).
"""

from __future__ import annotations

import sys

from buurt.cli.base import app, run

# Sub-command modules register themselves on `app`.
from buurt.cli import main_commands as _main_commands  # noqa: E402, F401, I001
from buurt.cli import tally as _tally  # noqa: E402, F401
from buurt.cli import minutes as _minutes  # noqa: E402, F401
from buurt.cli import data as _data  # noqa: E402, F401


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    sys.exit(run(argv))


__all__ = ["app", "main", "run"]
