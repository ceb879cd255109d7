"""The attacker reading the public documents (minutes, action list, "you said, we did") in every
format: no resident who did not consent appears in them, however their name was typed (short
names, accents, lower case, the surname alone, the first name alone, an initial, folded
spelling), and wherever it was typed (notes, problems, streets, the place, actions, follow-ups,
the vote's seed). Residents who consented and professionals are named; internal minutes name
everyone.

Names are generated from a seeded generator of syllables, so they are no ordinary words and
the test is repeatable.
"""

from __future__ import annotations

import io
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import docx
import pytest
from pypdf import PdfReader

from buurt.services import Database, actions, meetings, members, problems, votes
from buurt.services.minutes import render_document

FORMATS = ("md", "html", "docx", "pdf")
KINDS = ("minutes", "actions", "summary")
ACCENTED = {"a": "á", "e": "ë", "i": "ï", "o": "ö", "u": "ü", "s": "ş", "c": "ç", "n": "ñ"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.translate(str.maketrans({"ı": "i", "ø": "o", "ł": "l"})).casefold()


def _word(rng: random.Random, syllables: int) -> str:
    onsets = ["b", "d", "f", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr", "tw"]
    vowels = ["a", "e", "i", "o", "u", "oe", "ij", "aa"]
    codas = ["", "k", "m", "n", "rt", "ls", "x"]
    word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))
    return (word + rng.choice(codas)).capitalize()


def _accent(word: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(word) if c.lower() in ACCENTED]
    if not spots:
        return word
    i = rng.choice(spots)
    char = ACCENTED[word[i].lower()]
    return word[:i] + (char.upper() if word[i].isupper() else char) + word[i + 1 :]


@dataclass
class Person:
    id: int
    name: str
    first: str
    last: str


def _people(db: Database) -> tuple[list[Person], Person, Person]:
    rng = random.Random(2026)
    hidden = []
    shapes = [
        ("Bo", _word(rng, 2)),  # a short first name
        ("Li", _accent(_word(rng, 2), rng)),  # short, accented surname
        (_accent(_word(rng, 2), rng), _accent(_word(rng, 3), rng)),  # accented both
        (_word(rng, 2), _word(rng, 2)),  # mentioned in lower case
        (_word(rng, 1) + "x", _word(rng, 3)),  # mentioned by surname alone
        (_word(rng, 2), "van " + _word(rng, 2)),  # a surname with a particle
    ]
    for first, last in shapes:
        row = members.add_member(db, {"name": f"{first} {last}", "kind": "resident"})
        hidden.append(Person(row.id, row.name, first, last.split()[-1]))
    consent = members.add_member(
        db,
        {
            "name": f"{_word(rng, 2)} {_word(rng, 2)}",
            "kind": "resident",
            "role": "chair",
            "consent_public_name_on": date(2026, 1, 1),
        },
    )
    politie = members.add_organisation(db, {"name": "Politie"})
    professional = members.add_member(
        db,
        {
            "name": f"{_word(rng, 2)} {_word(rng, 2)}",
            "kind": "professional",
            "organisation_id": politie.id,
        },
    )
    as_person = [
        Person(m.id, m.name, m.name.split()[0], m.name.split()[-1]) for m in (consent, professional)
    ]
    return hidden, as_person[0], as_person[1]


def _mentions(p: Person) -> list[str]:
    """Ways people type a name."""
    initial = f"{p.first[0]}. {p.name.split(' ', 1)[1]}"
    return [
        p.name,
        p.name.lower(),
        fold(p.name).title(),
        p.first,
        p.first.lower(),
        p.last,
        initial,
    ]


