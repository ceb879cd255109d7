"""The vote section of the minutes: the method in words, scores, the head-to-head table,
ties and how they were decided.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from buurt.db.enums import Eligibility, VoteMethod, VoteStatus
from buurt.db.models import Vote
from buurt.i18n import N_, _, get_language
from buurt.minutes import model as m
from buurt.services.labels import label_of
from buurt.services.minutes.record import Record

# How each method works, in words a resident can follow (the engine's own sentence is longer).
METHOD_TEXT = {
    VoteMethod.SCHULZE.value: N_(
        "Every pair of candidates is compared head to head on all ballots; a candidate comes "
        "first when no other candidate beats them, directly or through a chain of wins."
    ),
    VoteMethod.RANKED_PAIRS.value: N_(
        "Every pair of candidates is compared head to head on all ballots; the clearest wins "
        "are fixed first, and the order follows from the wins that were fixed."
    ),
    VoteMethod.BORDA.value: N_(
        "On each ballot a candidate gets one point for every candidate ranked below it "
        "(half a point for a tie); the most points come first."
    ),
    VoteMethod.IRV.value: N_(
        "For each place, the candidate with the fewest first choices drops out and those "
        "ballots go to their next choice, until one candidate has a majority."
    ),
    VoteMethod.STV.value: N_(
        "Single transferable vote (Scottish rules): a candidate who reaches the quota is "
        "elected; surplus votes and the votes of excluded candidates go to the next choice."
    ),
}
SCORE_LABEL = {
    VoteMethod.SCHULZE.value: N_("Head-to-head wins"),
    VoteMethod.RANKED_PAIRS.value: N_("Head-to-head wins"),
    VoteMethod.BORDA.value: N_("Points"),
}
TIE_RULES = {
    "lot": N_("by lot"),
    "casting": N_("by the chair's casting vote"),
    "earlier-rounds": N_("by the earlier rounds"),
    "none": N_("left open"),
}
# Engine sentences the minutes leave out: they repeat the order table, or are per-pair detail
# that anyone can recompute from the ballots and the digest.
_DETAIL_TEMPLATES = ("Place {place}:", "{winner} to {other}:", "Locked: {winner}")


def _number(value: object) -> Fraction:
    if isinstance(value, dict) and "fraction" in value:
        return Fraction(str(value["fraction"]))
    if isinstance(value, int | float | str):
        return Fraction(str(value))
    return Fraction(0)


def _show(value: Fraction) -> str:
    from buurt import voting  # only minutes with a vote need the engine

    text = voting.show(value)
    return text.replace(".", ",") if get_language() == "nl" else text


def _scores(method: str, data: dict[str, Any], candidates: list[str]) -> dict[str, str]:
    if method == VoteMethod.BORDA.value and isinstance(data.get("scores"), dict):
        return {name: _show(_number(v)) for name, v in data["scores"].items()}
    matrix = data.get("pairwise")
    names = data.get("candidates", candidates)
    if method in SCORE_LABEL and isinstance(matrix, list) and isinstance(names, list):
        wins = {}
        for i, name in enumerate(names):
            wins[str(name)] = str(
                sum(
                    1
                    for j in range(len(names))
                    if i != j and _number(matrix[i][j]) > _number(matrix[j][i])
                )
            )
        return wins
    return {}


MATRIX_LIMIT = 10  # a head-to-head table wider than this does not fit a page


def _matrix(
    method: str, data: dict[str, Any], ranking: list[str]
) -> tuple[list[str], list[list[str]]]:
    """The pairwise table of a Schulze or Ranked Pairs count, rows and columns in the order of
    the result: cell (i, j) is how many ballots put candidate i above candidate j."""
    matrix = data.get("pairwise")
    names = data.get("candidates")
    if (
        method not in SCORE_LABEL
        or method == VoteMethod.BORDA.value
        or not isinstance(matrix, list)
        or not isinstance(names, list)
        or len(names) > MATRIX_LIMIT
    ):
        return [], []
    index = {str(name): i for i, name in enumerate(names)}
    order = [name for name in ranking if name in index]
    rows = []
    for row in order:
        cells = []
        for column in order:
            value = matrix[index[row]][index[column]]
            cells.append("" if row == column or value is None else _show(_number(value)))
        rows.append(cells)
    return order, rows


def _message(raw: object) -> str:
    if isinstance(raw, dict) and "template" in raw:
        from buurt import voting

        return voting.Message.from_dict(raw).render(_)
    return str(raw or "")


def _vote(record: Record, vote: Vote) -> m.VoteRecord:
    people = record.people
    result: dict[str, Any] = json.loads(vote.result_json) if vote.result_json else {}
    method = str(result.get("method", vote.method))
    explanation = result.get("explanation") or {}
    data = explanation.get("data") or {}
    candidates = [str(c) for c in result.get("candidates", [])]
    scores = _scores(method, data, candidates)
    order = []
    place = 1
    for tier in result.get("ranking", []):
        names = [str(n) for n in tier]
        order.append(
            m.Place(
                place=place,
                names=[people.text(n) for n in names],
                score=scores.get(names[0], "") if names else "",
            )
        )
        place += len(names)
    matrix_names, matrix = _matrix(
        method, data, [str(n) for tier in result.get("ranking", []) for n in tier]
    )
    summary = [
        people.text(_message(line))
        for line in (explanation.get("lines") or [])[1:]
        if not str(line.get("template", "")).startswith(_DETAIL_TEMPLATES)
    ]
    ties = [
        m.TieNote(
            tied=[people.text(str(n)) for n in tie.get("tied", [])],
            rule=str(tie.get("rule", "")),
            rule_label=_(TIE_RULES.get(str(tie.get("rule", "")), str(tie.get("rule", "")))),
            where=people.text(_message(tie.get("where"))),
            seed=str(tie.get("seed") or ""),
            order=[people.text(str(n)) for n in tie.get("order") or []],
        )
        for tie in result.get("ties", [])
    ]
    return m.VoteRecord(
        title=people.text(vote.title),
        method=method,
        method_label=label_of(VoteMethod, method),
        method_text=_(METHOD_TEXT.get(method, "")) if method in METHOD_TEXT else "",
        seats=int(result.get("seats", vote.seats)),
        ballots=int(result.get("ballots", 0)),
        secret=vote.secret,
        paper=vote.double_entry,
        balance_groups=vote.balance_groups,
        eligibility_label=label_of(Eligibility, vote.eligibility),
        quorum_present=vote.quorum_present,
        quorum_members=vote.quorum_members,
        quorum_required=vote.quorum_required,
        order=order,
        score_label=_(SCORE_LABEL[method]) if method in SCORE_LABEL else "",
        matrix_names=[people.text(n) for n in matrix_names],
        matrix=matrix,
        summary=summary,
        ties=ties,
        winners=[people.text(str(w)) for w in result.get("winners", [])],
        digest=str(result.get("digest", vote.digest)),
        engine_version=str(result.get("engine_version", vote.engine_version)),
        status=vote.status,
        status_label=label_of(VoteStatus, vote.status),
    )
