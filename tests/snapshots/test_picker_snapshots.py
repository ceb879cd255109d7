"""The neighbourhood picker (100x32), Dutch and English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from neighbourhood_folder import fill_folder
from settle import snap_press, snap_settle

from buurt.i18n import set_language
from buurt.tui.picker import PickerApp


@pytest.fixture
def folder(tmp_path: Path, _template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder under a home folder (shown as ~/...), with two neighbourhoods and a bad
    file."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return fill_folder(tmp_path / ".local" / "share" / "buurt", _template)


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
