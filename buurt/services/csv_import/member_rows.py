"""Members from a CSV file: names, kinds, roles, organisations and dated consents."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

from buurt.db.enums import MemberKind, MemberRole
from buurt.db.models import Member, Organisation
from buurt.i18n import N_, _
from buurt.services import members
from buurt.services.csv_import.report import ImportRow, _attempt, _each_row, _Run
from buurt.services.csv_import.table import (
    RowRefused,
    _cells,
    _columns,
    _consent,
    _date,
    _require_column,
)

# Header names (reduced by `_key`) for each field, Dutch and English.
MEMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("naam", "name", "volledigenaam", "fullname", "lid", "member"),
    "kind": ("soort", "kind", "type", "bewonerofprofessional", "residentorprofessional"),
    "role": ("rol", "role", "functieincommissie"),
    "organisation": ("organisatie", "organisation", "organization", "org", "instantie"),
    "function": ("functie", "function", "job", "jobtitle"),
    "email": ("email", "emailadres", "emailaddress", "mail", "mailadres"),
    "phone": ("telefoon", "phone", "tel", "telefoonnummer", "phonenumber", "mobiel", "mobile"),
    "joined_on": ("lidsinds", "joined", "joinedon", "membersince", "sinds"),
    "consent_contact_on": (
        "toestemmingcontact",
        "toestemmingcontactlijst",
        "consentcontact",
        "consentcontactlist",
    ),
    "consent_public_name_on": (
        "toestemmingpubliek",
        "toestemmingnaam",
        "toestemmingnaaminverslag",
        "consentpublic",
        "consentpublicname",
        "consentname",
    ),
}
MEMBER_LABELS = {
    "name": N_("name"),
    "kind": N_("kind"),
    "role": N_("role"),
    "organisation": N_("organisation"),
    "function": N_("function"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "joined_on": N_("member since"),
    "consent_contact_on": N_("consent contact list"),
    "consent_public_name_on": N_("consent public name"),
}
KIND_VALUES = {
    "bewoner": MemberKind.RESIDENT,
    "resident": MemberKind.RESIDENT,
    "b": MemberKind.RESIDENT,
    "r": MemberKind.RESIDENT,
    "professional": MemberKind.PROFESSIONAL,
    "prof": MemberKind.PROFESSIONAL,
    "p": MemberKind.PROFESSIONAL,
}
ROLE_VALUES = {
    "voorzitter": MemberRole.CHAIR,
    "chair": MemberRole.CHAIR,
    "secretaris": MemberRole.SECRETARY,
    "secretary": MemberRole.SECRETARY,
    "lid": MemberRole.MEMBER,
    "member": MemberRole.MEMBER,
    "": MemberRole.MEMBER,
}


# -- members ------------------------------------------------------------------------------------


def _import_members(run: _Run, today: date) -> list[str]:
    found, ignored = _columns(run.table, MEMBER_COLUMNS)
    _require_column(run.table, found, "name", "naam/name")
    session = run.session
    taken = {n.lower() for n in session.exec(select(Member.name))}
    organisations = {
        o.name.lower(): o.id for o in session.exec(select(Organisation)) if o.id is not None
    }
    for line, cells in _each_row(run):
        label = ""
        try:
            values, headers = _cells(run.table, cells, found, line)
            label = values.get("name", "")
            if not label:
                raise RowRefused(_("the name is empty."), headers.get("name", ""))
            if label.lower() in taken:
                run.rows.append(
                    ImportRow(
                        line=line,
                        outcome="skip",
                        label=label,
                        reason=_("there is already a member called {name}.").format(name=label),
                    )
                )
                continue
            record = _member_record(values, headers, today)
        except RowRefused as refused:
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="refuse",
                    label=label,
                    column=refused.column,
                    reason=refused.reason,
                )
            )
            continue
        organisation = values.get("organisation", "")
        warnings = run.scan(values.get("function", ""))

        def write(record: dict[str, Any] = record, organisation: str = organisation) -> None:
            if organisation:
                if organisation.lower() not in organisations:
                    made = members.add_organisation(run.db, {"name": organisation})
                    organisations[organisation.lower()] = made.id
                record["organisation_id"] = organisations[organisation.lower()]
            members.add_member(run.db, record)

        if _attempt(run, line, label, write):
            taken.add(label.lower())
            run.rows.append(ImportRow(line=line, outcome="add", label=label, warnings=warnings))
        elif run.rows[-1].column:
            field_name = run.rows[-1].column
            column = headers.get(field_name, _(MEMBER_LABELS.get(field_name, field_name)))
            run.rows[-1] = run.rows[-1].model_copy(update={"column": column})
    return ignored


def _member_record(values: dict[str, str], headers: dict[str, str], today: date) -> dict[str, Any]:
    kind_text = values.get("kind", "").lower()
    if kind_text and kind_text not in KIND_VALUES:
        raise RowRefused(
            _("unknown kind '{value}'; use bewoner (resident) or professional.").format(
                value=values["kind"]
            ),
            headers["kind"],
        )
    kind = KIND_VALUES.get(kind_text, MemberKind.RESIDENT)
    role_text = values.get("role", "").lower()
    if role_text not in ROLE_VALUES:
        raise RowRefused(
            _("unknown role '{value}'; use voorzitter, secretaris or lid.").format(
                value=values["role"]
            ),
            headers["role"],
        )
    record: dict[str, Any] = {
        "name": values["name"],
        "kind": kind.value,
        "role": ROLE_VALUES[role_text].value,
        "function": values.get("function", ""),
        "email": values.get("email", ""),
        "phone": values.get("phone", ""),
        "joined_on": _date(values.get("joined_on", ""), headers.get("joined_on", "")),
        "consent_contact_on": _consent(
            values.get("consent_contact_on", ""), headers.get("consent_contact_on", ""), today
        ),
        "consent_public_name_on": _consent(
            values.get("consent_public_name_on", ""),
            headers.get("consent_public_name_on", ""),
            today,
        ),
    }
    return record
