"""The attacker with a database login on PostgreSQL: after a secret vote of 30 voters is closed,
neither the hidden columns (`xmin`: the transaction that wrote a row, `ctid`: where it lies)
nor the order of rows pairs more than 3 ballots with their voters.

Runs when BUURT_TEST_PG_URL names a server (a URL to a database the test may create databases
from, e.g. postgresql+psycopg://postgres@127.0.0.1:5433/postgres); skipped otherwise. The
server's own write-ahead log and archives are the database administrator's: the promise covers
what a database user can read.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from test_secrecy_sqlite import (  # the seeded ids apply here too
    LIMIT,
    VOTERS,
    SecretVote,
    _seeded_ids,  # noqa: F401
    cast,
    prepare,
)

from buurt.services import Database, open_database, votes
from buurt.services.neighbourhood import create_neighbourhood

PG_URL = os.environ.get("BUURT_TEST_PG_URL", "")
pytestmark = pytest.mark.postgres  # skipped without BUURT_TEST_PG_URL (tests/conftest.py)


@pytest.fixture
def pg() -> Iterator[Database]:
    name = f"secrecy_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    db = open_database(url, actor="test")
    try:
        create_neighbourhood(db, {"name": "Testbuurt"})
        yield db
    finally:
        db.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _rows(db: Database, sql: str) -> list[Any]:
    with db.engine.connect() as connection:
        return list(connection.execute(text(sql)))


def _ctid(value: str) -> tuple[int, int]:
    block, item = value.strip("()").split(",")
    return int(block), int(item)


def pg_attack(db: Database, vote: SecretVote) -> tuple[int, str]:
    """Every pairing a database user can make; the best count of right pairs and how."""
    truth = vote.truth
    ballots = _rows(
        db, f"SELECT id, xmin::text::bigint, ctid::text FROM ballot WHERE vote_id = {vote.vote_id}"
    )
    ranks: dict[str, dict[int, int]] = {}
    for ballot_id, candidate, rank in _rows(
        db, "SELECT ballot_id, candidate_id, rank FROM ballot_rank"
    ):
        ranks.setdefault(ballot_id, {})[candidate] = rank
    real = {b[0]: truth.get(tuple(sorted(ranks.get(b[0], {}).items()))) for b in ballots}
    assert len(real) == VOTERS
    assert None not in real.values(), "every ballot can be told apart: a pairing can be scored"
    voted = _rows(
        db,
        "SELECT member_id, xmin::text::bigint, ctid::text FROM vote_participation "
        f"WHERE vote_id = {vote.vote_id}",
    )
    events = _rows(
        db,
        "SELECT id, xmin::text::bigint, after_json FROM audit_event "
        f"WHERE entity = 'vote' AND entity_id = '{vote.vote_id}' ORDER BY id",
    )
    names = vote.names
    best = (0, "none")

    def score(how: str, pairs: list[tuple[str, str | None]]) -> None:
        nonlocal best
        hits = sum(
            1 for ballot_id, voter in pairs if voter is not None and real.get(ballot_id) == voter
        )
        if hits > best[0]:
            best = (hits, how)

    # Same transaction: the ballot and "has voted" share xmin.
    by_xmin = {x: names[m] for m, x, _c in voted}
    score("xmin join", [(b, by_xmin.get(x)) for b, x, _c in ballots])
    ballot_orders = {
        "ballot ctid": [b for b, _x, c in sorted(ballots, key=lambda r: _ctid(r[2]))],
        "ballot xmin": [b for b, x, c in sorted(ballots, key=lambda r: (r[1], _ctid(r[2])))],
        "ballot rows as returned": [b for b, _x, _c in ballots],
        "ballot id": sorted(b for b, _x, _c in ballots),
    }
    voter_orders = {
        "participation ctid": [names[m] for m, _x, c in sorted(voted, key=lambda r: _ctid(r[2]))],
        "participation xmin": [names[m] for m, x, _c in sorted(voted, key=lambda r: r[1])],
        "member id": [names[m] for m, _x, _c in sorted(voted)],
        "audit events": [
            e[2].split('"voter": "')[1].split('"')[0] for e in events if '"voter": "' in e[2]
        ],
    }
    for ballot_how, ballot_order in ballot_orders.items():
        for voter_how, voter_order in voter_orders.items():
            score(f"{ballot_how} x {voter_how}", list(zip(ballot_order, voter_order, strict=False)))
    return best


def test_after_close_no_ballot_links_to_its_voter_on_postgresql(pg: Database) -> None:
    vote = prepare(pg)
    cast(pg, vote, vote.order)
    votes.close_vote(pg, vote.vote_id)
    linked, how = pg_attack(pg, vote)
    assert linked <= LIMIT, f"{linked} of {VOTERS} linked by {how}"
