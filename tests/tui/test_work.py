"""Background work (`buurt.tui.work`): answers reach the asker only while it still wants them,
and nothing that goes wrong vanishes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import pilot_test
from settle import settle, told
from textual.app import ComposeResult
from textual.widgets import Input, Static

from buurt.errors import InputError
from buurt.services import Database
from buurt.tui.base import BuurtScreen
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal
from buurt.tui.work import Asker, unexpected_error_message


class Asking(BuurtScreen):
    """A bare screen to ask from."""

    def compose(self) -> ComposeResult:
        yield Static("", id="answer")


class Box(Asker, Static):
    """A widget that asks and shows the answer in a child it queries (gone with the box)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="inside")

    def show(self, answer: str) -> None:
        self.query_one("#inside", Static).update(answer)


def neighbourhood_name(db: Database) -> str:
    from buurt.services.neighbourhood import get_neighbourhood

    return get_neighbourhood(db).name


def notifications(app: Any) -> list[str]:
    return told(app)


@pilot_test
async def test_an_error_while_showing_an_answer_is_logged_and_the_chair_is_told(
    db: Database, make_app: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    def show(_name: str) -> None:
        raise RuntimeError("the dashboard could not show this")

    app = make_app(db)
    async with app.run_test() as pilot:
        screen = Asking()
        await app.push_screen(screen)
        # The app's log setup stops "buurt" records from propagating to the root logger (where
        # caplog listens), so listen on buurt's own logger.
        logger = logging.getLogger("buurt.tui")
        logger.addHandler(caplog.handler)
        propagates, logger.propagate = logger.propagate, False  # each record once
        try:
            with caplog.at_level(logging.ERROR, logger="buurt.tui"):
                screen.ask(neighbourhood_name, then=show)
                await settle(pilot)
        finally:
            logger.removeHandler(caplog.handler)
            logger.propagate = propagates
        failed = [r for r in caplog.records if r.exc_info]
        assert len(failed) == 1
        assert "could not show this" in str(failed[0].exc_info[1])  # type: ignore[index]
        assert unexpected_error_message() in notifications(app)
        assert app.is_running


@pilot_test
async def test_a_refusal_goes_to_failed_and_an_answer_to_then(
    db: Database, make_app: Callable[..., Any]
) -> None:
    def refuse(_db: Database) -> None:
        raise InputError("No meeting on that day.")

    app = make_app(db)
    async with app.run_test() as pilot:
        screen = Asking()
        await app.push_screen(screen)
        refused: list[str] = []
        screen.ask(refuse, failed=lambda error: refused.append(error.message))
        screen.ask(neighbourhood_name, then=screen.query_one("#answer", Static).update)
        await settle(pilot)
        assert refused == ["No meeting on that day."]
        assert str(screen.query_one("#answer", Static).render()) == "Testbuurt"
        assert notifications(app) == []


class NameForm(FormModal[str]):
    TITLE_TEXT = "Name"

    def __init__(self, service: Callable[[Database, str], str]) -> None:
        super().__init__()
        self.service = service

    def fields(self) -> ComposeResult:
        yield FormRow("Name", Input(id="name"), name="name")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def save(self) -> None:
        self.submit(self.service, self.query_one("#name", Input).value)


@pilot_test
async def test_a_form_can_save_again_after_an_unexpected_error(
    db: Database, make_app: Callable[..., Any]
) -> None:
    attempts: list[str] = []

    def flaky(_db: Database, name: str) -> str:
        attempts.append(name)
        if len(attempts) == 1:
            raise OSError("disk hiccup")
        return name.upper()

    app = make_app(db)
    results: list[str | None] = []
    async with app.run_test() as pilot:
        form = NameForm(flaky)
        await app.push_screen(form, results.append)
        await settle(pilot, focus="#name")
        await pilot.press("a", "n", "n", "a", "ctrl+s")
        await settle(pilot)
        assert attempts == ["anna"]
        assert unexpected_error_message() in notifications(app)
        assert not form.busy
        await pilot.press("ctrl+s")  # Save works again
        await settle(pilot)
        assert attempts == ["anna", "anna"]
        assert results == ["ANNA"]


@pilot_test
async def test_an_answer_for_a_widget_that_has_gone_is_dropped(
    db: Database, make_app: Callable[..., Any]
) -> None:
    release = threading.Event()

    def slow_name(db: Database) -> str:
        release.wait()
        return neighbourhood_name(db)

    app = make_app(db)
    async with app.run_test() as pilot:
        screen = Asking()
        await app.push_screen(screen)
        box = Box()
        await screen.mount(box)
        worker = box.ask(slow_name, then=box.show)
        await box.remove()  # the chair moved on before the answer came
        release.set()
        await settle(pilot)
        assert worker.is_cancelled
        assert notifications(app) == []
        assert app.is_running


@pilot_test
async def test_a_newer_question_drops_the_stale_answer(
    db: Database, make_app: Callable[..., Any]
) -> None:
    release = threading.Event()

    def slow(_db: Database, text: str) -> str:
        release.wait()
        return text

    def quick(_db: Database, text: str) -> str:
        return text

    app = make_app(db)
    async with app.run_test() as pilot:
        screen = Asking()
        await app.push_screen(screen)
        shown: list[str] = []
        screen.ask(slow, "filter 'rat'", then=shown.append, group="problems")
        screen.ask(quick, "filter 'ratten'", then=shown.append, group="problems")
        await settle(pilot, "problems")
        release.set()  # the old answer arrives last
        await settle(pilot)
        assert shown == ["filter 'ratten'"]


@pilot_test
async def test_without_a_group_every_answer_counts(
    db: Database, make_app: Callable[..., Any]
) -> None:
    release = threading.Event()

    def save(_db: Database, row: str) -> str:
        if row == "Anna":
            release.wait()
        return row

    app = make_app(db)
    async with app.run_test() as pilot:
        screen = Asking()
        await app.push_screen(screen)
        saved: list[str] = []
        screen.ask(save, "Anna", then=saved.append)  # e.g. two attendance marks in a row
        screen.ask(save, "Bram", then=saved.append)
        release.set()
        await settle(pilot)
        assert sorted(saved) == ["Anna", "Bram"]
