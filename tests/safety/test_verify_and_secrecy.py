"""Tamper evidence (`buurt verify` finds the first changed, removed or inserted event and every
vote whose ballots no longer give its stored result) and the unlinkability of secret ballots in
the raw file."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from meeting_setup import committee, counted_vote, meeting_underway, open_with_attendance
from safety_helpers import checkpoint, cli, rows

from buurt.services import Database, votes
from buurt.services.audit import verify_chain

pytestmark = pytest.mark.needs_file(
    "tampers with the file with sqlite3, then verifies it from the command line"
)


@pytest.fixture
def counted(db: Database) -> tuple[Path, int]:
    with db.transaction():  # set up in one commit (each commit waits for the disk)
        world = committee(db)
        open_with_attendance(db, world)
        ids = list(world.problem.values())
        vote = counted_vote(db, world.meeting_id, ids, [[0, 1, 2, 3]] * 5 + [[3, 2, 1, 0]] * 4)
    assert db.path is not None
    db.close()
    checkpoint(db.path)
    return db.path, vote.id


def _sql(path: Path, statement: str, *args: object) -> None:
    con = sqlite3.connect(path)
    con.execute(statement, args)
    con.commit()
    con.close()


def test_an_untouched_file_verifies(
    counted: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, vote_id = counted
    code, out, err = cli(capsys, "verify", path, "--lang", "en")
    assert (code, err) == (0, "")
    assert re.search(r"Audit trail intact: \d+ events checked", out)
    assert f"Vote {vote_id} (Top 3): counted again, same result." in out


def test_a_changed_event_is_the_first_break(
    counted: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _vote = counted
    _sql(path, "UPDATE audit_event SET summary = 'niets aan de hand' WHERE id = 5")
    code, out, err = cli(capsys, "verify", path, "--lang", "en")
    assert code == 1
    assert "Audit trail broken: event 5 was changed after it was written." in out
    assert "does not match what was written" in err


def test_a_removed_event_is_found_where_the_gap_is(
    counted: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _vote = counted
    _sql(path, "DELETE FROM audit_event WHERE id = 7")
    code, out, _err = cli(capsys, "verify", path, "--lang", "en")
    assert code == 1
    assert "event 8 does not follow the event before it" in out


def test_a_rewritten_chain_tail_is_still_found_at_the_first_change(db: Database) -> None:
    from buurt.services.members import add_member

    for name in ("Anna", "Bram", "Carla"):
        add_member(db, {"name": name, "kind": "resident"})
    assert db.path is not None
    _sql(db.path, "UPDATE audit_event SET after_json = '{}' WHERE id = 2")
    report = verify_chain(db)
    assert report.first_break is not None
    assert report.first_break.event_id == 2


def test_a_changed_ballot_is_found_by_counting_again(
    counted: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, vote_id = counted
    _sql(path, "UPDATE ballot_rank SET rank = 9 WHERE rank = 1")
    code, out, _err = cli(capsys, "verify", path, "--lang", "en")
    assert code == 1
    assert (
        f"vote {vote_id}: the stored ballots no longer match the ballots that were counted" in out
    )


def test_a_changed_result_is_found_by_counting_again(
    counted: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, vote_id = counted
    result = json.loads(rows(path, "SELECT result_json FROM vote")[0][0])  # type: ignore[arg-type]
    result["winners"] = list(reversed(result["winners"]))
    result["ranking"] = list(reversed(result["ranking"]))
    _sql(path, "UPDATE vote SET result_json = ?", json.dumps(result))
    code, out, _err = cli(capsys, "verify", path, "--lang", "en")
    assert code == 1
    assert f"vote {vote_id}: counted again, the result differs" in out


# -- secret ballots ------------------------------------------------------------------------


def test_a_secret_ballot_cannot_be_linked_to_its_voter_in_the_raw_file(db: Database) -> None:
    world = meeting_underway(db)
    ids = list(world.problem.values())
    vote = votes.create_vote(
        db, {"meeting_id": world.meeting_id, "problem_ids": ids, "secret": True, "title": "Geheim"}
    )
    votes.open_vote(db, vote.id)
    candidate = [c.id for c in vote.candidates]
    order = votes.voters(db, vote.id)
    # Each voter gets a distinctive ballot so that a link, if any, would show.
    for n, voter in enumerate(order):
        votes.cast_ballot(
            db, vote.id, voter.member_id, {candidate[n % 4]: 1, candidate[(n + 1) % 4]: n + 2}
        )
    votes.close_vote(db, vote.id)
    assert db.path is not None
    db.close()
    checkpoint(db.path)  # the write-ahead log is folded in when the file is closed
    con = sqlite3.connect(db.path)
    try:
        # No column of a ballot names a voter, and no ballot table has a moment in it.
        for table in ("ballot", "ballot_rank", "vote_participation"):
            columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            assert not [c for c in columns if c.endswith(("_at", "_on", "time", "date"))], table
        assert con.execute("SELECT count(*) FROM ballot WHERE voter_id IS NOT NULL").fetchone() == (
            0,
        )
        # No rowid: the physical order of ballots is their random id, not the order of casting.
        for table in ("ballot", "ballot_rank", "vote_participation"):
            with pytest.raises(sqlite3.OperationalError, match="no such column"):
                con.execute(f"SELECT rowid FROM {table}")
        ids_ = [r[0] for r in con.execute("SELECT id FROM ballot")]
        assert ids_ == sorted(ids_)
        assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids_)
        # Participation is ordered by member, not by time.
        voted = [r[0] for r in con.execute("SELECT member_id FROM vote_participation")]
        assert voted == sorted(voted)
        # No other table holds a ballot id (not the audit trail, not the vote).
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            if table in ("ballot", "ballot_rank"):
                continue
            dump = json.dumps(con.execute(f"SELECT * FROM {table}").fetchall(), default=str)
            assert not any(i in dump for i in ids_), table
        # The audit trail says who voted once, at the close, sorted; never per ballot.
        ballot_events = [
            json.loads(r[0])
            for r in con.execute("SELECT after_json FROM audit_event WHERE action = 'ballot'")
        ]
        assert len(ballot_events) == len(order)
        assert all(set(e) == {"ballots"} for e in ballot_events)
        (close,) = [
            json.loads(r[0])
            for r in con.execute("SELECT after_json FROM audit_event WHERE action = 'close'")
        ]
        assert close["voters"] == sorted((v.name for v in order), key=str.lower)
    finally:
        con.close()
    assert not Path(f"{db.path}-wal").exists() or Path(f"{db.path}-wal").stat().st_size == 0
