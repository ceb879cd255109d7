"""`buurt minutes FILE --meeting ID|latest`: the minutes, the action list or the "you said, we
did" summary of a meeting, as Markdown, HTML, DOCX or PDF.

Markdown and HTML go to standard output unless `--out` says where; DOCX and PDF always go to a
file: `--out PATH` (a folder gets the suggested name), else the suggested name in the current
folder. Bad input (an unknown meeting, format or document, a path that cannot be written) is one
sentence on standard error and exit code 2.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.cli.target import NeighbourhoodOption, TargetArgument, open_target
from buurt.i18n import _


def _actor() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "")


@app.command("minutes")
def minutes_command(
    file: TargetArgument,
    meeting: Annotated[
        str,
        typer.Option(
            "--meeting",
            help="The meeting's number, or 'latest' (the latest meeting that took place).",
            metavar="ID|latest",
        ),
    ] = "latest",
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="md (default), html, docx or pdf; without it, taken from --out's extension.",
            metavar="md|html|docx|pdf",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write to this file (or into this folder)."),
    ] = None,
    anonymise: Annotated[
        bool,
        typer.Option(
            "--anonymise",
            "--public",
            help="The public version: residents appear as 'Bewoner 1', 'Bewoner 2', ...",
        ),
    ] = False,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="minutes (default), actions (the open actions) or summary ('you said, we did').",
            metavar="minutes|actions|summary",
        ),
    ] = "minutes",
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder with your own copies of the Markdown/HTML templates.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the file given with --out if it exists.")
    ] = False,
    neighbourhood: NeighbourhoodOption = None,
    lang: LangOption = None,
) -> None:
    """Write the minutes of a meeting from what the meeting recorded."""
    use_language(lang)
    from buurt.services import minutes as service
    from buurt.services.neighbourhood import find_neighbourhood
    from buurt.services.output import check_target, write_document

    chosen = service.check_format(format or (out.suffix if out and out.suffix else "md"))
    service.check_kind(kind)
    db = open_target(file, neighbourhood, actor=_actor())
    try:
        settings = find_neighbourhood(db)
        use_language(lang, settings.language if settings else None)
        meeting_id = service.resolve_meeting(db, meeting)
        if out is None and chosen in ("md", "html"):
            content = service.render_document(
                db, meeting_id, kind=kind, fmt=chosen, anonymise=anonymise, templates=templates
            )
            sys.stdout.write(content.decode("utf-8"))
            return
        target = (out if out is not None else Path.cwd()).expanduser()
        if target.is_dir():
            target = target / service.suggested_filename(
                db, meeting_id, kind, chosen, anonymise=anonymise
            )
        # Refuse a bad target before the (slow) rendering; the write checks it again.
        check_target(target, force=force, protect=[db.path])
        content = service.render_document(
            db, meeting_id, kind=kind, fmt=chosen, anonymise=anonymise, templates=templates
        )
        written = write_document(target, content, force=force, protect=[db.path])
        print(_("Written to {file}.").format(file=written))
    finally:
        db.close()
