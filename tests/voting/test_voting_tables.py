"""The typed tables behind an explanation: every reader (minutes, `buurt tally`, the result
screen) reads the same numbers from a stored result as the count made."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from test_voting_results import committee

from buurt.voting import Result, Tables, count


def stored(result: Result) -> Tables:
    """The tables as a reader of the database gets them: through JSON and `Result.from_dict`."""
    return Result.from_dict(json.loads(json.dumps(result.to_dict()))).explanation.tables


@pytest.mark.parametrize("method", ["schulze", "ranked-pairs"])
def test_the_pairwise_table_reads_back_exactly(method: str) -> None:
    result = count(committee(), method, seats=2)
    tables = stored(result)
    assert tables.candidates == result.candidates
    # Ballots putting "Te hard rijden" above "Hondenpoep": b>(a,c) x2, c>b x2, b>c>a>d x1.
    i, j = tables.candidates.index("Te hard rijden"), tables.candidates.index("Hondenpoep")
    assert tables.pairwise[i][j] == 5
    assert tables.pairwise[i][i] is None
    assert tables == result.explanation.tables


def test_borda_scores_keep_their_halves_exact() -> None:
    result = count(committee(), "borda", seats=2)
    tables = stored(result)
    assert tables.scores == result.explanation.tables.scores
    assert any(isinstance(v, Fraction) for v in tables.scores.values())


def test_irv_runs_give_rounds_per_place_with_a_winner() -> None:
    result = count(committee(), "irv", seats=2)
    tables = stored(result)
    assert [run.place for run in tables.runs[:2]] == [1, 2]
    assert [run.winner for run in tables.runs[:2]] == list(result.winners)
    first = tables.runs[0].rounds[0]
    assert sum(first.votes.values()) + first.exhausted == 9


def test_stv_stages_carry_the_quota_and_the_votes_per_stage() -> None:
    result = count(committee(), "stv", seats=2, balance_groups=True)
    tables = stored(result)
    assert tables.quota == result.explanation.tables.quota
    assert tables.stages[0].kind == "first"
    assert tables.stages == result.explanation.tables.stages
    assert set(tables.weights) == {"resident", "professional", "none"}


def test_a_method_without_a_table_reads_as_empty() -> None:
    tables = Tables.from_data({})
    assert (tables.pairwise, tables.scores, tables.runs, tables.stages) == ((), {}, (), ())
    assert tables.quota is None