@pytest.fixture
def meeting_id(db: Database) -> tuple[int, list[Person], Person, Person]:
    hidden, consent, professional = _people(db)
    with db.transaction():
        meeting = meetings.plan_meeting(
            db,
            {
                "starts_at": datetime(2026, 12, 6, 18, 30, tzinfo=UTC),
                "place": f"Bij {hidden[0].name} thuis",
                "chair_id": consent.id,
            },
        )
        meetings.open_meeting(db, meeting.id)
        for person in [*hidden, consent, professional]:
            meetings.set_attendance(db, meeting.id, person.id, "present")
        problem_ids = []
        for n, person in enumerate(hidden):
            say = _mentions(person)
            meetings.add_note(db, meeting.id, "announcements", f"{say[n % len(say)]} zegt hallo.")
            meetings.add_note(
                db, meeting.id, "aob", f"{say[(n + 3) % len(say)]} belt over de {say[-1]}."
            )
            problem = problems.add_problem(
                db,
                {
                    "title": f"Overlast bij {say[(n + 1) % len(say)]}",
                    "description": f"Gemeld door {say[(n + 2) % len(say)]}, {say[4]} weet meer.",
                    "street": f"Hoek {person.last}",
                    "raised_by_id": person.id,
                    "logged_in_id": meeting.id,
                },
            )
            problems.set_problem_status(db, problem.id, "candidate")
            problem_ids.append(problem.id)
            action = actions.add_action(
                db,
                {
                    "title": f"{say[5]} en {professional.name} praten met {say[1]}",
                    "problem_id": problem.id,
                    "owner_member_id": person.id,
                    "kind": "resident",
                    "created_in_id": meeting.id,
                },
            )
            actions.report(
                db,
                action.id,
                "in_progress",
                f"{say[3]} heeft {say[6]} gebeld",
                meeting_id=meeting.id,
                reported_by_id=person.id,
            )
        vote = votes.create_vote(
            db,
            {
                "meeting_id": meeting.id,
                "problem_ids": problem_ids[:4],
                "seed": f"getrokken door {hidden[2].first}",
                "title": f"Top 3 ({hidden[3].last})",
            },
        )
        votes.open_vote(db, vote.id)
        candidates = [c.id for c in vote.candidates]
        for n, voter in enumerate(votes.voters(db, vote.id)):
            votes.cast_ballot(db, vote.id, voter.member_id, {candidates[n % 4]: 1})
        votes.close_vote(db, vote.id)
        meetings.close_meeting(db, meeting.id)
    return meeting.id, hidden, consent, professional


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._style = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style += tag == "style"
        # Attribute values (a title, an alt text) are read too: they are in the file.
        self.parts.extend(value for _name, value in attrs if value)

    def handle_endtag(self, tag: str) -> None:
        self._style -= tag == "style"

    def handle_data(self, data: str) -> None:
        if not self._style:  # the style sheet is ours, not data
            self.parts.append(data)


def visible(content: bytes, fmt: str) -> str:
    if fmt == "docx":
        document = docx.Document(io.BytesIO(content))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        for section in document.sections:
            parts.extend(p.text for p in section.footer.paragraphs)
            parts.extend(p.text for p in section.header.paragraphs)
        return " ".join(parts)
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(content))
        return " ".join(page.extract_text() or "" for page in reader.pages)
    if fmt == "html":
        parser = _Text()
        parser.feed(content.decode("utf-8"))
        return " ".join(parser.parts)
    return content.decode("utf-8")


def _found(text: str, person: Person) -> list[str]:
    """Where a reader finds a part of `person`'s name in `text` (folded, as whole words)."""
    folded = re.sub(r"\s+", " ", fold(text))
    parts = {fold(person.first), fold(person.last)}
    return [
        f"{p}: ...{folded[max(0, m.start() - 40) : m.end() + 40]}..."
        for p in sorted(parts)
        for m in re.finditer(rf"(?<!\w){re.escape(p)}(?!\w)", folded)
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_resident_without_consent_appears_in_a_public_document(
    db: Database, meeting_id: tuple[int, list[Person], Person, Person], fmt: str
) -> None:
    meeting, hidden, consent, professional = meeting_id
    for kind in KINDS:
        text = visible(render_document(db, meeting, kind=kind, fmt=fmt, anonymise=True), fmt)
        for person in hidden:
            assert _found(text, person) == [], f"{person.name} in the public {kind} ({fmt})"
        if kind == "minutes":
            # The chair consented: named. The professional: named.
            assert fold(consent.name) in fold(text), f"{consent.name} missing ({fmt})"
            assert fold(professional.name) in fold(text), f"{professional.name} missing ({fmt})"


def test_internal_minutes_name_everyone(
    db: Database, meeting_id: tuple[int, list[Person], Person, Person]
) -> None:
    meeting, hidden, consent, professional = meeting_id
    text = fold(visible(render_document(db, meeting, kind="minutes", fmt="md"), "md"))
    for person in [*hidden, consent, professional]:
        assert fold(person.name) in text, person.name
