"""The minutes screen on the demo's latest meeting (100x32), in Dutch and English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from settle import settle

from buurt.services import Database


async def _open_minutes(pilot: object) -> None:
    await settle(pilot)
    await pilot.press("ctrl+e")  # type: ignore[attr-defined]
    await settle(pilot)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_minutes_screen_previews_the_latest_meeting_with_an_export_form(
    snap_compare: Callable[..., bool],
    demo_db: Database,
    make_app: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    folder = Path("/home/voorzitter/Documenten")
    monkeypatch.setattr("buurt.tui.screens.minutes.default_folder", lambda: folder)
    assert snap_compare(make_app(demo_db, lang), terminal_size=(100, 32), run_before=_open_minutes)
