"""Cases 1, 2 and 7 on the screens the first pass left: the vote setup, a vote result, the booth's
name list and the minutes screen open on a file holding hostile text (markup `[/]`, `[b]x[/b]`,
an ESC sequence) and show it literally, with the app still running; the minutes export never
writes onto the neighbourhood file and asks before it replaces a document."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hostile_data as hostile
import pytest
from meeting_setup import meeting_underway, secret_vote_open
from rich.text import Text
from settle import pilot_test, settle
from textual.content import Content
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


def _shown(screen: Any) -> str:
    """Every text the screen shows in its statics, labels and option lists."""
    parts: list[str] = []
    for widget in screen.query("*"):
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


@pilot_test
async def test_vote_result_shows_hostile_labels_literally(
    demo_path: Path, make_app: Callable[..., Any]
) -> None:
    _hostile_vote(demo_path)
    db = open_database(demo_path, actor="test")
    try:
        app = make_app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await app.push_screen(VoteResultScreen(1))
            await settle(pilot)
            assert isinstance(app.screen, VoteResultScreen)
            shown = _shown(app.screen)
            _assert_literal(app, shown, [BOLD])  # the vote's title
            assert any(v in shown for v in (hostile.MARKUP_CLOSE, hostile.MARKUP_TAG))
            record = app.screen.query_one(".record", Static).render()
            assert _plain(record, markup=False).count(PLACEHOLDER) >= 1  # the ESC label
    finally:
        db.close()


@pilot_test
async def test_vote_setup_shows_hostile_titles_literally(
    demo_path: Path, make_app: Callable[..., Any]
) -> None:
    _name_rows(demo_path, "problem", "title", LABELS)
    _name_rows(demo_path, "problem", "street", [""])
    db = open_database(demo_path, actor="test")
    try:
        app = make_app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await app.push_screen(VoteSetupScreen(4))
            await settle(pilot)
            assert isinstance(app.screen, VoteSetupScreen)
            listing = app.screen.query_one("#candidates", OptionList)
            assert listing.option_count > 0
            shown = _shown(app.screen)
            _assert_literal(app, shown, LITERAL)
            assert PLACEHOLDER in shown
    finally:
        db.close()


@pilot_test
async def test_booth_name_list_shows_hostile_names_literally(
    db: Database, make_app: Callable[..., Any]
) -> None:
    if db.path is None:
        pytest.skip("needs a SQLite file (PostgreSQL pass)")
    world = meeting_underway(db)
    vote = secret_vote_open(db, world)
    # Old data: names stored before input was cleaned.
    _name_rows(db.path, "member", "name", LABELS)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await app.push_screen(BoothScreen(vote.id, "1234"))
        await settle(pilot)
        assert isinstance(app.screen, BoothScreen)
        names = app.screen.query_one("#names", OptionList)
        listed = "\n".join(
            _plain(names.get_option_at_index(i).prompt, markup=names._markup)
            for i in range(names.option_count)
        )
        _assert_literal(app, listed, LITERAL)
        assert PLACEHOLDER in listed
        await pilot.press("down", "down")  # highlight the ESC name, then others
        await settle(pilot)
        assert app.is_running


def _hostile_minutes_file(path: Path) -> None:
    _name_rows(path, "member", "name", LABELS)
    _sql(path, ("UPDATE meeting SET place = ?", (BOLD,)))
    _name_rows(path, "problem", "title", LABELS)


@pilot_test
async def test_minutes_preview_shows_hostile_text_literally(
    demo_path: Path, make_app: Callable[..., Any]
) -> None:
    _hostile_minutes_file(demo_path)
    db = open_database(demo_path, actor="test")
    try:
        app = make_app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await app.push_screen(MinutesScreen())
            await settle(pilot)
            assert isinstance(app.screen, MinutesScreen)
            shown = _shown(app.screen)
            _assert_literal(app, shown, [BOLD])  # the place, in the picker and the preview
            picker = _shown(app.screen.query_one("#meeting"))
            assert BOLD in picker
            preview = _shown(app.screen.query_one("#preview"))
            assert BOLD in preview
    finally:
        db.close()


async def _export_to(app: Any, pilot: Any, target: Path) -> None:
    field = app.screen.query_one("#path", Input)
    field.value = str(target)
    await pilot.press("ctrl+s")
    await settle(pilot)


@pilot_test
async def test_minutes_export_refuses_the_neighbourhood_file(
    demo_path: Path, make_app: Callable[..., Any]
) -> None:
    db = open_database(demo_path, actor="test")
    try:
        app = make_app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await app.push_screen(MinutesScreen())
            await settle(pilot)
            before = demo_path.read_bytes()[:100]
            await _export_to(app, pilot, demo_path)
            assert isinstance(app.screen, MinutesScreen)  # no question: a plain refusal
            message = _plain(
                app.screen.query_one("#minutes-message", Static).render(), markup=False
            )
            assert message == (
                f"{demo_path} belongs to the open neighbourhood; buurt never writes a document there."
            )
            assert app.is_running
        assert demo_path.read_bytes()[:100] == before
    finally:
        db.close()
    check = open_database(demo_path, actor="test")  # still a neighbourhood that opens
    check.close()


@pilot_test
async def test_minutes_export_asks_before_replacing_a_file(
    demo_path: Path, make_app: Callable[..., Any], tmp_path: Path
) -> None:
    target = tmp_path / "verslag.md"
    target.write_text("mijn eigen aantekeningen\n", encoding="utf-8")
    db = open_database(demo_path, actor="test")
    try:
        app = make_app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await app.push_screen(MinutesScreen())
            await settle(pilot)
            await _export_to(app, pilot, target)
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, MinutesScreen)
            assert target.read_text(encoding="utf-8") == "mijn eigen aantekeningen\n"
            message = _plain(
                app.screen.query_one("#minutes-message", Static).render(), markup=False
            )
            assert message == f"Nothing was written; {target} is unchanged."

            await _export_to(app, pilot, target)
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await settle(pilot)
            assert isinstance(app.screen, MinutesScreen)
            # Replaced by the minutes, in the format the file's name says (.md: Markdown).
            assert target.read_text(encoding="utf-8").startswith("# Minutes Buurt Bestuurt")
            assert not list(tmp_path.glob(".verslag.md.*"))  # no temporary file left
    finally:
        db.close()
