"""A secret vote that weighs residents against professionals stores each ballot's group: with
two professionals present, their two ballots are known to be theirs. The chair is told before
the vote opens; a vote that does not weigh the groups stores no group at all."""

from __future__ import annotations

from collections.abc import Callable

from meeting_setup import (
    meeting_underway,
    pilot_test,
    press,
    settle,
)
from sqlalchemy import text
from textual.widgets import Static

from buurt.services import Database, votes


def _secret_vote(db: Database, *, balance: bool) -> tuple[int, list[int]]:
    world = meeting_underway(db)
    vote = votes.create_vote(
        db,
        {
            "meeting_id": world.meeting_id,
            "problem_ids": list(world.problem.values()),
            "secret": True,
            "balance_groups": balance,
        },
    )
    return vote.id, [c.id for c in vote.candidates]


def _cast_all(db: Database, vote_id: int, candidates: list[int]) -> None:
    votes.open_vote(db, vote_id)
    for n, voter in enumerate(votes.voters(db, vote_id)):
        votes.cast_ballot(db, vote_id, voter.member_id, {candidates[n % 4]: 1})
    votes.close_vote(db, vote_id)


def test_without_weighing_no_ballot_keeps_a_group(db: Database) -> None:
    vote_id, candidates = _secret_vote(db, balance=False)
    _cast_all(db, vote_id, candidates)
    # What anyone holding the database reads from the table itself (the file, or the server).
    with db.engine.connect() as con:
        groups = {g for (g,) in con.execute(text("SELECT voter_group FROM ballot"))}
    assert groups == {None}
    assert votes.get_vote(db, vote_id).ballots == 9


def test_with_weighing_the_groups_are_kept_and_counted(db: Database) -> None:
    vote_id, candidates = _secret_vote(db, balance=True)
    _cast_all(db, vote_id, candidates)
    assert sorted(b.group or "" for b in votes.stored_ballots(db, vote_id)) == sorted(
        ["resident"] * 7 + ["professional"] * 2
    )


@pilot_test
async def test_the_chair_is_told_before_opening_that_two_professionals_are_recognisable(
    db: Database, make_app: Callable[..., object]
) -> None:
    _secret_vote(db, balance=True)
    app = make_app(db, "en")
    async with app.run_test(size=(100, 32)) as pilot:  # type: ignore[attr-defined]
        await press(pilot, "v")
        await press(pilot, "enter")  # the open meeting
        await press(pilot, *["ctrl+down"] * 7)  # to the vote
        await settle(pilot)
        text = str(app.screen.query_one("#vote-status", Static).render())  # type: ignore[attr-defined]
        assert "Only 2 professionals may vote" in text
        assert "residents may vote" not in text
