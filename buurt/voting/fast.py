"""Vectorised paths for large ballot files, used only when numpy can be imported.

Nothing here changes a result: each function computes exactly what its pure-Python
counterpart computes (integer arithmetic throughout), only faster for 10,000s of ballots.
IRV's counter on a table, `TableTally`, lives in `fast_irv` (offered here too).
numpy is imported inside the functions, never when `buurt.voting` is imported.

A `Table` holds distinct ballots as a matrix of dense ranks: row = ballot, column = candidate
(in the profile's order), value = 1 for the best tier, 2 for the next, ..., 0 for unranked;
with one count per row. Tables carry no groups (files with a group column take the exact
pure-Python reader).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from buurt.voting.entries import Entry, canonical_header
from buurt.voting.fast_irv import TableTally

MIN_ROWS = 2_000  # below this many distinct ballots the pure-Python path is fast enough
CHUNK = 8_192  # distinct lines parsed at a time


def available() -> bool:
    """True when numpy can be imported."""
    try:
        import numpy  # noqa: F401
    except ImportError:  # pragma: no cover - numpy comes with the test tools
        return False
    return True


@dataclass(frozen=True, slots=True, eq=False)
class Table:
    """Distinct ballots as dense ranks (numpy uint16, rows x candidates) and counts (int64)."""

    ranks: Any
    counts: Any

    @property
    def total(self) -> int:
        return int(self.counts.sum())


def rank_table(body: bytes, n: int, sep: str) -> Table | None:
    """The ballots of a CSV body (the lines after the header) as a `Table`, or None when the
    body is not plain: only digits, separators and newlines, exactly `n` cells per line, no
    blank line, no rank 0, no number of more than 9 digits. The exact reader then handles the
    file (and names any error precisely). Identical lines are parsed once; the distinct ones
    in chunks, so memory stays a small multiple of the file."""
    import numpy as np

    body = body.rstrip(b"\n")
    if not body:
        return None
    lines = Counter(body.split(b"\n"))
    if b"" in lines or len(lines) < MIN_ROWS:
        return None
    m = len(lines)
    counts = np.fromiter(lines.values(), dtype=np.int64, count=m)
    distinct = list(lines)
    del lines
    dense = np.empty((m, n), dtype=np.uint16)
    changed = False
    for start in range(0, m, CHUNK):
        chunk = distinct[start : start + CHUNK]
        ranks = _cells(b"\n".join(chunk) + b"\n", len(chunk), n, ord(sep))
        if ranks is None:
            return None
        dense[start : start + len(chunk)], renumbered = _dense(ranks)
        changed = changed or renumbered
    if changed:
        dense, counts = _merge(dense, counts)
    return Table(dense, counts)


def _cells(blob: bytes, m: int, n: int, sep: int) -> Any:
    """The numbers of `m` lines of `n` cells each (0 for an empty cell), or None if not plain."""
    import numpy as np

    buf = np.frombuffer(blob, dtype=np.uint8)
    is_sep = (buf == sep) | (buf == 10)
    if not bool(np.all(is_sep | ((buf >= 48) & (buf <= 57)))):
        return None
    ends = np.flatnonzero(is_sep).astype(np.int32)
    if ends.size != m * n:
        return None
    newlines = buf[ends] == 10
    if int(np.count_nonzero(newlines)) != m or not bool(np.all(newlines[n - 1 :: n])):
        return None
    lengths = np.empty_like(ends)
    lengths[0] = ends[0]
    np.subtract(ends[1:], ends[:-1] + 1, out=lengths[1:])
    widest = int(lengths.max())
    if widest > 9:
        return None
    # a cell's last digit sits just before its separator, the one before that before it, ...
    values = np.zeros(ends.size, dtype=np.int32)
    scale = 1
    for back in range(1, widest + 1):
        digit = buf[np.maximum(ends - back, 0)].astype(np.int32) - 48
        values += np.where(lengths >= back, digit * scale, 0)
        scale *= 10
    if bool(np.any((values == 0) & (lengths > 0))):
        return None
    return values.reshape(m, n)


def _dense(ranks: Any) -> tuple[Any, bool]:
    """Rows renumbered 1, 2, 3, ... in order of their ranks (0 stays unranked)."""
    import numpy as np

    m, n = ranks.shape
    top = ranks.max(axis=1)
    if int(top.max()) <= 62:
        shifted = np.left_shift(np.uint64(1), ranks.astype(np.uint64))
        present = np.bitwise_or.reduce(shifted, axis=1) & ~np.uint64(1)
        wanted = np.left_shift(np.uint64(1), (top + 1).astype(np.uint64)) - np.uint64(2)
        loose = np.flatnonzero(present != wanted)
    else:
        loose = np.arange(m)
    dense = ranks.astype(np.uint16) if int(top.max()) < 65535 else np.zeros((m, n), np.uint16)
    if loose.size:
        unranked = np.iinfo(np.int64).max
        sub = ranks[loose].astype(np.int64)
        sub[sub == 0] = unranked
        order = np.argsort(sub, axis=1, kind="stable")
        ordered = np.take_along_axis(sub, order, axis=1)
        step = np.ones_like(ordered)
        step[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
        level = np.cumsum(step, axis=1)
        level[ordered == unranked] = 0
        renumbered = np.empty_like(level)
        np.put_along_axis(renumbered, order, level, axis=1)
        dense[loose] = renumbered.astype(np.uint16)
    return dense, bool(loose.size)


def _merge(ranks: Any, counts: Any) -> tuple[Any, Any]:
    """Identical rows merged, their counts added."""
    import numpy as np

    order = np.lexsort(ranks.T[::-1])
    ranks, counts = ranks[order], counts[order]
    new = np.ones(len(ranks), dtype=bool)
    new[1:] = np.any(ranks[1:] != ranks[:-1], axis=1)
    starts = np.flatnonzero(new)
    return ranks[starts], np.add.reduceat(counts, starts)


def entries(table: Table) -> tuple[Entry, ...]:
    """The table's ballots in index form (tiers of candidate indices)."""
    result: list[Entry] = []
    for row, count in zip(table.ranks.tolist(), table.counts.tolist(), strict=True):
        ranked = sorted((r, c) for c, r in enumerate(row) if r)
        tiers: list[list[int]] = []
        last = 0
        for r, c in ranked:
            if r == last:
                tiers[-1].append(c)
            else:
                tiers.append([c])
                last = r
        result.append(Entry(tuple(tuple(t) for t in tiers), None, int(count)))
    return tuple(result)


