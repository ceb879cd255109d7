"""The engine version policy (`buurt.voting.versions`) as `buurt verify` applies it: a stored
vote keeps the engine version that counted it; counted again, the elected must always be the
same, the order only when no later version changed how that method orders. An order a newer
engine gives differently is a note (with the difference), never a break; and claiming an old
version does not hide a changed order for a method whose ordering never changed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from meeting_setup import committee, counted_vote, open_with_attendance

from buurt.cli import run
from buurt.db.models import Vote
from buurt.services import Database
from buurt.services.integrity import VoteCheck, check_vote
from buurt.voting import ENGINE_VERSION, order_comparable
from buurt.voting.versions import ORDER_CHANGES

RANKINGS: list[list[int | list[int]]] = [[0, 1, 2, 3]] * 4 + [[1, 0, 3, 2]] * 3 + [[2, 3]] * 2


def _vote(db: Database, method: str) -> int:
    with db.transaction():
        world = committee(db)
        open_with_attendance(db, world)
        ids = list(world.problem.values())[:4]
        return counted_vote(db, world.meeting_id, ids, RANKINGS, method=method, seats=3).id


def _rewrite(db: Database, vote_id: int, change: dict[str, Any]) -> dict[str, Any]:
    """What a file written by another engine holds: the stored result with `change`."""
    with db.transaction() as session:
        vote = session.get(Vote, vote_id)
        assert vote is not None
        stored = json.loads(vote.result_json)
        stored.update(change)
        vote.result_json = json.dumps(stored)
        session.add(vote)
    return stored


def _reordered(db: Database, vote_id: int) -> dict[str, Any]:
    """The stored winners and order with the first two winners swapped (the same elected)."""
    with db.reading() as session:
        vote = session.get(Vote, vote_id)
        assert vote is not None
        stored = json.loads(vote.result_json)
    winners = stored["winners"]
    swapped = [winners[1], winners[0], *winners[2:]]
    ranking = [[name] for name in swapped] + [
        tier for tier in stored["ranking"] if not set(tier) & set(winners)
    ]
    return {"winners": swapped, "ranking": ranking}


def test_an_older_engines_stv_order_is_a_note_with_the_difference(db: Database) -> None:
    vote_id = _vote(db, "stv")
    change = _reordered(db, vote_id)
    stored = _rewrite(db, vote_id, {"engine_version": "1.0", **change})
    check = check_vote(db, vote_id)
    assert check == VoteCheck(vote_id=vote_id, title="Top 3", ok=True, note=check.note)
    assert check.note.startswith(
        f"vote {vote_id}: the same elected, but engine {ENGINE_VERSION} orders them "
        "differently from engine 1.0, which counted this vote"
    )
    assert f"stored {', '.join(stored['winners'])})" in check.note
    counted_now = [stored["winners"][1], stored["winners"][0], *stored["winners"][2:]]
    assert f"(now {', '.join(counted_now)};" in check.note


def test_the_same_engine_version_must_give_the_same_order(db: Database) -> None:
    vote_id = _vote(db, "stv")
    _rewrite(db, vote_id, {"engine_version": ENGINE_VERSION, **_reordered(db, vote_id)})
    check = check_vote(db, vote_id)
    assert not check.ok
    assert "counted again, the result differs" in check.reason


def test_claiming_an_old_version_does_not_excuse_an_order_that_never_changed(
    db: Database,
) -> None:
    vote_id = _vote(db, "schulze")
    _rewrite(db, vote_id, {"engine_version": "1.0", **_reordered(db, vote_id)})
    check = check_vote(db, vote_id)
    assert not check.ok
    assert "counted again, the result differs" in check.reason


def test_a_different_elected_set_breaks_whatever_the_version(db: Database) -> None:
    vote_id = _vote(db, "stv")
    with db.reading() as session:
        vote = session.get(Vote, vote_id)
        assert vote is not None
        stored = json.loads(vote.result_json)
    loser = next(
        name for tier in stored["ranking"] for name in tier if name not in stored["winners"]
    )
    winners = [*stored["winners"][:-1], loser]
    _rewrite(db, vote_id, {"engine_version": "1.0", "winners": winners})
    check = check_vote(db, vote_id)
    assert not check.ok
    assert "counted again, the result differs" in check.reason


def test_verify_prints_the_note_and_exits_0(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    if db.path is None:
        pytest.skip("the command line reads a file")
    vote_id = _vote(db, "stv")
    _rewrite(db, vote_id, {"engine_version": "1.0", **_reordered(db, vote_id)})
    db.close()
    code = run(["verify", str(db.path), "--lang", "en"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert f"vote {vote_id}: the same elected, but engine {ENGINE_VERSION} orders them" in out
    assert "counted again, same result" not in out


def test_which_versions_are_compared_by_order() -> None:
    assert list(ORDER_CHANGES)[-1] == ENGINE_VERSION
    assert order_comparable(ENGINE_VERSION, "stv")
    assert not order_comparable("1.0", "stv")  # 1.1 changed STV's order of election
    assert order_comparable("1.0", "schulze")
    assert not order_comparable("0.9-unknown", "schulze")
