"""The pairwise matrix: for every ordered pair (a, b), the weight of ballots ranking a above b.

A ranked candidate is above every unranked one; unranked candidates are tied with each other
(pref_voting's "extended strict preference"). The matrix is built from the distinct ballots
with integer counts, one matrix per ballot weight (so exact even with balanced groups), then
combined: N = sum over weights w of w * N_w.

For ranked a, `N[a][b] = R[a] - Q[b][a]`, where `R[a]` counts the ballots ranking a and
`Q[b][a]` the ballots ranking both with b at or above a. Only pairs of ranked candidates are
visited, so a ballot ranking k candidates costs about k*k/2 steps, however many candidates
there are. Large files read into a numpy table are counted by `buurt.voting.fast.pairwise`,
which computes the same integers column by column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from buurt.voting import fast
from buurt.voting.ballots import Electorate, Number, Ranking

Matrix = list[list[Number]]


def integer_pairwise(n: int, ballots: Iterable[tuple[Ranking, int]]) -> list[list[int]]:
    """N[a][b]: the number of ballots (with counts) ranking a strictly above b."""
    ranked = [0] * n
    q = [0] * (n * n)  # q[b * n + a]: ballots ranking b at or above a, both ranked, b != a
    for ranking, count in ballots:
        above: list[int] = []  # b * n for every candidate b ranked so far (this tier included)
        for tier in ranking:
            above.extend(b * n for b in tier)
            for a in tier:
                ranked[a] += count
                for b_row in above:
                    q[b_row + a] += count
                q[a * n + a] -= count  # the loop above counted a against itself
    return [[ranked[a] - q[b * n + a] if a != b else 0 for b in range(n)] for a in range(n)]


def pairwise(electorate: Electorate) -> Matrix:
    """The weighted pairwise matrix of `electorate` (exact: ints, or Fractions if weighted)."""
    n = len(electorate.candidates)
    if electorate.table is not None:
        return [list(row) for row in fast.pairwise(electorate.table)]
    by_weight: dict[Number, list[tuple[Ranking, int]]] = {}
    for ranking, count, weight in electorate.ballots:
        by_weight.setdefault(weight, []).append((ranking, count))
    total: Matrix = [[0] * n for _ in range(n)]
    for weight, ballots in by_weight.items():
        part = integer_pairwise(n, ballots)
        for a in range(n):
            row, add = total[a], part[a]
            for b in range(n):
                if add[b]:
                    row[b] += weight * add[b]
    return [[_plain(v) for v in row] for row in total]


def margins(matrix: Sequence[Sequence[Number]]) -> Matrix:
    """M[a][b] = N[a][b] - N[b][a]."""
    n = len(matrix)
    return [[matrix[a][b] - matrix[b][a] for b in range(n)] for a in range(n)]


def _plain(value: Number) -> Number:
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return value
