"""Small and wide terminals, and where the keyboard is (issue 11, items 5-7), on the demo in Dutch.

At 80x24 every column of a table is in sight (a cut text ends in "…", dates are whole) and a
row of buttons that does not fit wraps onto a second row; at 160x48 the tables use the width
they have (whole titles, owners and reports). A focused button, a focused checkbox and an open
dropdown are plain to see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import demo_meeting
from settle import snap_press, snap_settle

from buurt.services import Database

SMALL = (80, 24)
WIDE = (160, 48)
# Agenda items from the opening (meeting_sections.ORDER).
FOLLOW_UP = 4
NEW_PROBLEMS = 6


async def _section(pilot: Any, steps: int) -> None:
    """The open meeting's agenda item `steps` after the opening, scrolled to its top (where a
    section has scrolled to depends on when its first field took the keyboard)."""
    await snap_press(pilot, "v", *(["ctrl+down"] * steps))
    section = next(s for s in pilot.app.screen.query(".section") if s.display)
    section.scroll_home(animate=False)
    await snap_settle(pilot)


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "160x48"])
def test_the_dashboards_overdue_table_fits_its_width(
    snap_compare: Callable[..., bool],
    demo_db: Database,
    make_app: Callable[..., Any],
    size: tuple[int, int],
) -> None:
    """80x24: action, owner, whole due date and days overdue; 160x48: whole titles and owners."""

    async def run_before(pilot: Any) -> None:
        await snap_settle(pilot)

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "160x48"])
def test_the_follow_up_shows_whole_reports_and_every_decision_button(
    snap_compare: Callable[..., bool],
    demo_db: Database,
    make_app: Callable[..., Any],
    size: tuple[int, int],
) -> None:
    """The owners' reports wrap in their column; at 80 columns the five decision buttons wrap
    onto a second row instead of being cut off."""
    demo_meeting(demo_db)

    async def run_before(pilot: Any) -> None:
        await _section(pilot, FOLLOW_UP)

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=size, run_before=run_before)


def test_new_problems_show_their_status_and_all_buttons_at_80x24(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    demo_meeting(demo_db)

    async def run_before(pilot: Any) -> None:
        await _section(pilot, NEW_PROBLEMS)

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=SMALL, run_before=run_before)


def test_the_opening_shows_attendance_guests_and_opening_time_at_80x24(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    """The attendance list, its counts, the guests and "Geopend om" in sight without
    scrolling."""
    demo_meeting(demo_db)

    async def run_before(pilot: Any) -> None:
        await _section(pilot, 0)

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=SMALL, run_before=run_before)


def test_the_actions_screen_uses_160_columns(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "a")

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=WIDE, run_before=run_before)


def test_a_focused_button_stands_out(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    """The meeting picker with the keyboard on "Bijeenkomst beginnen": accent colour, bold."""

    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "v")
        pilot.app.screen.query_one("#start").focus()
        await snap_settle(pilot)

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=(100, 32), run_before=run_before)


def test_a_focused_checkbox_keeps_its_label(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    """The vote setup with the keyboard on "Bewoners en professionals wegen even zwaar": the
    label stays readable, underlined."""
    demo_meeting(demo_db)

    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "v", "f6")
        pilot.app.screen.query_one("#balance").focus()
        await snap_settle(pilot)

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=(100, 32), run_before=run_before)


def test_the_category_dropdown_stays_on_a_32_row_screen(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "p", "n")
        pilot.app.screen.query_one("#category").focus()
        await snap_press(pilot, "enter")

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=(100, 32), run_before=run_before)
