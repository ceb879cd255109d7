"""Retention: what is older than the neighbourhood's retention period is listed, and anonymised
only when the chair applies it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from safety_helpers import cli

from buurt.services import Database, meetings, members
from buurt.services.audit import verify_chain
from buurt.services.neighbourhood import update_neighbourhood
from buurt.services.priorities import add_period
from buurt.services.retention import apply_retention, retention_plan

TODAY = date(2026, 11, 29)


@pytest.fixture
def old_and_new(db: Database) -> dict[str, int]:
    update_neighbourhood(db, {"retention_years": 2})
    add_period(db, {"start_on": date(2023, 1, 1), "end_on": date(2023, 3, 31)})
    add_period(db, {"start_on": date(2026, 10, 1), "end_on": date(2026, 12, 31)})
    gone = members.add_member(db, {"name": "Kees Oud", "kind": "resident", "phone": "0612345678"})
    members.set_member_active(db, gone.id, False, on=date(2023, 2, 1))
    stays = members.add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    old = meetings.plan_meeting(db, {"starts_at": datetime(2023, 2, 10, 18, 30, tzinfo=UTC)})
    meetings.add_note(db, old.id, "announcements", "Bel Kees op 06-12345678 over de sleutel.")
    meetings.add_note(db, old.id, "situation", "Minder zwerfvuil in de Gaffelstraat.")
    new = meetings.plan_meeting(db, {"starts_at": datetime(2026, 11, 20, 18, 30, tzinfo=UTC)})
    meetings.add_note(db, new.id, "announcements", "Priya Ramdin: bel 06-87654321.")
    return {"gone": gone.id, "stays": stays.id, "old": old.id, "new": new.id}


def test_retention_off_lists_nothing(db: Database) -> None:
    plan = retention_plan(db, today=TODAY)
    assert plan.years == 0
    assert plan.items == []


def test_the_plan_lists_people_who_left_and_flagged_texts_of_closed_old_periods(
    db: Database, old_and_new: dict[str, int]
) -> None:
    plan = retention_plan(db, today=TODAY)
    assert plan.horizon == date(2023, 3, 31)
    assert [(m.label, m.dated) for m in plan.members] == [("Kees Oud", date(2023, 2, 1))]
    # The first name of a member who left is found too (the name rule of buurt.services.names).
    assert [(t.table, t.excerpts) for t in plan.texts] == [
        ("meeting_note", ["Kees", "06-12345678"])
    ]
    # Listing changes nothing.
    assert members.get_member(db, old_and_new["gone"]).name == "Kees Oud"


def test_applying_anonymises_only_what_is_old(db: Database, old_and_new: dict[str, int]) -> None:
    plan = apply_retention(db, today=TODAY)
    assert plan.applied
    assert members.get_member(db, old_and_new["gone"]).name.startswith("Former member")
    assert members.get_member(db, old_and_new["stays"]).name == "Priya Ramdin"
    old_notes = [n.text for n in meetings.list_notes(db, old_and_new["old"])]
    # The first name alone is a mention too (the name rule of buurt.services.names).
    assert "Bel […] op […] over de sleutel." in old_notes
    assert "Minder zwerfvuil in de Gaffelstraat." in old_notes
    new_notes = [n.text for n in meetings.list_notes(db, old_and_new["new"])]
    assert new_notes == ["Priya Ramdin: bel 06-87654321."]
    assert verify_chain(db).intact
    assert retention_plan(db, today=TODAY).items == []


@pytest.mark.needs_file("the command line is given the file")
def test_the_command_lists_and_applies_only_when_asked(
    db: Database, old_and_new: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert db.path is not None
    db.close()
    code, out, _err = cli(capsys, "retention", db.path, "--lang", "en")
    assert code == 0
    assert "member Kees Oud (left 2023-02-01)" in out
    assert "add --apply" in out
    code, out, _err = cli(capsys, "retention", db.path, "--apply", "--lang", "en")
    assert code == 0
    assert "Anonymised." in out
