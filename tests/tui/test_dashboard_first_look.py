"""At start the dashboard shows the file's data before the app has opened the file (issue 13),
and once it is open the dashboard still refreshes from it after a write.

The app is built as `buurt FILE` builds it (`run_app`): an opener that opens the file in a
thread, and the file for the dashboard's first look. The opener here waits until the test lets
it go, so the data on screen can only have come from the first look."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from settle import pilot_test, settle
from textual import events
from textual.widgets import Static

from buurt.i18n import set_language
from buurt.services import Database, open_database
from buurt.services.actions import update_action
from buurt.tui import app as app_module
from buurt.tui.app import BuurtApp
from buurt.tui.screens.dashboard import DashboardScreen, PriorityCard
from buurt.tui.screens.meeting import MeetingScreen

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 18, 32, tzinfo=UTC)


class HeldOpener:
    """Opens the file only when the test says so; remembers what the screen showed by then."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.go = threading.Event()
        self.called = threading.Event()
        self.data_shown_when_called: bool | None = None
        self.app: BuurtApp | None = None
        self.opened: list[Database] = []

    def __call__(self) -> Database:
        assert self.app is not None
        # (a flag read across threads: no DOM query from here)
        self.data_shown_when_called = getattr(self.app.screen, "_shown_once", None)
        self.called.set()
        assert self.go.wait(60), "the test never let the opener go"
        db = open_database(self.path, actor="test")
        self.opened.append(db)
        return db


def _text(screen: DashboardScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


@pilot_test
async def test_the_first_data_comes_before_the_file_is_opened_and_refresh_still_works(
    demo_path: Path,
) -> None:
    set_language("en")
    opener = HeldOpener(demo_path)
    app = BuurtApp(opener=opener, first_look=demo_path, today=lambda: TODAY, now=lambda: NOW)
    opener.app = app
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            await settle(pilot, "dashboard", until=lambda: bool(screen.query(PriorityCard)))
            # On screen, from the file alone: the demo's top 3, its overdue actions.
            titles = [
                str(card.query(".title").first().render()) for card in screen.query(PriorityCard)
            ]
            assert titles[0].startswith("1. Drugshandel in portieken")
            assert len(titles) == 3
            assert "Overdue actions (3)" in _text(screen, "#overdue-title")
            assert "114 of 200 hours committed" in _text(screen, "#hours")
            # The opener was started only after that, and has not opened anything yet.
            await settle(pilot, "dashboard", until=opener.called.is_set)
            assert opener.data_shown_when_called is True
            assert app.first_look_file is None
            assert not opener.opened

            # Another program changes the file before the app has opened it (and watches it):
            # once open, the dashboard shows the change.
            other = open_database(demo_path, actor="other")
            try:
                update_action(other, 2, {"due_on": date(2026, 12, 31)})
            finally:
                other.close()
            opener.go.set()
            await settle(
                pilot,
                "open",
                "dashboard",
                "dashboard-reread",
                until=lambda: "Overdue actions (2)" in _text(screen, "#overdue-title"),
            )
            assert len(opener.opened) == 1
            # A write through the app's own file, then refresh: the dashboard reads it.
            update_action(opener.opened[0], 6, {"due_on": date(2026, 12, 31)})
            await pilot.press("r")
            await settle(
                pilot,
                "dashboard",
                until=lambda: "Overdue actions (1)" in _text(screen, "#overdue-title"),
            )
            assert len(screen.query(PriorityCard)) == 3
    finally:
        opener.go.set()
        for db in opener.opened:
            db.close()


@pilot_test
async def test_a_file_that_cannot_be_looked_at_alone_is_shown_once_opened(
    demo_path: Path, tmp_path: Path
) -> None:
    """The first look fails (here: it is pointed at a file that is not there): the app opens
    the file as usual and the dashboard shows its data from there."""
    set_language("en")
    opener = HeldOpener(demo_path)
    opener.go.set()
    app = BuurtApp(
        opener=opener, first_look=tmp_path / "gone.sqlite", today=lambda: TODAY, now=lambda: NOW
    )
    opener.app = app
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            await settle(pilot, until=lambda: len(screen.query(PriorityCard)) == 3)
            assert opener.data_shown_when_called is False
            assert "Overdue actions (3)" in _text(screen, "#overdue-title")
    finally:
        for db in opener.opened:
            db.close()


@pilot_test
async def test_a_key_pressed_while_the_data_layer_loads_waits_for_it(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chair presses "v" as the first data shows, while the opener's thread still imports
    the data layer. The meeting screen imports it too, and SQLAlchemy met half-imported by a
    second thread fails: the app crashed ("cannot import name 'AdaptedConnection' from
    partially initialized module", seen in the pty crash test). The key now waits for the
    import, then goes on: nothing lost, nothing imported from two threads at once."""
    set_language("en")
    loading, loaded = threading.Event(), threading.Event()

    def slow_data_layer() -> None:
        loading.set()
        assert loaded.wait(60), "the test never let the import finish"

    monkeypatch.setattr(app_module, "load_data_layer", slow_data_layer)
    made: list[bool] = []  # for each meeting screen made: was the data layer loaded by then?
    make_meeting = BuurtApp.MODES["meeting"]
    assert callable(make_meeting)

    def recording() -> Any:
        made.append(loaded.is_set())
        return make_meeting()

    monkeypatch.setitem(BuurtApp.MODES, "meeting", recording)
    opener = HeldOpener(demo_path)
    opener.go.set()
    app = BuurtApp(opener=opener, first_look=demo_path, today=lambda: TODAY, now=lambda: NOW)
    opener.app = app
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, "dashboard", until=loading.is_set)
            # As a terminal delivers it (Pilot's press would wait for the key to be handled).
            app.post_message(events.Key("v", "v"))
            for _turn in range(200):  # the app gets every chance to handle the key now
                await asyncio.sleep(0)
            assert made == [], "the meeting screen waits for the data layer"
            loaded.set()
            await settle(pilot, "open", until=lambda: isinstance(app.screen, MeetingScreen))
            assert made == [True]
            assert opener.called.is_set()
    finally:
        loaded.set()
        for db in opener.opened:
            db.close()
