"""The privacy check warns about personal data in free text, and explains why; places are fine."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from buurt.i18n import set_language
from buurt.services import Database
from buurt.services.members import add_member
from buurt.services.privacy import privacy_warnings, scan_text


def kinds(text: str, names: list[str] | None = None) -> list[tuple[str, str]]:
    return [(w.kind, w.excerpt) for w in scan_text(text, names or [])]


@pytest.mark.parametrize(
    ("text", "kind", "excerpt"),
    [
        ("Bel hem op 06-12345678 als het weer gebeurt", "phone", "06-12345678"),
        ("Tel. 0612345678", "phone", "0612345678"),
        ("Via +31 6 12345678 bereikbaar", "phone", "+31 6 12345678"),
        ("Het kantoor: 010-1234567", "phone", "010-1234567"),
        ("Mail naar j.jansen@example.nl", "email", "j.jansen@example.nl"),
        ("Overlast vanuit Gaffelstraat 12", "address", "Gaffelstraat 12"),
        ("Overlast vanuit Gaffelstraat 12a", "address", "Gaffelstraat 12a"),
        ("Woont op 3014 AB 12", "postcode", "3014 AB 12"),
        ("Auto met kenteken 12-ABC-3 rijdt hard", "licence_plate", "12-ABC-3"),
        ("Scooter AB-123-C", "licence_plate", "AB-123-C"),
        ("Bus 1-ABC-23", "licence_plate", "1-ABC-23"),
        ("Oud kenteken XX-99-XX", "licence_plate", "XX-99-XX"),
        ("Gisteren zei Jan Jansen dat het erger wordt", "person_name", "Jan Jansen"),
        ("Piet van der Berg belt de politie", "person_name", "Piet van der Berg"),
        ("Volgens mevrouw de Groot is het rustiger", "person_name", "mevrouw de Groot"),
    ],
)
def test_personal_data_in_free_text_is_flagged(text: str, kind: str, excerpt: str) -> None:
    assert (kind, excerpt) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Zwerfvuil rond de containers in de Gaffelstraat",
        "Auto's rijden te hard op de Nieuwe Binnenweg en de Jan van Loonslaan",
        "Op 12-03-2024 om 22:00 was er weer lawaai, drie keer deze week.",
        "Politie Rotterdam en Stadsbeheer komen langs bij Albert Heijn.",
        "Hangjongeren bij het speelveld aan het Henegouwerplein na 23 uur.",
        "De 1e Middellandstraat is 's avonds slecht verlicht.",
        "",
    ],
)
def test_behaviour_and_places_raise_no_warning(text: str) -> None:
    assert kinds(text) == []


def test_a_members_name_is_flagged_as_a_member() -> None:
    found = kinds("Henk de Vries zegt dat de zakken er elke week staan", ["Henk de Vries"])
    assert found == [("member_name", "Henk de Vries")]


def test_the_warning_explains_why_in_the_users_language() -> None:
    (warning,) = scan_text("Bel 06-12345678", [])
    assert "06-12345678" in warning.message
    assert "not people" in warning.message
    set_language("nl")
    (warning,) = scan_text("Bel 06-12345678", [])
    assert "telefoonnummer" in warning.message
    assert "niet over personen" in warning.message


def test_warnings_point_at_the_excerpt_in_the_text() -> None:
    text = "Zie Gaffelstraat 12 en bel 06-12345678"
    for warning in scan_text(text, []):
        assert text[warning.start : warning.end] == warning.excerpt


def test_the_check_knows_the_members_and_organisations_of_the_file(db: Database) -> None:
    add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    found = privacy_warnings(db, "Priya Ramdin meldt overlast; Ramdin belt de Testbuurt")
    assert [(w.kind, w.excerpt) for w in found] == [
        ("member_name", "Priya Ramdin"),
        ("member_name", "Ramdin"),
    ]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_warnings_or_none_never_an_error(text: str) -> None:
    for warning in scan_text(text, ["Jan Jansen", "Ö"]):
        assert text[warning.start : warning.end] == warning.excerpt
