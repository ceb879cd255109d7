"""The `buurt` command line: thin commands that call services.

`buurt [FILE]` opens the app; every other word is a sub-command. Each area keeps its commands in
its own module here (`tally`, `minutes`, `data`); they register on `app` when `commands()`
imports them. `buurt FILE` on an existing file starts the app without loading them or Typer
(`buurt.cli.start`). Exit codes: 0 success, 2 bad input or usage, 1 anything else (DESIGN.md).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Any

from buurt.cli.start import SERVED, early_language, guarded, plain_open, run_app, use_language
from buurt.logging_setup import setup_logging

if TYPE_CHECKING:
    import typer


def commands() -> typer.Typer:
    """The Typer app with every command registered (sub-command modules register on import)."""
    from buurt.cli import city, data, main_commands, minutes, project, serve, tally  # noqa: F401
    from buurt.cli.base import app

    return app


def run(argv: list[str] | None = None) -> int:
    """Run the command line; turn every error into one sentence and an exit code."""
    setup_logging()
    args = sys.argv[1:] if argv is None else argv
    early_language(args)
    plain = plain_open(args)
    if plain is not None:
        path, lang = plain

        def open_file() -> int:
            use_language(lang)
            return run_app(path, lang=lang)

        return guarded(open_file)
    app = commands()
    # Typer reports usage errors itself (exit 2) and ends every run with SystemExit.
    return guarded(lambda: app(args=args, prog_name="buurt", standalone_mode=True))


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


def __getattr__(name: str) -> Any:
    if name == "app":
        return commands()
    raise AttributeError(name)


__all__ = ["app", "commands", "main", "run"]
