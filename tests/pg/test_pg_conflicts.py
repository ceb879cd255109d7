"""A write that loses a race on the server (a serialization failure) runs once more; when it
loses again, the person gets one sentence and nothing of that write is stored.

The race is real, not simulated: the service runs at REPEATABLE READ (as on a server whose
default isolation was raised), and just before it updates the member, another connection
updates and commits that same member. No timing: the other write happens inside the
service's own statement hook, so the order is fixed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from buurt.db.database import Database
from buurt.errors import FileProblem
from buurt.services.audit import verify_chain
from buurt.services.members import add_member, get_member, update_member

pytestmark = pytest.mark.postgres


@pytest.fixture
def racing(pg_db: Database) -> Iterator[tuple[Database, Engine, int]]:
    """A second view of `pg_db` at REPEATABLE READ, another writer's engine, and a member."""
    member = add_member(pg_db, {"name": "Fatima", "kind": "resident"})
    repeatable = Database(
        engine=pg_db.engine.execution_options(isolation_level="REPEATABLE READ"),
        schema=pg_db.schema,
        actor="test",
    )
    other = create_engine(
        pg_db.engine.url, connect_args={"options": f"-csearch_path={pg_db.schema}"}
    )
    yield repeatable, other, member.id
    other.dispose()


def _other_writer_before_update(
    db: Database, other: Engine, member_id: int, times: int
) -> list[int]:
    """Before each of the first `times` UPDATEs of the member by `db`, another connection
    changes that member's function and commits. Returns the list of races it caused."""
    races: list[int] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE MEMBER") and len(races) < times:
            races.append(len(races) + 1)
            with other.begin() as connection:
                connection.execute(
                    text("UPDATE member SET function = :f WHERE id = :i"),
                    {"f": f"wijkagent {len(races)}", "i": member_id},
                )

    event.listen(db.engine, "before_cursor_execute", before)
    return races


def _events(db: Database) -> int:
    return verify_chain(db).events


def test_a_write_that_loses_one_race_is_run_again_and_saved(
    racing: tuple[Database, Engine, int], pg_db: Database
) -> None:
    db, other, member_id = racing
    events = _events(pg_db)
    races = _other_writer_before_update(db, other, member_id, times=1)

    saved = update_member(db, member_id, {"phone": "010 123 4567"})

    assert races == [1]  # the first run lost the race; the second ran on fresh data
    assert saved.phone == "010 123 4567"
    stored = get_member(pg_db, member_id)
    assert (stored.phone, stored.function) == ("010 123 4567", "wijkagent 1")
    chain = verify_chain(pg_db)
    assert chain.intact
    assert chain.events == events + 1


def test_a_write_that_loses_twice_says_so_in_one_sentence_and_stores_nothing(
    racing: tuple[Database, Engine, int], pg_db: Database
) -> None:
    db, other, member_id = racing
    events = _events(pg_db)
    races = _other_writer_before_update(db, other, member_id, times=5)

    with pytest.raises(FileProblem) as refused:
        update_member(db, member_id, {"phone": "010 123 4567"})

    assert races == [1, 2]  # tried twice, not more
    message = str(refused.value)
    assert "at the same moment" in message
    assert "not saved" in message
    assert "\n" not in message
    assert "Traceback" not in message
    stored = get_member(pg_db, member_id)
    assert (stored.phone, stored.function) == ("", "wijkagent 2")
    chain = verify_chain(pg_db)
    assert chain.intact
    assert chain.events == events
