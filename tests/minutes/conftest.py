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
from minutes_world import World, build

from buurt.services import Database, open_database
from buurt.services.neighbourhood import create_neighbourhood


def _make(path: Path, *, adopt_first: bool) -> World:
    db = open_database(path, create=True, actor="test")
    try:
        create_neighbourhood(db, {"name": "Testbuurt", "municipality": "Rotterdam"})
        return build(db, adopt_first=adopt_first)
    finally:
        db.close()


@pytest.fixture(scope="session")
def _worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, tuple[Path, World]]:
    folder = tmp_path_factory.mktemp("worlds")
    made = {}
    for adopted in (True, False):
        path = folder / f"world-{'adopted' if adopted else 'draft'}.sqlite"
        made[adopted] = (path, _make(path, adopt_first=adopted))
    return made


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
