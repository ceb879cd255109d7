"""Hypothesis strategies and helpers shared by the vote-engine tests."""

from __future__ import annotations

from hypothesis import strategies as st

from buurt.voting import Ballot, Profile

NAMES = [f"c{i}" for i in range(12)]


@st.composite
def rankings(draw: st.DrawFn, n: int, ties: bool = True) -> tuple[tuple[int, ...], ...]:
    """A weak order over a subset of range(n) (truncated: the rest unranked), as index tiers."""
    order = draw(st.permutations(range(n)))
    ranked = draw(st.integers(0, n))
    if ties:
        cuts = draw(st.lists(st.booleans(), min_size=ranked, max_size=ranked))
    else:
        cuts = [True] * ranked
    tiers: list[list[int]] = []
    for position, c in enumerate(order[:ranked]):
        if position == 0 or cuts[position]:
            tiers.append([c])
        else:
            tiers[-1].append(c)
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
    """A profile: 2-12 candidates, 1-200 voters with weak and truncated orders."""
    n = draw(st.integers(min_candidates, max_candidates))
    distinct = draw(st.integers(1, 30))
    ballots = []
    voters = 0
    for _ in range(distinct):
        if voters >= max_voters:
            break
        ranking = draw(rankings(n, ties))
        count = draw(st.integers(1, min(20, max_voters - voters)))
        group = draw(st.sampled_from([None, "resident", "professional"])) if groups else None
        voters += count
        ballots.append(
            Ballot(tuple(tuple(NAMES[c] for c in tier) for tier in ranking), count, group)
        )
    return Profile(NAMES[:n], ballots)


def to_pref_voting(profile: Profile, weights: dict[object, int] | None = None):  # type: ignore[no-untyped-def]
    """The same ballots as a pref_voting ProfileWithTies, with buurt's truncation rule
    (unranked below ranked: `use_extended_strict_preference`). Candidates are indices."""
    from pref_voting.profiles_with_ties import ProfileWithTies

    rankings_, counts = [], []
    for entry in profile.entries:
        rankings_.append({c: level for level, tier in enumerate(entry.ranking, 1) for c in tier})
        counts.append(entry.count * (1 if weights is None else weights[entry.group]))
    prof = ProfileWithTies(rankings_, rcounts=counts, candidates=list(range(len(profile.candidates))))
    prof.use_extended_strict_preference()
    return prof
