"""The Typer application and the shared `--lang` option (the error boundary and the language
choice are `buurt.cli.start`'s, shared with the app's own start)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from buurt import __version__
from buurt.cli.start import use_language

__all__ = ["LangOption", "app", "use_language"]


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
