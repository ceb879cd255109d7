"""The neighbourhood picker (100x32), Dutch and English."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from settle import snap_press, snap_settle

from buurt.i18n import set_language
from buurt.services import open_database
from buurt.services.neighbourhood import create_neighbourhood
from buurt.tui.picker import PickerApp


@pytest.fixture
def folder(tmp_path: Path, _template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder under a home folder (shown as ~/...), with two neighbourhoods and a bad
    file."""
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / ".local" / "share" / "buurt"
    folder.mkdir(parents=True)
    for stem, name, municipality in (
        ("oude-westen", "Oude Westen", "Rotterdam"),
        ("transvaal", "Transvaal", "Den Haag"),
    ):
        path = folder / f"{stem}.sqlite"
        shutil.copyfile(_template, path)
        db = open_database(path)
        create_neighbourhood(db, {"name": name, "municipality": municipality})
        db.close()
    (folder / "kapot.sqlite").write_text("dit is geen database")
    return folder


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_picker_lists_neighbourhoods_and_explains_a_bad_file(
    snap_compare: Callable[..., bool], folder: Path, lang: str
) -> None:
    set_language(lang)

    async def run_before(pilot: Any) -> None:
        await snap_settle(pilot)
        await snap_press(pilot, "down", "down")

    assert snap_compare(PickerApp(folder), terminal_size=(100, 32), run_before=run_before)


def test_picker_asks_name_municipality_and_language_of_a_new_neighbourhood(
    snap_compare: Callable[..., bool], folder: Path
) -> None:
    set_language("nl")

    async def run_before(pilot: Any) -> None:
        await snap_settle(pilot)
        await snap_press(pilot, "n")

    assert snap_compare(PickerApp(folder), terminal_size=(100, 32), run_before=run_before)
