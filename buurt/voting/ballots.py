"""Ballots, profiles, the canonical ballot set and its digest, and the group weights.

A **ballot** is a weak order over the candidates: tiers of candidates, best first; candidates in
one tier are tied; candidates the voter did not rank are tied below every ranked one. A ballot
has a `count` (that many identical ballots) and an optional `group` (`resident` or
`professional`).

A **profile** is the candidate list plus the distinct ballots: identical ballots (same ranking,
same group) are collapsed into one entry with the summed count, so counting work grows with the
number of distinct ballots, not voters. Internally a ranking is a tuple of tiers of candidate
indices (positions in `Profile.candidates`), each tier sorted.

**Canonical ballot set** (what `canonical_digest` hashes; anyone can recompute it). It is the
UTF-8 encoding of the text::

    buurt-ballots/1\\n
    <candidates>\\n
    <count> <ballot>\\n        (one line per distinct ballot)

where `<candidates>` is the JSON array of the candidate names sorted by Unicode code point, and
each `<ballot>` is the JSON array `[group, tiers]`: `group` is `"resident"`, `"professional"` or
`null`; `tiers` is the array of tiers, best first, each an array of candidate names sorted by code
point; unranked candidates are left out. JSON is written without spaces (separators `,` and `:`),
with non-ASCII characters as themselves (not `\\u` escapes), as Python's
`json.dumps(value, ensure_ascii=False, separators=(",", ":"))` does. Identical `<ballot>` texts
are merged by adding their counts; the lines are sorted by their `<ballot>` text (code point
order); `<count>` is the decimal count. The digest is the lowercase hex SHA-256 of that text. So
the digest does not depend on the order of the ballots or of the candidate columns, but it does
change when a ballot is added (duplicating every ballot changes the digest).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeAlias

from buurt.voting.errors import VotingError
from buurt.voting.messages import N_

Group: TypeAlias = Literal["resident", "professional"]
GROUPS: tuple[Group, ...] = ("resident", "professional")
Number: TypeAlias = int | Fraction
Ranking: TypeAlias = tuple[tuple[int, ...], ...]
CANONICAL_HEADER = "buurt-ballots/1"


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


@dataclass(frozen=True, slots=True)
class Entry:
    """A distinct ballot in index form: tiers of candidate indices, the group, the count."""

    ranking: Ranking
    group: Group | None
    count: int


@dataclass(frozen=True, slots=True, init=False)
class Profile:
    """The candidates and the distinct ballots (identical ballots collapsed into `entries`).

    Build one with `Profile(candidates, ballots)` or `Profile.from_ballots(ballots,
    candidates)`. Raises `VotingError` when a candidate is named twice, or a ballot names a
    candidate that is not in the list.
    """

    candidates: tuple[str, ...]
    entries: tuple[Entry, ...]

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
        object.__setattr__(self, "entries", tuple(Entry(r, g, c) for (r, g), c in merged.items()))

    @classmethod
    def from_ballots(cls, ballots: Iterable[Ballot], candidates: Sequence[str]) -> Profile:
        """The profile of `ballots` over `candidates` (names, in display order)."""
        return cls(candidates, ballots)

    @classmethod
    def from_entries(
        cls, candidates: Sequence[str], entries: Iterable[tuple[Ranking, Group | None, int]]
    ) -> Profile:
        """The profile from index-form ballots (used by the file readers); merges duplicates.

        Each tier is sorted; indices, counts and groups are checked.
        """
        names = _check_candidates(candidates)
        n = len(names)
        merged: dict[tuple[Ranking, Group | None], int] = {}
        for ranking, group, count in entries:
            tiers = tuple(tuple(sorted(tier)) for tier in ranking)
            flat = [i for tier in tiers for i in tier]
            if len(set(flat)) != len(flat) or any(not 0 <= i < n for i in flat):
                raise VotingError(N_("A ballot ranks a candidate twice or an unknown one."))
            if any(not tier for tier in tiers):
                raise VotingError(N_("A ballot has an empty tier."))
            key = (tiers, _check_group(group))
            merged[key] = merged.get(key, 0) + _check_count(count)
        profile = cls(names)
        object.__setattr__(
            profile, "entries", tuple(Entry(r, g, c) for (r, g), c in merged.items())
        )
        return profile

    @classmethod
    def _from_counts(
        cls, candidates: Sequence[str], counts: Mapping[tuple[Ranking, Group | None], int]
    ) -> Profile:
        """Trusted fast path for the file readers: tiers already sorted, indices valid."""
        profile = cls(candidates)
        object.__setattr__(
            profile, "entries", tuple(Entry(r, g, c) for (r, g), c in counts.items())
        )
        return profile

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
        return sum(e.count for e in self.entries)

    def group_totals(self) -> dict[Group | None, int]:
        """Number of ballots per group (`None`: ballots without a group)."""
        totals: dict[Group | None, int] = {}
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


def canonical_text(profile: Profile) -> str:
    """The canonical ballot set of `profile` as text (see the module docstring)."""

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    names = profile.candidates
    lines: dict[str, int] = {}
    for e in profile.entries:
        tiers = [sorted(names[i] for i in tier) for tier in e.ranking]
        key = dump([e.group, tiers])
        lines[key] = lines.get(key, 0) + e.count
    body = "".join(f"{lines[key]} {key}\n" for key in sorted(lines))
    return f"{CANONICAL_HEADER}\n{dump(sorted(names))}\n{body}"


def canonical_digest(profile: Profile) -> str:
    """SHA-256 (lowercase hex) of the canonical ballot set; the default seed for the lot."""
    return hashlib.sha256(canonical_text(profile).encode("utf-8")).hexdigest()


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
    """What a method counts: candidate names and (ranking, count, weight per ballot) triples."""

    candidates: tuple[str, ...]
    ballots: tuple[tuple[Ranking, int, Number], ...]

    @classmethod
    def of(cls, profile: Profile, weights: Mapping[Group | None, Number]) -> Electorate:
        return cls(
            profile.candidates,
            tuple((e.ranking, e.count, weights[e.group]) for e in profile.entries),
        )

    @property
    def total_weight(self) -> Number:
        """The weight of all ballots together."""
        return _simplify(Fraction(sum(c * w for _r, c, w in self.ballots)))
