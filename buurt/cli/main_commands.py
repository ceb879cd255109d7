"""`buurt [FILE]`, `buurt demo`, `buurt upgrade`: opening neighbourhoods."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.errors import FileProblem
from buurt.i18n import _


def _actor() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "")


def run_app(path: Path, *, lang: str | None, create: bool = False) -> int:
    """Open `path` and run the app on it until the user quits."""
    from buurt.services import open_database
    from buurt.services.neighbourhood import find_neighbourhood

    db = open_database(path, create=create, actor=_actor())
    try:
        settings = find_neighbourhood(db)
        if settings is None:
            raise FileProblem(
                _("{file} holds no neighbourhood yet; create it from the picker (buurt).").format(
                    file=path
                )
            )
        use_language(lang, settings.language)
        from buurt.services.backup import daily_backup

        daily_backup(db)  # once a day, into backups/ beside the file; never stops the app
        from buurt.tui.app import BuurtApp

        BuurtApp(db).run()
        return 0
    finally:
        db.close()


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
