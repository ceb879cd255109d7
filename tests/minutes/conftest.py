"""Fixtures of the minutes tests: the two-meeting world of `minutes_world.py`.

The world is built once per test process through the services (a few seconds of writes) and
copied for each test, as the shared fixtures do with the demo. In the PostgreSQL pass
(`BUURT_TEST_PG_URL`) the worlds are template databases on the test server (schema `testbuurt`)
and each test gets its own copy; `world_path` is then the copy's URL naming that schema.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from minutes_world import World, adopt_first_minutes, build

from buurt.services import Database, open_database
from buurt.services.neighbourhood import create_neighbourhood

Worlds = dict[bool, tuple[Path | str, World]]


@pytest.fixture(scope="session")
def _worlds(tmp_path_factory: pytest.TempPathFactory, _pg_server: Any) -> Worlds:
    """The draft world is built once; the adopted one is a copy in which meeting 2 adopts the
    minutes of meeting 1, as the chair would. Each is a file, or on PostgreSQL the name of a
    template database."""
    if _pg_server is not None:
        made: list[World] = []

        def build_draft(db: Database) -> None:
            create_neighbourhood(db, {"name": "Testbuurt", "municipality": "Rotterdam"})
            made.append(build(db, adopt_first=False))

        _pg_server.template("world_draft", build_draft)
        _pg_server.template(
            "world_adopted", lambda db: adopt_first_minutes(db, made[0]), source="world_draft"
        )
        return {False: ("world_draft", made[0]), True: ("world_adopted", made[0])}
    folder = tmp_path_factory.mktemp("worlds")
    draft = folder / "world-draft.sqlite"
    db = open_database(draft, create=True, actor="test")
    try:
        create_neighbourhood(db, {"name": "Testbuurt", "municipality": "Rotterdam"})
        world = build(db, adopt_first=False)
    finally:
        db.close()
    adopted = folder / "world-adopted.sqlite"
    db = _open_copy(draft, adopted)
    try:
        adopt_first_minutes(db, world)
    finally:
        db.close()
    return {False: (draft, world), True: (adopted, world)}


def _copy_of(worlds: Worlds, adopted: bool, target: Path, server: Any) -> Iterator[Database]:
    template = worlds[adopted][0]
    if isinstance(template, str):
        yield from server.copy(template, "testbuurt")
        return
    db = _open_copy(template, target)
    yield db
    db.close()


def _open_copy(template: Path, target: Path) -> Database:
    shutil.copyfile(template, target)
    os.chmod(target, 0o600)
    return open_database(target, actor="test")


@pytest.fixture
def world(_worlds: Worlds) -> World:
    """Ids of the world in which meeting 2 adopted the minutes of meeting 1."""
    return _worlds[True][1]


@pytest.fixture
def world_db(_worlds: Worlds, tmp_path: Path, _pg_server: Any) -> Iterator[Database]:
    yield from _copy_of(_worlds, True, tmp_path / "world.sqlite", _pg_server)


@pytest.fixture
def world_path(_worlds: Worlds, tmp_path: Path, _pg_server: Any) -> Iterator[Path | str]:
    """A copy of the adopted world as a file (for the command line); on PostgreSQL the URL of
    a copy naming its schema."""
    template = _worlds[True][0]
    if isinstance(template, str):
        name = _pg_server.new_database(template)
        yield _pg_server.url_of(name, schema="testbuurt")
        _pg_server.drop(name)
        return
    target = tmp_path / "world.sqlite"
    shutil.copyfile(template, target)
    os.chmod(target, 0o600)
    yield target


@pytest.fixture
def draft_world(_worlds: Worlds) -> World:
    """Ids of the same world in which nobody adopted any minutes yet."""
    return _worlds[False][1]


@pytest.fixture
def draft_db(_worlds: Worlds, tmp_path: Path, _pg_server: Any) -> Iterator[Database]:
    yield from _copy_of(_worlds, False, tmp_path / "draft.sqlite", _pg_server)


@pytest.fixture(scope="module")
def shared_world_db(
    _worlds: Worlds, tmp_path_factory: pytest.TempPathFactory, _pg_server: Any
) -> Iterator[Database]:
    """One copy of the adopted world for a whole test module, for tests that only read."""
    target = tmp_path_factory.mktemp("shared") / "world.sqlite"
    yield from _copy_of(_worlds, True, target, _pg_server)
