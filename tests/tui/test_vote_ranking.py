"""The ranking a voter builds: moving, typing ranks as on paper, ties, leaving unranked."""

from __future__ import annotations

from buurt.tui.widgets.ranking import Ranking

CANDIDATES = [(1, "A"), (2, "B"), (3, "C"), (4, "D")]


def test_a_new_ballot_ranks_nothing() -> None:
    ranking = Ranking(CANDIDATES)
    assert ranking.ranks == {}
    assert ranking.order() == [1, 2, 3, 4]


def test_typed_ranks_are_kept_as_written_and_equal_numbers_tie() -> None:
    ranking = Ranking(CANDIDATES)
    ranking.set_rank(3, 1)
    ranking.set_rank(1, 3)
    ranking.set_rank(2, 3)
    assert ranking.ranks == {3: 1, 1: 3, 2: 3}
    assert ranking.order() == [3, 1, 2, 4]


def test_moving_up_ranks_an_unranked_candidate_last_then_passes_the_one_above() -> None:
    ranking = Ranking(CANDIDATES)
    ranking.toggle(1)
    ranking.move_up(4)
    assert ranking.ranks == {1: 1, 4: 2}
    ranking.move_up(4)
    assert ranking.ranks == {4: 1, 1: 2}


def test_moving_down_from_last_place_leaves_the_candidate_unranked() -> None:
    ranking = Ranking(CANDIDATES)
    ranking.toggle(1)
    ranking.toggle(2)
    ranking.move_down(2)
    assert ranking.ranks == {1: 1}


def test_a_tie_with_the_one_above_and_moving_out_of_a_tie() -> None:
    ranking = Ranking(CANDIDATES)
    for cid in (1, 2, 3):
        ranking.toggle(cid)
    ranking.tie_with_above(3)
    assert ranking.ranks == {1: 1, 2: 2, 3: 2}
    ranking.move_up(3)
    assert ranking.ranks == {1: 1, 3: 2, 2: 3}
    ranking.tie_with_above(2)
    ranking.move_down(3)
    assert ranking.ranks == {1: 1, 2: 2, 3: 3}


def test_unranking_closes_the_gap() -> None:
    ranking = Ranking(CANDIDATES)
    for cid in (1, 2, 3):
        ranking.toggle(cid)
    ranking.toggle(2)
    assert ranking.ranks == {1: 1, 3: 2}
