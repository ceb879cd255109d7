"""Cases 1, 2 and 7 on the screens the first pass left: the vote setup, a vote result, the booth's
name list and the minutes screen open on a file holding hostile text (markup `[/]`, `[b]x[/b]`,
an ESC sequence) and show it literally, with the app still running; the minutes export never
writes onto the neighbourhood file and asks before it replaces a document."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hostile_data as hostile
import pytest
from meeting_setup import meeting_underway, secret_vote_open
from rich.text import Text
from settle import pilot_test, settle
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from buurt.services import Database, open_database
from buurt.text import PLACEHOLDER
from buurt.tui.screens.booth import BoothScreen
from buurt.tui.screens.minutes import MinutesScreen
from buurt.tui.screens.vote_result import VoteResultScreen
from buurt.tui.screens.vote_setup import VoteSetupScreen
from buurt.tui.widgets.confirm import ConfirmDialog

BOLD = "[b]x[/b]"
# Markup that ends the app, markup that would vanish, an escape sequence, more markup.
LABELS = [hostile.MARKUP_CLOSE, BOLD, hostile.TERMINAL_TITLE, hostile.MARKUP_TAG]
LITERAL = [hostile.MARKUP_CLOSE, BOLD, hostile.MARKUP_TAG]


def _plain(value: Any, *, markup: bool) -> str:
    """A prompt or a Static's content as the screen shows it (a string is read as markup when
    its widget reads markup, exactly as Textual does)."""
    if isinstance(value, Content | Text):
        return value.plain
    if isinstance(value, str):
        return Content.from_markup(value).plain if markup else value
    return str(value)


def _shown(node: Any) -> str:
    """Every text a screen or widget shows in its statics, labels and option lists."""
    parts: list[str] = []
    for widget in [node, *node.query("*")]:
        if isinstance(widget, OptionList):
            for index in range(widget.option_count):
                prompt = widget.get_option_at_index(index).prompt
                parts.append(_plain(prompt, markup=widget._markup))
        elif isinstance(widget, Static):
            parts.append(_plain(widget.render(), markup=False))
    return "\n".join(parts)


def _assert_literal(app: Any, shown: str, expected: list[str]) -> None:
    assert app.is_running
    assert not any(c in hostile.CONTROL for c in shown.replace("\n", ""))
    for value in expected:
        assert value in shown, f"{value!r} not shown literally"


def _sql(path: Path, *statements: tuple[str, tuple[Any, ...]]) -> None:
    con = sqlite3.connect(path)
    for statement, values in statements:
        con.execute(statement, values)
    con.commit()
    con.close()


def _name_rows(path: Path, table: str, column: str, values: list[str], where: str = "") -> None:
    con = sqlite3.connect(path)
    ids = [row[0] for row in con.execute(f"SELECT id FROM {table} {where} ORDER BY id")]
    for n, row_id in enumerate(ids):  # a number after a repeated value keeps each unique
        value = values[n % len(values)] + (f" {n}" if n >= len(values) else "")
        con.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, row_id))
    con.commit()
    con.close()


def _hostile_vote(path: Path) -> None:
    """The demo's vote with hostile candidate names everywhere it keeps them (its candidates and
    its stored count) and a hostile title."""
    con = sqlite3.connect(path)
    old = [row[0] for row in con.execute("SELECT label FROM vote_candidate ORDER BY id")]
    (result,) = con.execute("SELECT result_json FROM vote WHERE id = 1").fetchone()
    for before, after in zip(old, LABELS, strict=False):
        result = result.replace(json.dumps(before)[1:-1], json.dumps(after)[1:-1])
        con.execute("UPDATE vote_candidate SET label = ? WHERE label = ?", (after, before))
        con.execute("UPDATE problem SET title = ? WHERE title = ?", (after, before))
    con.execute("UPDATE vote SET result_json = ?, title = ? WHERE id = 1", (result, BOLD))
    con.commit()
    con.close()


def _vote_result(db: Database, path: Path) -> Screen[Any]:
    _hostile_vote(path)
    return VoteResultScreen(1)


def _vote_setup(db: Database, path: Path) -> Screen[Any]:
    _name_rows(path, "problem", "title", LABELS)
    _name_rows(path, "problem", "street", [""])
    return VoteSetupScreen(4)


def _booth(db: Database, path: Path) -> Screen[Any]:
    vote = secret_vote_open(db, meeting_underway(db))
    # Old data: names stored before input was cleaned.
    _name_rows(path, "member", "name", LABELS)
    return BoothScreen(vote.id, "1234")


def _minutes(db: Database, path: Path) -> Screen[Any]:
    _name_rows(path, "member", "name", LABELS)
    _sql(path, ("UPDATE meeting SET place = ?", (BOLD,)))
    _name_rows(path, "problem", "title", LABELS)
    return MinutesScreen()


@dataclass(frozen=True)
class Hostile:
    """A screen opened on a file holding hostile text, and where it shows that text."""

    fixture: str  # the open file: the demo ("demo_db") or a test neighbourhood ("db")
    open: Callable[[Database, Path], Screen[Any]]  # writes the hostile text; the screen
    literal: dict[str, list[str]]  # where ("": the whole screen) -> texts shown to the letter
    placeholder: str  # where a name with an ESC sequence shows as the placeholder
    keys: tuple[str, ...] = ()  # pressed afterwards (onto the hostile texts): the app runs on


SCREENS = {
    "vote result": Hostile("demo_db", _vote_result, {"": LITERAL}, ".record"),
    "vote setup": Hostile("demo_db", _vote_setup, {"#candidates": LITERAL}, "#candidates"),
    "booth": Hostile("db", _booth, {"#names": LITERAL}, "#names", keys=("down", "down")),
    # The meeting's place, in the meeting picker and in the preview.
    "minutes": Hostile("demo_db", _minutes, {"#meeting": [BOLD], "#preview": [BOLD]}, "#preview"),
}


@pytest.mark.needs_file  # the hostile text is written into the file as old data
@pytest.mark.parametrize("case", SCREENS.values(), ids=SCREENS.keys())
@pilot_test
async def test_a_screen_shows_hostile_text_literally(
    case: Hostile, request: pytest.FixtureRequest, make_app: Callable[..., Any]
) -> None:
    db: Database = request.getfixturevalue(case.fixture)
    assert db.path is not None
    screen = case.open(db, db.path)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await app.push_screen(screen)
        await settle(pilot)
        assert app.screen is screen
        _assert_literal(app, _shown(screen), [])  # no control character reaches the screen
        for where, texts in case.literal.items():
            shown = _shown(screen.query_one(where) if where else screen)
            _assert_literal(app, shown, texts)
        assert PLACEHOLDER in _shown(screen.query_one(case.placeholder))
        for key in case.keys:
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running


@asynccontextmanager
async def _minutes_screen(path: Path, make_app: Callable[..., Any]) -> AsyncIterator[Any]:
    """The app on the file at `path`, on the minutes screen: `async with ... as pilot:`."""
    db = open_database(path, actor="test")
    try:
        app = make_app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await app.push_screen(MinutesScreen())
            await settle(pilot)
            yield pilot
    finally:
        db.close()


async def _export_to(pilot: Any, target: Path) -> str:
    """Export the minutes to `target`; what the screen says (when it is still the minutes
    screen)."""
    pilot.app.screen.query_one("#path", Input).value = str(target)
    await pilot.press("ctrl+s")
    await settle(pilot)
    return _message(pilot.app.screen)


def _message(screen: Any) -> str:
    if not isinstance(screen, MinutesScreen):
        return ""
    return _plain(screen.query_one("#minutes-message", Static).render(), markup=False)


@pilot_test
async def test_minutes_export_refuses_the_neighbourhood_file(
    demo_path: Path, make_app: Callable[..., Any]
) -> None:
    async with _minutes_screen(demo_path, make_app) as pilot:
        before = demo_path.read_bytes()[:100]
        message = await _export_to(pilot, demo_path)
        assert isinstance(pilot.app.screen, MinutesScreen)  # no question: a plain refusal
        assert message == (
            f"{demo_path} belongs to the open neighbourhood; buurt never writes a document there."
        )
        assert pilot.app.is_running
    assert demo_path.read_bytes()[:100] == before
    check = open_database(demo_path, actor="test")  # still a neighbourhood that opens
    check.close()


@pilot_test
async def test_minutes_export_asks_before_replacing_a_file(
    demo_path: Path, make_app: Callable[..., Any], tmp_path: Path
) -> None:
    target = tmp_path / "verslag.md"
    target.write_text("mijn eigen aantekeningen\n", encoding="utf-8")
    async with _minutes_screen(demo_path, make_app) as pilot:
        await _export_to(pilot, target)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MinutesScreen)
        assert target.read_text(encoding="utf-8") == "mijn eigen aantekeningen\n"
        assert _message(pilot.app.screen) == f"Nothing was written; {target} is unchanged."

        await _export_to(pilot, target)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MinutesScreen)
        # Replaced by the minutes, in the format the file's name says (.md: Markdown).
        assert target.read_text(encoding="utf-8").startswith("# Minutes Buurt Bestuurt")
        assert not list(tmp_path.glob(".verslag.md.*"))  # no temporary file left
