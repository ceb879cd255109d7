"""A new neighbourhood file (the picker's "new neighbourhood", `buurt demo --out`) is whole or
absent: when filling it fails, no half-made file is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from buurt.services import open_database
from buurt.services.neighbourhood import create_neighbourhood, find_neighbourhood, new_file


class PowerCut(Exception):
    pass


def _fill_then_fail(path: Path) -> None:
    with new_file(path, actor="test") as db:
        create_neighbourhood(db, {"name": "Bloemhof", "municipality": "Rotterdam"})
        assert path.exists()
        raise PowerCut


def test_a_file_whose_filling_fails_is_removed_with_its_journal(tmp_path: Path) -> None:
    with pytest.raises(PowerCut):
        _fill_then_fail(tmp_path / "bloemhof.sqlite")
    assert list(tmp_path.iterdir()) == []


def test_a_filled_file_stays_and_opens(tmp_path: Path) -> None:
    path = tmp_path / "bloemhof.sqlite"
    with new_file(path, actor="test") as db:
        create_neighbourhood(db, {"name": "Bloemhof", "municipality": "Rotterdam"})
    db = open_database(path, actor="test")
    try:
        found = find_neighbourhood(db)
        assert found is not None
        assert found.name == "Bloemhof"
    finally:
        db.close()