def pairwise(table: Table) -> list[list[int]]:
    """N[a][b]: ballots (with counts) ranking a strictly above b; unranked below ranked."""
    import numpy as np

    n = table.ranks.shape[1]
    small = n < 255  # compare one byte per cell when the ranks fit
    ranks = table.ranks.astype(np.uint8) if small else table.ranks
    lowest = np.iinfo(ranks.dtype).max
    positions = np.ascontiguousarray(np.where(ranks == 0, lowest, ranks).T)
    result = np.zeros((n, n), dtype=np.int64)
    single = table.counts == 1
    if bool(single.any()):
        part = positions if bool(single.all()) else np.ascontiguousarray(positions[:, single])
        for a in range(n):
            above = part[a] < part
            # counting each row of a contiguous bool array is much faster than an axis sum
            result[a] += [np.count_nonzero(row) for row in above]
    if not bool(single.all()):
        if table.total >= 2**53:  # pragma: no cover - float sums below are exact up to here
            raise OverflowError("too many ballots for the vectorised count")
        part = positions[:, ~single]
        weights = table.counts[~single].astype(np.float64)
        for a in range(n):
            result[a] += np.rint((part[a] < part).astype(np.float64) @ weights).astype(np.int64)
    np.fill_diagonal(result, 0)
    matrix: list[list[int]] = result.tolist()
    return matrix


