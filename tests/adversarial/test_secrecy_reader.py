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


@contextmanager
def reader(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding a read transaction on the file (as a projector does while it
    reads a screenful): its snapshot keeps the pages of before, until it lets go."""
    other = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    try:
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM ballot").fetchone()
        yield other
    finally:
        other.execute("COMMIT")
        other.close()


def closed_while_read(db: Database, vote: SecretVote, *, from_start: bool) -> None:
    assert db.path is not None
    db.reader_wait = 0.1  # a reader that holds on past any wait; keep the test short
    if from_start:
        # A reader that started before the first ballot (a hung projector): every commit
        # of the vote stays in the write-ahead log while it holds on.
        with reader(db.path):
            cast(db, vote, vote.order)
            closed = votes.close_vote(db, vote.vote_id)
            assert rebuild_pending(db)
    else:
        cast(db, vote, vote.order)
        with reader(db.path):
            closed = votes.close_vote(db, vote.vote_id)
            assert rebuild_pending(db)
    assert closed.status == "closed"


@pytest.mark.parametrize("from_start", [False, True], ids=["reader-at-close", "reader-all-along"])
def test_a_reader_at_the_close_leaves_no_link_after_the_next_write(
    db: Database, from_start: bool
) -> None:
    vote = prepare(db)
    closed_while_read(db, vote, from_start=from_start)
    # The reader is gone; the chair goes on with the meeting: the next write rebuilds.
    members.update_member(db, vote.order[0], {"function": "penningmeester"})
    assert not rebuild_pending(db)
    assert db.path is not None
    assert_nothing_links(db.path, vote)


@pytest.mark.parametrize("from_start", [False, True], ids=["reader-at-close", "reader-all-along"])
def test_a_reader_at_the_close_leaves_no_link_after_the_next_open(
    db: Database, from_start: bool
) -> None:
    vote = prepare(db)
    closed_while_read(db, vote, from_start=from_start)
    assert db.path is not None
    path = db.path
    db.close()  # the app is closed right after the vote; opened again later
    again = open_database(path, actor="test")
    try:
        assert not rebuild_pending(again)
    finally:
        again.close()
    assert_nothing_links(path, vote)


def test_while_the_reader_holds_on_the_free_pages_keep_no_ballot(db: Database) -> None:
    """Until the rebuild can run, what was deleted is overwritten (secure delete), so the free
    pages of the main file hold no ballot of the vote; the chair is told it is pending."""
    db.reader_wait = 0.1
    vote = prepare(db)
    cast(db, vote, vote.order)
    assert db.path is not None
    with reader(db.path):
        closed = votes.close_vote(db, vote.vote_id)
        assert closed.rebuild_pending
        loose = [c for c in free_cells(db.path) if len(c.values) in (3, 4)]
        assert not [c for c in loose if isinstance(c.values[0], str) and len(c.values[0]) == 32]
