"""The city overview on a server reads every schema at once (one query per part) and shows
exactly what reading each neighbourhood through the services shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from alembic import command
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from buurt.db.database import alembic_config
from buurt.services import open_database
from buurt.services.city import city_overview
from buurt.services.city import server as city_server
from buurt.services.demo import load_demo
from buurt.services.neighbourhood import create_neighbourhood

pytestmark = pytest.mark.postgres

TODAY = date(2026, 11, 29)


@pytest.fixture
def city_url(pg_url: str) -> str:
    """Two demo neighbourhoods (the demo names itself Oude Westen in both), an empty one, one
    with an old schema, and one with no neighbourhood yet."""
    for name in ("Oude Westen", "Crooswijk"):
        db = open_database(pg_url, neighbourhood=name, create=True, actor="demo")
        load_demo(db, today=TODAY)
        db.close()
    db = open_database(pg_url, neighbourhood="Bloemhof", create=True, actor="test")
    create_neighbourhood(db, {"name": "Bloemhof", "municipality": "Rotterdam"})
    db.close()
    open_database(pg_url, neighbourhood="Hillegersberg", create=True, actor="test").close()
    db = open_database(pg_url, neighbourhood="Delfshaven", create=True, actor="test")
    with db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    db.close()
    return pg_url


@pytest.fixture
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    yield seen
    event.remove(Engine, "before_cursor_execute", count)


def _one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the city read fail, so every schema is read on its own through the services."""

    def refuse(*_args: object) -> list[Any]:
        raise DBAPIError("SELECT", None, Exception("permission denied for schema x"))

    monkeypatch.setattr(city_server, "read_city", refuse)


def test_the_city_at_once_shows_what_each_neighbourhood_shows(
    city_url: str, monkeypatch: pytest.MonkeyPatch, statements: list[str]
) -> None:
    at_once = city_overview(city_url, today=TODAY)
    queries = len(statements)
    _one_by_one(monkeypatch)
    one_by_one = city_overview(city_url, today=TODAY)

    assert at_once == one_by_one
    status = {n.source: n.status for n in at_once.neighbourhoods}
    assert status == {
        "oude_westen": "ok",
        "crooswijk": "ok",
        "bloemhof": "ok",
        "delfshaven": "needs_upgrade",
        "hillegersberg": "unreadable",  # made, but no neighbourhood in it yet
    }
    west = next(n for n in at_once.neighbourhoods if n.source == "oude_westen")
    assert len(west.top3) == 3
    assert west.overdue_actions > 0
    assert west.next_meeting is not None
    # Both demo schemas' overdue actions, grouped by organisation across the city.
    owed = [a for o in at_once.organisations for a in o.actions]
    assert len(owed) == 2 * west.overdue_actions
    # A few queries for the whole city, not a dozen per neighbourhood.
    assert queries <= 12
    assert len(statements) - queries > 3 * 12
