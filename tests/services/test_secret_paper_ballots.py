"""Secret paper ballots entered by tellers: double entry, no names. Turnout is the number of
papers entered, capped at the eligible members present; nothing links a paper to anyone."""

from __future__ import annotations

import pytest
from meeting_setup import CANDIDATES, committee, open_with_attendance
from sqlmodel import select

from buurt.db.models import Ballot, VoteParticipation
from buurt.errors import InputError
from buurt.services import Database, votes


@pytest.fixture
def world(db: Database):
    world = committee(db)
    open_with_attendance(db, world, away={"Gerrit Hol": "apologies", "Ivo Jansen": "absent"})
    return world


def _paper_vote(db: Database, world, **changes: object) -> votes.VoteRead:
    ids = [world.problem[title] for title, _street in CANDIDATES]
    vote = votes.create_vote(
        db,
        {
            "meeting_id": world.meeting_id,
            "problem_ids": ids,
            "secret": True,
            "double_entry": True,
            **changes,
        },
    )
    return votes.open_vote(db, vote.id)


def _ranks(vote: votes.VoteRead, order: list[int]) -> dict[int, int]:
    return {vote.candidates[i].id: place for place, i in enumerate(order, start=1)}


def test_secret_paper_ballots_are_counted_without_any_name(db: Database, world) -> None:
    vote = _paper_vote(db, world)
    for order in ([0, 1, 2], [0, 2, 1], [1, 0, 2]):
        votes.cast_paper_ballot(db, vote.id, _ranks(vote, order))
    assert votes.get_vote(db, vote.id).ballots == 3
    with db.reading() as session:
        assert session.exec(select(VoteParticipation)).all() == []
        assert {b.voter_id for b in session.exec(select(Ballot))} == {None}
    assert not any(v.has_voted for v in votes.voters(db, vote.id))
    votes.close_vote(db, vote.id)
    outcome = votes.vote_outcome(db, vote.id)
    assert outcome.ballots == 3
    assert outcome.winners[0] == "Zwerfvuil bij de containers"


def test_no_more_papers_than_eligible_members_present(db: Database, world) -> None:
    vote = _paper_vote(db, world)
    for _ in range(7):
        votes.cast_paper_ballot(db, vote.id, _ranks(vote, [0, 1]))
    with pytest.raises(InputError, match="7 papers"):
        votes.cast_paper_ballot(db, vote.id, _ranks(vote, [0, 1]))
    assert votes.get_vote(db, vote.id).ballots == 7


def test_a_secret_paper_vote_takes_no_named_ballot(db: Database, world) -> None:
    vote = _paper_vote(db, world)
    with pytest.raises(InputError, match="no names"):
        votes.cast_ballot(db, vote.id, world.member["Anna Berg"], _ranks(vote, [0]))


def test_papers_go_only_into_a_secret_paper_vote(db: Database, world) -> None:
    vote = _paper_vote(db, world, secret=False)
    with pytest.raises(InputError, match="secret paper"):
        votes.cast_paper_ballot(db, vote.id, _ranks(vote, [0]))


def test_balancing_groups_is_refused_for_secret_papers(db: Database, world) -> None:
    with pytest.raises(InputError, match="resident or a professional") as refused:
        _paper_vote(db, world, balance_groups=True)
    assert refused.value.field == "balance_groups"


def test_the_minutes_say_how_many_papers_were_counted(db: Database, world) -> None:
    from buurt.minutes.render import render_markdown
    from buurt.services.minutes import build_minutes

    vote = _paper_vote(db, world)
    for order in ([0, 1, 2], [1, 0, 2]):
        votes.cast_paper_ballot(db, vote.id, _ranks(vote, order))
    votes.close_vote(db, vote.id)
    text = render_markdown(build_minutes(db, world.meeting_id))
    assert "- **Ballots**: 2 papers, secret ballot;" in text
