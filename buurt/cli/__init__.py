"""The `buurt` command line: thin commands that call services.

`buurt [FILE]` opens the app; every other word is a sub-command. Each area keeps its commands in
its own module here (`tally`, `minutes`, `data`); they register on `app` when imported below.
Exit codes: 0 success, 2 bad input or usage, 1 anything else (DESIGN.md).
"""

from __future__ import annotations

import logging
import os
import sys

from buurt.cli import city as _city  # noqa: F401
from buurt.cli import data as _data  # noqa: F401

# Sub-command modules register themselves on `app`.
from buurt.cli import main_commands as _main_commands  # noqa: F401
from buurt.cli import minutes as _minutes  # noqa: F401
from buurt.cli import project as _project  # noqa: F401
from buurt.cli import serve as _serve  # noqa: F401
from buurt.cli import tally as _tally  # noqa: F401
from buurt.cli.base import app, run
from buurt.cli.serve import SERVED


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    code = run(argv)
    if os.environ.get(SERVED):
        # A browser tab's process (`buurt serve`): its file is closed by now; skip the
        # interpreter's teardown, which takes a second or more, so the tab's process ends at once.
        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
        os._exit(code)
    sys.exit(code)


__all__ = ["app", "main", "run"]
