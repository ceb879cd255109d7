"""Ballots, profiles, the canonical ballot set and its digest, and the group weights.

A **ballot** is a weak order over the candidates: tiers of candidates, best first; candidates in
one tier are tied; candidates the voter did not rank are tied below every ranked one. A ballot
has a `count` (that many identical ballots) and an optional `group` (`resident` or
`professional`).

A **profile** is the candidate list plus the distinct ballots: identical ballots (same ranking,
same group) are collapsed into one entry with the summed count, so counting work grows with the
number of distinct ballots, not voters. Internally a ranking is a tuple of tiers of candidate
indices (positions in `Profile.candidates`), each tier sorted.

**Canonical ballot set** (what `canonical_digest` hashes; anyone can recompute it). Sort the
candidate names by Unicode code point. Write each distinct ballot as a record of bytes:

* for each candidate in that sorted order, its dense rank as an unsigned 16-bit big-endian
  integer: 1 for the ballot's best tier, 2 for the next tier, and so on (tied candidates share a
  rank; gaps in the ranks the voter wrote do not count), 0 when unranked;
* one byte for the group: 0 none, 1 resident, 2 professional;
* the number of such ballots as an unsigned 64-bit big-endian integer.

Ballots with the same ranks and group are one record (counts added). Records are sorted by
their bytes. The canonical ballot set is the UTF-8 text `buurt-ballots/1`, a newline, the JSON
array of the sorted names (`json.dumps(names, ensure_ascii=False, separators=(",", ":"))`), a
newline, then the records one after the other. The digest is the lowercase hex SHA-256 of it::

    names = sorted(candidates)
    head = ("buurt-ballots/1\n" + json.dumps(names, ensure_ascii=False,
            separators=(",", ":")) + "\n").encode()
    records = sorted(struct.pack(f">{len(names)}HB", *ranks, group) + struct.pack(">Q", count)
                     for ranks, group, count in ballots)
    digest = hashlib.sha256(head + b"".join(records)).hexdigest()

So the digest depends neither on the order of the ballots nor on the order of the candidate
columns nor on how ranks were numbered, but it changes when a ballot is added (so duplicating
every ballot changes it, and with it the default seed of the lot).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from buurt.voting import fast
from buurt.voting.entries import (
    GROUP_CODES,
    GROUPS,
    Entry,
    Group,
    Number,
    Ranking,
    canonical_header,
)
from buurt.voting.errors import VotingError
from buurt.voting.fast import Table
from buurt.voting.messages import N_


def _check_count(count: object) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise VotingError(
            N_("A ballot count must be a positive whole number, not {count}."),
            {"count": str(count)},
        )
    return count


def _check_group(group: object) -> Group | None:
    if group is None or group in GROUPS:
        return group
    raise VotingError(
        N_("Unknown group '{group}': use resident or professional."), {"group": str(group)}
    )


@dataclass(frozen=True, slots=True)
class Ballot:
    """One ranking (tiers of candidate names, best first), how many voters cast it, their group.

    Candidates in one tier are tied; candidates not in `ranking` are unranked (tied below all
    ranked ones). `Ballot.of("A", ("B", "C"), "D")` is A first, B and C tied second, D fourth.
    """

    ranking: tuple[tuple[str, ...], ...]
    count: int = 1
    group: Group | None = None

    def __post_init__(self) -> None:
        tiers = tuple(tuple(tier) for tier in self.ranking)
        seen: set[str] = set()
        for tier in tiers:
            if not tier:
                raise VotingError(N_("A ballot has an empty tier."))
            for name in tier:
                if name in seen:
                    raise VotingError(
                        N_("A ballot ranks {candidate} more than once."), {"candidate": name}
                    )
                seen.add(name)
        object.__setattr__(self, "ranking", tiers)
        _check_count(self.count)
        _check_group(self.group)

    @classmethod
    def of(cls, *tiers: str | Iterable[str], count: int = 1, group: Group | None = None) -> Ballot:
        """A ballot from its tiers, best first; a string is a tier of one candidate."""
        ranking = tuple((t,) if isinstance(t, str) else tuple(t) for t in tiers)
        return cls(ranking, count, group)

    @classmethod
    def from_ranks(
        cls, ranks: Mapping[str, int], count: int = 1, group: Group | None = None
    ) -> Ballot:
        """A ballot from a rank per candidate (1 is first; equal ranks tie; only the order of
        the numbers counts). Candidates missing from `ranks` are unranked."""
        for name, rank in ranks.items():
            if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
                raise VotingError(
                    N_("The rank of {candidate} must be a positive whole number, not {rank}."),
                    {"candidate": name, "rank": str(rank)},
                )
        levels = sorted(set(ranks.values()))
        ranking = tuple(tuple(n for n, r in ranks.items() if r == level) for level in levels)
        return cls(ranking, count, group)


@dataclass(frozen=True, slots=True, init=False, eq=False)
class Profile:
    """The candidates and the distinct ballots (identical ballots collapsed into `entries`).

    Build one with `Profile(candidates, ballots)` or `Profile.from_ballots(ballots,
    candidates)`. Raises `VotingError` when a candidate is named twice, or a ballot names a
    candidate that is not in the list. Two profiles are equal when they have the same
    candidates in the same order and the same ballots.
    """

    candidates: tuple[str, ...]
    _entries: tuple[Entry, ...] | None
    _table: Table | None

    def __init__(self, candidates: Sequence[str], ballots: Iterable[Ballot] = ()) -> None:
        names = _check_candidates(candidates)
        index = {name: i for i, name in enumerate(names)}
        merged: dict[tuple[Ranking, Group | None], int] = {}
        for ballot in ballots:
            tiers: list[tuple[int, ...]] = []
            for tier in ballot.ranking:
                try:
                    tiers.append(tuple(sorted(index[name] for name in tier)))
                except KeyError as missing:
                    raise VotingError(
                        N_("A ballot names {candidate}, who is not a candidate."),
                        {"candidate": str(missing.args[0])},
                    ) from None
            key = (tuple(tiers), ballot.group)
            merged[key] = merged.get(key, 0) + ballot.count
        object.__setattr__(self, "candidates", names)
        object.__setattr__(self, "_entries", tuple(Entry(r, g, c) for (r, g), c in merged.items()))
        object.__setattr__(self, "_table", None)

    @classmethod
    def from_ballots(cls, ballots: Iterable[Ballot], candidates: Sequence[str]) -> Profile:
        """The profile of `ballots` over `candidates` (names, in display order)."""
        return cls(candidates, ballots)

    @classmethod
    def _from_counts(
        cls, candidates: Sequence[str], counts: Mapping[tuple[Ranking, Group | None], int]
    ) -> Profile:
        """Trusted fast path for the file readers: tiers already sorted, indices valid."""
        profile = cls(candidates)
        object.__setattr__(
            profile, "_entries", tuple(Entry(r, g, c) for (r, g), c in counts.items())
        )
        return profile

    @classmethod
    def _from_table(cls, candidates: Sequence[str], table: Table) -> Profile:
        """A profile held as a numpy rank table (large files); entries are built on demand."""
        profile = cls(candidates)
        object.__setattr__(profile, "_entries", None)
        object.__setattr__(profile, "_table", table)
        return profile

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The distinct ballots in index form: tiers of candidate indices, group, count."""
        if self._entries is None:
            assert self._table is not None
            object.__setattr__(self, "_entries", fast.entries(self._table))
        assert self._entries is not None
        return self._entries

    @property
    def table(self) -> Table | None:
        """The numpy rank table when the profile was read from a large plain file."""
        return self._table

    def _key(self) -> tuple[tuple[str, ...], frozenset[tuple[Ranking, Group | None, int]]]:
        return self.candidates, frozenset((e.ranking, e.group, e.count) for e in self.entries)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Profile(candidates={self.candidates!r}, ballots={self.num_ballots})"

    @property
    def ballots(self) -> tuple[Ballot, ...]:
        """The distinct ballots with candidate names (counts merged)."""
        names = self.candidates
        return tuple(
            Ballot(tuple(tuple(names[i] for i in tier) for tier in e.ranking), e.count, e.group)
            for e in self.entries
        )

    @property
    def num_ballots(self) -> int:
        """How many ballots were cast (the sum of the counts)."""
        if self._table is not None:
            return self._table.total
        return sum(e.count for e in self.entries)

    def group_totals(self) -> dict[Group | None, int]:
        """Number of ballots per group (`None`: ballots without a group)."""
        totals: dict[Group | None, int] = {}
        if self._table is not None:
            return {None: self._table.total}
        for e in self.entries:
            totals[e.group] = totals.get(e.group, 0) + e.count
        return totals

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: candidates and the distinct ballots with names."""
        return {
            "candidates": list(self.candidates),
            "ballots": [
                {"ranking": [list(t) for t in b.ranking], "count": b.count, "group": b.group}
                for b in self.ballots
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Profile:
        """Inverse of `to_dict`."""
        candidates = data.get("candidates")
        ballots = data.get("ballots")
        if not isinstance(candidates, list) or not isinstance(ballots, list):
            raise VotingError(N_("Stored ballots need a candidate list and a ballot list."))
        return cls.from_ballots(
            (
                Ballot(
                    tuple(tuple(str(n) for n in tier) for tier in b["ranking"]),
                    b.get("count", 1),
                    b.get("group"),
                )
                for b in ballots
            ),
            [str(c) for c in candidates],
        )


def _check_candidates(candidates: Sequence[str]) -> tuple[str, ...]:
    names = tuple(candidates)
    if not names:
        raise VotingError(N_("There are no candidates."))
    seen: set[str] = set()
    for name in names:
        if not isinstance(name, str) or not name:
            raise VotingError(N_("A candidate has no name."))
        if name in seen:
            raise VotingError(N_("Candidate {candidate} is listed twice."), {"candidate": name})
        seen.add(name)
    return names


def canonical_records(profile: Profile) -> list[bytes]:
    """The canonical records of the distinct ballots, sorted (see the module docstring)."""
    n = len(profile.candidates)
    order = sorted(range(n), key=profile.candidates.__getitem__)
    column = {c: j for j, c in enumerate(order)}
    merged: dict[tuple[tuple[int, ...], int], int] = {}
    for e in profile.entries:
        ranks = [0] * n
        for level, tier in enumerate(e.ranking, start=1):
            for c in tier:
                ranks[column[c]] = level
        key = (tuple(ranks), GROUP_CODES[e.group])
        merged[key] = merged.get(key, 0) + e.count
    head = struct.Struct(f">{n}HB")
    return sorted(
        head.pack(*ranks, group) + struct.pack(">Q", count)
        for (ranks, group), count in merged.items()
    )


def canonical_digest(profile: Profile) -> str:
    """SHA-256 (lowercase hex) of the canonical ballot set; the default seed for the lot."""
    if profile.table is not None:
        return fast.digest(profile.table, profile.candidates)
    hasher = hashlib.sha256(canonical_header(profile.candidates))
    for record in canonical_records(profile):
        hasher.update(record)
    return hasher.hexdigest()


def group_weights(profile: Profile, balance: bool) -> dict[Group | None, Number]:
    """The weight of one ballot of each group.

    Without balancing every ballot weighs 1. With balancing, and ballots from both groups,
    residents' ballots together weigh exactly as much as professionals' ballots together, and
    the two groups together keep their number of ballots: with R resident and P professional
    ballots, a resident ballot weighs (R+P)/(2R) and a professional one (R+P)/(2P). Ballots
    without a group keep weight 1. When one group has no ballots there is nothing to balance:
    every ballot weighs 1 (the explanation says so).
    """
    totals = profile.group_totals()
    residents = totals.get("resident", 0)
    professionals = totals.get("professional", 0)
    if not balance or residents == 0 or professionals == 0:
        return {"resident": 1, "professional": 1, None: 1}
    both = residents + professionals
    return {
        "resident": _simplify(Fraction(both, 2 * residents)),
        "professional": _simplify(Fraction(both, 2 * professionals)),
        None: 1,
    }


def _simplify(value: Fraction) -> Number:
    return value.numerator if value.denominator == 1 else value


@dataclass(frozen=True, slots=True)
class Electorate:
    """What a method counts: the profile with a weight per ballot (from its group).

    `ballots` gives (ranking, count, weight of one such ballot) triples; `table` is the numpy
    rank table when the profile has one (its ballots then all weigh 1).
    """

    profile: Profile
    weights: Mapping[Group | None, Number]

    @property
    def candidates(self) -> tuple[str, ...]:
        return self.profile.candidates

    @property
    def ballots(self) -> list[tuple[Ranking, int, Number]]:
        weights = self.weights
        return [(e.ranking, e.count, weights[e.group]) for e in self.profile.entries]

    @property
    def table(self) -> Table | None:
        return self.profile.table

    @property
    def total_weight(self) -> Number:
        """The weight of all ballots together."""
        if self.table is not None:
            return self.table.total
        return _simplify(Fraction(sum(c * w for _r, c, w in self.ballots)))


__all__ = [
    "GROUPS",
    "Ballot",
    "Electorate",
    "Entry",
    "Group",
    "Number",
    "Profile",
    "Ranking",
    "canonical_digest",
    "canonical_header",
    "canonical_records",
    "group_weights",
]
