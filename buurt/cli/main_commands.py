"""`buurt [FILE]`, `buurt demo`, `buurt upgrade`: opening neighbourhoods."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from buurt.cli.base import LangOption, app, use_language

# `buurt FILE` on an existing file starts without Typer, in `run_app` (see buurt.cli.start).
from buurt.cli.start import actor as _actor
from buurt.cli.start import run_app
from buurt.cli.target import (
    NeighbourhoodOption,
    TargetArgument,
    is_url,
    needs_neighbourhood,
    open_target,
    target_of,
)
from buurt.errors import FileProblem, InputError
from buurt.i18n import _


def _in_a_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_app_on_server(url: str, neighbourhood: str | None, *, lang: str | None) -> int:
    """Open a neighbourhood in a city database and run the app on it: the connection and the
    schema are checked first, so a refusal is one sentence and exit code 2 before any screen.
    Without a neighbourhood (none named, none in the URL), a terminal shows the city picker;
    elsewhere the sentence lists the neighbourhoods."""
    from buurt.services.neighbourhood import find_neighbourhood
    from buurt.tui.app import BuurtApp

    if neighbourhood is None and needs_neighbourhood(url) and _in_a_terminal():
        from buurt.tui.screens.neighbourhoods import pick_city_neighbourhood

        neighbourhood = pick_city_neighbourhood(url)
        if neighbourhood is None:
            return 0
    db = open_target(url, neighbourhood, actor=_actor())
    try:
        settings = find_neighbourhood(db)
        if settings is None:
            raise FileProblem(
                _("{file} holds no neighbourhood yet; make it with buurt create.").format(
                    file=db.name
                )
            )
        use_language(lang, settings.language)
        app_ = BuurtApp(db)
        app_.run()
    finally:
        db.close()
    if app_.return_code:
        raise typer.Exit(app_.return_code)
    return 0


@app.command("open", hidden=True)
def open_command(
    file: Annotated[
        str | None,
        typer.Argument(
            help="The neighbourhood file, or a database URL.",
            metavar="FILE|URL",
            show_default=False,
        ),
    ] = None,
    neighbourhood: NeighbourhoodOption = None,
    lang: LangOption = None,
) -> int:
    """Open the app on FILE (or on a neighbourhood in a city database: URL --neighbourhood
    NAME), or pick a neighbourhood when no FILE is given."""
    use_language(lang)
    if file is not None and is_url(file):
        return run_app_on_server(file, neighbourhood, lang=lang)
    if file is None:
        from buurt.tui.picker import pick_neighbourhood

        chosen = pick_neighbourhood()
        if chosen is None:
            return 0
        return run_app(chosen, lang=lang)
    path = Path(target_of(file, neighbourhood))
    if not path.exists() and not path.is_symlink():
        folder = path.expanduser().absolute().parent
        if not folder.is_dir():
            raise FileProblem(_("The folder {folder} does not exist.").format(folder=folder))
        if not sys.stdin.isatty():
            # Nobody to ask: never create a file unasked, never wait for an answer.
            raise FileProblem(_("{file} does not exist.").format(file=path))
        answer = typer.confirm(
            _("{file} does not exist. Create a new neighbourhood there?").format(file=path),
            default=False,
        )
        if not answer:
            return 0
        from buurt.tui.picker import create_neighbourhood_file

        created = create_neighbourhood_file(path)
        if created is None:
            return 0
    return run_app(path, lang=lang)


@app.command("create")
def create_command(
    url: Annotated[
        str,
        typer.Argument(
            help="The city database (postgresql+psycopg://user@host/city).",
            metavar="URL",
            show_default=False,
        ),
    ],
    neighbourhood: Annotated[
        str, typer.Option("--neighbourhood", help="The new neighbourhood's name.", metavar="NAME")
    ],
    municipality: Annotated[
        str, typer.Option("--municipality", help="The municipality it lies in.")
    ] = "",
    lang: LangOption = None,
) -> int:
    """Make a new neighbourhood in a city database: its own schema (the name as a lower-case
    ASCII slug), tables and settings."""
    use_language(lang)
    from buurt.services.neighbourhood import create_neighbourhood, find_neighbourhood

    if not is_url(url):
        raise InputError(
            _("{file} is no database URL; a file is made by opening it: buurt FILE.").format(
                file=url
            )
        )
    db = open_target(url, neighbourhood, actor=_actor(), create=True)
    try:
        if find_neighbourhood(db) is not None:
            raise FileProblem(
                _("The neighbourhood '{schema}' already exists in {url}.").format(
                    schema=db.schema, url=db.url
                )
            )
        create_neighbourhood(
            db,
            {
                "name": neighbourhood.strip(),
                "municipality": municipality,
                "language": lang or "nl",
            },
        )
        print(
            _("Neighbourhood {name} made in {url} (schema {schema}).").format(
                name=neighbourhood.strip(), url=db.url, schema=db.schema
            )
        )
    finally:
        db.close()
    return 0


@app.command("demo")
def demo_command(
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            help="Write the demo file (or, with a URL, the demo neighbourhood) here and exit, "
            "without opening the app.",
            metavar="FILE|URL",
        ),
    ] = None,
    neighbourhood: NeighbourhoodOption = None,
    lang: LangOption = None,
) -> int:
    """Open the app on a fresh copy of the demo neighbourhood."""
    use_language(lang)
    from buurt.services.demo import load_demo, make_demo
    from buurt.services.neighbourhood import find_neighbourhood

    if out is not None and is_url(out):
        db = open_target(out, neighbourhood or "Oude Westen", actor="demo", create=True)
        try:
            if find_neighbourhood(db) is not None:
                raise FileProblem(
                    _("{file} already holds a neighbourhood; choose another name.").format(
                        file=db.name
                    )
                )
            load_demo(db)
            print(_("Demo neighbourhood written to {file}.").format(file=db.name))
        finally:
            db.close()
        return 0
    if out is not None:
        path = Path(target_of(out, neighbourhood))
        make_demo(path)
        print(_("Demo neighbourhood written to {file}.").format(file=path))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="buurt-demo-"))
    path = make_demo(folder / "oude-westen.sqlite")
    return run_app(path, lang=lang)


@app.command("upgrade")
def upgrade_command(
    file: TargetArgument,
    neighbourhood: NeighbourhoodOption = None,
    lang: LangOption = None,
) -> int:
    """Bring FILE to the newest schema (a copy is kept first). On a city database, run by the
    role that owns the neighbourhood's schema."""
    use_language(lang)
    db = open_target(file, neighbourhood, actor=_actor())
    file = db.name if db.path is None else str(db.path)
    try:
        if db.upgraded_from is not None and db.path is None:
            print(
                _("{file} upgraded from schema {revision}.").format(
                    file=file, revision=db.upgraded_from
                )
            )
        elif db.backup_made is not None:
            print(
                _("{file} upgraded; the old version was kept as {backup}.").format(
                    file=file, backup=db.backup_made
                )
            )
        else:
            print(_("{file} is up to date.").format(file=file))
    finally:
        db.close()
    return 0
