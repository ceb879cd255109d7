"""Borda count for weak and truncated orders.

Source: J.-C. de Borda, "Mémoire sur les élections au scrutin" (1781); for ties the averaged
("symmetric") score of Z. Terzopoulou and U. Endriss, "The Borda class", Journal of
Mathematical Economics 92 (2021) 31-40, which pref_voting computes as `symmetric_borda_scores`
(that score, below minus above, is an affine function of this one, so the order is the same).

Definition. On each ballot a candidate gets 1 point for every candidate ranked below them and
1/2 point for every candidate tied with them. Unranked candidates are tied with each other
below every ranked candidate. A candidate's score is the weighted sum over all ballots; the
order is by score, equal scores tied.

Computed from the pairwise matrix: against each other candidate b, a ballot gives a 1 point if
it ranks a above b, 1/2 if it ties them, 0 otherwise; summed over the ballots of total weight W
that is N[a][b] + (W - N[a][b] - N[b][a]) / 2. So a's score is the sum over b of
(W + N[a][b] - N[b][a]) / 2.
"""

from __future__ import annotations

from fractions import Fraction

from buurt.voting.ballots import Electorate, Number
from buurt.voting.messages import N_, Message, names, points
from buurt.voting.pairwise import pairwise
from buurt.voting.result import Explanation, Outcome, show
from buurt.voting.ties import TieBreaker


def borda(electorate: Electorate, breaker: TieBreaker) -> Outcome:
    """Count `electorate` by the Borda count; the order is by score."""
    del breaker  # Borda decides nothing within the count; equal scores stay tiers.
    names_ = electorate.candidates
    n = len(names_)
    matrix = pairwise(electorate)
    total = electorate.total_weight
    scores: list[Number] = []
    for a in range(n):
        doubled = sum((total + matrix[a][b] - matrix[b][a] for b in range(n) if b != a), 0)
        score = Fraction(doubled) / 2
        scores.append(score.numerator if score.denominator == 1 else score)
    order = [
        tuple(names_[c] for c in range(n) if scores[c] == value)
        for value in sorted(set(scores), reverse=True)
    ]
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
                N_("Place {place}: {names} with {score}."),
                {
                    "place": place,
                    "names": names(tier),
                    "score": points(show(scores[names_.index(tier[0])])),
                },
            )
        )
    data: dict[str, object] = {
        "candidates": list(names_),
        "scores": {names_[c]: scores[c] for c in range(n)},
    }
    return Outcome(tuple(order), (), Explanation(tuple(lines), data))