def digest(table: Table, candidates: tuple[str, ...]) -> str:
    """`canonical_digest` of a profile held as a table (see `buurt.voting.ballots`)."""
    import numpy as np

    m, n = table.ranks.shape
    order = sorted(range(n), key=candidates.__getitem__)
    prefix = np.zeros((m, 2 * n + 1), dtype=np.uint8)
    prefix[:, : 2 * n] = (
        np.ascontiguousarray(table.ranks[:, order]).astype(">u2").view(np.uint8).reshape(m, 2 * n)
    )
    # rows are distinct, so sorting by their ranks column by column sorts the records' bytes
    rows = np.lexsort(table.ranks[:, order].T[::-1])
    records = np.empty((m, 2 * n + 9), dtype=np.uint8)
    records[:, : 2 * n + 1] = prefix[rows]
    records[:, 2 * n + 1 :] = table.counts[rows].astype(">u8").view(np.uint8).reshape(m, 8)
    hasher = hashlib.sha256(canonical_header(candidates))
    hasher.update(records.tobytes())
    return hasher.hexdigest()


def strongest_paths(matrix: Sequence[Sequence[Any]], among: Sequence[int]) -> list[list[Any]]:
    """`schulze.strongest_paths` for whole-number matrices, vectorised (same result)."""
    import numpy as np

    n = len(matrix)
    counts = np.array(matrix, dtype=np.int64)
    inside = np.zeros(n, dtype=bool)
    inside[list(among)] = True
    p = np.where(counts > counts.T, counts - counts.T, 0)
    p[~inside, :] = 0
    p[:, ~inside] = 0
    np.fill_diagonal(p, 0)
    for k in among:
        via = np.minimum(p[:, k : k + 1], p[k : k + 1, :])
        np.maximum(p, via, out=p)
    paths: list[list[Any]] = p.tolist()
    return paths


def _scaled(matrix: Sequence[Sequence[Any]]) -> tuple[Any, int] | None:
    """The matrix as whole numbers (Fractions times the common denominator) in an int64 array,
    and that denominator; None when a value would not fit in 62 bits."""
    import numpy as np

    scale = 1
    for row in matrix:
        for value in row:
            if isinstance(value, Fraction) and value.denominator != 1:
                scale = math.lcm(scale, value.denominator)
    whole = [[int(value * scale) for value in row] for row in matrix]
    if any(abs(value) >= 2**62 for row in whole for value in row):
        return None
    return np.array(whole, dtype=np.int64).reshape(len(matrix), len(matrix)), scale


def _widest(counts: Any) -> Any:
    """Widest-path strengths (Floyd-Warshall, vectorised) for a square margin-count array."""
    import numpy as np

    p = np.where(counts > counts.T, counts - counts.T, 0)
    np.fill_diagonal(p, 0)
    for k in range(len(p)):
        np.maximum(p, np.minimum(p[:, k : k + 1], p[k : k + 1, :]), out=p)
    return p


class SchulzeOrder:
    """Schulze's winners among ever fewer candidates, on one whole-number copy of the pairwise
    matrix: each round is O(k^3) array work instead of Python loops (same result as
    `schulze.winners`; a 200-candidate full order takes a fraction of a second)."""

    def __init__(self, matrix: Sequence[Sequence[Any]]) -> None:
        scaled = _scaled(matrix)
        self.usable = scaled is not None
        self._counts: Any = scaled[0] if scaled is not None else None
        self._scale: int = scaled[1] if scaled is not None else 1

    def winners(self, among: Sequence[int]) -> list[int]:
        import numpy as np

        index = np.array(list(among), dtype=np.int64)
        p = _widest(self._counts[np.ix_(index, index)])
        beaten = (p < p.T).any(axis=1)
        return [int(c) for c, lost in zip(index, beaten, strict=True) if not lost]

    def paths(self) -> list[list[Any]]:
        """Strongest paths between all candidates, as the matrix's own kind of number."""
        p = _widest(self._counts)
        if self._scale == 1:
            result: list[list[Any]] = p.tolist()
            return result
        return [[Fraction(int(v), self._scale) for v in row] for row in p]


__all__ = [
    "CHUNK",
    "MIN_ROWS",
    "SchulzeOrder",
    "Table",
    "TableTally",
    "available",
    "digest",
    "entries",
    "pairwise",
    "rank_table",
    "strongest_paths",
]
