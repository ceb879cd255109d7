"""The votes service: quorum gate, ballots (open and secret), counting, ties, confirming."""

from __future__ import annotations

import json
from datetime import date

import pytest
from meeting_setup import CANDIDATES, committee, counted_vote, open_with_attendance

from buurt.errors import InputError
from buurt.services import Database, priorities, votes
from buurt.services.priorities import add_period, list_periods, list_priorities


@pytest.fixture
def world(db: Database):
    world = committee(db)
    open_with_attendance(db, world, away={"Gerrit Hol": "apologies", "Ivo Jansen": "absent"})
    return world


def _ids(world) -> list[int]:
    return [world.problem[title] for title, _street in CANDIDATES]


def test_a_vote_does_not_open_without_quorum(db: Database) -> None:
    world = committee(db)
    open_with_attendance(db, world, away=dict.fromkeys(list(world.member)[:6], "absent"))
    vote = votes.create_vote(db, {"meeting_id": world.meeting_id, "problem_ids": _ids(world)})
    with pytest.raises(InputError, match="No quorum: 3 of 9 members present, 5 needed"):
        votes.open_vote(db, vote.id)
    assert votes.get_vote(db, vote.id).status == "draft"


def test_the_quorum_is_stored_with_the_opened_vote(db: Database, world) -> None:
    vote = votes.create_vote(db, {"meeting_id": world.meeting_id, "problem_ids": _ids(world)})
    opened = votes.open_vote(db, vote.id)
    assert (opened.quorum_present, opened.quorum_members, opened.quorum_required) == (7, 9, 5)


def test_counting_gives_the_winners_in_order(db: Database, world) -> None:
    ids = _ids(world)
    vote = counted_vote(db, world.meeting_id, ids, [[1, 0, 2]] * 4 + [[0, 2, 1]] * 3)
    outcome = votes.vote_outcome(db, vote.id)
    assert outcome.winners == [
        "Te hard rijden",
        "Zwerfvuil bij de containers",
        "Hangjongeren bij het speelveld",
    ]
    assert outcome.ballots == 7
    assert outcome.complete
    assert outcome.first_choices["Te hard rijden"] == 4
    assert outcome.lines, "the count is explained"
    assert outcome.tables.pairwise[1][0] == 4


def test_a_tie_left_open_blocks_confirming_until_the_chair_casts_a_vote(
    db: Database, world
) -> None:
    ids = _ids(world)
    vote = counted_vote(db, world.meeting_id, ids, [[0, 1], [1, 0]], seats=1, tie_break="none")
    outcome = votes.vote_outcome(db, vote.id)
    assert outcome.winners == []
    assert sorted(outcome.open_tie) == sorted(["Zwerfvuil bij de containers", "Te hard rijden"])
    period = add_period(db, {"start_on": "2026-12-01", "end_on": "2027-02-28"})
    with pytest.raises(InputError, match="tie is still open"):
        priorities.confirm_top(db, vote.id, period_id=period.id)
    votes.recount_vote(db, vote.id, casting=["Te hard rijden", "Zwerfvuil bij de containers"])
    after = votes.vote_outcome(db, vote.id)
    assert after.winners == ["Te hard rijden"]
    assert [t.rule for t in after.decided_ties] == ["casting"]
    assert votes.get_vote(db, vote.id).tie_break == "casting"


def test_a_tie_can_be_drawn_by_lot_after_the_count_and_the_seed_is_kept(
    db: Database, world
) -> None:
    ids = _ids(world)
    vote = counted_vote(db, world.meeting_id, ids, [[0, 1], [1, 0]], seats=1, tie_break="none")
    votes.recount_vote(db, vote.id, tie_break="lot")
    outcome = votes.vote_outcome(db, vote.id)
    assert len(outcome.winners) == 1
    (tie,) = outcome.decided_ties
    assert tie.rule == "lot"
    assert tie.seed == outcome.digest


def test_a_secret_ballot_has_no_link_to_its_voter(db: Database, world) -> None:
    ids = _ids(world)
    vote = counted_vote(db, world.meeting_id, ids, [[0, 1, 2]] * 3, secret=True)
    assert all(b.voter == "" for b in votes.stored_ballots(db, vote.id))
    assert sum(v.has_voted for v in votes.voters(db, vote.id)) == 3


def test_a_member_cannot_vote_twice(db: Database, world) -> None:
    ids = _ids(world)
    vote = votes.create_vote(db, {"meeting_id": world.meeting_id, "problem_ids": ids})
    votes.open_vote(db, vote.id)
    anna = world.member["Anna Berg"]
    votes.cast_ballot(db, vote.id, anna, {})
    with pytest.raises(InputError, match="already voted"):
        votes.cast_ballot(db, vote.id, anna, {})


