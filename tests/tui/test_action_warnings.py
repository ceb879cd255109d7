"""An action that does not fit its period is warned beside the field (the chair may save it),
and the dashboard's hours bar shows the excess."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import (
    committee,
    meeting_mode,
    meeting_underway,
    open_with_attendance,
    pilot_test,
    press,
    previous_cycle,
)
from textual.widgets import Input, Static

from buurt.services import Database, actions
from buurt.tui.screens.action_form import ActionForm


@pilot_test
async def test_hours_over_the_budget_are_warned_beside_the_hours(
    db: Database, make_app: Callable[..., Any]
) -> None:
    meeting_underway(db, previous=True)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "f4")
        form = app.screen
        assert isinstance(form, ActionForm)
        form.query_one("#hours", Input).value = "200"
        await press(pilot)
        warning = str(form.query_one("#row-hours .field-warning", Static).render())
        assert "240 of the period's 200 hours are committed: 40 over" in warning
        assert form.query_one("#row-hours").has_class("-warned")


@pilot_test
async def test_at_80x24_a_warning_below_the_fold_is_brought_into_sight(
    db: Database, make_app: Callable[..., Any]
) -> None:
    """A due date after the period and hours over the budget: the two warnings make the form
    taller than a 24-row screen, and the form scrolls so the chair sees them before saving."""
    world = committee(db)
    previous_cycle(db, world)
    open_with_attendance(db, world)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "v")
        await press(pilot, "f4")
        form = app.screen
        assert isinstance(form, ActionForm)
        dialog = form.query_one("#dialog")
        form.query_one("#due", Input).value = "01-01-2030"
        form.query_one("#hours", Input).value = "200"
        await press(pilot)
        await pilot.wait_for_scheduled_animations()
        await press(pilot)
        shown = dialog.scrollable_content_region
        for row in ("#row-due_on", "#row-hours"):
            warning = form.query_one(f"{row} .field-warning", Static)
            assert str(warning.render()), f"{row} is warned"
            assert warning.region.y >= shown.y, f"{row}'s warning is in sight"
            assert warning.region.bottom <= shown.bottom, f"{row}'s warning is in sight"


@pilot_test
async def test_the_dashboard_says_how_many_hours_are_over_the_budget(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = committee(db)
    previous_cycle(db, world)
    actions.add_action(
        db,
        {
            "title": "Camerabewaking",
            "priority_id": world.priority["Drugshandel in portieken"],
            "owner_organisation_id": world.organisation["Politie"],
            "hours": 200,
        },
    )
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "d")
        hours = str(app.screen.query_one("#hours", Static).render())
        assert "40 hours over the budget" in hours
        assert app.screen.query_one("#hours-bar").has_class("-over")
