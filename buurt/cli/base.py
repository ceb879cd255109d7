"""The Typer application, the shared `--lang` option and the error boundary."""

from __future__ import annotations

import logging
import sys
import traceback
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from buurt import __version__
from buurt.errors import BuurtError, InputError
from buurt.i18n import _, choose_language, set_language
from buurt.logging_setup import log_file, setup_logging

log = logging.getLogger("buurt")


class DefaultOpenGroup(TyperGroup):
    """`buurt FILE` means `buurt open FILE`: a first word that is no command is a file."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        words = [a for i, a in enumerate(args) if not _is_lang(args, i)]
        if not words or (not words[0].startswith("-") and words[0] not in self.commands):
            args = ["open", *args]
        return super().parse_args(ctx, args)


def _is_lang(args: list[str], i: int) -> bool:
    """Is args[i] part of a `--lang X` (or `--lang=X`) option?"""
    return (
        args[i] == "--lang" or args[i].startswith("--lang=") or (i > 0 and args[i - 1] == "--lang")
    )


app = typer.Typer(
    cls=DefaultOpenGroup,
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="buurt: the chair's tool for Buurt Bestuurt neighbourhood committees.",
)

LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="Language of messages and output: nl or en.", metavar="nl|en"),
]


def use_language(lang: str | None, setting: str | None = None) -> str:
    """Set the language for this command: --lang, then the file's setting, then the locale."""
    if lang is not None and lang.lower() not in ("nl", "en"):
        raise InputError(_("Unknown language '{lang}': choose nl or en.").format(lang=lang))
    return set_language(choose_language(lang, setting))


def _version_callback(value: bool) -> None:
    if value:
        print(f"buurt {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """buurt: the chair's tool for Buurt Bestuurt neighbourhood committees."""


def run(argv: list[str] | None = None) -> int:
    """Run the command line; turn every error into one sentence and an exit code."""
    setup_logging()
    args = sys.argv[1:] if argv is None else argv
    # An early language guess so even usage errors come out in the user's language.
    lang = None
    if "--lang" in args and args.index("--lang") + 1 < len(args):
        lang = args[args.index("--lang") + 1]
    set_language(choose_language(lang if lang in ("nl", "en") else None))
    try:
        # Typer reports usage errors itself (exit 2) and ends every run with SystemExit.
        app(args=args, prog_name="buurt", standalone_mode=True)
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BuurtError as error:
        print(error.message, file=sys.stderr)
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
    return 0
