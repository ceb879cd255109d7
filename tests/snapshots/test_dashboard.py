"""The dashboard as the chair sees it on opening the demo neighbourhood (100x32)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from settle import settle

from buurt.services import Database


async def _loaded(pilot: object) -> None:
    await settle(pilot)


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_dashboard_shows_top3_progress_overdue_hours_and_next_meeting(
    snap_compare: Callable[..., bool],
    demo_db: Database,
    make_app: Callable[..., object],
    lang: str,
) -> None:
    assert snap_compare(make_app(demo_db, lang), terminal_size=(100, 32), run_before=_loaded)


def test_dashboard_of_a_new_neighbourhood_says_how_to_start(
    snap_compare: Callable[..., bool], db: Database, make_app: Callable[..., object]
) -> None:
    assert snap_compare(make_app(db, "nl"), terminal_size=(100, 32), run_before=_loaded)
