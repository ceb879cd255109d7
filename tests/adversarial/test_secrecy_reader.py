"""The attacker with the raw SQLite file, when another program was reading the file while the
secret vote closed (the room's projector `buurt project FILE`, a second copy of the app, a
backup tool): the rebuild of the file at the close cannot run while that reader holds its
snapshot. Once the reader is gone and the rebuild has run (at the next write or the next
open), the file, its free pages and its write-ahead log pair at most 3 of the 30 ballots with
their voters (chance is about 1), and the chair is told the rebuild is pending meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from secrecy_attack import _is_participation, _is_rank
from sqlite_pages import free_cells, wal_cells
from test_secrecy_sqlite import (
    LIMIT,
    VOTERS,
    SecretVote,
    _seeded_ids,
    assert_unlinkable,
    cast,
    prepare,
)

from buurt.services import Database, members, open_database, votes
from buurt.services.secret_ballots import rebuild_pending

__all__ = ["_seeded_ids"]  # the seeded ballot ids of the SQLite attacker test

pytestmark = pytest.mark.needs_file


def history_links(path: Path, vote: SecretVote) -> int:
    """The attack the write-ahead log offers while it keeps every commit of the vote: each
    cast rewrites all ballots, so ballots are matched by content, not by id; a ballot's
    content is new in the commit its voter cast it in, and so is the voter's participation
    row. Pair both orders of first appearance and count the right pairs."""
    cells = wal_cells(path)
    contents: dict[str, dict[int, int]] = {}
    first_frame: dict[str, int] = {}
    for cell in cells:
        if _is_rank(cell):
            ballot_id, candidate, rank = cell.values
            contents.setdefault(str(ballot_id), {})[int(candidate or 0)] = int(rank or 0)
            first_frame[str(ballot_id)] = min(
                cell.frame, first_frame.get(str(ballot_id), cell.frame)
            )
    truth = vote.truth
    seen: dict[str, int] = {}  # voter (by the ballot's content) -> first frame
    for ballot_id, ranks in contents.items():
        voter = truth.get(tuple(sorted(ranks.items())))
        if voter is not None:
            seen[voter] = min(first_frame[ballot_id], seen.get(voter, first_frame[ballot_id]))
    # Participation rows look like other (vote id, member id) pairs (an index on members'
    # `active` flag holds (1, id) for everyone); the participation page is the one whose set
    # of members grows from commit to commit.
    shapes: dict[int, dict[int, set[int]]] = {}  # page -> frame -> member ids
    for cell in cells:
        if _is_participation(cell, vote.vote_id) and int(cell.values[1] or 0) in vote.names:
            shapes.setdefault(cell.page, {}).setdefault(cell.frame, set()).add(
                int(cell.values[1] or 0)
            )
    voted: dict[str, int] = {}  # voter (by the participation row) -> first frame
    for by_frame in shapes.values():
        if len({frozenset(ids) for ids in by_frame.values()}) < 2:
            continue
        for frame, ids in by_frame.items():
            for member in ids:
                name = vote.names[member]
                voted[name] = min(frame, voted.get(name, frame))
    ballots = sorted(seen, key=lambda v: (seen[v], v))
    voters = sorted(voted, key=lambda v: (voted[v], v))
    return sum(1 for b, v in zip(ballots, voters, strict=False) if b == v)


def assert_nothing_links(path: Path, vote: SecretVote) -> None:
    assert_unlinkable(path, vote, ballots=VOTERS)
    linked = history_links(path, vote)
    assert linked <= LIMIT, f"{linked} of {VOTERS} linked through the log's commit history"


class Projector:
    """Another program with the file open for the whole evening (the room's projector, a
    second copy of the app): its connection stays open, and now and then it holds a read
    transaction, whose snapshot keeps the pages of before alive until it ends."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)

    @contextmanager
    def reading(self) -> Iterator[None]:
        self.connection.execute("BEGIN")
        self.connection.execute("SELECT count(*) FROM ballot").fetchone()
        try:
            yield
        finally:
            self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def projector(db: Database) -> Iterator[Projector]:
    assert db.path is not None
    other = Projector(db.path)
    yield other
    other.close()


@contextmanager
def reader(path: Path) -> Iterator[None]:
    """A reader that holds a read transaction and then goes away altogether."""
    other = Projector(path)
    try:
        with other.reading():
            yield
    finally:
        other.close()


def closed_while_read(
    db: Database, vote: SecretVote, projector: Projector, *, from_start: bool
) -> None:
    db.reader_wait = 0.1  # a reader that holds on past any wait; keep the test short
    if from_start:
        # A read that started before the first ballot (a hung projector): every commit of the
        # vote stays in the write-ahead log while it holds on.
        with projector.reading():
            cast(db, vote, vote.order)
            closed = votes.close_vote(db, vote.vote_id)
            assert rebuild_pending(db)
    else:
        cast(db, vote, vote.order)
        with projector.reading():
            closed = votes.close_vote(db, vote.vote_id)
            assert rebuild_pending(db)
    assert closed.status == "closed"
    assert closed.rebuild_pending  # the chair is told


