"""Ranked Pairs (Tideman), with margins.

Source: T. N. Tideman, "Independence of clones as a criterion for voting rules", Social
Choice and Welfare 4 (1987) 185-206; as `ranked_pairs` / `ranked_pairs_tb` in pref_voting.

Definition. Every pair (a, b) with a positive margin (more ballots rank a above b than the
reverse) is taken in order of decreasing margin and locked in, unless it would contradict the
pairs already locked (b already reaches a through locked pairs): then it is skipped. The order
of the locked graph is the result; its candidates with nothing locked above them win.

Equal margins. When the pairs of one margin that do not contradict the locked pairs form no
cycle with them, every order locks them all. Otherwise the order of the pairs on such a cycle is
a tie between their candidates: it is decided by the casting vote or by lot (as Tideman's
tie-breaking ranking of candidates: the pairs are then taken in order of the ranking of their
winner, then of their loser, as `ranked_pairs_tb` does), or, with tie-break `none`, the pairs on
a cycle are left unlocked (the others are locked, as every order would) and the tie is
reported.

Full order: tiers of the locked graph, peeled from the top (a tier is every remaining candidate
that no remaining candidate reaches through locked pairs).
"""

from __future__ import annotations

from buurt.voting.ballots import Electorate, Number
from buurt.voting.messages import N_, Message, names
from buurt.voting.pairwise import pairwise
from buurt.voting.result import Explanation, Outcome, show
from buurt.voting.ties import TieBreaker, TieRecord


def ranked_pairs(electorate: Electorate, breaker: TieBreaker) -> Outcome:
    """Count `electorate` by Ranked Pairs with margins."""
    names_ = electorate.candidates
    n = len(names_)
    matrix = pairwise(electorate)
    by_margin: dict[Number, list[tuple[int, int]]] = {}
    for a in range(n):
        for b in range(n):
            if matrix[a][b] > matrix[b][a]:
                by_margin.setdefault(matrix[a][b] - matrix[b][a], []).append((a, b))

    reach = [0] * n  # reach[x]: bitmask of candidates x reaches through locked pairs
    ties: list[TieRecord] = []
    pairs: list[dict[str, object]] = []
    lines = [
        Message(
            N_(
                "Ranked Pairs: pairs of candidates are taken from the largest margin down; "
                "each is locked in unless it contradicts the pairs already locked."
            )
        )
    ]

    def contradicts(a: int, b: int, graph: list[int]) -> bool:
        return bool(graph[b] >> a & 1)

    def lock(a: int, b: int, graph: list[int]) -> None:
        if graph[a] >> b & 1:
            return  # a already reaches b: the graph is closed, nothing new is reached
        gained = graph[b] | 1 << b
        for x in range(n):
            if x == a or graph[x] >> a & 1:
                graph[x] |= gained

    def note(a: int, b: int, margin: Number, outcome: str) -> None:
        pairs.append(
            {
                "winner": names_[a],
                "loser": names_[b],
                "margin": margin,
                "for": matrix[a][b],
                "against": matrix[b][a],
                "outcome": outcome,
            }
        )
        params: dict[str, str | int] = {
            "winner": names_[a],
            "loser": names_[b],
            "margin": show(margin),
        }
        if outcome == "locked":
            template = N_("Locked: {winner} over {loser} (margin {margin}).")
        elif outcome == "skipped":
            template = N_(
                "Skipped: {winner} over {loser} (margin {margin}) contradicts pairs already locked."
            )
        else:
            template = N_(
                "Not locked: {winner} over {loser} (margin {margin}); the order of equal "
                "margins on a cycle is a tie left open."
            )
        lines.append(Message(template, params))

    for margin in sorted(by_margin, reverse=True):
        group = by_margin[margin]
        free = [(a, b) for a, b in group if not contradicts(a, b, reach)]
        everything = list(reach)  # the locked pairs plus every free pair of this margin
        for a, b in free:
            lock(a, b, everything)
        cyclic = [(a, b) for a, b in free if contradicts(a, b, everything)]
        if cyclic:
            involved = sorted({c for pair in cyclic for c in pair})
            decided, record = breaker.record(
                "ranked-pairs",
                Message(
                    N_("the order of the pairs with margin {margin} among {names}"),
                    {"margin": show(margin), "names": names(names_[c] for c in involved)},
                ),
                [names_[c] for c in involved],
            )
            ties.append(record)
            if decided is None:
                # Lock what every order would lock (pairs on no cycle); leave the rest open.
                for a, b in group:
                    if (a, b) in cyclic:
                        note(a, b, margin, "open")
                    elif contradicts(a, b, reach):
                        note(a, b, margin, "skipped")
                    else:
                        lock(a, b, reach)
                        note(a, b, margin, "locked")
                continue
            place = {names_.index(name): i for i, name in enumerate(decided)}
            group = sorted(group, key=lambda pair: (place.get(pair[0], n), place.get(pair[1], n)))
        for a, b in group:
            if contradicts(a, b, reach):
                note(a, b, margin, "skipped")
            else:
                lock(a, b, reach)
                note(a, b, margin, "locked")

    order: list[tuple[str, ...]] = []
    remaining = list(range(n))
    while remaining:
        tier = [c for c in remaining if not any(reach[x] >> c & 1 for x in remaining)]
        order.append(tuple(names_[c] for c in tier))
        remaining = [c for c in remaining if c not in tier]
    lines.append(
        Message(
            N_("Order of the locked pairs: {order}."),
            {"order": " > ".join(names(t) if len(t) == 1 else "(" + names(t) + ")" for t in order)},
        )
    )
    data: dict[str, object] = {
        "candidates": list(names_),
        "pairwise": [[None if a == b else matrix[a][b] for b in range(n)] for a in range(n)],
        "pairs": pairs,
    }
    return Outcome(tuple(order), tuple(ties), Explanation(tuple(lines), data))
