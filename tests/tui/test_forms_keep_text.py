"""Typed text is never thrown away by a stray key: a filled form asks before it discards, the
Tab order ends at Save (never at Cancel), and a dialog opens on its first text field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import pilot_test, press, type_text
from textual.widgets import Button, Input

from buurt.services import Database, problems
from buurt.tui.screens.problem_form import ProblemForm
from buurt.tui.widgets.confirm import ConfirmDialog


async def _new_problem(pilot: Any) -> ProblemForm:
    await press(pilot, "p")
    await press(pilot, "n")
    form = pilot.app.screen
    assert isinstance(form, ProblemForm)
    return form


@pilot_test
async def test_escape_on_a_filled_form_asks_before_discarding(
    db: Database, make_app: Callable[..., Any]
) -> None:
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        form = await _new_problem(pilot)
        await type_text(pilot, "Overlast scooters")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "escape")  # no: back to the form, text intact
        assert app.screen is form
        assert form.query_one("#title", Input).value == "Overlast scooters"
        assert app.focused is form.query_one("#title", Input)
        await press(pilot, "escape", "y")
        assert not isinstance(app.screen, ProblemForm | ConfirmDialog)
    assert problems.list_problems(db) == []


@pilot_test
async def test_an_untouched_form_closes_at_once(db: Database, make_app: Callable[..., Any]) -> None:
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await _new_problem(pilot)
        await press(pilot, "escape")
        assert not isinstance(app.screen, ProblemForm | ConfirmDialog)


@pilot_test
async def test_the_tab_order_ends_at_save_and_never_reaches_cancel(
    db: Database, make_app: Callable[..., Any]
) -> None:
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        form = await _new_problem(pilot)
        title = form.query_one("#title", Input)
        assert app.focused is title
        seen = []
        for _ in range(30):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(app.focused)
            if app.focused is title:
                break
        assert form.query_one("#cancel", Button) not in seen
        assert seen[-2] is form.query_one("#save", Button), "Save is the last stop before the wrap"
