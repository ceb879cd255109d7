"""The meeting's agenda sidebar on an 80-column terminal: a name too long for one line goes on
under its text, so the numbers stay a column of their own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import demo_meeting, pilot_test, press
from textual.geometry import Region
from textual.widgets import OptionList

from buurt.services import Database


def lines_of(widget: Any) -> list[str]:
    width, height = widget.size
    strips = widget.render_lines(Region(0, 0, width, height))
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


@pilot_test
async def test_a_wrapped_agenda_name_is_indented_under_its_text(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    demo_meeting(demo_db)
    app = make_app(demo_db, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "v", "f3")
        lines = lines_of(app.screen.query_one("#sections", OptionList))
        first = next(i for i, line in enumerate(lines) if line.startswith(" 3 Mededelingen"))
        assert lines[first + 1] == "   afmeldingen", lines
        fourth = next(i for i, line in enumerate(lines) if line.startswith(" 4 Verslag"))
        assert lines[fourth + 1] == "   bijeenkomst", lines
        # Every line is a numbered item, the text of the item above, the rule or a way out.
        for line in lines:
            assert line[:3].strip().isdigit() or line[:3] in ("   ", " → ", "───", ""), line
