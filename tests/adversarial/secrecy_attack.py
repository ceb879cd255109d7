"""The attacker of secret ballots: given the raw bytes of a neighbourhood file (main file, free
pages, write-ahead log), pair ballots with voters and count how many pairs are right.

Every way of ordering the ballots that the bytes offer (cell order of `ballot`, `ballot_rank`
and the ballot index, first WAL frame each ballot appears in, free pages, the ballot ids
themselves) is paired with every way of ordering the voters (per-ballot audit events by id and
time, `vote_participation` cells, first WAL frame each voter appears in, member ids). The
attack's score is the best pairing: with no information it is about 1 of n (a random
permutation has one fixed point on average).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlite_pages import Cell, Pages, free_cells, wal_cells

HEX32 = re.compile(r"[0-9a-f]{32}")
Signature = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Attack:
    linked: int  # voters the best pairing got right
    ballots: int  # ballots the attacker found
    how: str  # which pairing did best
    known: int = 0  # ballots whose real voter the test could tell from their content


def _ordered(keys: Iterable[tuple[tuple[int, int, int], object]]) -> list[object]:
    """Items by the first (earliest written) place they were seen at."""
    first: dict[object, tuple[int, int, int]] = {}
    for key, item in keys:
        if item not in first or key < first[item]:
            first[item] = key
    return sorted(first, key=lambda item: first[item])


def _is_ballot(cell: Cell) -> bool:
    v = cell.values
    return len(v) == 4 and isinstance(v[0], str) and bool(HEX32.fullmatch(v[0]))


def _is_rank(cell: Cell) -> bool:
    v = cell.values
    return (
        len(v) == 3
        and isinstance(v[0], str)
        and bool(HEX32.fullmatch(v[0]))
        and isinstance(v[1], int)
        and isinstance(v[2], int)
    )


def _is_ballot_index(cell: Cell) -> bool:
    v = cell.values
    return (
        len(v) == 2
        and isinstance(v[0], int)
        and isinstance(v[1], str)
        and bool(HEX32.fullmatch(v[1]))
    )


def _is_participation(cell: Cell, vote_id: int) -> bool:
    v = cell.values
    return len(v) == 2 and v[0] == vote_id and isinstance(v[1], int)


def _audit_voter(cell: Cell) -> str | None:
    """The voter named by a per-ballot audit event (rowid, id, at, actor, action, ...)."""
    v = cell.values
    if len(v) < 10 or v[4] != "ballot":
        return None
    try:
        data = json.loads(str(v[9]) or "{}")
    except json.JSONDecodeError:
        return None
    voter = data.get("voter") if isinstance(data, dict) else None
    return voter if isinstance(voter, str) else None


def attack(path: Path, vote_id: int, truth: dict[Signature, str], names: dict[int, str]) -> Attack:
    """Try every pairing on the file at `path`; `truth` maps each ballot's content (sorted
    (candidate id, rank) pairs) to its real voter, `names` maps member ids to names (the
    attacker can read the member table, so this gives nothing away)."""
    pages = Pages.of(path)
    schema = pages.schema()
    everywhere: list[Cell] = []
    for name in schema:
        everywhere += pages.tree_cells(name)
    loose = free_cells(path) + wal_cells(path)
    cells = everywhere + loose

    # What each ballot says, from whichever copy of its rank cells is found.
    ranks: dict[str, dict[int, int]] = {}
    for cell in cells:
        if _is_rank(cell):
            ballot_id, candidate, rank = cell.values
            assert isinstance(ballot_id, str)
            assert isinstance(candidate, int)
            assert isinstance(rank, int)
            ranks.setdefault(ballot_id, {})[candidate] = rank
    ballots = {
        ballot_id
        for cell in cells
        if _is_ballot(cell) and cell.values[1] == vote_id
        for ballot_id in [cell.values[0]]
    }
    content = {b: tuple(sorted(ranks.get(str(b), {}).items())) for b in ballots}
    real = {b: truth.get(c) for b, c in content.items()}

    def by(cells: Iterable[Cell], pick: object) -> list[object]:
        return _ordered((c.written, pick(c)) for c in cells)  # type: ignore[operator]

    ballot_orders: dict[str, list[object]] = {}
    for source in ("file", "free", "wal"):
        mine = [c for c in cells if c.source == source]
        ballot_orders[f"ballot cells ({source})"] = by(
            (c for c in mine if _is_ballot(c) and c.values[0] in ballots), lambda c: c.values[0]
        )
        ballot_orders[f"rank cells ({source})"] = by(
            (c for c in mine if _is_rank(c) and c.values[0] in ballots), lambda c: c.values[0]
        )
        ballot_orders[f"index cells ({source})"] = by(
            (c for c in mine if _is_ballot_index(c) and c.values[1] in ballots),
            lambda c: c.values[1],
        )
    ballot_orders["ballot ids"] = sorted(ballots)

    voter_orders: dict[str, list[object]] = {}
    for source in ("file", "free", "wal"):
        mine = [c for c in cells if c.source == source]
        audit = [(c, _audit_voter(c)) for c in mine]
        voter_orders[f"audit events ({source})"] = _ordered(
            ((c.frame, int(c.values[0] or 0), 0), voter) for c, voter in audit if voter
        )
        voter_orders[f"participation cells ({source})"] = by(
            (c for c in mine if _is_participation(c, vote_id)),
            lambda c: names.get(int(c.values[1] or 0)),
        )
    voter_orders["member ids"] = [
        names[m]
        for m in sorted(
            {int(c.values[1] or 0) for c in everywhere if _is_participation(c, vote_id)}
        )
    ]

    known = sum(1 for v in real.values() if v is not None)
    best = Attack(0, len(ballots), "none", known)
    for ballot_how, ballot_order in ballot_orders.items():
        for voter_how, voter_order in voter_orders.items():
            if not ballot_order or not voter_order:
                continue
            for align in ("first", "last"):
                pairs = (
                    zip(ballot_order, voter_order, strict=False)
                    if align == "first"
                    else zip(reversed(ballot_order), reversed(voter_order), strict=False)
                )
                hits = sum(1 for b, v in pairs if real.get(b) == v)
                if hits > best.linked:
                    best = Attack(
                        hits, len(ballots), f"{ballot_how} x {voter_how} ({align})", known
                    )
    return best
