"""`buurt [FILE]`, `buurt demo`, `buurt upgrade`: opening neighbourhoods."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.errors import FileProblem

if TYPE_CHECKING:
    from buurt.services import Database
from buurt.i18n import _


def _actor() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "")


def run_app(path: Path, *, lang: str | None, create: bool = False) -> int:
    """Open `path` and run the app on it until the user quits.

    The file is checked first with plain sqlite3 (a refused file gets its sentence and exit
    code 2 before any screen appears); the app then paints at once and opens the file for
    real in a thread."""
    from buurt.db.files import inspect_file, stored_language

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
    actor = _actor()

    def opener() -> Database:
        from buurt.services import open_database
        from buurt.services.backup import daily_backup

        db = open_database(path, create=create, actor=actor)
        opened.append(db)
        daily_backup(db)  # once a day, into backups/ beside the file; never stops the app
        return db

    opened: list[Database] = []
    from buurt.tui.app import BuurtApp

    try:
        app_ = BuurtApp(opener=opener)
        app_.run()
    finally:
        for db in opened:
            db.close()
    if app_.return_code:
        raise typer.Exit(app_.return_code)
    return 0


@app.command("open", hidden=True)
def open_command(
    file: Annotated[
        Path | None, typer.Argument(help="The neighbourhood file.", show_default=False)
    ] = None,
    lang: LangOption = None,
) -> int:
    """Open the app on FILE, or pick a neighbourhood when no FILE is given."""
    use_language(lang)
    if file is None:
        from buurt.tui.picker import pick_neighbourhood

        chosen = pick_neighbourhood()
        if chosen is None:
            return 0
        return run_app(chosen, lang=lang)
    if not file.exists() and not file.is_symlink():
        folder = file.expanduser().absolute().parent
        if not folder.is_dir():
            raise FileProblem(_("The folder {folder} does not exist.").format(folder=folder))
        if not sys.stdin.isatty():
            # Nobody to ask: never create a file unasked, never wait for an answer.
            raise FileProblem(_("{file} does not exist.").format(file=file))
        answer = typer.confirm(
            _("{file} does not exist. Create a new neighbourhood there?").format(file=file),
            default=False,
        )
        if not answer:
            return 0
        from buurt.tui.picker import create_neighbourhood_file

        created = create_neighbourhood_file(file)
        if created is None:
            return 0
    return run_app(file, lang=lang)


@app.command("demo")
def demo_command(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the demo file here and exit, without opening the app."),
    ] = None,
    lang: LangOption = None,
) -> int:
    """Open the app on a fresh copy of the demo neighbourhood."""
    use_language(lang)
    from buurt.services.demo import make_demo

    if out is not None:
        make_demo(out)
        print(_("Demo neighbourhood written to {file}.").format(file=out))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="buurt-demo-"))
    path = make_demo(folder / "oude-westen.sqlite")
    return run_app(path, lang=lang)


@app.command("upgrade")
def upgrade_command(
    file: Annotated[Path, typer.Argument(help="The neighbourhood file.")],
    lang: LangOption = None,
) -> int:
    """Bring FILE to the newest schema (a copy is kept first)."""
    use_language(lang)
    from buurt.services import open_database

    db = open_database(file, actor=_actor())
    try:
        if db.backup_made is not None:
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
