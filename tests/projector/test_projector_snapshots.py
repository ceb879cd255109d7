"""The projector view in each moment of the demo's meeting, as the room sees it: waiting, an
agenda item with notes, a vote running, the result, the top 3 and actions, blank. Dutch at
100x32 and 160x48 (a beamer), English for two of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from meeting_setup import demo_meeting, demo_open_vote

from buurt.i18n import set_language
from buurt.services import Database, meetings, votes
from buurt.services.projector import projector_view, set_projector
from buurt.tui.projector.app import ProjectorApp
from buurt.tui.projector.screen import ProjectorScreen


def _waiting(db: Database) -> None:
    """Nothing open yet: the demo's next meeting is planned."""


def _item(db: Database) -> None:
    meeting = demo_meeting(db)
    meetings.add_note(
        db, meeting.id, "announcements", "De speeltuin aan de Gaffelstraat is weer open."
    )
    meetings.add_note(db, meeting.id, "announcements", "De nieuwe wijkagent stelt zich voor.")
    set_projector(db, meeting_id=meeting.id, section="announcements")


def _cast(db: Database, vote_id: int, how_many: int) -> None:
    vote = votes.get_vote(db, vote_id)
    for i, voter in enumerate(votes.voters(db, vote_id)[:how_many]):
        ranks = {c.id: (j - i) % len(vote.candidates) + 1 for j, c in enumerate(vote.candidates)}
        votes.cast_ballot(db, vote_id, voter.member_id, ranks)


def _vote(db: Database) -> None:
    vote_id = demo_open_vote(db)
    set_projector(db, meeting_id=votes.get_vote(db, vote_id).meeting_id, section="vote")
    _cast(db, vote_id, 7)


def _result(db: Database) -> None:
    vote_id = demo_open_vote(db)
    set_projector(db, meeting_id=votes.get_vote(db, vote_id).meeting_id, section="vote")
    _cast(db, vote_id, 9)
    votes.close_vote(db, vote_id)


def _plan(db: Database) -> None:
    meeting = demo_meeting(db)
    set_projector(db, meeting_id=meeting.id, section="actions")


def _blank(db: Database) -> None:
    _vote(db)
    set_projector(db, shown=False)


NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)  # the demo's "today"

STATES: dict[str, Callable[[Database], None]] = {
    "waiting": _waiting,
    "item": _item,
    "vote": _vote,
    "result": _result,
    "plan": _plan,
    "blank": _blank,
}


async def _shown(pilot: Any) -> None:
    """Until the screen shows what the file holds (the view was loaded and drawn)."""
    app = pilot.app
    expected = projector_view(app.db, now=NOW)
    for _ in range(400):
        screen = app.screen
        if isinstance(screen, ProjectorScreen) and screen.view == expected:
            break
        await pilot.pause(0.02)
    assert isinstance(app.screen, ProjectorScreen)
    assert app.screen.view == expected
    await pilot.pause()


def _snap(
    snap_compare: Callable[..., bool], db: Database, state: str, lang: str, size: tuple[int, int]
) -> bool:
    STATES[state](db)
    set_language(lang)
    return snap_compare(ProjectorApp(db, clock=lambda: NOW), terminal_size=size, run_before=_shown)


@pytest.mark.parametrize("size", [(100, 32), (160, 48)], ids=["100x32", "160x48"])
@pytest.mark.parametrize("state", list(STATES))
def test_projector_in_dutch(
    snap_compare: Callable[..., bool], demo_db: Database, state: str, size: tuple[int, int]
) -> None:
    assert _snap(snap_compare, demo_db, state, "nl", size)


@pytest.mark.parametrize("state", ["item", "vote"])
def test_projector_in_english(
    snap_compare: Callable[..., bool], demo_db: Database, state: str
) -> None:
    assert _snap(snap_compare, demo_db, state, "en", (100, 32))
