"""The attacker with the raw SQLite file: after a secret vote of 30 voters, nothing in the file,
its free pages, its write-ahead log or its backups pairs more than 3 ballots with their voters
(chance is about 1).

The ballots' random ids come from a seeded generator here, so the test is repeatable: the
neutral order the file ends up in is then always the same random-looking order.
"""

from __future__ import annotations

import itertools
import random
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from secrecy_attack import Signature, attack

from buurt.services import Database, members, open_database, problems, votes
from buurt.services.backup import daily_backup, make_backup

pytestmark = pytest.mark.needs_file(
    "the attacker reads the raw SQLite file; the server's case is test_secrecy_postgres.py"
)

VOTERS = 30
LIMIT = 3  # at most this many of the 30 linked


@pytest.fixture(autouse=True)
def _seeded_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(20261201)

    class SeededUuid:
        @staticmethod
        def uuid4() -> uuid.UUID:
            return uuid.UUID(int=rng.getrandbits(128), version=4)

    monkeypatch.setattr("buurt.db.models.uuid", SeededUuid)


@dataclass
class SecretVote:
    vote_id: int
    names: dict[int, str]  # member id -> name
    ballots: dict[int, dict[int, int]]  # member id -> ranks by candidate id
    order: list[int]  # member ids in casting order

    @property
    def truth(self) -> dict[Signature, str]:
        return {
            tuple(sorted(ranks.items())): self.names[member]
            for member, ranks in self.ballots.items()
        }


def prepare(db: Database) -> SecretVote:
    """30 members (a few professionals), five candidates, a secret vote opened; every voter
    gets a different ballot so that a link, where there is one, shows."""
    names = {}
    with db.transaction():
        for n in range(VOTERS):
            kind = "professional" if n % 10 == 3 else "resident"
            name = f"Lid {n:02d} {'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}"
            names[members.add_member(db, {"name": name, "kind": kind}).id] = name
        problem_ids = [problems.add_problem(db, {"title": f"Probleem {i}"}).id for i in range(5)]
        vote = votes.create_vote(
            db, {"problem_ids": problem_ids, "secret": True, "title": "Geheim", "seats": 3}
        )
        votes.open_vote(db, vote.id)
    candidates = [c.id for c in vote.candidates]
    rankings = itertools.islice(itertools.permutations(range(1, 6)), 7, None, 3)
    ballots = {
        member: dict(zip(candidates, ranking, strict=True))
        for member, ranking in zip(sorted(names), rankings, strict=False)
    }
    order = sorted(names)
    random.Random(7).shuffle(order)
    return SecretVote(vote.id, names, ballots, order)


def cast(db: Database, vote: SecretVote, voters: list[int]) -> None:
    for member in voters:
        votes.cast_ballot(db, vote.vote_id, member, vote.ballots[member])


def assert_unlinkable(path: Path, vote: SecretVote, *, ballots: int | None = None) -> None:
    result = attack(path, vote.vote_id, vote.truth, vote.names)
    if ballots is not None:
        assert result.ballots == ballots, "the attacker must find every ballot to be fair"
    # Every ballot found can be told apart by its content: a pairing could be scored.
    assert result.known == result.ballots
    assert result.linked <= LIMIT, f"{result.linked} of {result.ballots} linked by {result.how}"


def test_after_close_no_ballot_links_to_its_voter(db: Database) -> None:
    vote = prepare(db)
    cast(db, vote, vote.order)
    votes.close_vote(db, vote.vote_id)
    assert db.path is not None
    assert_unlinkable(db.path, vote, ballots=VOTERS)
    db.close()
    assert_unlinkable(db.path, vote, ballots=VOTERS)


def test_while_the_vote_is_open_the_file_keeps_no_casting_order(db: Database) -> None:
    vote = prepare(db)
    cast(db, vote, vote.order[:20])
    assert db.path is not None
    assert_unlinkable(db.path, vote, ballots=20)


def test_after_a_crash_mid_vote_resume_and_close_no_link(db: Database, tmp_path: Path) -> None:
    vote = prepare(db)
    cast(db, vote, vote.order[:15])
    assert db.path is not None
    # The machine dies: the file and its write-ahead log stay as they are on disk.
    crashed = tmp_path / "crashed" / "buurt.sqlite"
    crashed.parent.mkdir()
    for suffix in ("", "-wal"):
        if Path(f"{db.path}{suffix}").exists():
            shutil.copyfile(f"{db.path}{suffix}", f"{crashed}{suffix}")
    db.close()
    resumed = open_database(crashed, actor="test")
    try:
        daily_backup(resumed, now=datetime(2026, 12, 2, 9, 0))  # the app's first open today
        cast(resumed, vote, vote.order[15:])
        votes.close_vote(resumed, vote.vote_id)
    finally:
        resumed.close()
    assert_unlinkable(crashed, vote, ballots=VOTERS)
    for copy in sorted((crashed.parent / "backups").glob("*")):
        assert_unlinkable(copy, vote)


def test_no_backup_made_after_the_vote_opened_links_a_ballot(db: Database, tmp_path: Path) -> None:
    vote = prepare(db)
    assert db.path is not None
    cast(db, vote, vote.order[:12])
    copies = [make_backup(db.path, tmp_path / "by-hand.sqlite")]
    daily = daily_backup(db, now=datetime(2026, 12, 2, 9, 0))
    copies += [daily] if daily is not None else []
    cast(db, vote, vote.order[12:25])
    copies.append(make_backup(db.path, tmp_path / "later.sqlite"))
    cast(db, vote, vote.order[25:])
    votes.close_vote(db, vote.vote_id)
    copies.append(make_backup(db.path, tmp_path / "after.sqlite"))
    for copy in copies:
        assert_unlinkable(copy, vote)
