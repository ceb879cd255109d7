"""Members, organisations and problems: what the chair can record and what is refused."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from buurt.db.models import AuditEvent, ProblemStatusChange
from buurt.errors import InputError, NotFound
from buurt.services import Database
from buurt.services.audit import event_digest
from buurt.services.members import (
    add_member,
    add_organisation,
    find_member,
    list_members,
    set_member_active,
    update_member,
)
from buurt.services.neighbourhood import list_categories, update_neighbourhood
from buurt.services.problems import (
    add_problem,
    dossier,
    list_problems,
    set_problem_status,
    similar_problems,
    update_problem,
)


def _events(db: Database) -> list[AuditEvent]:
    with db.reading() as session:
        return list(session.exec(select(AuditEvent).order_by(AuditEvent.id)))


def test_a_member_is_added_with_organisation_and_listed(db: Database) -> None:
    police = add_organisation(db, {"name": "Politie", "kind": "police"})
    sandra = add_member(
        db,
        {
            "name": "Sandra Willems",
            "kind": "professional",
            "organisation_id": police.id,
            "function": "wijkagent",
        },
    )
    add_member(db, {"name": "Anna de Boer", "kind": "resident"})
    names = [m.name for m in list_members(db)]
    assert names == ["Anna de Boer", "Sandra Willems"]
    assert sandra.organisation == "Politie"


def test_a_duplicate_member_name_is_refused_with_a_sentence_naming_it(db: Database) -> None:
    add_member(db, {"name": "Anna de Boer", "kind": "resident"})
    with pytest.raises(InputError) as error:
        add_member(db, {"name": "anna de boer", "kind": "resident"})
    assert error.value.field == "name"
    assert error.value.message == "There is already a member called anna de boer."


def test_an_empty_name_and_a_bad_email_are_refused_beside_their_fields(db: Database) -> None:
    with pytest.raises(InputError) as empty:
        add_member(db, {"name": "   ", "kind": "resident"})
    assert empty.value.field == "name"
    with pytest.raises(InputError) as email:
        add_member(db, {"name": "Piet", "kind": "resident", "email": "piet-at-home"})
    assert email.value.field == "email"
    assert "not an e-mail address" in email.value.message
    assert list_members(db) == []


def test_a_refusal_is_in_dutch_when_the_language_is_dutch(db: Database) -> None:
    from buurt.i18n import set_language

    set_language("nl")
    with pytest.raises(InputError, match="Naam is verplicht"):
        add_member(db, {"name": "", "kind": "resident"})


def test_a_member_who_leaves_is_deactivated_but_kept(db: Database) -> None:
    anna = add_member(db, {"name": "Anna de Boer", "kind": "resident"})
    set_member_active(db, anna.id, False)
    assert list_members(db) == []
    kept = list_members(db, include_inactive=True)
    assert [m.name for m in kept] == ["Anna de Boer"]
    assert kept[0].left_on is not None


def test_editing_a_member_keeps_the_other_fields(db: Database) -> None:
    anna = add_member(db, {"name": "Anna de Boer", "kind": "resident", "phone": "0612345678"})
    changed = update_member(db, anna.id, {"role": "secretary"})
    assert changed.role == "secretary"
    assert changed.phone == "0612345678"
    assert find_member(db, "ANNA DE BOER") == changed


def test_every_write_leaves_a_chained_audit_event_with_before_and_after(db: Database) -> None:
    anna = add_member(db, {"name": "Anna de Boer", "kind": "resident"})
    update_member(db, anna.id, {"function": "bewonersvertegenwoordiger"})
    events = _events(db)
    create, update = events[-2], events[-1]
    assert (create.action, create.entity, create.entity_id) == ("create", "member", str(anna.id))
    assert json.loads(create.after_json)["name"] == "Anna de Boer"
    assert json.loads(update.before_json) == {"function": ""}
    assert json.loads(update.after_json) == {"function": "bewonersvertegenwoordiger"}
    previous = ""
    for event in events:
        assert event.prev_hash == previous
        assert event.hash == event_digest(previous, event)
        previous = event.hash


def test_a_refused_write_leaves_no_audit_event_and_no_row(db: Database) -> None:
    before = len(_events(db))
    with pytest.raises(InputError):
        add_problem(db, {"title": ""})
    assert len(_events(db)) == before
    assert list_problems(db) == []


def test_a_problem_is_logged_at_street_level_and_found_by_any_word(db: Database) -> None:
    litter = next(c for c in list_categories(db) if c.code == "litter")
    add_problem(
        db,
        {"title": "Zwerfvuil bij containers", "street": "Gaffelstraat", "category_id": litter.id},
    )
    add_problem(db, {"title": "Te hard rijden", "street": "Kruiskade"})
    assert [p.title for p in list_problems(db, text="gaffel")] == ["Zwerfvuil bij containers"]
    assert [p.title for p in list_problems(db, text="litter")] == ["Zwerfvuil bij containers"]
    assert [p.title for p in list_problems(db, text="hard kruis")] == ["Te hard rijden"]
    assert list_problems(db, text="hard gaffel") == []


def test_a_problem_in_an_unknown_category_is_refused(db: Database) -> None:
    with pytest.raises(InputError) as error:
        add_problem(db, {"title": "Iets", "category_id": 9999})
    assert error.value.field == "category_id"


def test_parking_a_problem_needs_a_reason_and_keeps_its_history(db: Database) -> None:
    problem = add_problem(db, {"title": "Hondenpoep op de stoep"})
    with pytest.raises(InputError) as error:
        set_problem_status(db, problem.id, "parked")
    assert error.value.field == "reason"
    set_problem_status(db, problem.id, "candidate")
    set_problem_status(db, problem.id, "parked", reason="Eerst nieuwe afvalbakken afwachten")
    with db.reading() as session:
        history = [
            (c.from_status, c.to_status, c.reason)
            for c in session.exec(
                select(ProblemStatusChange).where(ProblemStatusChange.problem_id == problem.id)
            )
        ]
    assert history == [
        (None, "new", ""),
        ("new", "candidate", ""),
        ("candidate", "parked", "Eerst nieuwe afvalbakken afwachten"),
    ]


def test_referring_a_problem_says_to_whom(db: Database) -> None:
    problem = add_problem(db, {"title": "Kapotte lantaarnpaal"})
    with pytest.raises(InputError) as error:
        set_problem_status(db, problem.id, "referred", reason="eenmalig")
    assert error.value.field == "referred_to"
    referred = set_problem_status(
        db, problem.id, "referred", reason="eenmalig", referred_to="Gemeente, melding 2026-1"
    )
    assert referred.status == "referred"
    assert referred.referred_to == "Gemeente, melding 2026-1"


def test_a_problem_cannot_be_made_a_priority_by_hand(db: Database) -> None:
    problem = add_problem(db, {"title": "Drugsoverlast"})
    with pytest.raises(InputError, match="confirming a vote"):
        set_problem_status(db, problem.id, "priority")


def test_likely_duplicates_are_suggested_from_shared_words(db: Database) -> None:
    add_problem(db, {"title": "Zwerfvuil rond de containers", "street": "Gaffelstraat"})
    add_problem(db, {"title": "Te hard rijden", "street": "Kruiskade"})
    found = similar_problems(db, "zwerfvuil bij containers", "Gaffelstraat")
    assert [p.title for p in found] == ["Zwerfvuil rond de containers"]
    assert similar_problems(db, "de") == []


def test_editing_a_problem_changes_only_what_was_given(db: Database) -> None:
    problem = add_problem(db, {"title": "Graffiti", "street": "Adrianastraat"})
    changed = update_problem(db, problem.id, {"description": "Op de gevel van de school"})
    assert (changed.title, changed.street) == ("Graffiti", "Adrianastraat")
    assert changed.description == "Op de gevel van de school"


def test_an_unknown_problem_is_reported_as_not_found(db: Database) -> None:
    with pytest.raises(NotFound, match="no problem with number 42"):
        dossier(db, 42)


def test_settings_are_validated(db: Database) -> None:
    with pytest.raises(InputError) as error:
        update_neighbourhood(db, {"quorum_percent": 150})
    assert error.value.field == "quorum_percent"
    assert update_neighbourhood(db, {"language": "en"}).language == "en"


def test_values_shared_by_two_vocabularies_keep_their_own_words() -> None:
    from buurt.i18n import set_language
    from buurt.services.labels import MeetingStatus, MinutesState, VoteStatus, label

    set_language("nl")
    assert label(MeetingStatus.CLOSED) == "gesloten"
    assert label(VoteStatus.CLOSED) == "geteld"
    assert label(MinutesState.DRAFT) == "concept"
    assert label(VoteStatus.DRAFT) == "in voorbereiding"
