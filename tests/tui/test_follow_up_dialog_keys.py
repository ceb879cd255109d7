"""The follow-up's decision dialog at the chair's keyboard: Tab goes from field to field, and
nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import demo_meeting, pilot_test, press, type_text
from textual.widgets import Button, Input

from buurt.services import Database
from buurt.tui.screens.meeting_sections.follow_up_forms import DecisionForm


async def _open_decision(pilot: Any, kind: str) -> DecisionForm:
    await press(pilot, "v", "f3", "ctrl+up", "ctrl+up", "ctrl+up")  # 5 Terugkoppeling
    button = next(b for b in pilot.app.screen.query(".decide") if b.name == kind)
    assert isinstance(button, Button)
    button.focus()
    await press(pilot, "enter")
    form = pilot.app.screen
    assert isinstance(form, DecisionForm)
    await press(pilot)
    return form


@pytest.mark.parametrize("kind", ["continue", "achieved", "drop"])
@pilot_test
async def test_typing_after_tab_from_the_only_field_is_kept(
    demo_db: Database, make_app: Callable[..., Any], kind: str
) -> None:
    demo_meeting(demo_db)
    app = make_app(demo_db, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_decision(pilot, kind)
        await type_text(pilot, "Wijkagent", into="#note")
        await press(pilot, "tab")
        await type_text(pilot, "Jansen belt")
        await press(pilot)
        note = form.query_one("#note", Input)
        assert note.value == "WijkagentJansen belt"
        assert app.focused is note
        # ... and the dialog still saves what was typed.
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, DecisionForm)


@pilot_test
async def test_tab_moves_from_the_criterion_to_the_note(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    demo_meeting(demo_db)
    app = make_app(demo_db, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_decision(pilot, "adjust")
        await settle_on(pilot, "#criterion")
        await press(pilot, "tab")
        await type_text(pilot, "Besproken met de wijkagent", into="#note")
        assert form.query_one("#note", Input).value == "Besproken met de wijkagent"
        # Back to the criterion: what is typed goes on after it, it does not replace it.
        await press(pilot, "shift+tab")
        await type_text(pilot, " Binnen acht weken.", into="#criterion")
        criterion = form.query_one("#criterion", Input).value
        assert criterion.startswith("Geen meldingen")
        assert criterion.endswith("sluiten. Binnen acht weken.")


async def settle_on(pilot: Any, selector: str) -> None:
    await type_text(pilot, "", into=selector)
