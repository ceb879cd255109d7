"""The chair's app drives the room's screen: moving through the agenda records the item,
ctrl+b blanks the projector and shows it again; the projector view follows on its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from meeting_setup import demo_meeting, pilot_test, press, settle
from settle import told

from buurt.services import Database, open_database
from buurt.services.projector import BLANK, ITEM, VOTE, projector_state, set_projector
from buurt.tui.projector.app import ProjectorApp
from buurt.tui.projector.screen import ProjectorScreen


@pilot_test
async def test_the_chair_moving_through_the_agenda_moves_the_projector(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    meeting = demo_meeting(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v")
        await settle(pilot)
        assert projector_state(demo_db).section == "opening"
        await press(pilot, "ctrl+down")
        await settle(pilot)
        state = projector_state(demo_db)
        assert (state.meeting_id, state.section) == (meeting.id, "agenda")
        await press(pilot, "f3")  # to the vote
        await settle(pilot)
        assert projector_state(demo_db).section == "vote"


@pilot_test
async def test_ctrl_b_blanks_the_projector_and_shows_it_again(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+b")
        await settle(pilot)
        assert not projector_state(demo_db).shown
        assert any("blank" in m for m in told(app))
        await press(pilot, "ctrl+b")
        await settle(pilot)
        assert projector_state(demo_db).shown


async def _until(pilot: Any, state: str) -> None:
    """Until the projector shows `state` (it polls the file four times a second)."""
    for _ in range(500):
        screen = pilot.app.screen
        if isinstance(screen, ProjectorScreen) and screen.view and screen.view.state == state:
            return
        await pilot.pause(0.02)
    raise AssertionError(f"the projector never showed {state}")


@pilot_test
async def test_the_projector_follows_changes_made_elsewhere(
    demo_db: Database, demo_path: Path
) -> None:

    # The projector has a handle of its own, as `buurt project` in another process would.
    viewer = open_database(demo_path, readonly=True)
    app = ProjectorApp(viewer)
    async with app.run_test(size=(100, 32)) as pilot:
        await _until(pilot, "waiting")
        demo_meeting(demo_db)
        await _until(pilot, ITEM)
        set_projector(demo_db, shown=False)
        await _until(pilot, BLANK)
        set_projector(demo_db, shown=True)
        await _until(pilot, ITEM)
    viewer.close()


@pilot_test
async def test_the_projector_shows_a_vote_opened_elsewhere(
    demo_db: Database, demo_path: Path
) -> None:
    from meeting_setup import demo_open_vote

    # The projector has a handle of its own, as `buurt project` in another process would.
    viewer = open_database(demo_path, readonly=True)
    app = ProjectorApp(viewer)
    async with app.run_test(size=(100, 32)) as pilot:
        await _until(pilot, "waiting")
        demo_open_vote(demo_db)
        await _until(pilot, VOTE)
    viewer.close()
