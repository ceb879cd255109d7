"""The vote in meeting mode: the quorum gate, paper ballots entered twice, closing and
cancelling only after asking, the chair's casting vote or the lot for a tie, and confirming."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import (
    CANDIDATES,
    committee,
    counted_vote,
    meeting_mode,
    meeting_underway,
    open_with_attendance,
    pilot_test,
    press,
    type_text,
)
from textual.widgets import Static

from buurt.services import Database, votes
from buurt.tui.screens.ballot_entry import BallotEntryScreen
from buurt.tui.screens.vote_result import VoteResultScreen


def _problem_ids(world: Any) -> list[int]:
    return [world.problem[title] for title, _street in CANDIDATES]


def text(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def field_error(app: Any, row: str) -> str:
    """The message shown beside a form field."""
    return str(app.screen.query_one(row).query_one(".field-error", Static).render())


async def to_vote_section(pilot: Any) -> None:
    await press(pilot, "v")  # the open meeting comes up at once
    await press(pilot, "f3")


@pilot_test
async def test_the_vote_does_not_open_without_quorum_and_says_why(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = committee(db)
    open_with_attendance(db, world, away=dict.fromkeys(list(world.member)[2:], "absent"))
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await to_vote_section(pilot)
        await press(pilot, "enter")  # prepare a vote
        await press(pilot, "ctrl+s")
        assert "No quorum: 2 of 9 members present, 5 needed" in text(app, "#vote-problem")
        (vote,) = votes.list_votes(db, meeting_id=world.meeting_id)
        assert vote.status == "draft"


@pilot_test
async def test_paper_ballots_are_stored_only_when_both_entries_agree(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    vote = votes.create_vote(
        db,
        {"meeting_id": world.meeting_id, "problem_ids": _problem_ids(world), "double_entry": True},
    )
    votes.open_vote(db, vote.id)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await to_vote_section(pilot)
        await press(pilot, "enter")  # enter ballots
        assert isinstance(app.screen, BallotEntryScreen)
        await press(pilot, "enter", "1", "down", "2", "ctrl+s")
        await press(pilot, "2", "down", "1", "ctrl+s")
        assert "differ on" in text(app, "#mismatch")
        assert votes.get_vote(db, vote.id).ballots == 0
        await press(pilot, "1", "down", "2", "ctrl+s")
        await press(pilot, "1", "down", "2", "ctrl+s")
        assert votes.get_vote(db, vote.id).ballots == 1
    (ballot,) = votes.stored_ballots(db, vote.id)
    assert ballot.voter == "Anna Berg"
    assert ballot.ranks == {"Zwerfvuil bij de containers": 1, "Te hard rijden": 2}


@pilot_test
async def test_closing_the_vote_asks_first(db: Database, make_app: Callable[..., Any]) -> None:
    world = meeting_underway(db)
    vote = votes.create_vote(
        db, {"meeting_id": world.meeting_id, "problem_ids": _problem_ids(world)}
    )
    votes.open_vote(db, vote.id)
    votes.cast_ballot(db, vote.id, world.member["Anna Berg"], {vote.candidates[0].id: 1})
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "f8", "n")  # close the vote (as the palette offers it), no
        assert votes.get_vote(db, vote.id).status == "open"
        await press(pilot, "f8", "y")
        assert isinstance(app.screen, VoteResultScreen)
        assert votes.get_vote(db, vote.id).status == "closed"


@pilot_test
async def test_cancelling_a_vote_needs_a_reason(db: Database, make_app: Callable[..., Any]) -> None:
    world = meeting_underway(db)
    vote = votes.create_vote(
        db, {"meeting_id": world.meeting_id, "problem_ids": _problem_ids(world)}
    )
    votes.open_vote(db, vote.id)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await to_vote_section(pilot)
        app.screen.query_one("#cancel").focus()
        await press(pilot, "enter", "ctrl+s")
        assert "Say why the vote is cancelled" in field_error(app, "#row-reason")
        assert votes.get_vote(db, vote.id).status == "open"
        await type_text(pilot, "Verkeerd")
        await press(pilot, "ctrl+s")
    assert votes.get_vote(db, vote.id).status == "cancelled"


TIE = [[0, 1, 2], [0, 1, 3], [1, 0, 2], [0, 1, 3]]


async def result_screen(pilot: Any) -> VoteResultScreen:
    await to_vote_section(pilot)
    await press(pilot, "enter")  # show the result
    assert isinstance(pilot.app.screen, VoteResultScreen)
    return pilot.app.screen


@pilot_test
async def test_the_chairs_casting_vote_decides_a_tie_and_is_recorded(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    vote = counted_vote(db, world.meeting_id, _problem_ids(world), TIE, tie_break="none")
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await result_screen(pilot)
        assert screen.outcome is not None
        assert screen.outcome.open_tie == [
            "Hangjongeren bij het speelveld",
            "Graffiti op de gevels",
        ]
        await press(pilot, "k")
        await press(pilot, "j", "ctrl+s")  # Graffiti first
        assert screen.outcome.winners[2] == "Graffiti op de gevels"
    outcome = votes.vote_outcome(db, vote.id)
    assert [t.rule for t in outcome.decided_ties] == ["casting"]
    assert outcome.vote.tie_break == "casting"


@pilot_test
async def test_a_tie_drawn_by_lot_after_the_count_keeps_its_seed(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    vote = counted_vote(db, world.meeting_id, _problem_ids(world), TIE, tie_break="none")
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await result_screen(pilot)
        await press(pilot, "l", "y")
    outcome = votes.vote_outcome(db, vote.id)
    (tie,) = outcome.decided_ties
    assert tie.rule == "lot"
    assert tie.seed == outcome.digest
    assert outcome.complete


@pilot_test
async def test_confirming_needs_every_success_criterion(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    vote = counted_vote(db, world.meeting_id, _problem_ids(world), [[0, 1, 2]] * 5)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await result_screen(pilot)
        await press(pilot, "c")
        await type_text(pilot, "Schoon")
        await press(pilot, "ctrl+s")
        message = field_error(app, "#row-criteria-1")
        assert "Write down when 'Te hard rijden' counts as done" in message
        assert votes.get_vote(db, vote.id).status == "closed"
