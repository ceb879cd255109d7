"""Differential tests: every method agrees with pref_voting 1.18.2 on generated elections.

Random weak and truncated orders, 2-12 candidates, 1-200 voters; about 10,500 elections in all.
pref_voting's profile gets `use_extended_strict_preference()`: buurt ranks unranked candidates
below ranked ones, which is pref_voting's "extended" convention. Its profile is built from our
distinct ballots with their counts (its `add_unranked_candidates()` would lose the counts).

Intentional differences, and how the tests deal with them:

* Schulze, Borda: none. Every tier of our order is compared (Schulze: pref_voting's
  `beat_path` on the candidates left; Borda: tiers of `symmetric_borda_scores`, an affine
  function of our score).
* Ranked Pairs: pref_voting's `ranked_pairs` tries every order of equal margins and can run for
  minutes, so `ranked_pairs_tb` is used: when our count met no tie in the order of equal
  margins, that order cannot matter, and each candidate of our top tier must win with a
  tie-breaker that puts them first (pref_voting also locks zero margins; we leave them out,
  which keeps the candidates they would separate in one tier). When our count broke such a tie
  by lot, `ranked_pairs_tb` with the same lot order must give our winner.
* IRV: pref_voting's `instant_runoff` eliminates all tied-last candidates at once; we break an
  elimination tie by earlier rounds, then lot. Compared only where our count met no elimination
  tie (up to the first run, i.e. place, that met one); each run is compared with pref_voting on
  the candidates left, with `score_method="split"` (a ballot with a tie at its top is split
  equally, as ours is).
* STV: pref_voting's `stv_scottish` works in floats, returns the elected as a set and
  re-transfers truncation residues; we use exact fractions and transfer each surplus once.
  For a ballot with tied candidates, when one of them leaves the count pref_voting moves its
  papers to the next tier, we to the others of the same tier first (as its IRV does); so STV is
  compared on strict (truncated) ballots, as sets, where our count needed no lot.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pref_voting.iterative_methods import instant_runoff
from pref_voting.margin_based_methods import beat_path, ranked_pairs_tb
from pref_voting.proportional_methods import stv_scottish
from pref_voting.scoring_methods import symmetric_borda_scores
from voting_strategies import elections, to_pref_voting

from buurt.voting import Profile, count, lot_order


def fast(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _index(profile: Profile, names: tuple[str, ...]) -> list[int]:
    return sorted(profile.candidates.index(n) for n in names)


@fast(2500)
@given(elections())
def test_schulze_agrees_with_pref_voting_beat_path_on_every_tier(profile: Profile) -> None:
    result = count(profile, "schulze", seats=min(3, len(profile.candidates)))
    prof = to_pref_voting(profile)
    remaining = list(range(len(profile.candidates)))
    for tier in result.ranking:
        assert sorted(beat_path(prof, curr_cands=remaining)) == _index(profile, tier)
        remaining = [c for c in remaining if profile.candidates[c] not in tier]


@fast(2000)
@given(elections())
def test_borda_agrees_with_pref_voting_symmetric_scores_on_every_tier(profile: Profile) -> None:
    result = count(profile, "borda", seats=min(3, len(profile.candidates)))
    scores = symmetric_borda_scores(to_pref_voting(profile))
    tiers = [
        sorted(c for c in scores if scores[c] == value)
        for value in sorted(set(scores.values()), reverse=True)
    ]
    assert [_index(profile, tier) for tier in result.ranking] == tiers


@fast(2000)
@given(elections())
def test_ranked_pairs_agrees_with_pref_voting_ranked_pairs_tb(profile: Profile) -> None:
    result = count(profile, "ranked-pairs", seats=1)
    prof = to_pref_voting(profile)
    everyone = list(range(len(profile.candidates)))
    order_ties = [t for t in result.ties if t.stage == "ranked-pairs"]
    if not order_ties:
        top = _index(profile, result.ranking[0])
        for first in top:
            tie_breaker = [first] + [c for c in everyone if c != first]
            assert ranked_pairs_tb(prof, tie_breaker=tie_breaker) == [first]
        assert ranked_pairs_tb(prof, tie_breaker=everyone[::-1])[0] in top
    elif all(prof.margin(a, b) != 0 for a in everyone for b in everyone if a != b):
        # pref_voting also locks zero margins (by the tie-breaker), which we leave open; with
        # none, the same lot order of candidates must give the same winner.
        drawn = lot_order(result.seed, profile.candidates)
        tie_breaker = [profile.candidates.index(name) for name in drawn]
        assert ranked_pairs_tb(prof, tie_breaker=tie_breaker) == _index(profile, result.winners)


@fast(2000)
@given(elections())
def test_irv_agrees_with_pref_voting_instant_runoff_without_elimination_ties(
    profile: Profile,
) -> None:
    result = count(profile, "irv", seats=min(3, len(profile.candidates)))
    tied_runs = {t.where.params["place"] for t in result.ties if t.stage == "irv-elimination"}
    prof = to_pref_voting(profile)
    remaining = list(range(len(profile.candidates)))
    for place, tier in enumerate(result.ranking, start=1):
        if place in tied_runs:
            break  # pref_voting would eliminate the tied candidates together from here on
        theirs = instant_runoff(prof, curr_cands=remaining, score_method="split")
        assert sorted(theirs) == _index(profile, tier)
        remaining = [c for c in remaining if profile.candidates[c] not in tier]


@fast(2000)
@given(elections(ties=False), st.integers(1, 3))
def test_stv_agrees_with_pref_voting_stv_scottish_without_lots(
    profile: Profile, seats: int
) -> None:
    seats = min(seats, len(profile.candidates))
    result = count(profile, "stv", seats=seats)
    if any(t.rule in ("lot", "casting", "none") for t in result.ties):
        return
    theirs = stv_scottish(to_pref_voting(profile), num_seats=seats, rng=random.Random(0))
    assert sorted(theirs) == _index(profile, result.winners)


@pytest.mark.parametrize("method", ["schulze", "borda", "irv"])
@fast(60)
@given(profile=elections(groups=True))
def test_balanced_groups_agree_with_pref_voting_on_scaled_counts(
    method: str, profile: Profile
) -> None:
    """Balanced weights R+P/2R and R+P/2P are proportional to P and R: pref_voting gets each
    resident ballot P times and each professional ballot R times (integers, same order)."""
    totals = profile.group_totals()
    residents, professionals = totals.get("resident", 0), totals.get("professional", 0)
    if not residents or not professionals:
        return
    weights = {"resident": professionals, "professional": residents, None: 0}
    weights[None] = 0
    if totals.get(None):
        return  # ungrouped ballots keep weight 1: not a common scale with the others
    result = count(profile, method, seats=min(3, len(profile.candidates)), balance_groups=True)
    prof = to_pref_voting(profile, weights)
    if method == "schulze":
        assert sorted(beat_path(prof)) == _index(profile, result.ranking[0])
    elif method == "borda":
        scores = symmetric_borda_scores(prof)
        best = max(scores.values())
        assert sorted(c for c in scores if scores[c] == best) == _index(profile, result.ranking[0])
    elif not any(t.stage == "irv-elimination" for t in result.ties):
        assert sorted(instant_runoff(prof, score_method="split")) == _index(
            profile, result.ranking[0]
        )
