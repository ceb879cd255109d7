"""`buurt tally BALLOTS`: count a ballot file with no database (owned by the vote-engine work)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.text import json_escaped, visible


@app.command("tally")
def tally_command(
    ballots: Annotated[
        Path,
        typer.Argument(help="Ballot file: CSV, or PrefLib .soc/.soi/.toc/.toi.", metavar="BALLOTS"),
    ],
    method: Annotated[
        str,
        typer.Option(
            "--method", help="schulze, ranked-pairs, borda, irv or stv.", metavar="METHOD"
        ),
    ] = "schulze",
    seats: Annotated[
        int, typer.Option("--seats", help="How many winners.", min=1, metavar="N")
    ] = 3,
    tie_break: Annotated[
        str,
        typer.Option("--tie-break", help="lot (default) or none.", metavar="lot|none"),
    ] = "lot",
    seed: Annotated[
        str | None,
        typer.Option(
            "--seed", help="Seed of the lot (default: the digest of the ballots).", metavar="TEXT"
        ),
    ] = None,
    balance_groups: Annotated[
        bool,
        typer.Option(
            "--balance-groups", help="Residents' and professionals' ballots weigh the same."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    lang: LangOption = None,
) -> int:
    """Count BALLOTS and show the order, the winners and how they were found."""
    use_language(lang)
    from buurt.services.tally import tally_file, tally_json, tally_text

    result = tally_file(
        ballots,
        method=method,
        seats=seats,
        tie_break=tie_break,
        seed=seed,
        balance_groups=balance_groups,
    )
    # Candidate names come from the ballot file: nothing in them may act on the terminal.
    if as_json:
        print(json_escaped(json.dumps(tally_json(result), ensure_ascii=False, indent=2)))
    else:
        print(visible(tally_text(result), multiline=True), end="")
    return 0
