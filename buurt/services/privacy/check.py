"""The privacy check: warn when free text holds what a committee should not store about people.

The committee talks about behaviour and places, not about named people (DESIGN.md, step 7), and
members' names are personal data under the AVG/GDPR. `scan_text` looks for a member's name, what
looks like another person's name, a street with a house number, a postcode with a house number, a
phone number, an e-mail address and a Dutch licence plate. It only warns and explains: the chair
may keep the text. Screens show the warnings beside a free-text field; `buurt import` lists them
in its report.

Heuristics, on purpose simple and quick (they run while the chair types): a person's name is two
or more capitalised words in a row (with Dutch particles such as "van der" between them) whose
last word is not a place (a street ends in -straat, -weg, -laan, ...) and not a known phrase (the
neighbourhood's own name, its organisations, its categories).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from sqlmodel import col, select

from buurt.db.database import Database
from buurt.db.models import Category, Member, Neighbourhood, Organisation
from buurt.i18n import _
from buurt.services.base import ReadModel
from buurt.services.names import NameRule, emails, phone_numbers
from buurt.services.privacy.words import _NOT_NAMES, _PARTICLES, _SIDECODES, PLACE_SUFFIXES


class PrivacyKind(StrEnum):
    MEMBER_NAME = "member_name"
    PERSON_NAME = "person_name"
    ADDRESS = "address"
    POSTCODE = "postcode"
    PHONE = "phone"
    EMAIL = "email"
    LICENCE_PLATE = "licence_plate"


class PrivacyWarning(ReadModel):
    """One thing in a text that looks like personal data, with a sentence that explains it.

    `start` and `end` locate `excerpt` in the text that was checked."""

    kind: str
    excerpt: str
    message: str
    start: int = 0
    end: int = 0


_SUFFIX = "|".join(PLACE_SUFFIXES)

_CAPITALISED = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þa-zà-öø-ÿ][a-zà-öø-ÿ]+)?"
_PARTICLE = "|".join(re.escape(p) for p in _PARTICLES)
# A run of capitalised words, with name particles between them.
_NAME_RUN = re.compile(
    rf"(?<![\w@.-])(?:{_CAPITALISED})(?:\s+(?:(?:{_PARTICLE})\s+){{0,3}}(?:{_CAPITALISED}))+"
    r"(?![\w@-])"
)
# A title or family word followed by a surname: "meneer Jansen", "mevrouw de Vries".
_TITLED_NAME = re.compile(
    r"(?<!\w)(?:meneer|mevrouw|mevr\.|dhr\.|mw\.|mr\.|mrs\.|ms\.|familie|fam\.|buurman|buurvrouw)"
    rf"\s+(?:(?:{_PARTICLE})\s+){{0,3}}{_CAPITALISED}",
    re.IGNORECASE,
)
_STREET_NUMBER = re.compile(
    rf"(?<![\w])(?:\d{{1,2}}e\s+)?[A-ZÀ-Þa-zà-ÿ'][\w'-]*(?:{_SUFFIX})"
    r"\s+\d{1,5}(?![eE]\s+[A-Za-z])(?:\s?-?\s?[a-zA-Z](?![\w]))?(?!\d)",
    re.IGNORECASE,
)
_POSTCODE_NUMBER = re.compile(
    r"(?<![\w])[1-9]\d{3}(?:\s?[A-Z]{2}|[a-z]{2})(?![\w])[\s,]+(?:nr\.?\s*)?\d{1,5}[a-zA-Z]?(?!\w)"
)


def _sidecode_pattern(code: str) -> str:
    groups = []
    for group in code.split("-"):
        kind = "[A-Za-z]" if group[0] == "X" else r"\d"
        groups.append(f"{kind}{{{len(group)}}}")
    return "-".join(groups)


_PLATE = re.compile(
    r"(?<![\w-])(?:" + "|".join(_sidecode_pattern(c) for c in _SIDECODES) + r")(?![\w-])"
)


def _message(kind: PrivacyKind, excerpt: str) -> str:
    why = _("the committee talks about behaviour and places, not people.")
    if kind == PrivacyKind.MEMBER_NAME:
        return _(
            "Names a member ({excerpt}): members are named in public minutes only with their "
            "consent; {why}"
        ).format(excerpt=excerpt, why=why)
    if kind == PrivacyKind.PERSON_NAME:
        return _("Contains what looks like a person's name ({excerpt}): {why}").format(
            excerpt=excerpt, why=why
        )
    if kind == PrivacyKind.ADDRESS:
        return _(
            "Contains what looks like a home address ({excerpt}): locate problems by street, "
            "without a house number."
        ).format(excerpt=excerpt)
    if kind == PrivacyKind.POSTCODE:
        return _(
            "Contains what looks like a postcode with a house number ({excerpt}): locate "
            "problems by street, without a house number."
        ).format(excerpt=excerpt)
    if kind == PrivacyKind.PHONE:
        return _("Contains what looks like a phone number ({excerpt}): {why}").format(
            excerpt=excerpt, why=why
        )
    if kind == PrivacyKind.EMAIL:
        return _("Contains what looks like an e-mail address ({excerpt}): {why}").format(
            excerpt=excerpt, why=why
        )
    return _("Contains what looks like a licence plate ({excerpt}): {why}").format(
        excerpt=excerpt, why=why
    )


def _is_place(word: str) -> bool:
    return word.lower().endswith(PLACE_SUFFIXES)


def _name_span(match: re.Match[str], known: set[str]) -> tuple[int, int] | None:
    """The part of a run of capitalised words that may be a person's name, or None."""
    words = list(re.finditer(r"\S+", match.group(0)))
    # Drop leading words that start a sentence or name a thing ("Gisteren", "Politie").
    while words and words[0].group(0).lower() in _NOT_NAMES | set(_PARTICLES):
        words.pop(0)
    while words and words[-1].group(0).lower() in _NOT_NAMES | set(_PARTICLES):
        words.pop()
    capitals = [w for w in words if w.group(0)[0].isupper()]
    if len(capitals) < 2:
        return None
    if any(_is_place(w.group(0)) for w in capitals) or any(
        w.group(0).lower() in _NOT_NAMES for w in capitals
    ):
        return None
    start = match.start() + words[0].start()
    end = match.start() + words[-1].end()
    phrase = match.string[start:end]
    if phrase.lower() in known or any(phrase.lower() in k for k in known):
        return None
    return start, end


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def scan_text(
    text: str, names: list[str], *, known_phrases: Iterable[str] = ()
) -> list[PrivacyWarning]:
    """The privacy warnings for `text`, in the order they occur.

    `names` are the members' names (flagged as members); `known_phrases` are capitalised phrases
    that are no person (the neighbourhood, its organisations and categories)."""
    if not text or not text.strip():
        return []
    found: list[tuple[int, int, PrivacyKind]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: PrivacyKind) -> None:
        if not _overlaps((start, end), taken):
            found.append((start, end, kind))
            taken.append((start, end))

    # E-mail addresses and phone numbers: the same detector as the public documents' redactor
    # (`buurt.services.names`, phone numbers by libphonenumber), so what is flagged here is
    # exactly what the public documents remove.
    for mention in emails(text):
        add(mention.start, mention.end, PrivacyKind.EMAIL)
    for match in _POSTCODE_NUMBER.finditer(text):
        add(match.start(), match.end(), PrivacyKind.POSTCODE)
    for mention in phone_numbers(text):
        add(mention.start, mention.end, PrivacyKind.PHONE)
    for pattern, kind in (
        (_PLATE, PrivacyKind.LICENCE_PLATE),
        (_STREET_NUMBER, PrivacyKind.ADDRESS),
    ):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), kind)
    # Members' names by the one name rule (full names, parts, initials).
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        for mention in NameRule(name).mentions(text):
            if mention.certain:
                add(mention.start, mention.end, PrivacyKind.MEMBER_NAME)
    known = {k.strip().lower() for k in known_phrases if k and k.strip()}
    for match in _TITLED_NAME.finditer(text):
        add(match.start(), match.end(), PrivacyKind.PERSON_NAME)
    for match in _NAME_RUN.finditer(text):
        span = _name_span(match, known)
        if span is not None:
            add(span[0], span[1], PrivacyKind.PERSON_NAME)
    found.sort()
    return [
        PrivacyWarning(
            kind=kind.value,
            excerpt=text[start:end],
            message=_message(kind, text[start:end]),
            start=start,
            end=end,
        )
        for start, end, kind in found
    ]


def privacy_warnings(db: Database, text: str) -> list[PrivacyWarning]:
    """The privacy warnings for `text`, knowing this neighbourhood's members (by name) and the
    names of its organisations, categories and itself (which are no person)."""
    if not text or not text.strip():
        return []
    names, known = known_names(db)
    return scan_text(text, names, known_phrases=known)


def known_names(db: Database) -> tuple[list[str], list[str]]:
    """(members' names, phrases that are no person) for `scan_text`; forgotten members are left
    out (their name is no longer theirs)."""
    with db.reading() as session:
        names = [
            m.name for m in session.exec(select(Member).where(col(Member.forgotten_at).is_(None)))
        ]
        known = [o.name for o in session.exec(select(Organisation))]
        known += [c.name for c in session.exec(select(Category))]
        known += [_(c.name) for c in session.exec(select(Category))]
        known += [n.name for n in session.exec(select(Neighbourhood))]
    return names, known
