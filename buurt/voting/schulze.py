"""Schulze method (beat-path), with margins as link strength.

Source: Markus Schulze, "A new monotonic, clone-independent, reversal symmetric, and
Condorcet-consistent single-winner election method", Social Choice and Welfare 36 (2011)
267-303; as `beat_path` in pref_voting (Holliday and Pacuit).

Definition. The link from a to b has strength margin(a, b) when that margin is positive (more
ballots rank a above b than b above a), and there is no link otherwise. A path's strength is
its weakest link; p(a, b) is the strength of the strongest path from a to b (0: none). A
candidate a wins when p(a, b) >= p(b, a) for every other candidate b.

Full order: the winners form the first tier; the method is then run again on the remaining
candidates (paths only through them, i.e. on the ballots restricted to them), and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from buurt.voting import fast
from buurt.voting.ballots import Electorate, Number
from buurt.voting.messages import N_, Message, names
from buurt.voting.pairwise import Matrix, pairwise
from buurt.voting.result import Explanation, Outcome, show
from buurt.voting.ties import TieBreaker

Widest = Callable[[Sequence[Sequence[Number]], Sequence[int]], Matrix]


def strongest_paths(matrix: Sequence[Sequence[Number]], among: Sequence[int]) -> Matrix:
    """p[a][b] for a != b in `among` (Floyd-Warshall widest paths); 0 means no path.

    Cells outside `among` stay 0, so paths only run through `among`; the diagonal is
    meaningless.
    """
    n = len(matrix)
    p: Matrix = [[0] * n for _ in range(n)]
    for a in among:
        for b in among:
            if a != b and matrix[a][b] > matrix[b][a]:
                p[a][b] = matrix[a][b] - matrix[b][a]
    for k in among:
        pk = p[k]
        for a in among:
            via = p[a][k]
            if via and a != k:
                # a path a -> k -> b is as strong as its weaker half
                p[a] = [
                    x if x >= via or x >= y else min(via, y) for x, y in zip(p[a], pk, strict=True)
                ]
    return p


def winners(
    matrix: Sequence[Sequence[Number]], among: Sequence[int], widest: Widest = strongest_paths
) -> list[int]:
    """The Schulze winners among `among` (paths only through `among`)."""
    p = widest(matrix, among)
    return [a for a in among if all(p[a][b] >= p[b][a] for b in among if b != a)]


def schulze(electorate: Electorate, breaker: TieBreaker) -> Outcome:
    """Count `electorate` by the Schulze method; the full order by repeated winners."""
    del breaker  # Schulze decides nothing by lot within the count; ties stay tiers.
    names_ = electorate.candidates
    n = len(names_)
    matrix = pairwise(electorate)
    everyone = list(range(n))
    widest: Widest = strongest_paths
    if electorate.table is not None:  # a large file: numpy is loaded, counts are whole
        widest = fast.strongest_paths
    paths = widest(matrix, everyone)
    remaining = everyone
    order: list[tuple[str, ...]] = []
    steps: list[dict[str, object]] = []
    lines = [
        Message(
            N_(
                "Schulze method: each pair of candidates is compared on all ballots; the "
                "margin is how many more ballots rank one above the other. A path's strength "
                "is its weakest margin. A candidate wins when no other candidate has a "
                "stronger path to them than they have back."
            )
        )
    ]
    while remaining:
        tier = winners(matrix, remaining, widest) if len(remaining) > 1 else remaining
        order.append(tuple(names_[c] for c in tier))
        steps.append({"candidates": [names_[c] for c in remaining], "winners": list(order[-1])})
        lines.append(
            Message(
                N_("Place {place}: {names}."),
                {"place": len(steps), "names": names(order[-1])},
            )
        )
        remaining = [c for c in remaining if c not in tier]
    top = [names_.index(c) for c in order[0]]
    for a in top:
        for b in everyone:
            if b != a:
                lines.append(
                    Message(
                        N_("{winner} to {other}: strongest path {strength}, back {against}."),
                        {
                            "winner": names_[a],
                            "other": names_[b],
                            "strength": show(paths[a][b]),
                            "against": show(paths[b][a]),
                        },
                    )
                )
    diagonal = [[None if a == b else matrix[a][b] for b in everyone] for a in everyone]
    strongest = [[None if a == b else paths[a][b] for b in everyone] for a in everyone]
    data: dict[str, object] = {
        "candidates": list(names_),
        "pairwise": diagonal,
        "strongest_paths": strongest,
        "steps": steps,
    }
    return Outcome(tuple(order), (), Explanation(tuple(lines), data))
