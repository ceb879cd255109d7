"""FILE or URL: what every command that opens a neighbourhood accepts.

A neighbourhood is a SQLite file, or a schema in a city database on a server, named by a
SQLAlchemy URL (`postgresql+psycopg://user@host/city`) and `--neighbourhood NAME` (or the
schema in the URL). A URL is only ever shown without its password.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from buurt.errors import InputError
from buurt.i18n import _

if TYPE_CHECKING:
    from buurt.services import Database

TargetArgument = Annotated[
    str,
    typer.Argument(
        help="The neighbourhood file, or a database URL (postgresql+psycopg://user@host/city).",
        metavar="FILE|URL",
        show_default=False,
    ),
]
NeighbourhoodOption = Annotated[
    str | None,
    typer.Option(
        "--neighbourhood",
        help="With a city database URL: the neighbourhood (its name, e.g. 'Oude Westen').",
        metavar="NAME",
    ),
]


def is_url(text: str) -> bool:
    return "://" in text


def target_of(file: str, neighbourhood: str | None) -> str | Path:
    """The path of a file, or the URL as given; `--neighbourhood` only goes with a URL."""
    if is_url(file):
        return file
    if neighbourhood is not None:
        raise InputError(
            _("--neighbourhood goes with a database URL; {file} is a file.").format(file=file)
        )
    return Path(file)


def shown_target(file: str | Path) -> str:
    """FILE or URL as a person may see it (a URL without its password)."""
    from buurt.db.server import mask_url_text

    return mask_url_text(str(file))


def open_target(
    file: str,
    neighbourhood: str | None,
    *,
    actor: str,
    readonly: bool | None = None,
    create: bool = False,
) -> Database:
    from buurt.services import open_database

    if is_url(file) and neighbourhood is None:
        _ask_for_neighbourhood(file)
    return open_database(
        target_of(file, neighbourhood),
        neighbourhood=neighbourhood,
        readonly=readonly,
        create=create,
        actor=actor,
    )


def needs_neighbourhood(url: str) -> bool:
    """Does a city database URL name no neighbourhood (no schema in it)?"""
    from buurt.db.server import parse_url, schema_in_url

    return schema_in_url(parse_url(url)) is None


def _ask_for_neighbourhood(url: str) -> None:
    """A city database URL without a neighbourhood: say which ones it holds."""
    if not needs_neighbourhood(url):
        return
    from buurt.services.city import list_neighbourhoods

    names = list_neighbourhoods(url)
    if not names:
        raise InputError(
            _(
                "{url} holds no neighbourhood yet; make one with buurt create URL "
                "--neighbourhood NAME."
            ).format(url=shown_target(url))
        )
    raise InputError(
        _("Name the neighbourhood with --neighbourhood NAME; {url} holds: {names}.").format(
            url=shown_target(url), names=", ".join(names)
        )
    )
