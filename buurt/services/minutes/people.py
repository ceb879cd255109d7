"""Who is named how in a document, and the one redactor every interpolated field of a document
goes through (`redact`).

Internal minutes are for the committee: they name everyone. Public documents (the anonymised
minutes, the action list made public, "you said, we did") name professionals and residents who
consented to be named in public, and nobody else: the others become "Resident n" (or "a
resident"), also inside free text, found with the name rule of `buurt.services.names` (full
names in any case and spelling, parts of names, initials). Contact details never appear:
e-mail addresses and phone numbers (in any notation, found by libphonenumber) are removed from
every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from buurt.db.enums import MemberKind
from buurt.db.models import Member, Organisation
from buurt.i18n import _
from buurt.services.names import (
    NameRule,
    contact_mentions,
    emails,
    phone_numbers,
    plain,
    replace_mentions,
)

# Kept for callers that look for contact details with a pattern; the redactor itself uses
# `buurt.services.names` (one detector for the warning and the redaction).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+-])(?:(?:\+31|0031)[\s-]?|0)(?:[\s-]?\d){9}(?![\w-])")

# Fields that hold codes, digests or the neighbourhood's own name: never redacted.
_NOT_TEXT = frozenset(
    {
        "language",
        "digest",
        "engine_version",
        "state",
        "status",
        "method",
        "rule",
        "kind",
        "decision",
        "neighbourhood",
        "municipality",
    }
)


# --- who is named how -----------------------------------------------------------------------


@dataclass
class People:
    """Names as a document prints them: professionals by name (and organisation), residents by
    name only with consent in the internal version, else as "Resident n" numbered in order of
    first appearance (`generic`: as "a resident", for the public summary where numbers would
    mean nothing)."""

    members: dict[int, Member]
    organisations: dict[int, Organisation]
    anonymise: bool
    generic: bool = False
    pseudonyms: dict[int, str] = field(default_factory=dict)
    _patterns: list[tuple[re.Pattern[str], int | None]] | None = None

    def hidden(self, member: Member) -> bool:
        """Internal minutes name everyone; a public document hides a resident who did not
        consent to be named in public."""
        if member.kind != MemberKind.RESIDENT.value or not self.anonymise:
            return False
        return member.consent_public_name_on is None

    def pseudonym(self, member_id: int) -> str:
        if self.generic:
            return _("a resident")
        if member_id not in self.pseudonyms:
            self.pseudonyms[member_id] = _("Resident {n}").format(n=len(self.pseudonyms) + 1)
        return self.pseudonyms[member_id]

    def organisation(self, organisation_id: int | None) -> str:
        found = self.organisations.get(organisation_id or -1)
        return found.name if found else ""

    def name(self, member_id: int | None, *, with_organisation: bool = False) -> str:
        """The name to print for a member ("" for none)."""
        member = self.members.get(member_id or -1)
        if member is None or member.id is None:
            return ""
        if self.hidden(member):
            return self.pseudonym(member.id)
        organisation = self.organisation(member.organisation_id)
        if with_organisation and organisation and member.kind == MemberKind.PROFESSIONAL.value:
            return f"{member.name} ({organisation})"
        return member.name

    def owner(self, member_id: int | None, organisation_id: int | None) -> str:
        """An action's owner as people say it: "Sandra Willems (Politie)", "Woonstad"."""
        person = self.name(member_id)
        organisation = self.organisation(organisation_id)
        if person and organisation:
            return f"{person} ({organisation})"
        return person or organisation

    def text(self, value: str) -> str:
        """Free text fit for this document: contact details removed, hidden residents' names
        (by the name rule) replaced by their pseudonym."""
        if not value:
            return value
        value = self._contact_details(value)
        hidden = [mem for mem in self.members.values() if self.hidden(mem) and mem.id]
        if not hidden:
            return value
        # Names that may be printed are shielded first, so that a resident who shares a first
        # name with a professional does not eat into the professional's name.
        shields: dict[str, str] = {}
        for member in sorted(self.members.values(), key=lambda mem: -len(mem.name)):
            if self.hidden(member) or not member.name:
                continue
            for mention in NameRule(member.name).mentions(value):
                if plain(mention.text) == plain(member.name):
                    key = f"\x00{len(shields)}\x00"
                    shields[key] = mention.text
                    value = value[: mention.start] + key + value[mention.end :]
                    break
        shared = self._shared_parts()
        for member in sorted(hidden, key=lambda mem: -len(mem.name)):
            assert member.id is not None
            rule = NameRule(member.name)
            value = replace_mentions(value, rule.emails(value), _("(contact details removed)"))
            for mention in reversed([m for m in rule.mentions(value) if m.certain]):
                whole = " " in mention.text.strip() or "." in mention.text
                name = (
                    self.pseudonym(member.id)
                    if whole or plain(mention.text) not in shared
                    else _("(a resident)")
                )
                value = value[: mention.start] + name + value[mention.end :]
        for key, name in shields.items():
            value = value.replace(key, name)
        return value

    def _shared_parts(self) -> set[str]:
        """Parts of names (folded) that more than one member has: not attributable."""
        seen: dict[str, set[int]] = {}
        for member in self.members.values():
            for part in NameRule(member.name).parts:
                seen.setdefault(plain(part), set()).add(member.id or 0)
        return {part for part, ids in seen.items() if len(ids) > 1}

    def _contact_details(self, value: str) -> str:
        removed = _("(contact details removed)")
        for member in self.members.values():
            value = replace_mentions(
                value, contact_mentions(value, email=member.email, phone=member.phone), removed
            )
        value = replace_mentions(value, emails(value), removed)
        return replace_mentions(value, phone_numbers(value), removed)


Doc = TypeVar("Doc", bound=BaseModel)


def redact(document: Doc, people: People) -> Doc:
    """`document` with every text field (any depth) passed through `people.text`: no field of
    a document can skip the redactor (place, street, seed, titles, labels of candidates)."""

    def walk(value: Any, key: str = "") -> Any:
        if key in _NOT_TEXT:
            return value
        if isinstance(value, str):
            return people.text(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        if isinstance(value, dict):
            return {k: walk(v, str(k)) for k, v in value.items()}
        return value

    return type(document).model_validate(walk(document.model_dump()))
