"""IRV's ballot counter on a numpy table of ranks (see `buurt.voting.fast`): the same rules as
`buurt.voting.irv.Piles`, in whole-number array arithmetic, for large ballot files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from buurt.voting.entries import Number

if TYPE_CHECKING:
    from buurt.voting.fast import Table

UNRANKED = 65535


@dataclass(slots=True, eq=False)
class TableTally:
    """IRV's ballot counter for a table (see `buurt.voting.irv.Piles`, same rules).

    Each row's vote is split equally among its best-ranked continuing candidates. Votes are
    kept as whole numbers times `scale` (a multiple of every possible split), so all sums are
    exact; `tally` and `exhausted` give them back as int or Fraction.
    """

    positions: Any  # (rows, candidates) uint16 ranks, unranked = UNRANKED
    counts: Any  # (rows,) int64
    scale: int
    alive: Any  # (candidates,) bool
    best: Any  # (rows,) best continuing rank of each row (UNRANKED: exhausted)
    share: Any  # (rows,) scaled vote of the row for each of its best candidates
    votes: Any  # (candidates,) scaled votes
    spent: int  # scaled exhausted votes
    top: Any  # (rows,) the one best candidate of each row, when no row has a tie (scale 1)

    @classmethod
    def start(cls, table: Table) -> TableTally | None:
        """Everyone continuing; None when the scaled sums could overflow 63 bits."""
        import numpy as np

        ranks = table.ranks
        positions = np.where(ranks == 0, UNRANKED, ranks).astype(np.uint16)
        nonzero = np.count_nonzero(ranks, axis=1)
        widest = 1
        if bool(np.any(ranks.max(axis=1) != nonzero)):  # some row has a tie
            for r in range(1, int(ranks.max()) + 1):
                widest = max(widest, int(np.count_nonzero(ranks == r, axis=1).max()))
        scale = math.lcm(*range(1, widest + 1))
        if scale * table.total >= 2**62:
            return None
        n = ranks.shape[1]
        counter = cls(
            positions=positions,
            counts=table.counts,
            scale=scale,
            alive=np.ones(n, dtype=bool),
            best=np.full(len(ranks), UNRANKED, dtype=np.uint16),
            share=np.zeros(len(ranks), dtype=np.int64),
            votes=np.zeros(n, dtype=np.int64),
            spent=0,
            top=np.full(len(ranks), -1, dtype=np.int64),
        )
        counter._assign(np.arange(len(ranks)))
        return counter

    def restricted(self, alive: Sequence[int]) -> TableTally:
        """A fresh counter (a copy) with only `alive` continuing."""
        import numpy as np

        copy = TableTally(
            self.positions,
            self.counts,
            self.scale,
            self.alive.copy(),
            self.best.copy(),
            self.share.copy(),
            self.votes.copy(),
            self.spent,
            self.top.copy(),
        )
        keep = np.zeros(len(self.alive), dtype=bool)
        keep[list(alive)] = True
        copy._drop(np.flatnonzero(self.alive & ~keep))
        return copy

    def _per_candidate(self, rows: Any, best: Any, share: Any) -> Any:
        """Scaled votes per candidate of `rows` (none exhausted), each giving `share` to every
        candidate ranked `best` on it."""
        import numpy as np

        n = len(self.votes)
        if self.scale == 1:  # no ties: each row has one best candidate
            at_row, candidate = np.arange(len(rows)), self.top[rows]
        else:
            at_row, candidate = np.nonzero(self.positions[rows] == best[:, None])
        if self.scale * int(self.counts.sum()) < 2**53:  # float sums of whole numbers: exact
            summed = np.bincount(candidate, weights=share[at_row], minlength=n)
            return np.rint(summed).astype(np.int64)
        totals = np.zeros(n, dtype=np.int64)  # pragma: no cover - astronomically many ballots
        np.add.at(totals, candidate, share[at_row])
        return totals

    def _assign(self, rows: Any) -> tuple[Any, int]:
        """(Re)give `rows` to their best continuing candidates; returns votes added, exhausted."""
        import numpy as np

        sub = np.take(self.positions, rows, axis=0)
        np.maximum(sub, np.where(self.alive, 0, UNRANKED).astype(np.uint16), out=sub)
        if self.scale == 1:
            top = sub.argmin(axis=1)
            best = sub[np.arange(len(rows)), top]
        else:
            best = sub.min(axis=1)
        counts = self.counts[rows]
        live = best != UNRANKED
        gone = int(counts[~live].sum()) * self.scale
        rows, best, counts = rows[live], best[live], counts[live]
        if self.scale == 1:
            self.top[rows] = top[live]
            share = counts
        else:
            k = np.count_nonzero(sub[live] == best[:, None], axis=1)
            share = counts * self.scale // k
        added = self._per_candidate(rows, best, share)
        self.best[rows] = best
        self.share[rows] = share
        self.votes += added
        self.spent += gone
        return added, gone

    def _drop(self, out: Any) -> tuple[Any, int]:
        import numpy as np

        if len(out) == 0:
            return np.zeros_like(self.votes), 0
        if self.scale == 1:
            leaving = np.zeros(len(self.votes) + 1, dtype=bool)  # the extra slot is top -1
            leaving[out] = True
            rows = np.flatnonzero(leaving[self.top])
        else:
            holding = (self.positions[:, out] == self.best[:, None]).any(axis=1)
            rows = np.flatnonzero(holding & (self.best != UNRANKED))
        taken = self._per_candidate(rows, self.best[rows], self.share[rows])
        self.votes -= taken
        self.best[rows] = UNRANKED
        self.share[rows] = 0
        self.top[rows] = -1
        self.alive[out] = False
        added, gone = self._assign(rows)
        return added - taken, gone

    def _value(self, scaled: int) -> Number:
        whole, rest = divmod(scaled, self.scale)
        return whole if rest == 0 else Fraction(scaled, self.scale)

    @property
    def tally(self) -> dict[int, Number]:
        votes = self.votes.tolist()
        return {c: self._value(votes[c]) for c in self.alive.nonzero()[0].tolist()}

    @property
    def exhausted(self) -> Number:
        return self._value(self.spent)

    def eliminate(self, out: Sequence[int]) -> dict[int, Number]:
        import numpy as np

        gained, gone = self._drop(np.array(list(out), dtype=np.int64))
        moved: dict[int, Number] = {
            c: self._value(v) for c, v in enumerate(gained.tolist()) if v and self.alive[c]
        }
        if gone:
            moved[-1] = self._value(gone)
        return moved
