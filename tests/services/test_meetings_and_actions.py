"""Meetings, attendance and quorum, notes, periods and priorities, actions and follow-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from buurt.errors import InputError
from buurt.services import Database
from buurt.services.actions import (
    add_action,
    by_organisation,
    list_actions,
    report,
    update_action,
    updates,
)
from buurt.services.meetings import (
    add_note,
    attendance,
    close_meeting,
    list_notes,
    next_meeting,
    open_meeting,
    plan_meeting,
    quorum,
    set_attendance,
    set_guests,
    set_section_text,
)
from buurt.services.members import add_member, add_organisation
from buurt.services.priorities import add_period, current_period

EVENING = datetime(2026, 11, 10, 18, 30, tzinfo=UTC)


@pytest.fixture
def committee(db: Database) -> dict[str, int]:
    police = add_organisation(db, {"name": "Politie", "kind": "police"})
    people = {"police": police.id}
    for name in ("Anna", "Bram", "Cor", "Dina"):
        people[name] = add_member(db, {"name": name, "kind": "resident"}).id
    people["Sandra"] = add_member(
        db, {"name": "Sandra", "kind": "professional", "organisation_id": police.id}
    ).id
    return people


def test_opening_a_meeting_lists_every_member_as_absent_until_ticked(
    db: Database, committee: dict[str, int]
) -> None:
    meeting = plan_meeting(db, {"starts_at": EVENING, "place": "Buurthuis"})
    open_meeting(db, meeting.id)
    lines = attendance(db, meeting.id)
    assert [line.name for line in lines] == ["Anna", "Bram", "Cor", "Dina", "Sandra"]
    assert {line.status for line in lines} == {"absent"}


def test_quorum_counts_present_members_against_the_percentage(
    db: Database, committee: dict[str, int]
) -> None:
    meeting = plan_meeting(db, {"starts_at": EVENING})
    open_meeting(db, meeting.id)
    set_attendance(db, meeting.id, committee["Anna"], "present")
    set_attendance(db, meeting.id, committee["Bram"], "present")
    set_attendance(db, meeting.id, committee["Cor"], "apologies")
    check = quorum(db, meeting.id)
    assert (check.present, check.members, check.required, check.met) == (2, 5, 3, False)
    set_attendance(db, meeting.id, committee["Sandra"], "present")
    check = quorum(db, meeting.id)
    assert check.met
    assert str(check) == "3/5"


def test_guests_cannot_be_negative(db: Database) -> None:
    meeting = plan_meeting(db, {"starts_at": EVENING})
    with pytest.raises(InputError) as error:
        set_guests(db, meeting.id, -1)
    assert error.value.field == "guests"
    assert set_guests(db, meeting.id, 4).guests == 4


def test_a_meeting_without_time_zone_is_refused(db: Database) -> None:
    with pytest.raises(InputError) as error:
        plan_meeting(db, {"starts_at": datetime(2026, 11, 10, 19, 30)})
    assert error.value.field == "starts_at"


def test_notes_are_kept_per_section_in_agenda_order(db: Database) -> None:
    meeting = plan_meeting(db, {"starts_at": EVENING})
    add_note(db, meeting.id, "aob", "Kerstborrel")
    add_note(db, meeting.id, "opening", "Welkom")
    set_section_text(db, meeting.id, "situation", "Minder meldingen")
    set_section_text(db, meeting.id, "situation", "Minder meldingen dan vorige maand")
    notes = [(n.section, n.text) for n in list_notes(db, meeting.id)]
    assert notes == [
        ("opening", "Welkom"),
        ("situation", "Minder meldingen dan vorige maand"),
        ("aob", "Kerstborrel"),
    ]
    set_section_text(db, meeting.id, "situation", "")
    assert [n.section for n in list_notes(db, meeting.id)] == ["opening", "aob"]


def test_a_closed_meeting_cannot_be_opened_again(db: Database) -> None:
    meeting = plan_meeting(db, {"starts_at": EVENING})
    open_meeting(db, meeting.id)
    close_meeting(db, meeting.id)
    with pytest.raises(InputError, match="closed"):
        open_meeting(db, meeting.id)


def test_the_next_meeting_is_the_first_planned_one_ahead(db: Database) -> None:
    plan_meeting(db, {"starts_at": datetime(2026, 12, 20, 18, 30, tzinfo=UTC), "place": "Later"})
    plan_meeting(db, {"starts_at": datetime(2026, 12, 6, 18, 30, tzinfo=UTC), "place": "Eerst"})
    found = next_meeting(db, now=datetime(2026, 11, 29, tzinfo=UTC))
    assert found is not None
    assert found.place == "Eerst"


def test_overlapping_periods_are_refused(db: Database) -> None:
    add_period(
        db, {"start_on": date(2026, 9, 1), "end_on": date(2026, 11, 30), "hours_available": 200}
    )
    with pytest.raises(InputError, match="overlaps"):
        add_period(db, {"start_on": date(2026, 11, 1), "end_on": date(2027, 1, 31)})
    with pytest.raises(InputError, match="cannot end before"):
        add_period(db, {"start_on": date(2027, 2, 1), "end_on": date(2027, 1, 1)})
    period = current_period(db, today=date(2026, 10, 1))
    assert period is not None
    assert period.hours_available == 200


def test_an_action_needs_an_owner_and_a_due_date_after_its_meeting(
    db: Database, committee: dict[str, int]
) -> None:
    meeting = plan_meeting(db, {"starts_at": EVENING})
    with pytest.raises(InputError) as owner:
        add_action(db, {"title": "Extra surveillance"})
    assert owner.value.field == "owner_member_id"
    with pytest.raises(InputError) as due:
        add_action(
            db,
            {
                "title": "Extra surveillance",
                "owner_member_id": committee["Sandra"],
                "due_on": date(2026, 11, 1),
                "created_in_id": meeting.id,
            },
        )
    assert due.value.field == "due_on"
    assert "before the meeting of 10-11-2026" in due.value.message
    action = add_action(
        db,
        {
            "title": "Extra surveillance",
            "owner_member_id": committee["Sandra"],
            "owner_organisation_id": committee["police"],
            "due_on": date(2026, 12, 1),
            "hours": 20,
            "created_in_id": meeting.id,
        },
    )
    assert action.owner == "Sandra (Politie)"
    with pytest.raises(InputError) as hours:
        update_action(db, action.id, {"hours": -3})
    assert hours.value.field == "hours"


def test_a_follow_up_changes_the_status_and_keeps_the_report(
    db: Database, committee: dict[str, int]
) -> None:
    meeting = plan_meeting(db, {"starts_at": EVENING})
    action = add_action(
        db, {"title": "Portiekdeuren", "owner_organisation_id": committee["police"]}
    )
    with pytest.raises(InputError) as blocked:
        report(db, action.id, "blocked")
    assert blocked.value.field == "note"
    report(
        db,
        action.id,
        "in_progress",
        "Opdracht gegeven",
        meeting_id=meeting.id,
        reported_by_id=committee["Sandra"],
    )
    report(db, action.id, "done", "Klaar")
    history = updates(db, action_id=action.id)
    assert [(u.status, u.note, u.reported_by) for u in history] == [
        ("in_progress", "Opdracht gegeven", "Sandra"),
        ("done", "Klaar", ""),
    ]
    assert list_actions(db, statuses=["done"])[0].last_note == "Klaar"


def test_overdue_actions_are_grouped_per_organisation_since_the_oldest(
    db: Database, committee: dict[str, int]
) -> None:
    for title, due in (
        ("A", date(2026, 10, 1)),
        ("B", date(2026, 11, 15)),
        ("C", date(2027, 1, 1)),
    ):
        add_action(
            db,
            {
                "title": title,
                "owner_organisation_id": committee["police"],
                "due_on": due,
                "hours": 5,
            },
        )
    add_action(db, {"title": "D", "owner_member_id": committee["Anna"], "kind": "resident"})
    today = date(2026, 11, 29)
    overdue = list_actions(db, overdue_on=today)
    assert [a.title for a in overdue] == ["A", "B"]
    assert overdue[0].days_overdue(today) == 59
    debts = by_organisation(db, today=today)
    assert [(d.owner, d.open, d.overdue, d.oldest_overdue, d.hours) for d in debts] == [
        ("Politie", 3, 2, date(2026, 10, 1), 15),
        ("Anna", 1, 0, None, 0),
    ]
