"""How the data commands open a neighbourhood (file or URL) and speak to the user."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from buurt.cli.base import use_language
from buurt.cli.target import TargetArgument, open_target
from buurt.text import visible

if TYPE_CHECKING:
    from buurt.services import Database

FileArgument = TargetArgument


def actor() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "")


@contextmanager
def opened(
    file: str,
    lang: str | None,
    neighbourhood: str | None = None,
    *,
    readonly: bool | None = None,
) -> Iterator[Database]:
    """Open an existing neighbourhood (file or URL) and speak its language (unless --lang)."""
    from buurt.services.neighbourhood import find_neighbourhood

    use_language(lang)
    db = open_target(file, neighbourhood, readonly=readonly, actor=actor())
    try:
        settings = find_neighbourhood(db)
        use_language(lang, settings.language if settings else None)
        yield db
    finally:
        db.close()


def say(text: str) -> None:
    """Print a line of a report; names and titles from the data may hold control characters
    (stored before input was cleaned, or in a CSV): shown as placeholders, never acted on."""
    print(visible(text, multiline=True))