@pytest.mark.parametrize("from_start", [False, True], ids=["read-at-close", "read-all-along"])
def test_a_read_at_the_close_leaves_no_link_after_the_next_write(
    db: Database, projector: Projector, from_start: bool
) -> None:
    vote = prepare(db)
    closed_while_read(db, vote, projector, from_start=from_start)
    # The projector's read has ended (it keeps the file open); the chair goes on with the
    # meeting: the next write rebuilds.
    members.update_member(db, vote.order[0], {"function": "penningmeester"})
    assert not rebuild_pending(db)
    assert db.path is not None
    assert_nothing_links(db.path, vote)


@pytest.mark.parametrize("from_start", [False, True], ids=["read-at-close", "read-all-along"])
def test_a_read_at_the_close_leaves_no_link_after_the_next_open(
    db: Database, projector: Projector, from_start: bool
) -> None:
    vote = prepare(db)
    closed_while_read(db, vote, projector, from_start=from_start)
    assert db.path is not None
    path = db.path
    db.close()  # the chair's app is closed right after the vote, and opened again later
    again = open_database(path, actor="test")
    try:
        assert not rebuild_pending(again)
    finally:
        again.close()
    assert_nothing_links(path, vote)


def test_a_reader_that_went_away_leaves_no_link(db: Database) -> None:
    """A reader that held a read at the close and then ended altogether (a backup tool)."""
    db.reader_wait = 0.1
    vote = prepare(db)
    cast(db, vote, vote.order)
    assert db.path is not None
    with reader(db.path):
        assert votes.close_vote(db, vote.vote_id).rebuild_pending
    members.update_member(db, vote.order[0], {"function": "penningmeester"})
    assert_nothing_links(db.path, vote)


def test_while_the_reader_holds_on_the_free_pages_keep_no_ballot(
    db: Database, projector: Projector
) -> None:
    """Until the rebuild can run, what was deleted is overwritten (secure delete), so the free
    pages of the main file hold no ballot of the vote; the chair is told it is pending."""
    db.reader_wait = 0.1
    vote = prepare(db)
    cast(db, vote, vote.order)
    assert db.path is not None
    with projector.reading():
        closed = votes.close_vote(db, vote.vote_id)
        assert closed.rebuild_pending
        loose = [c for c in free_cells(db.path) if len(c.values) in (3, 4)]
        assert not [c for c in loose if isinstance(c.values[0], str) and len(c.values[0]) == 32]


def test_without_a_reader_the_close_rebuilds_at_once(db: Database, projector: Projector) -> None:
    """The projector has the file open but is not reading at the close: nothing is owed."""
    vote = prepare(db)
    cast(db, vote, vote.order)
    closed = votes.close_vote(db, vote.vote_id)
    assert not closed.rebuild_pending
    assert not rebuild_pending(db)
    assert db.path is not None
    assert_nothing_links(db.path, vote)


def test_the_chair_is_told_when_the_rebuild_is_pending(db: Database, make_app: Any) -> None:
    """Closing a secret vote in the app while the projector reads: the chair hears that the
    order of casting is not wiped yet, and when it will be."""
    from meeting_setup import committee, open_with_attendance, pilot_test, press
    from settle import settle

    from buurt.tui.screens.vote_result import VoteResultScreen
    from buurt.tui.widgets.confirm import ConfirmDialog

    world = committee(db)
    open_with_attendance(db, world)
    problem_ids = list(world.problem.values())[:3]
    vote = votes.create_vote(
        db, {"meeting_id": world.meeting_id, "problem_ids": problem_ids, "secret": True}
    )
    votes.open_vote(db, vote.id)
    for name in ("Anna Berg", "Bram Claes"):
        votes.cast_ballot(db, vote.id, world.member[name], {vote.candidates[0].id: 1})
    db.reader_wait = 0.1
    assert db.path is not None
    projector = Projector(db.path)

    @pilot_test
    async def run() -> None:
        app = make_app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await press(pilot, "v")
            await press(pilot, "f8")  # close the vote: it asks first
            await settle(pilot, until=lambda: isinstance(app.screen, ConfirmDialog))
            with projector.reading():
                await press(pilot, "y")
                await settle(pilot, until=lambda: isinstance(app.screen, VoteResultScreen))
            messages = [n.message for n in app._notifications]
            assert any("could not yet wipe the order" in m for m in messages), messages

    try:
        run()
    finally:
        projector.close()
    assert votes.get_vote(db, vote.id).status == "closed"
    assert rebuild_pending(db)
