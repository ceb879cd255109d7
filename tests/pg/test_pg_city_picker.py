"""`buurt URL` on a city database without --neighbourhood: in a terminal the city picker lists
the neighbourhoods (name, the name --neighbourhood takes, next meeting) and opens the chosen one;
without a terminal one sentence lists them (exit code 2)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from settle import settle
from sqlalchemy.engine import make_url

from buurt.cli import run
from buurt.db.database import alembic_config
from buurt.i18n import set_language
from buurt.services import open_database
from buurt.services.demo import load_demo
from buurt.services.neighbourhood import create_neighbourhood
from buurt.tui.screens.neighbourhoods import CityPickerApp
from buurt.tui.widgets.table import RecordTable

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "safety"))
from safety_terminal import Terminal, child_env

pytestmark = pytest.mark.postgres

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 18, 32, tzinfo=UTC)  # the app's clock in the tests


def _city(url: str) -> str:
    """Oude Westen (the demo, with its next meeting), Bloemhof (no meeting planned) and
    Delfshaven (an older schema)."""
    db = open_database(url, neighbourhood="Oude Westen", create=True, actor="demo")
    load_demo(db, today=TODAY)
    db.close()
    db = open_database(url, neighbourhood="Bloemhof", create=True, actor="test")
    create_neighbourhood(db, {"name": "Bloemhof", "municipality": "Rotterdam"})
    db.close()
    db = open_database(url, neighbourhood="Delfshaven", create=True, actor="test")
    with db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    db.close()
    return url


@pytest.fixture
def city_url(pg_url: str) -> str:
    return _city(pg_url)


@pytest.fixture
def named_city(pg_url: str, pg_admin: Callable[..., Any]) -> Iterator[str]:
    """The same city in a database of a fixed name, so that a picture of the picker is the same
    every run (it names the database)."""
    pg_admin("DROP DATABASE IF EXISTS stad_rotterdam WITH (FORCE)")
    pg_admin("CREATE DATABASE stad_rotterdam")
    url = make_url(pg_url).set(database="stad_rotterdam").render_as_string(hide_password=False)
    yield _city(url)
    pg_admin("DROP DATABASE IF EXISTS stad_rotterdam WITH (FORCE)")


def _rows(app: CityPickerApp) -> list[list[str]]:
    table = app.query_one("#neighbourhoods", RecordTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def test_the_picker_lists_the_neighbourhoods_and_opens_the_chosen_one(city_url: str) -> None:
    async def scenario() -> None:
        app = CityPickerApp(city_url, today=TODAY, now=NOW)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, focus="#neighbourhoods")
            rows = _rows(app)
            assert [row[:2] for row in rows] == [
                ["Bloemhof", "bloemhof"],
                ["Oude Westen", "oude_westen"],
                ["delfshaven", "delfshaven"],
            ]
            assert rows[0][2] == "none planned"
            assert rows[1][2].startswith(tuple(f"{d:02d}-" for d in range(1, 32)))  # a day
            assert rows[2][2] == "needs an upgrade"
            # The older schema says what its owner runs, and is not opened.
            await pilot.press("down", "down", "enter")
            await settle(pilot)
            assert app.is_running
            problem = str(app.query_one("#problem").render())
            assert "buurt upgrade URL --neighbourhood delfshaven" in problem
            await pilot.press("up", "enter")
            await settle(pilot)
        assert app.return_value == "oude_westen"

    asyncio.run(scenario())


def test_escape_leaves_the_picker_without_a_neighbourhood(city_url: str) -> None:
    async def scenario() -> None:
        app = CityPickerApp(city_url, today=TODAY, now=NOW)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, focus="#neighbourhoods")
            await pilot.press("escape")
            await settle(pilot)
        assert app.return_value is None

    asyncio.run(scenario())


def test_an_empty_city_database_says_how_to_make_a_neighbourhood(pg_url: str) -> None:
    async def scenario() -> None:
        app = CityPickerApp(pg_url, today=TODAY, now=NOW)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, focus="#neighbourhoods")
            assert _rows(app) == []
            intro = str(app.query_one("#intro").render())
            assert "buurt create URL --neighbourhood NAME" in intro

    asyncio.run(scenario())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_picker_picture(snap_compare: Callable[..., bool], named_city: str, lang: str) -> None:
    set_language(lang)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, focus="#neighbourhoods")
        await pilot.press("down", "down")
        await settle(pilot)

    app = CityPickerApp(named_city, today=TODAY, now=NOW)
    assert snap_compare(app, terminal_size=(100, 32), run_before=run_before)


def test_without_a_terminal_one_sentence_lists_the_neighbourhoods(
    city_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([city_url, "--lang", "en"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "holds: bloemhof, delfshaven, oude_westen." in err


def test_in_a_terminal_buurt_url_opens_the_picker_then_the_chosen_neighbourhood(
    city_url: str, tmp_path: Path
) -> None:
    terminal = Terminal([city_url, "--lang", "en"], env=child_env(tmp_path))
    try:
        terminal.wait_for("Choose a neighbourhood", "Oude Westen", "needs an upgrade")
        terminal.press("down", "enter")
        # The app on Oude Westen: its dashboard with the demo's top 3.
        terminal.wait_for("Top 3", "Oude Westen", "Drugshandel in portieken", "Overdue actions")
        assert "Choose a neighbourhood" not in terminal.screen.text()
    finally:
        terminal.quit()
