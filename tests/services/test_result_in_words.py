"""The result in plain words: who won how clearly, and whether a tie mattered for the top 3;
every sentence agrees with the cards (the winners in their final order)."""

from __future__ import annotations

import pytest
from meeting_setup import CANDIDATES, committee, counted_vote, open_with_attendance

from buurt.services import Database, votes
from buurt.services.result_words import in_plain_words


@pytest.fixture
def world(db: Database):
    world = committee(db)
    open_with_attendance(db, world)
    return world


def _words(db: Database, world, rankings) -> tuple[votes.VoteOutcome, list[str]]:
    ids = [world.problem[title] for title, _street in CANDIDATES]
    vote = counted_vote(db, world.meeting_id, ids, rankings)
    outcome = votes.vote_outcome(db, vote.id)
    return outcome, in_plain_words(outcome)


def test_a_clear_winner_is_said_to_beat_every_problem_below_it(db: Database, world) -> None:
    outcome, words = _words(db, world, [[0, 1, 2, 3]] * 5 + [[1, 0, 2, 3]] * 2)
    assert words[0] == "7 ballots were counted."
    assert words[1] == (
        "1. Zwerfvuil bij de containers: more voters put it above each problem below it "
        "(by at least 3)."
    )
    assert [w.split(":")[0] for w in words[1:4]] == [
        f"{place}. {name}" for place, name in enumerate(outcome.winners, start=1)
    ]


def test_a_lot_within_the_top_3_is_said_not_to_change_who_is_in_it(db: Database, world) -> None:
    outcome, words = _words(db, world, [[0, 1, 2, 3], [1, 0, 2, 3]])
    (tie,) = [w for w in words if "level" in w]
    assert "only decided their order within the top 3" in tie
    assert [w.split(":")[0] for w in words[1:4]] == [
        f"{place}. {name}" for place, name in enumerate(outcome.winners, start=1)
    ]
    assert not any("seed" in w.lower() or "sha" in w.lower() for w in words)


def test_a_lot_at_the_edge_of_the_top_3_is_said_to_decide_it(db: Database, world) -> None:
    outcome, words = _words(db, world, [[0, 1, 2, 3], [0, 1, 3, 2]])
    (tie,) = [w for w in words if "level" in w]
    assert "the lot decided who is in the top 3" in tie
    assert tie.endswith(f": {outcome.winners[2]}.")


def test_a_tie_left_open_is_explained_once(db: Database, world) -> None:
    """Two problems level for the one place, no lot: the chair decides, said in one sentence
    (it was said twice: "are level; that is still open" and "level for the last place")."""
    ids = [world.problem[title] for title, _street in CANDIDATES]
    vote = counted_vote(db, world.meeting_id, ids, [[0, 1], [1, 0]], seats=1, tie_break="none")
    words = in_plain_words(votes.vote_outcome(db, vote.id))
    level = [w for w in words if "level" in w]
    assert len(level) == 1
    assert "the chair decides" in level[0]
    assert "Te hard rijden" in level[0]
    assert "Zwerfvuil bij de containers" in level[0]
