"""Meeting mode at 80x24 (Dutch, the demo's meeting with everyone present): every agenda item,
the vote setup and the booth are usable on a small terminal: the attendance column, the save
button and each section's first field are in sight."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import demo_meeting, demo_open_vote, snap_press

from buurt.services import Database
from buurt.tui.screens.booth import BoothScreen

SMALL = (80, 24)


def _section(steps: int) -> Callable[[Any], Any]:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "v", *(["ctrl+down"] * steps))
        # A section focuses its first field after a refresh (once its data is in): let the
        # screen catch up before the picture.
        for _ in range(3):
            await snap_press(pilot)

    return run_before


@pytest.mark.parametrize("section", range(12))
def test_every_agenda_item_fits_80x24(
    snap_compare: Callable[..., bool],
    demo_db: Database,
    make_app: Callable[..., Any],
    section: int,
) -> None:
    demo_meeting(demo_db)
    app = make_app(demo_db, "nl")
    assert snap_compare(app, terminal_size=SMALL, run_before=_section(section))


def test_the_vote_setup_fits_80x24(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    demo_meeting(demo_db)
    app = make_app(demo_db, "nl")

    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "v", "f6")

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_the_booth_fits_80x24(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    vote_id = demo_open_vote(demo_db)
    app = make_app(demo_db, "nl")

    async def run_before(pilot: Any) -> None:
        await pilot.app.push_screen(BoothScreen(vote_id, "1234"))
        await snap_press(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
