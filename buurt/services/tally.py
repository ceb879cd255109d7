"""Counting a ballot file without a database (`buurt tally`): read, count, show.

`tally_file` reads the file with `buurt.voting.formats` and counts it with `buurt.voting.count`;
a bad file or setting becomes an `InputError` with a translated sentence (file, line, column).
`tally_json` is the JSON object the command prints with `--json`; `tally_text` the plain text:
a table of the order and the winners, the ties, the explanation and the method's tables, in the
current language.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from buurt.errors import InputError
from buurt.i18n import _, ngettext
from buurt.services.vote_words import method_name, tie_rule
from buurt.voting import (
    METHODS,
    TIE_BREAKS,
    BallotFileError,
    Message,
    Result,
    VotingError,
    count,
    show,
)
from buurt.voting.ballots import Number
from buurt.voting.count import MAX_CANDIDATES
from buurt.voting.formats import read_ballots
from buurt.voting.tables import Matrix, Run, Tables

MATRIX_LIMIT = 12  # wider pairwise tables are left to --json


def say(message: Message) -> str:
    """A sentence from the vote engine in the current language."""
    return message.render(_, ngettext)


def tally_file(
    path: str | os.PathLike[str],
    *,
    method: str = "schulze",
    seats: int = 3,
    tie_break: str = "lot",
    seed: str | None = None,
    balance_groups: bool = False,
) -> Result:
    """Read the ballot file at `path` and count it. Raises `InputError` for a bad file
    (naming file, line and column) or a bad setting; nothing is counted then."""
    if method not in METHODS:
        raise InputError(
            _("Unknown method '{method}': choose one of {methods}.").format(
                method=method, methods=", ".join(METHODS)
            ),
            field="method",
        )
    if tie_break not in TIE_BREAKS or tie_break == "casting":
        raise InputError(
            _("Unknown tie-break '{rule}': choose lot or none.").format(rule=tie_break),
            field="tie_break",
        )
    if seats < 1:
        raise InputError(_("The number of seats must be at least 1."), field="seats")
    try:
        profile = read_ballots(path)
    except BallotFileError as error:
        raise InputError(
            say(error.message),
            line=error.line,
            column=None if error.column is None else str(error.column),
        ) from None
    if len(profile.candidates) > MAX_CANDIDATES:
        raise InputError(
            _("{file} has {n} candidates; buurt counts at most {max} candidates.").format(
                file=os.fspath(path), n=len(profile.candidates), max=MAX_CANDIDATES
            )
        )
    if seats > len(profile.candidates):
        raise InputError(
            _("{file}: --seats {seats} is more than the number of candidates ({n}).").format(
                file=os.fspath(path), seats=seats, n=len(profile.candidates)
            ),
            field="seats",
        )
    try:
        return count(
            profile,
            method,
            seats,
            tie_break="lot" if tie_break == "lot" else "none",
            seed=seed,
            balance_groups=balance_groups,
        )
    except VotingError as error:
        raise InputError(say(error.message)) from None


def tally_json(result: Result) -> dict[str, object]:
    """The JSON object of `buurt tally --json`: the engine's stored form of the result (so
    `Result.from_dict` reads it back), with every sentence also in the current language."""
    data = result.to_dict()
    explanation = data["explanation"]
    assert isinstance(explanation, dict)
    explanation["text"] = [say(line) for line in result.explanation.lines]
    data["method_name"] = method_name(result.method)
    return data


def tally_text(result: Result) -> str:
    """The plain-text report of `buurt tally`, in the current language."""
    out: list[str] = []
    out.append(
        _("{method}: {ballots}, {candidates}, {seats}.").format(
            method=method_name(result.method),
            ballots=ngettext("{n} ballot", "{n} ballots", result.ballots).format(n=result.ballots),
            candidates=ngettext("{n} candidate", "{n} candidates", len(result.candidates)).format(
                n=len(result.candidates)
            ),
            seats=ngettext("{n} seat", "{n} seats", result.seats).format(n=result.seats),
        )
    )
    out.append(_("Digest of the ballots: {digest}").format(digest=result.digest))
    out.append("")
    out.extend(_order_table(result))
    out.append("")
    if len(result.winners) == result.seats:
        out.append(_("Winners: {names}").format(names=", ".join(result.winners)))
    else:
        out.append(
            ngettext(
                "Winners: {names} ({missing} seat undecided: a tie was left open)",
                "Winners: {names} ({missing} seats undecided: a tie was left open)",
                result.seats - len(result.winners),
            ).format(
                names=", ".join(result.winners) or "-",
                missing=result.seats - len(result.winners),
            )
        )
    if result.ties:
        out.append("")
        out.append(_("Ties:"))
        for tie in result.ties:
            out.append("  " + _tie_line(tie.where, tie.tied, tie.rule, tie.seed, tie.order))
    out.append("")
    out.append(_("Explanation:"))
    out.extend("  " + say(line) for line in result.explanation.lines)
    tables = _method_tables(result)
    if tables:
        out.append("")
        out.extend(tables)
    return "\n".join(out) + "\n"


def _tie_line(
    where: Message,
    tied: Sequence[str],
    rule: str,
    seed: str | None,
    order: Sequence[str] | None,
) -> str:
    text = _("{where}: {names} tied; {rule}").format(
        where=say(where), names=", ".join(tied), rule=tie_rule(rule)
    )
    if order is not None:
        text += "; " + _("order: {order}").format(order=" > ".join(order))
    if seed is not None:
        text += "; " + _("seed: {seed}").format(seed=seed)
    return text + "."


def _order_table(result: Result) -> list[str]:
    winners = set(result.winners)
    rows: list[list[str]] = []
    place = 1
    for tier in result.ranking:
        places = str(place) if len(tier) == 1 else f"{place}-{place + len(tier) - 1}"
        for name in tier:
            mark = _("winner") if name in winners else ""
            if len(tier) > 1:
                mark = (mark + " " + _("(tied)")).strip()
            rows.append([places, name, mark])
            places = ""
        place += len(tier)
    return _table([_("Place"), _("Candidate"), ""], rows)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded to their widest cell; numbers (and places) right-aligned."""
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)
    ]

    def line(cells: Sequence[str], header: bool = False) -> str:
        parts = []
        for i, cell in enumerate(cells):
            numeric = not header and _numeric(cell)
            parts.append(cell.rjust(widths[i]) if numeric else cell.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    return [line(headers, header=True), line(["-" * w for w in widths], header=True)] + [
        line(row) for row in rows
    ]


def _numeric(cell: str) -> bool:
    return bool(cell) and cell.lstrip("~-").replace(".", "").replace("-", "").isdigit()


def _num(value: Number | None) -> str:
    return "" if value is None else show(value)


def _method_tables(result: Result) -> list[str]:
    tables = result.explanation.tables
    names = list(result.candidates)
    out: list[str] = []
    if result.method in ("schulze", "ranked-pairs") and len(names) <= MATRIX_LIMIT:
        out.append(_("Pairwise comparisons (row candidate ranked above column candidate):"))
        out.extend(_matrix(names, tables.pairwise))
        if result.method == "schulze":
            out.append("")
            out.append(_("Strongest paths (row candidate to column candidate):"))
            out.extend(_matrix(names, tables.strongest_paths))
    elif result.method in ("schulze", "ranked-pairs"):
        out.append(
            _("The pairwise table has {count} columns: see --json.").format(count=len(names))
        )
    if result.method == "borda" and tables.scores:
        out.append(_("Borda scores:"))
        rows = [[name, _num(tables.scores.get(name))] for name in names]
        out.extend(_table([_("Candidate"), _("Points")], rows))
    if result.method == "irv":
        out.extend(_irv_tables(tables.runs[: result.seats]))
    if result.method == "stv":
        out.extend(_stv_table(names, tables))
    return out


def _matrix(names: Sequence[str], matrix: Matrix) -> list[str]:
    if not matrix:
        return []
    rows = [[name, *(_num(v) for v in row)] for name, row in zip(names, matrix, strict=False)]
    return _table(["", *names], rows)


def _irv_tables(runs: Sequence[Run]) -> list[str]:
    out: list[str] = []
    for run in runs:
        out.append(_("Votes per round, count for place {place}:").format(place=run.place))
        headers = [_("Candidate")] + [
            _("round {round}").format(round=i) for i in range(1, len(run.rounds) + 1)
        ]
        rows = [
            [name, *(_num(rnd.votes.get(name)) for rnd in run.rounds)] for name in run.candidates
        ]
        exhausted = [_("exhausted")] + [_num(rnd.exhausted) for rnd in run.rounds]
        out.extend(_table(headers, [*rows, exhausted]))
        out.append("")
    return out


def _stv_table(names: Sequence[str], tables: Tables) -> list[str]:
    if not tables.stages:
        return []
    out = [_("Votes per stage (quota {quota}):").format(quota=_num(tables.quota))]
    headers = [_("Candidate")] + [
        _("stage {stage}").format(stage=i) for i in range(1, len(tables.stages) + 1)
    ]
    rows = [[name, *(_num(stage.votes.get(name)) for stage in tables.stages)] for name in names]
    lost = [_("non-transferable at this stage")] + [
        _num(stage.non_transferable) for stage in tables.stages
    ]
    out.extend(_table(headers, [*rows, lost]))
    return out
