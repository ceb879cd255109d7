"""The public version names professionals and residents who consented to be named, and nobody
else; the internal version (for the committee) names everyone; contact details appear in no
version at all."""

from __future__ import annotations

import re
from datetime import date

import pytest
from minutes_text import visible_text
from minutes_world import CONSENTED, NOT_CONSENTED, PROFESSIONALS, RESIDENTS, World

from buurt.i18n import get_language, set_language
from buurt.minutes.render import render
from buurt.services import Database, meetings, members
from buurt.services.minutes import build_document, build_minutes

FORMATS = ["md", "html", "docx", "pdf"]
KINDS = ["minutes", "actions", "summary"]
TODAY = date(2026, 11, 29)


def _name_parts(name: str) -> list[str]:
    """A name, its first name and its surname (as people write them in notes)."""
    words = name.split()
    return [name, words[0], " ".join(words[1:])]


_SEEN: dict[tuple[str, bool, str], str] = {}


def _everything(db: Database, world: World, fmt: str, *, anonymise: bool) -> str:
    """The visible text of every document of both meetings in one format (read once per
    language: the documents do not change within this module)."""
    key = (fmt, anonymise, get_language())
    if key not in _SEEN:
        texts = []
        for meeting_id in world.meetings[:2]:
            for kind in KINDS:
                document = build_document(db, meeting_id, kind, anonymise=anonymise, today=TODAY)
                texts.append(visible_text(render(document, fmt), fmt))
        _SEEN[key] = "\n".join(texts)
    return _SEEN[key]


@pytest.mark.parametrize("fmt", FORMATS)
def test_public_version_names_only_residents_who_consented_in_any_format(
    shared_world_db: Database, world: World, fmt: str
) -> None:
    text = _everything(shared_world_db, world, fmt, anonymise=True)
    every_resident = [m.name for m in members.list_members(shared_world_db) if m.is_resident]
    assert sorted(every_resident) == sorted(RESIDENTS)
    for name in NOT_CONSENTED:
        for part in _name_parts(name):
            assert not re.search(rf"\b{re.escape(part)}\b", text), (part, fmt)
    for name in CONSENTED:
        assert name in text, (name, fmt)
    assert "Resident 1" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_professionals_keep_name_and_organisation(
    shared_world_db: Database, world: World, fmt: str
) -> None:
    text = _everything(shared_world_db, world, fmt, anonymise=True)
    for name, organisation in PROFESSIONALS.items():
        assert f"{name} ({organisation})" in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("anonymise", [False, True])
def test_contact_details_never_appear(
    shared_world_db: Database, world: World, fmt: str, anonymise: bool
) -> None:
    text = _everything(shared_world_db, world, fmt, anonymise=anonymise)
    for member in members.list_members(shared_world_db):
        for detail in (member.email, member.phone):
            if detail:
                assert detail not in text
    assert "@" not in text
    assert not re.search(r"(?<![\w-])06-?\d{8}(?!\w)", text)
    assert "(contact details removed)" in text


def test_internal_version_names_everyone(shared_world_db: Database, world: World) -> None:
    text = _everything(shared_world_db, world, "md", anonymise=False)
    for name in RESIDENTS + list(PROFESSIONALS):
        assert name in text, name
    assert "Resident 1" not in text


def test_a_resident_has_one_pseudonym_throughout_a_document(
    world_db: Database, world: World
) -> None:
    minutes = build_minutes(world_db, world.second, anonymise=True)
    # Anna de Boer chairs and Daan Evers takes the minutes: both consented, both named.
    assert minutes.header.chair == "Anna de Boer"
    assert minutes.header.minute_taker == "Daan Evers"
    assert minutes.section_notes("aob") == ["Daan Evers vraagt om een extra bank."]
    # Bram Claes owns the clean-up and is named in Hanna's report on another action.
    [priority] = [item for item in minutes.follow_up if item.rank == 1]
    owner = {f.action: f for f in priority.follow_ups}["Schoonmaakactie met bewoners"].owner
    note = {f.action: f for f in priority.follow_ups}["Extra handhaving bij de containers"].note
    assert owner.startswith("Resident ")
    assert note == f"Vier boetes; {owner} hielp met de controle."


def test_residents_are_numbered_in_the_attendance_order(world_db: Database, world: World) -> None:
    attendance = build_minutes(world_db, world.second, anonymise=True).attendance
    assert attendance.present_residents == [
        "Anna de Boer",
        "Daan Evers",
        "Resident 1",
        "Resident 2",
    ]
    assert attendance.apologies == ["Resident 3"]


def test_public_dutch_version_says_bewoner(world_db: Database, world: World) -> None:
    set_language("nl")
    minutes = build_minutes(world_db, world.second, anonymise=True)
    assert minutes.header.chair == "Anna de Boer"
    assert minutes.attendance.apologies == ["Bewoner 3"]
    text = render(minutes, "md").decode("utf-8")
    assert "Openbare versie: bewoners worden alleen met hun toestemming bij naam genoemd." in text


def test_a_first_name_two_residents_share_is_not_attributed(
    world_db: Database, world: World
) -> None:
    members.add_member(world_db, {"name": "Bram Vos", "kind": "resident"})
    meetings.add_note(world_db, world.second, "situation", "Bram zegt dat het beter gaat.")
    second = build_minutes(world_db, world.second, anonymise=True)
    assert second.section_notes("situation") == ["(a resident) zegt dat het beter gaat."]
    # A full name still points to one person: Bram Claes, the minute-taker of meeting 1.
    first = build_minutes(world_db, world.first, anonymise=True)
    [situation] = first.section_notes("situation")
    assert f"{first.header.minute_taker} zag 's nachts scooters" in situation
