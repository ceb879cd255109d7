"""Fixtures of the minutes tests: the two-meeting world of `minutes_world.py`.

The world is built once per test process through the services (a few seconds of writes) and
copied for each test, as the shared fixtures do with the demo.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from minutes_world import World, adopt_first_minutes, build

from buurt.services import Database, open_database
from buurt.services.neighbourhood import create_neighbourhood


@pytest.fixture(scope="session")
def _worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, tuple[Path, World]]:
    """The draft world is built once; the adopted one is a copy in which meeting 2 adopts the
    minutes of meeting 1, as the chair would."""
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


def _open_copy(template: Path, target: Path) -> Database:
    shutil.copyfile(template, target)
    os.chmod(target, 0o600)
    return open_database(target, actor="test")


@pytest.fixture
def world(_worlds: dict[bool, tuple[Path, World]]) -> World:
    """Ids of the world in which meeting 2 adopted the minutes of meeting 1."""
    return _worlds[True][1]


@pytest.fixture
def world_db(_worlds: dict[bool, tuple[Path, World]], tmp_path: Path) -> Iterator[Database]:
    db = _open_copy(_worlds[True][0], tmp_path / "world.sqlite")
    yield db
    db.close()


@pytest.fixture
def world_path(_worlds: dict[bool, tuple[Path, World]], tmp_path: Path) -> Path:
    """A copy of the adopted world as a file (for the command line)."""
    target = tmp_path / "world.sqlite"
    shutil.copyfile(_worlds[True][0], target)
    os.chmod(target, 0o600)
    return target


@pytest.fixture
def draft_world(_worlds: dict[bool, tuple[Path, World]]) -> World:
    """Ids of the same world in which nobody adopted any minutes yet."""
    return _worlds[False][1]


@pytest.fixture
def draft_db(_worlds: dict[bool, tuple[Path, World]], tmp_path: Path) -> Iterator[Database]:
    db = _open_copy(_worlds[False][0], tmp_path / "draft.sqlite")
    yield db
    db.close()


@pytest.fixture(scope="module")
def shared_world_db(
    _worlds: dict[bool, tuple[Path, World]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """One copy of the adopted world for a whole test module, for tests that only read."""
    db = _open_copy(_worlds[True][0], tmp_path_factory.mktemp("shared") / "world.sqlite")
    yield db
    db.close()
