"""Who is named how in a document: professionals by name, residents by name only with
consent in the internal version, else as a pseudonym; contact details removed from free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from buurt.db.enums import MemberKind
from buurt.db.models import Member, Organisation
from buurt.i18n import _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+-])(?:(?:\+31|0031)[\s-]?|0)(?:[\s-]?\d){9}(?![\w-])")


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
        if member.kind != MemberKind.RESIDENT.value:
            return False
        return self.anonymise or member.consent_public_name_on is None

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
        replaced by their pseudonym."""
        if not value:
            return value
        value = self._contact_details(value)
        if not any(self.hidden(mem) for mem in self.members.values()):
            return value
        # Professionals' names are shielded first, so that a resident who shares a first name
        # with a professional does not eat into the professional's name.
        shields: dict[str, str] = {}
        for member in self.members.values():
            if not self.hidden(member) and member.name and member.name in value:
                key = f"\x00{len(shields)}\x00"
                shields[key] = member.name
                value = value.replace(member.name, key)
        for pattern, member_id in self._name_patterns():
            if member_id is None:
                value = pattern.sub(_("(a resident)"), value)
            elif pattern.search(value):
                value = pattern.sub(self.pseudonym(member_id).replace("\\", "\\\\"), value)
        for key, name in shields.items():
            value = value.replace(key, name)
        return value

    def _contact_details(self, value: str) -> str:
        for member in self.members.values():
            for detail in (member.email, member.phone):
                if detail and detail in value:
                    value = value.replace(detail, _("(contact details removed)"))
        value = EMAIL.sub(_("(contact details removed)"), value)
        return PHONE.sub(_("(contact details removed)"), value)

    def _name_patterns(self) -> list[tuple[re.Pattern[str], int | None]]:
        """Full names first (any case), then surnames and first names (as written, capitalised).
        A first name or surname two members share cannot be attributed: it becomes
        "(a resident)" (member id None)."""
        if self._patterns is not None:
            return self._patterns
        hidden = [mem for mem in self.members.values() if self.hidden(mem) and mem.id is not None]
        parts: dict[str, set[int]] = {}
        for member in self.members.values():
            words = member.name.split()
            if len(words) < 2 or member.id is None:
                continue
            for part in (words[0], " ".join(words[1:])):
                if len(part) >= 3:
                    parts.setdefault(part, set()).add(member.id)
        full: list[tuple[re.Pattern[str], int | None]] = []
        partial: list[tuple[re.Pattern[str], int | None]] = []
        for member in sorted(hidden, key=lambda mem: -len(mem.name)):
            full.append((_word(member.name, ignore_case=True), member.id))
            words = member.name.split()
            if len(words) < 2:
                continue
            for part in (" ".join(words[1:]), words[0]):
                if len(part) < 3:
                    continue
                owner = member.id if parts.get(part) == {member.id} else None
                variants = {part, part[0].upper() + part[1:]}
                partial.extend((_word(v, ignore_case=False), owner) for v in sorted(variants))
        partial.sort(key=lambda item: -len(item[0].pattern))
        self._patterns = full + partial
        return self._patterns


def _word(text: str, *, ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", flags)
