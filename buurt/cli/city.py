"""`buurt city FOLDER|URL [--organisation NAME] [--json]`: every neighbourhood at once."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.cli.target import is_url


@app.command("city")
def city_command(
    source: Annotated[
        str,
        typer.Argument(
            help="A folder of neighbourhood files, or a city database URL.",
            metavar="FOLDER|URL",
            show_default=False,
        ),
    ],
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="Only what this organisation owes (part of its name)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the overview as JSON instead of a screen.")
    ] = False,
    lang: LangOption = None,
) -> int:
    """The city overview: every neighbourhood's top 3 with progress, the overdue actions per
    organisation, hours against each budget and the next meetings. Read-only: files are
    opened with mode=ro and nothing beside them changes."""
    use_language(lang)
    from buurt.services.city import city_overview

    where: str | Path = source if is_url(source) else Path(source)
    if as_json:
        overview = city_overview(where, organisation=organisation)
        sys.stdout.write(overview.model_dump_json(indent=1) + "\n")
        return 0
    if not is_url(source) and not Path(source).is_dir():
        city_overview(where)  # a wrong folder is told here (exit 2), before any screen
    from buurt.tui.screens.city import CityApp

    CityApp(where, organisation=organisation, today=date.today()).run()
    return 0
