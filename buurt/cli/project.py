"""`buurt project FILE`: the room's view of the open meeting, read-only, in this terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.errors import FileProblem
from buurt.i18n import _


def run_projector(path: Path, *, lang: str | None) -> int:
    """Open `path` read-only and show the projector view until the user quits."""
    from buurt.db.files import inspect_file, stored_language

    if inspect_file(path) is None:
        raise FileProblem(_("{file} is empty: it holds no neighbourhood.").format(file=path))
    use_language(lang, stored_language(path))
    from buurt.services import open_database
    from buurt.services.neighbourhood import get_neighbourhood
    from buurt.tui.ending import end_on_signals
    from buurt.tui.projector.app import ProjectorApp

    db = open_database(path, readonly=True)
    try:
        projector = ProjectorApp(db, theme=get_neighbourhood(db).theme)
        end_on_signals(projector)
        projector.run()
    finally:
        db.close()
    if projector.return_code:
        raise typer.Exit(projector.return_code)
    return 0


@app.command("project")
def project_command(
    file: Annotated[Path, typer.Argument(help="The neighbourhood file.", show_default=False)],
    lang: LangOption = None,
) -> int:
    """Show the open meeting for the room (a projector or second screen), read-only.

    It follows the chair's app on its own: the agenda item and its notes, attendance and
    quorum, how many ballots are in during a vote (never who or what), the result once the
    vote is closed, the top 3 and the actions. The chair can blank it (ctrl+b in the app)."""
    return run_projector(file, lang=lang)
