"""Properties every count must have, checked on generated elections."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from voting_strategies import elections

from buurt.voting import METHODS, Ballot, Profile, Result, VotingError, count

QUICK = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def essence(result: Result) -> tuple[object, ...]:
    """What must not change: the order (tiers as sets), winners, ties, digest."""
    return (
        [frozenset(tier) for tier in result.ranking],
        result.winners,
        [(t.stage, frozenset(t.tied), t.rule, t.order) for t in result.ties],
        result.digest,
    )


def shuffled(profile: Profile, seed: int, columns: bool) -> Profile:
    rng = random.Random(seed)
    ballots = list(profile.ballots)
    rng.shuffle(ballots)
    candidates = list(profile.candidates)
    if columns:
        rng.shuffle(candidates)
    return Profile(candidates, ballots)


@pytest.mark.parametrize("method", list(METHODS))
@QUICK
@given(profile=elections(), seed=st.integers(0, 2**16), seats=st.integers(1, 4))
def test_permuting_ballots_or_candidate_columns_never_changes_the_result(
    method: str, profile: Profile, seed: int, seats: int
) -> None:
    seats = min(seats, len(profile.candidates))
    original = count(profile, method, seats=seats)
    assert essence(count(shuffled(profile, seed, columns=False), method, seats=seats)) == essence(
        original
    )
    assert essence(count(shuffled(profile, seed, columns=True), method, seats=seats)) == essence(
        original
    )


@pytest.mark.parametrize("method", ["schulze", "ranked-pairs", "borda", "irv"])
@QUICK
@given(profile=elections(), seats=st.integers(1, 4))
def test_duplicating_every_ballot_never_changes_the_result(
    method: str, profile: Profile, seats: int
) -> None:
    """With the same seed for the lot (the default seed is the digest, which changes). Not
    for STV: its integer Droop quota and 5-decimal truncation do not scale with the ballots."""
    seats = min(seats, len(profile.candidates))
    doubled = Profile(
        profile.candidates, [Ballot(b.ranking, b.count * 2, b.group) for b in profile.ballots]
    )
    once = count(profile, method, seats=seats, seed="fixed")
    twice = count(doubled, method, seats=seats, seed="fixed")
    assert essence(once)[:3] == essence(twice)[:3]


def condorcet_winner(result: Result) -> str | None:
    matrix = result.explanation.data["pairwise"]
    n = len(result.candidates)
    for a in range(n):
        if all(matrix[a][b] > matrix[b][a] for b in range(n) if b != a):
            return result.candidates[a]
    return None


@pytest.mark.parametrize("method", ["schulze", "ranked-pairs"])
@settings(max_examples=300, deadline=None, database=None)
@given(profile=elections())
def test_a_condorcet_winner_always_wins(method: str, profile: Profile) -> None:
    result = count(profile, method, seats=1)
    winner = condorcet_winner(result)
    if winner is not None:
        assert result.ranking[0] == (winner,)
        assert result.winners == (winner,)


@pytest.mark.parametrize("method", list(METHODS))
@QUICK
@given(profile=elections(), seats=st.integers(1, 5))
def test_winners_are_the_top_of_the_order_and_never_more_than_the_seats(
    method: str, profile: Profile, seats: int
) -> None:
    if seats > len(profile.candidates):
        with pytest.raises(VotingError) as refused:
            count(profile, method, seats=seats)
        assert refused.value.params == {"n": len(profile.candidates), "seats": seats}
        return
    result = count(profile, method, seats=seats)
    assert len(result.winners) == seats
    assert len(set(result.winners)) == len(result.winners)
    assert sorted(c for tier in result.ranking for c in tier) == sorted(profile.candidates)
    open_result = count(profile, method, seats=seats, tie_break="none")
    assert open_result.ranking == result.ranking
    assert len(open_result.winners) <= len(result.winners)
    assert all(t.rule in ("earlier-rounds", "none") for t in open_result.ties)
