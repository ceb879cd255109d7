"""What `buurt FILE` needs to start the app, without Typer or any other command's module.

Opening a file is what a chair does most, and every millisecond before the dashboard's data is on
screen counts (issue 13): Typer, Click and the other commands' modules are not loaded for it.
`plain_open` recognises the plain form, `buurt [open] FILE [--lang nl|en]` on a file that
exists; every other command line (a missing file, a URL, an option, a command) goes through
Typer (`buurt.cli.base`), with this module's error boundary (`guarded`) and language choice
(`use_language`), so both paths say the same things with the same exit codes.
"""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from buurt.errors import BuurtError, FileProblem, InputError
from buurt.i18n import _, choose_language, set_language
from buurt.logging_setup import log_file
from buurt.text import visible

if TYPE_CHECKING:
    from buurt.services import Database

log = logging.getLogger("buurt")

# Every command's name (a test checks this against the Typer app): a first word that is none
# of these is a file.
COMMANDS = frozenset(
    {
        "backup",
        "city",
        "create",
        "demo",
        "export",
        "forget",
        "import",
        "import-json",
        "minutes",
        "open",
        "project",
        "restore",
        "retention",
        "serve",
        "tally",
        "upgrade",
        "verify",
    }
)
CHAIR_LOCK = "BUURT_SERVE_CHAIR_LOCK"
SERVED = "BUURT_SERVED"  # set for the processes `buurt serve` starts
_held: list[int] = []


def use_language(lang: str | None, setting: str | None = None) -> str:
    """Set the language for this command: --lang, then the file's setting, then the locale."""
    if lang is not None and lang.lower() not in ("nl", "en"):
        raise InputError(_("Unknown language '{lang}': choose nl or en.").format(lang=lang))
    return set_language(choose_language(lang, setting))


def early_language(args: list[str]) -> None:
    """A first guess at the language, so that even usage errors come out in the user's."""
    lang = None
    if "--lang" in args and args.index("--lang") + 1 < len(args):
        lang = args[args.index("--lang") + 1]
    set_language(choose_language(lang if lang in ("nl", "en") else None))


def guarded(command: Callable[[], object]) -> int:
    """Run a command; turn every error into one sentence and an exit code."""
    try:
        result = command()
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BuurtError as error:
        print(visible(error.message, multiline=True), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(_("Stopped."), file=sys.stderr)
        return 1
    except Exception:
        log.error("unexpected error\n%s", traceback.format_exc())
        print(
            _("Something unexpected went wrong; the details were written to {path}.").format(
                path=log_file()
            ),
            file=sys.stderr,
        )
        return 1
    return result if isinstance(result, int) else 0


def plain_open(args: list[str]) -> tuple[Path, str | None] | None:
    """`buurt [open] FILE`, with `--lang X` before or after it, on a FILE that exists (a
    browser tab of `buurt serve` runs `buurt open FILE`): the file and the language asked
    for. None for any other command line."""
    words, lang = list(args), None
    for i, word in enumerate(words):
        if word == "--lang" and i + 1 < len(words) and not words[i + 1].startswith("-"):
            lang = words[i + 1]
            del words[i : i + 2]
            break
    if len(words) == 2 and words[0] == "open":
        words = words[1:]
    if len(words) != 1:
        return None
    file = words[0]
    if not file or file.startswith("-") or file in COMMANDS or "://" in file:
        return None
    path = Path(file)
    if not path.exists() and not path.is_symlink():
        return None  # asks whether to make it: Typer's `open` does that
    return path, lang


def actor() -> str:
    """Who is at the keyboard (recorded with every change)."""
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "")


def take_chair() -> bool:
    """May this process change the file? Always, unless it runs under `buurt serve` and another
    tab's process already holds the chair's lock."""
    path = os.environ.get(CHAIR_LOCK)
    if not path:
        return True
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    _held.append(fd)  # held (open) until the process ends
    return True


def run_app(path: Path, *, lang: str | None, create: bool = False) -> int:
    """Open `path` and run the app on it until the user quits.

    The file is checked first with plain sqlite3 (a refused file gets its sentence and exit
    code 2 before any screen appears); the app then paints at once. On a file at the newest
    schema the dashboard reads its first data from the file with plain sqlite3 too, and only
    then does the app open the file for real in a thread (`BuurtApp.first_look`); a file that
    needs an upgrade is opened (and upgraded) first."""
    from buurt.db.files import head_revision, inspect_file, stored_language

    first_look: Path | None = None
    if not create:
        revision = inspect_file(path)
        if revision is None:
            raise FileProblem(_("{file} is empty: it holds no neighbourhood.").format(file=path))
        language = stored_language(path)
        if language is None:
            raise FileProblem(
                _("{file} holds no neighbourhood yet; create it from the picker (buurt).").format(
                    file=path
                )
            )
        use_language(lang, language)
        if revision == head_revision():
            first_look = path
    who = actor()
    # Under `buurt serve` only the first browser tab may change the file.
    spectator = not take_chair()

    def opener() -> Database:
        from buurt.services import open_database
        from buurt.services.backup import daily_backup

        db = open_database(path, create=create, actor=who, readonly=True if spectator else None)
        opened.append(db)
        daily_backup(db)  # once a day, into backups/ beside the file; never stops the app
        return db

    opened: list[Database] = []
    from buurt.tui.app import BuurtApp
    from buurt.tui.ending import end_on_signals

    # What is loaded by now (Python's, Textual's and buurt's modules) lives as long as the
    # process: the cyclic garbage collector need not look through it again. Without this a
    # full collection, going through all of it, falls before the dashboard's data shows.
    gc.freeze()

    try:
        notice = (
            _("Another browser tab is changing this file: this tab can only look.")
            if spectator
            else ""
        )
        app_ = BuurtApp(opener=opener, notice=notice, first_look=first_look)
        end_on_signals(app_)  # SIGTERM, SIGHUP: quit as usual, then the file is closed below
        app_.run()
    finally:
        for db in opened:
            db.close()
    if app_.return_code:
        raise SystemExit(app_.return_code)
    return 0
