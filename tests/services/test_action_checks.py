"""Actions are checked against their period and their kind: warnings the chair may overrule."""

from __future__ import annotations

from datetime import date

import pytest
from meeting_setup import committee, open_with_attendance, previous_cycle

from buurt.services import Database, actions
from buurt.services.dashboard import dashboard


@pytest.fixture
def world(db: Database):
    """The period 1 Nov 2026 - 31 Jan 2027 has 200 hours; 40 are committed (4 actions x 10)."""
    world = committee(db)
    previous_cycle(db, world)
    open_with_attendance(db, world)
    return world


def _plan(world, **changes: object) -> dict[str, object]:
    return {
        "title": "Extra handhaving",
        "priority_id": world.priority["Drugshandel in portieken"],
        "owner_organisation_id": world.organisation["Politie"],
        "kind": "professional",
        "due_on": date(2027, 1, 15),
        "hours": 10,
        **changes,
    }


def _fields(found: list[actions.ActionWarning]) -> dict[str, str]:
    return {w.field: w.message for w in found}


def test_an_action_within_the_period_and_its_hours_gets_no_warning(db: Database, world) -> None:
    assert actions.action_warnings(db, _plan(world)) == []


def test_hours_over_the_periods_budget_are_warned_beside_the_hours(db: Database, world) -> None:
    found = _fields(actions.action_warnings(db, _plan(world, hours=200)))
    assert (
        found["hours"] == "With these hours 240 of the period's 200 hours are committed: 40 over."
    )
    # The chair may go on: saving is allowed, and the dashboard shows the excess.
    actions.add_action(db, _plan(world, hours=200))
    board = dashboard(db, today=date(2026, 12, 6))
    assert (board.hours_committed, board.hours_available, board.over_budget) == (240, 200, 40)


def test_editing_an_action_does_not_count_its_old_hours_twice(db: Database, world) -> None:
    action_id = world.action["Extra surveillance in de avond"]
    plan = _plan(world, hours=170)
    assert actions.action_warnings(db, plan, action_id=action_id) == []
    assert "hours" in _fields(actions.action_warnings(db, plan))


def test_a_due_date_after_the_period_is_warned(db: Database, world) -> None:
    found = _fields(actions.action_warnings(db, _plan(world, due_on=date(2027, 3, 1))))
    assert found == {"due_on": "Due after the period ends (31-01-2027)."}


def test_a_residents_action_with_an_organisation_and_hours_is_warned(db: Database, world) -> None:
    plan = _plan(world, kind="resident", owner_member_id=world.member["Carla Dekker"], hours=16)
    found = _fields(actions.action_warnings(db, plan))
    assert set(found) == {"owner_organisation_id", "hours"}
    assert "joint" in found["owner_organisation_id"]
