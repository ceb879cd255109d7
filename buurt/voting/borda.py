"""Borda count for weak and truncated orders.

Source: J.-C. de Borda, "Mémoire sur les élections au scrutin" (1781); for ties the averaged
("symmetric") score of Z. Terzopoulou and U. Endriss, "The Borda class", Journal of
Mathematical Economics 92 (2021) 31-40, which pref_voting computes as `symmetric_borda_scores`
(that score, below minus above, is an affine function of this one, so the order is the same).

Definition. On each ballot a candidate gets 1 point for every candidate ranked below them and
1/2 point for every candidate tied with them. Unranked candidates are tied with each other
below every ranked candidate. A candidate's score is the weighted sum over all ballots; the
order is by score, equal scores tied.
"""

from __future__ import annotations

from fractions import Fraction

from buurt.voting.ballots import Electorate, Number, Ranking
from buurt.voting.messages import N_, Message, names
from buurt.voting.result import Explanation, Outcome, show
from buurt.voting.ties import TieBreaker


def doubled_scores(n: int, ballots: list[tuple[Ranking, int]]) -> list[int]:
    """Twice the Borda scores (whole numbers) of ballots with integer counts."""
    doubled = [0] * n
    everyone_unranked = 0  # added to every candidate; ranked ones get it taken off again
    for ranking, count in ballots:
        ranked = sum(len(tier) for tier in ranking)
        unranked = n - ranked
        bonus = count * (unranked - 1) if unranked else 0
        everyone_unranked += bonus
        below = n - ranked  # candidates below the current tier
        for tier in reversed(ranking):
            points = count * (2 * below + len(tier) - 1) - bonus
            for c in tier:
                doubled[c] += points
            below += len(tier)
    return [d + everyone_unranked for d in doubled]


def borda(electorate: Electorate, breaker: TieBreaker) -> Outcome:
    """Count `electorate` by the Borda count; the order is by score."""
    del breaker  # Borda decides nothing within the count; equal scores stay tiers.
    names_ = electorate.candidates
    n = len(names_)
    by_weight: dict[Number, list[tuple[Ranking, int]]] = {}
    for ranking, count, weight in electorate.ballots:
        by_weight.setdefault(weight, []).append((ranking, count))
    scores: list[Number] = [0] * n
    for weight, ballots in by_weight.items():
        for c, d in enumerate(doubled_scores(n, ballots)):
            scores[c] += Fraction(d, 2) * weight
    scores = [s.numerator if isinstance(s, Fraction) and s.denominator == 1 else s for s in scores]
    order: list[tuple[str, ...]] = []
    for value in sorted(set(scores), reverse=True):
        order.append(tuple(names_[c] for c in range(n) if scores[c] == value))
    lines = [
        Message(
            N_(
                "Borda count: on each ballot a candidate gets 1 point for every candidate "
                "ranked below them and 1/2 point for every candidate tied with them; unranked "
                "candidates are tied at the bottom."
            )
        )
    ]
    for place, tier in enumerate(order, start=1):
        lines.append(
            Message(
                N_("Place {place}: {names} with {score} points."),
                {
                    "place": place,
                    "names": names(tier),
                    "score": show(scores[names_.index(tier[0])]),
                },
            )
        )
    data: dict[str, object] = {
        "candidates": list(names_),
        "scores": {names_[c]: scores[c] for c in range(n)},
    }
    return Outcome(tuple(order), (), Explanation(tuple(lines), data))