def test_an_absent_member_cannot_vote(db: Database, world) -> None:
    vote = votes.create_vote(db, {"meeting_id": world.meeting_id, "problem_ids": _ids(world)})
    votes.open_vote(db, vote.id)
    with pytest.raises(InputError, match="may not vote"):
        votes.cast_ballot(db, vote.id, world.member["Ivo Jansen"], {})


def test_truncated_and_tied_ballots_are_stored_as_entered(db: Database, world) -> None:
    ids = _ids(world)
    vote = counted_vote(db, world.meeting_id, ids, [[0, [1, 2]], [3]])
    ranks = sorted((sorted(b.ranks.items()) for b in votes.stored_ballots(db, vote.id)), key=len)
    assert ranks == [
        [("Graffiti op de gevels", 1)],
        [
            ("Hangjongeren bij het speelveld", 2),
            ("Te hard rijden", 2),
            ("Zwerfvuil bij de containers", 1),
        ],
    ]


def test_every_method_counts_the_same_ballots(db: Database, world) -> None:
    ids = _ids(world)
    rankings = [[0, 1, 2, 3]] * 3 + [[1, 2, 0]] * 2 + [[2, 1]] * 2
    for method in ("schulze", "ranked-pairs", "borda", "irv", "stv"):
        vote = counted_vote(db, world.meeting_id, ids, rankings, method=method)
        outcome = votes.vote_outcome(db, vote.id)
        assert outcome.method == method
        assert len(outcome.winners) == 3


def test_confirming_makes_the_winners_the_priorities_with_their_criteria(
    db: Database, world
) -> None:
    ids = _ids(world)
    vote = counted_vote(db, world.meeting_id, ids, [[3, 2, 1, 0]] * 7)
    period = add_period(db, {"start_on": "2026-12-01", "end_on": "2027-02-28"})
    priorities.confirm_top(
        db, vote.id, period_id=period.id, criteria={"Graffiti op de gevels": "Gevels schoon."}
    )
    top = list_priorities(db, period_id=period.id)
    assert [(p.rank, p.title) for p in top] == [
        (1, "Graffiti op de gevels"),
        (2, "Hangjongeren bij het speelveld"),
        (3, "Te hard rijden"),
    ]
    assert top[0].success_criterion == "Gevels schoon."
    assert votes.get_vote(db, vote.id).status == "confirmed"


def test_the_stored_result_names_the_engine_and_the_digest(db: Database, world) -> None:
    vote = counted_vote(db, world.meeting_id, _ids(world), [[0, 1, 2]] * 5)
    stored = json.loads(json.dumps(votes.vote_result(db, vote.id)))
    assert stored["engine_version"]
    assert len(stored["digest"]) == 64
    assert votes.get_vote(db, vote.id).digest == stored["digest"]


def test_double_entry_mismatches_name_the_candidates_that_differ() -> None:
    assert votes.ballot_mismatches({1: 1, 2: 2, 3: 2}, {1: 1, 2: 3, 3: 3}) == []
    assert votes.ballot_mismatches({1: 1, 2: 2}, {1: 2, 2: 1}) == [1, 2]
    assert votes.ballot_mismatches({1: 1, 2: 2}, {1: 1}) == [2]


def test_cancelling_needs_a_reason_and_keeps_the_ballots_uncounted(db: Database, world) -> None:
    vote = votes.create_vote(db, {"meeting_id": world.meeting_id, "problem_ids": _ids(world)})
    votes.open_vote(db, vote.id)
    votes.cast_ballot(db, vote.id, world.member["Anna Berg"], {})
    with pytest.raises(InputError):
        votes.cancel_vote(db, vote.id, "  ")
    cancelled = votes.cancel_vote(db, vote.id, "Verkeerde kandidaten")
    assert cancelled.status == "cancelled"
    assert cancelled.ballots == 1


def test_confirming_without_a_running_period_starts_one_of_the_neighbourhoods_length(
    db: Database, world
) -> None:
    vote = counted_vote(db, world.meeting_id, _ids(world), [[0, 1, 2]] * 5)
    criteria = dict.fromkeys(votes.vote_result(db, vote.id)["winners"], "Klaar.")
    votes.confirm_vote(db, vote.id, criteria=criteria, today=date(2026, 12, 6))
    (period,) = list_periods(db)
    assert (period.start_on, period.end_on) == (date(2026, 12, 6), date(2027, 3, 5))
    assert len(list_priorities(db, period_id=period.id)) == 3


def test_confirming_refuses_a_missing_success_criterion(db: Database, world) -> None:
    vote = counted_vote(db, world.meeting_id, _ids(world), [[0, 1, 2]] * 5)
    with pytest.raises(InputError, match="counts as done") as refused:
        votes.confirm_vote(
            db,
            vote.id,
            criteria={"Zwerfvuil bij de containers": "Schoon."},
            today=date(2026, 12, 6),
        )
    assert refused.value.field == "criteria-1"
    assert votes.get_vote(db, vote.id).status == "closed"
