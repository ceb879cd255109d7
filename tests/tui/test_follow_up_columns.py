"""The follow-up's action table on an 80x24 terminal: an owner's name stays readable, and a
report cut to fit ends in "…" so the chair sees there is more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import demo_meeting, pilot_test, press
from rich.text import Text

from buurt.services import Database, actions, members, priorities
from buurt.tui.widgets.table import WRAP_LINES, RecordTable

REPORT = (
    "Drie keer extra gesurveilleerd in de avond, twee keer een gesprek gevoerd met de "
    "bewoners van de portieken en de woningcorporatie gevraagd de sloten te vervangen."
)


@pilot_test
async def test_owner_readable_and_cut_report_marked_at_80x24(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    meeting = demo_meeting(demo_db)
    officer = members.add_member(demo_db, {"name": "Wijkagent Jansen", "kind": "professional"})
    first = priorities.follow_up(demo_db, meeting.id)[0].priority
    action = actions.add_action(
        demo_db,
        {"title": "Surveillance", "priority_id": first.id, "owner_member_id": officer.id},
    )
    actions.report(demo_db, action.id, "in_progress", REPORT, meeting_id=meeting.id)
    app = make_app(demo_db, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "v", "f3", "ctrl+up", "ctrl+up", "ctrl+up")  # 5 Terugkoppeling
        table = app.screen.query_one(f"#actions-{first.id}", RecordTable)
        owner = next(c for k, c in table.columns.items() if k.value == "owner")
        assert owner.width >= len("Wijkagent Jansen")
        row = table.get_row(str(action.id))
        owner_cell, report_cell = row[1], row[3]
        assert isinstance(owner_cell, Text)
        assert owner_cell.plain == "Wijkagent Jansen"
        assert isinstance(report_cell, Text)
        lines = report_cell.plain.split("\n")
        assert len(lines) == WRAP_LINES
        assert lines[-1].endswith("…")
        # No cut text anywhere says "……" (a word already cut, then the row).
        for other in app.screen.query(RecordTable):
            for key in other.rows:
                for value in other.get_row(key):
                    assert "……" not in getattr(value, "plain", str(value))
        assert lines[0].startswith("✓ Drie")
        reported = next(c for k, c in table.columns.items() if k.value == "reported")
        assert all(len(line) <= reported.width for line in lines)
