"""Hypothesis strategies and helpers shared by the vote-engine tests.

Drawing every rank through Hypothesis is slow (most of a test's time went into drawing), so an
election is drawn as a few parameters plus a seed, and its ballots come from
`random.Random(seed)`: cheap, reproducible, and still shrunk by Hypothesis (to smaller
parameters) when a test fails.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import strategies as st

from buurt.voting import Ballot, Profile

NAMES = [f"c{i}" for i in range(12)]


def random_ranking(rng: random.Random, n: int, tie_chance: float) -> tuple[tuple[int, ...], ...]:
    """A weak order over a random subset of range(n) (the rest unranked), as index tiers."""
    order = rng.sample(range(n), n)
    ranked = rng.randint(0, n)
    tiers: list[list[int]] = []
    for c in order[:ranked]:
        if tiers and rng.random() < tie_chance:
            tiers[-1].append(c)
        else:
            tiers.append([c])
    return tuple(tuple(sorted(t)) for t in tiers)


@st.composite
def elections(
    draw: st.DrawFn,
    min_candidates: int = 2,
    max_candidates: int = 12,
    max_voters: int = 200,
    ties: bool = True,
    groups: bool = False,
) -> Profile:
    """A profile: 2-12 candidates, 1-200 voters with weak (if `ties`) and truncated orders."""
    n = draw(st.integers(min_candidates, max_candidates))
    voters = draw(st.integers(1, max_voters))
    distinct = draw(st.integers(1, 30))
    tie_chance = draw(st.sampled_from([0.0, 0.1, 0.3, 0.7])) if ties else 0.0
    rng = random.Random(draw(st.integers(0, 2**32)))
    ballots = []
    left = voters
    for i in range(distinct):
        if left == 0:
            break
        count = left if i == distinct - 1 else rng.randint(1, max(1, left // 2))
        left -= count
        ranking = random_ranking(rng, n, tie_chance)
        group = rng.choice([None, "resident", "professional"]) if groups else None
        ballots.append(
            Ballot(tuple(tuple(NAMES[c] for c in tier) for tier in ranking), count, group)
        )
    return Profile(NAMES[:n], ballots)


def to_pref_voting(profile: Profile, weights: dict[Any, int] | None = None) -> Any:
    """The same ballots as a pref_voting ProfileWithTies, with buurt's truncation rule
    (unranked below ranked: `use_extended_strict_preference`). Candidates are indices."""
    from pref_voting.profiles_with_ties import ProfileWithTies

    rankings, counts = [], []
    for entry in profile.entries:
        rankings.append({c: level for level, tier in enumerate(entry.ranking, 1) for c in tier})
        counts.append(entry.count * (1 if weights is None else weights[entry.group]))
    prof = ProfileWithTies(
        rankings, rcounts=counts, candidates=list(range(len(profile.candidates)))
    )
    prof.use_extended_strict_preference()
    return prof
