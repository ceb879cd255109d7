"""The vote section of the minutes: the method in words, scores, the head-to-head table,
ties and how they were decided.
"""

from __future__ import annotations

from buurt import voting
from buurt.db.enums import Eligibility, VoteMethod, VoteStatus
from buurt.db.models import Vote
from buurt.i18n import get_language
from buurt.minutes import model as m
from buurt.services.labels import label_of
from buurt.services.minutes.record import Record
from buurt.services.vote_words import SCORE_LABEL, method_in_words, score_label, tie_rule
from buurt.services.votes import engine_message, stored_result
from buurt.voting.ballots import Number

# Engine sentences the minutes leave out: they repeat the order table, or are per-pair detail
# that anyone can recompute from the ballots and the digest.
_DETAIL_TEMPLATES = ("Place {place}:", "{winner} to {other}:", "Locked: {winner}")


def _show(value: Number) -> str:
    text = voting.show(value)
    return text.replace(".", ",") if get_language() == "nl" else text


def _scores(method: str, tables: voting.Tables) -> dict[str, str]:
    if method == VoteMethod.BORDA.value:
        return {name: _show(value) for name, value in tables.scores.items()}
    matrix = tables.pairwise
    if method in SCORE_LABEL and matrix:
        return {
            name: str(
                sum(
                    1
                    for j in range(len(tables.candidates))
                    if i != j and (matrix[i][j] or 0) > (matrix[j][i] or 0)
                )
            )
            for i, name in enumerate(tables.candidates)
        }
    return {}


MATRIX_LIMIT = 10  # a head-to-head table wider than this does not fit a page


def _matrix(
    method: str, tables: voting.Tables, ranking: list[str]
) -> tuple[list[str], list[list[str]]]:
    """The pairwise table of a Schulze or Ranked Pairs count, rows and columns in the order of
    the result: cell (i, j) is how many ballots put candidate i above candidate j."""
    matrix = tables.pairwise
    if (
        method not in SCORE_LABEL
        or method == VoteMethod.BORDA.value
        or not matrix
        or len(tables.candidates) > MATRIX_LIMIT
    ):
        return [], []
    index = {name: i for i, name in enumerate(tables.candidates)}
    order = [name for name in ranking if name in index]
    rows = []
    for row in order:
        cells = []
        for column in order:
            value = matrix[index[row]][index[column]]
            cells.append("" if row == column or value is None else _show(value))
        rows.append(cells)
    return order, rows


def _vote(record: Record, vote: Vote) -> m.VoteRecord:
    people = record.people
    result = stored_result(vote)
    method = result.method
    tables = result.explanation.tables
    scores = _scores(method, tables)
    order = []
    place = 1
    for tier in result.ranking:
        names = list(tier)
        order.append(
            m.Place(
                place=place,
                names=[people.text(n) for n in names],
                score=scores.get(names[0], "") if names else "",
            )
        )
        place += len(names)
    matrix_names, matrix = _matrix(method, tables, [n for tier in result.ranking for n in tier])
    summary = [
        people.text(engine_message(line))
        for line in result.explanation.lines[1:]
        if not line.template.startswith(_DETAIL_TEMPLATES)
    ]
    ties = [
        m.TieNote(
            tied=[people.text(n) for n in tie.tied],
            rule=tie.rule,
            rule_label=tie_rule(tie.rule),
            where=people.text(engine_message(tie.where)),
            seed=tie.seed or "",
            order=[people.text(n) for n in tie.order or []],
        )
        for tie in result.ties
    ]
    return m.VoteRecord(
        title=people.text(vote.title),
        method=method,
        method_label=label_of(VoteMethod, method),
        method_text=method_in_words(method),
        seats=result.seats,
        ballots=result.ballots,
        secret=vote.secret,
        paper=vote.double_entry,
        balance_groups=vote.balance_groups,
        eligibility_label=label_of(Eligibility, vote.eligibility),
        quorum_present=vote.quorum_present,
        quorum_members=vote.quorum_members,
        quorum_required=vote.quorum_required,
        order=order,
        score_label=score_label(method),
        matrix_names=[people.text(n) for n in matrix_names],
        matrix=matrix,
        summary=summary,
        ties=ties,
        winners=[people.text(w) for w in result.winners],
        digest=result.digest,
        engine_version=result.engine_version,
        status=vote.status,
        status_label=label_of(VoteStatus, vote.status),
    )
