"""Minutes are a draft until the next meeting adopts them; adopted minutes are locked until
they are reopened, with a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from minutes_world import SECOND, World, at
from sqlmodel import select

from buurt.db.models import AuditEvent
from buurt.errors import InputError
from buurt.services import Database, actions, meetings, priorities
from buurt.services.minutes import build_minutes
from buurt.services.minutes_approval import (
    adopt_minutes,
    minutes_status,
    reopen_minutes,
)


def _audit(db: Database, action: str) -> list[AuditEvent]:
    with db.reading() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


def test_adopting_records_the_corrections_and_the_adopting_meeting(
    draft_db: Database, draft_world: World
) -> None:
    status = adopt_minutes(
        draft_db,
        draft_world.first,
        draft_world.second,
        ["Datum schoonmaakactie: 18 oktober.", "  ", "Bram was er wel."],
    )
    assert status.adopted
    assert status.adopted_in_id == draft_world.second
    assert status.adopted_on == SECOND
    assert status.amendments == ["Datum schoonmaakactie: 18 oktober.", "Bram was er wel."]
    [event] = _audit(draft_db, "adopt_minutes")
    assert event.entity_id == str(draft_world.first)
    minutes = build_minutes(draft_db, draft_world.first)
    assert minutes.approval.adopted
    assert minutes.approval.amendments[0] == "Datum schoonmaakactie: 18 oktober."
    # The internal minutes name everyone; in the public version the corrections are
    # privacy-checked like every other free text.
    assert minutes.approval.amendments[1] == "Bram was er wel."
    public = build_minutes(draft_db, draft_world.first, anonymise=True)
    assert "Bram" not in " ".join(public.approval.amendments)


def test_draft_minutes_say_they_are_a_draft(draft_db: Database, draft_world: World) -> None:
    minutes = build_minutes(draft_db, draft_world.first)
    assert not minutes.approval.adopted
    assert minutes_status(draft_db, draft_world.first).state == "draft"


def _changes(world: World) -> dict[str, Callable[[Database], object]]:
    """Every way the record of meeting 1 could be changed."""
    member = world.member["Daan Evers"]
    return {
        "note": lambda db: meetings.add_note(db, world.first, "aob", "Nog iets."),
        "attendance": lambda db: meetings.set_attendance(db, world.first, member, "absent"),
        "guests": lambda db: meetings.set_guests(db, world.first, 5),
        "place": lambda db: meetings.update_meeting(db, world.first, {"place": "Elders"}),
        "follow-up": lambda db: actions.report(
            db,
            world.action["Gesprek met de groep"],
            "in_progress",
            meeting_id=world.first,
        ),
        "decision": lambda db: priorities.decide(
            db, world.priority[world.winners[2]], world.first, "continue"
        ),
    }


@pytest.mark.parametrize(
    "change", ["note", "attendance", "guests", "place", "follow-up", "decision"]
)
def test_adopted_minutes_lock_the_meetings_record(
    world_db: Database, world: World, change: str
) -> None:
    with pytest.raises(InputError, match="record is locked; reopen the minutes first"):
        _changes(world)[change](world_db)


def test_a_note_of_an_adopted_meeting_cannot_be_edited(world_db: Database, world: World) -> None:
    [note] = [n for n in meetings.list_notes(world_db, world.first) if n.section == "opening"]
    with pytest.raises(InputError, match="locked"):
        meetings.update_note(world_db, note.id, "Anders.")


def test_the_next_meeting_stays_editable(world_db: Database, world: World) -> None:
    meetings.add_note(world_db, world.second, "aob", "Nog iets.")
    assert "Nog iets." in build_minutes(world_db, world.second).section_notes("aob")


def test_reopening_needs_a_reason_is_audited_and_unlocks(world_db: Database, world: World) -> None:
    with pytest.raises(InputError, match="Say why"):
        reopen_minutes(world_db, world.first, "  ")
    status = reopen_minutes(world_db, world.first, "Aanwezigheid van Daan was fout.")
    assert status.state == "draft"
    assert status.amendments  # the corrections made at adoption stay on record
    [event] = _audit(world_db, "reopen_minutes")
    assert event.summary == "Aanwezigheid van Daan was fout."
    meetings.set_attendance(world_db, world.first, world.member["Daan Evers"], "apologies")
    assert not build_minutes(world_db, world.first).approval.adopted
    again = adopt_minutes(world_db, world.first, world.second, ["Daan had zich afgemeld."])
    assert again.adopted
    assert len(again.amendments) == 2


def test_minutes_are_adopted_once(world_db: Database, world: World) -> None:
    with pytest.raises(InputError, match="already adopted"):
        adopt_minutes(world_db, world.first, world.second, [])


def test_minutes_are_adopted_at_a_later_meeting(draft_db: Database, draft_world: World) -> None:
    with pytest.raises(InputError, match="later meeting"):
        adopt_minutes(draft_db, draft_world.second, draft_world.first, [])
    with pytest.raises(InputError, match="later meeting"):
        adopt_minutes(draft_db, draft_world.first, draft_world.first, [])


def test_minutes_are_adopted_at_a_meeting_that_takes_place(
    draft_db: Database, draft_world: World
) -> None:
    with pytest.raises(InputError, match="not at a planned one"):
        adopt_minutes(draft_db, draft_world.second, draft_world.third, [])


def test_minutes_of_an_open_meeting_cannot_be_adopted(
    draft_db: Database, draft_world: World
) -> None:
    later = meetings.plan_meeting(draft_db, {"starts_at": at(datetime(2027, 1, 10).date())})
    meetings.open_meeting(draft_db, draft_world.third)
    meetings.open_meeting(draft_db, later.id)
    with pytest.raises(InputError, match="not been closed yet"):
        adopt_minutes(draft_db, draft_world.third, later.id, [])


def test_reopening_draft_minutes_is_refused(draft_db: Database, draft_world: World) -> None:
    with pytest.raises(InputError, match="open already"):
        reopen_minutes(draft_db, draft_world.first, "Waarom niet.")


def test_lock_message_is_dutch_in_dutch(world_db: Database, world: World) -> None:
    from buurt.i18n import set_language

    set_language("nl")
    with pytest.raises(InputError, match="heropen eerst het verslag"):
        meetings.set_guests(world_db, world.first, 3)
