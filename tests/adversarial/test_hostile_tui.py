"""Cases 1 and 2 in the app: a file full of hostile text (the fixed set in `hostile_data`, as an
old file or a careless import could hold it) opens on every main screen; the app keeps running,
tables and panels show the text literally, and no control character reaches the screen."""

from __future__ import annotations

import sqlite3
from itertools import cycle
from pathlib import Path
from typing import Any

import hostile_data as hostile
import pytest
from rich.text import Text
from settle import pilot_test, settle
from textual.content import Content
from textual.widgets import DataTable, Static

from buurt.services import open_database
from buurt.text import PLACEHOLDER

SCREENS = [
    ("dashboard", "d"),
    ("meeting", "v"),
    ("problems", "p"),
    ("actions", "a"),
    ("members", "m"),
]
# What the hostile file holds where (column -> values), written as old data would be.
MEMBER_NAMES = [hostile.MARKUP_CLOSE, hostile.TERMINAL_TITLE, hostile.MARKUP_LINK, hostile.BIDI]
PLACES = [hostile.MARKUP_TAG, hostile.CSI_COLOUR]
TITLES = [hostile.TERMINAL_TITLE, hostile.MARKUP_CLOSE, hostile.MARKUP_TAG, hostile.HTML_SCRIPT]


def _fill(con: sqlite3.Connection, table: str, column: str, values: list[str]) -> None:
    """Give every row a hostile value; a number after it keeps unique columns unique."""
    ids = [row[0] for row in con.execute(f"SELECT id FROM {table} ORDER BY id")]
    for n, (row_id, value) in enumerate(zip(ids, cycle(values), strict=False)):
        text = value if n < len(values) else f"{value} {n}"
        con.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (text, row_id))


@pytest.fixture
def hostile_path(demo_path: Path) -> Path:
    con = sqlite3.connect(demo_path)
    _fill(con, "member", "name", MEMBER_NAMES)
    _fill(con, "meeting", "place", PLACES)
    _fill(con, "problem", "title", TITLES)
    _fill(con, "problem", "street", [hostile.MARKUP_TAG])
    _fill(con, "action", "title", TITLES)
    con.execute("UPDATE priority SET success_criterion = ?", (hostile.MARKUP_LINK,))
    con.commit()
    con.close()
    return demo_path


def _shown(screen: Any) -> str:
    """Every text the screen shows in its statics, labels and tables, as plain text."""
    parts: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, DataTable):
            for row in range(widget.row_count):
                for value in widget.get_row_at(row):
                    parts.append(value.plain if isinstance(value, Text) else str(value))
        elif isinstance(widget, Static):
            shown = widget.render()
            if isinstance(shown, Content | Text):
                parts.append(shown.plain)
            else:
                parts.append(str(shown))
    return "\n".join(parts)


@pytest.mark.parametrize(("mode", "key"), SCREENS)
@pilot_test
async def test_every_main_screen_shows_hostile_text_literally(
    hostile_path: Path, make_app: Any, mode: str, key: str
) -> None:
    db = open_database(hostile_path, actor="test")
    try:
        app = make_app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            for _ in range(4):  # highlight rows: detail panes show the record
                await pilot.press("down")
                await settle(pilot)
            assert app.is_running
            assert app.current_mode == mode
            shown = _shown(app.screen)
            assert not any(c in hostile.CONTROL for c in shown.replace("\n", ""))
            literal = [v for v in (*MEMBER_NAMES, *PLACES, *TITLES) if v.isprintable()]
            assert any(v in shown for v in literal), f"no hostile text shown literally on {mode}"
            assert PLACEHOLDER in shown or mode == "dashboard"
    finally:
        db.close()
