"""Meeting mode at 80x24 (Dutch, the demo's meeting with everyone present): every agenda item,
the vote setup and the booth are usable on a small terminal: the attendance column, the save
button and each section's first field are in sight."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import demo_meeting, demo_open_vote, pilot_test
from settle import settle, snap_press

from buurt.services import Database
from buurt.services.labels import AgendaSection
from buurt.tui.screens.booth import BoothScreen
from buurt.tui.screens.meeting import ORDER

SMALL = (80, 24)


def _shown(screen: Any, steps: int) -> bool:
    """The section asked for is on screen, its data is in and the keyboard is in its first
    field (`Section.settle_focus`; focusing takes effect a moment later)."""
    section = screen._current()
    focused = screen.focused
    return (
        section is not None
        and ORDER[steps] == section.SECTION
        and section._loaded
        and focused is not None
        and section in focused.ancestors_with_self
    )


# Where a section's scroll has got to when a picture is taken differs between a test run alone
# and one run after others in the same process (the field that takes the keyboard scrolls itself
# into view), so each agenda item is checked by what is in sight rather than by a picture. The
# chair walks the agenda from the first item to the last, as in a meeting, in one app.
@pilot_test
async def test_every_agenda_item_fits_80x24(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    demo_meeting(demo_db)
    app = make_app(demo_db, "nl")
    async with app.run_test(size=SMALL) as pilot:
        await snap_press(pilot, "v")
        screen = app.screen
        for section, name in enumerate(ORDER):
            if section:
                await snap_press(pilot, "ctrl+down")
            await settle(pilot, until=lambda section=section: _shown(screen, section))
            await pilot.wait_for_scheduled_animations()
            await settle(pilot)
            first = screen.focused
            assert first is not None, name
            # The section's first field has the keyboard and is wholly on the 80x24 screen;
            # in the previous minutes, the two buttons beside the corrections are in sight too.
            in_sight = [first]
            if name == AgendaSection.PREVIOUS_MINUTES:
                in_sight += [b for b in screen.query("Button") if b.display and b.region.height]
            for widget in in_sight:
                assert widget.region.height > 0, (name, widget)
                assert screen.region.contains_region(widget.region), (name, widget)


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
