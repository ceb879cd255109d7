"""The follow-up's action table at the sizes a chair uses: an owner's name stays readable, the
report has room to be read (on a narrow table the owner and status go on the report's first
line, so the report gets the width four columns would have split), and a report cut to fit
ends in "…" so the chair sees there is more."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from meeting_setup import demo_meeting, pilot_test, press
from rich.text import Text
from textual.widgets.data_table import RowKey

from buurt.services import Database, actions, members, priorities
from buurt.tui.widgets.table import WRAP_LINES, RecordTable

REPORT = (
    "Drie keer extra gesurveilleerd in de avond, twee keer een gesprek gevoerd met de "
    "bewoners van de portieken en de woningcorporatie gevraagd de sloten te vervangen."
)


def _follow_up(demo_db: Database, make_app: Callable[..., Any]) -> tuple[Any, str, str]:
    """The app, the selector of the first priority's table and the row key of an action of a
    professional with a 16-cell name, reported on at this meeting at length."""
    meeting = demo_meeting(demo_db)
    officer = members.add_member(demo_db, {"name": "Wijkagent Jansen", "kind": "professional"})
    first = priorities.follow_up(demo_db, meeting.id)[0].priority
    action = actions.add_action(
        demo_db,
        {"title": "Surveillance", "priority_id": first.id, "owner_member_id": officer.id},
    )
    actions.report(demo_db, action.id, "in_progress", REPORT, meeting_id=meeting.id)
    return make_app(demo_db, "nl"), f"#actions-{first.id}", str(action.id)


def _width(table: RecordTable, key: str) -> int:
    return next(c.width for k, c in table.columns.items() if k.value == key)


def _no_double_ellipsis(app: Any) -> None:
    """No cut text anywhere says "……" (a word already cut, then the row)."""
    for other in app.screen.query(RecordTable):
        for key in other.rows:
            for value in other.get_row(key):
                assert "……" not in getattr(value, "plain", str(value))


@asynccontextmanager
async def follow_up_table(
    app: Any, table_id: str, size: tuple[int, int]
) -> AsyncIterator[tuple[Any, RecordTable]]:
    """The app at `size`, on the meeting's item 5 (Terugkoppeling): (pilot, the table)."""
    async with app.run_test(size=size) as pilot:
        await press(pilot, "v", "f3", "ctrl+up", "ctrl+up", "ctrl+up")
        yield pilot, app.screen.query_one(table_id, RecordTable)


@pytest.mark.parametrize(("size", "least"), [((80, 24), 28), ((100, 32), 40)])
@pilot_test
async def test_a_narrow_table_gives_the_report_room_and_keeps_the_owner_whole(
    demo_db: Database, make_app: Callable[..., Any], size: tuple[int, int], least: int
) -> None:
    app, table_id, row_key = _follow_up(demo_db, make_app)
    async with follow_up_table(app, table_id, size) as (_pilot, table):
        width = _width(table, "report")
        assert width >= least  # four columns gave it 8 to 11 cells
        cell = table.get_row(row_key)[1]
        assert isinstance(cell, Text)
        lines = cell.plain.split("\n")
        assert lines[0] == "Wijkagent Jansen · bezig"
        assert lines[1].startswith("✓ Drie keer extra")
        assert len(lines) == WRAP_LINES
        assert lines[-1].endswith("…")
        assert all(len(line) <= width for line in lines)
        _no_double_ellipsis(app)


@pilot_test
async def test_a_wide_table_keeps_four_columns_with_whole_owners(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    app, table_id, row_key = _follow_up(demo_db, make_app)
    async with follow_up_table(app, table_id, (160, 48)) as (_pilot, table):
        assert [k.value for k in table.columns] == ["title", "owner", "status", "reported"]
        assert _width(table, "owner") >= len("Wijkagent Jansen")
        row = table.get_row(row_key)
        assert isinstance(row[1], Text)
        assert row[1].plain == "Wijkagent Jansen"
        assert str(row[2]) == "bezig"
        assert isinstance(row[3], Text)
        assert row[3].plain.startswith("✓ Drie keer extra gesurveilleerd")


@pilot_test
async def test_the_table_changes_layout_when_the_terminal_is_resized(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    app, table_id, row_key = _follow_up(demo_db, make_app)
    async with follow_up_table(app, table_id, (160, 48)) as (pilot, table):
        await pilot.resize_terminal(80, 24)
        await press(pilot)
        assert [k.value for k in table.columns] == ["title", "report"]
        assert table.get_row(row_key)[1].plain.startswith("Wijkagent Jansen · bezig\n")
        await pilot.resize_terminal(160, 48)
        await press(pilot)
        assert [k.value for k in table.columns] == ["title", "owner", "status", "reported"]
        assert table.get_row(row_key)[1].plain == "Wijkagent Jansen"


@pilot_test
async def test_an_action_without_a_report_takes_one_line_at_80x24(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    meeting = demo_meeting(demo_db)
    first = priorities.follow_up(demo_db, meeting.id)[0].priority
    officer = members.add_member(demo_db, {"name": "Wijkagent Jansen", "kind": "professional"})
    action = actions.add_action(
        demo_db, {"title": "Nieuw", "priority_id": first.id, "owner_member_id": officer.id}
    )
    app = make_app(demo_db, "nl")
    async with follow_up_table(app, f"#actions-{first.id}", (80, 24)) as (_pilot, table):
        cell = table.get_row(str(action.id))[1]
        assert cell.plain == "Wijkagent Jansen · open"
        assert table.rows[RowKey(str(action.id))].height == 1
