"""The member and organisation forms (dialogs of the members screen)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

from buurt.errors import BuurtError, ChangedElsewhere
from buurt.i18n import N_, _
from buurt.services.labels import MemberKind, MemberRole, OrganisationKind, choices
from buurt.services.members import (
    MemberRead,
    OrganisationRead,
    add_member,
    add_organisation,
    get_organisation,
    list_organisations,
    update_member,
    update_organisation,
)
from buurt.text import visible
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal, chosen, date_input, read_date


class MemberForm(FormModal[MemberRead]):
    """Add a member, or edit one (`member`). Dismisses with the saved member."""

    TITLE_TEXT = N_("New member")

    def __init__(self, member: MemberRead | None = None) -> None:
        super().__init__()
        self.member = member

    def heading(self) -> str:
        if self.member is None:
            return _(self.TITLE_TEXT)
        return _("Edit member: {name}").format(name=self.member.name)

    def fields(self) -> ComposeResult:
        m = self.member
        with Horizontal(classes="pair"):
            yield FormRow(_("Name"), Input(m.name if m else "", id="name"), name="name")
            yield FormRow(
                _("Resident or professional"),
                Select(
                    choices(MemberKind),
                    value=m.kind if m else Select.NULL,
                    prompt=_("Choose"),
                    id="kind",
                ),
                name="kind",
            )
        with Horizontal(classes="pair"):
            yield FormRow(
                _("Role"),
                Select(
                    choices(MemberRole),
                    value=m.role if m else MemberRole.MEMBER.value,
                    allow_blank=False,
                    id="role",
                ),
                name="role",
            )
            yield FormRow(
                _("Organisation"),
                Select[int]([], prompt=_("None"), id="organisation"),
                name="organisation_id",
            )
        with Horizontal(classes="pair"):
            yield FormRow(
                _("Function"), Input(m.function if m else "", id="function"), name="function"
            )
            yield FormRow(
                _("Member since"),
                date_input(m.joined_on if m else None, id="joined"),
                name="joined_on",
            )
        with Horizontal(classes="pair"):
            yield FormRow(_("E-mail"), Input(m.email if m else "", id="email"), name="email")
            yield FormRow(_("Phone"), Input(m.phone if m else "", id="phone"), name="phone")
        with Horizontal(classes="pair"):
            yield FormRow(
                _("On the contact list since (consent)"),
                date_input(m.consent_contact_on if m else None, id="consent-contact"),
                name="consent_contact_on",
            )
            yield FormRow(
                _("Named in public minutes since (consent)"),
                date_input(m.consent_public_name_on if m else None, id="consent-public"),
                name="consent_public_name_on",
            )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.ask(list_organisations, then=self._organisations)

    def _organisations(self, organisations: list[OrganisationRead]) -> None:
        select: Select[int] = self.query_one("#organisation", Select)
        select.set_options((Text(visible(o.name)), o.id) for o in organisations if o.active)
        if self.member is not None and self.member.organisation_id is not None:
            select.value = self.member.organisation_id

    def save(self) -> None:
        data: dict[str, Any] = {
            "name": self.query_one("#name", Input).value,
            "kind": chosen(self.query_one("#kind", Select)),
            "role": chosen(self.query_one("#role", Select)),
            "organisation_id": chosen(self.query_one("#organisation", Select)),
            "function": self.query_one("#function", Input).value,
            "email": self.query_one("#email", Input).value,
            "phone": self.query_one("#phone", Input).value,
            "joined_on": read_date(self.query_one("#joined", Input).value, "joined_on"),
            "consent_contact_on": read_date(
                self.query_one("#consent-contact", Input).value, "consent_contact_on"
            ),
            "consent_public_name_on": read_date(
                self.query_one("#consent-public", Input).value, "consent_public_name_on"
            ),
        }
        if data["kind"] is None:
            data.pop("kind")
        if self.member is None:
            self.submit(add_member, data)
        else:
            # The version the form showed: a change made elsewhere since is never overwritten.
            self.submit(update_member, self.member.id, data, version=self.member.version)


class OrganisationForm(FormModal[OrganisationRead]):
    """Add an organisation (police, municipality, housing corporation, ...), or change one
    (`organisation`). Dismisses with the saved organisation."""

    TITLE_TEXT = N_("New organisation")

    def __init__(self, organisation: OrganisationRead | None = None) -> None:
        super().__init__()
        self.organisation = organisation

    def heading(self) -> str:
        if self.organisation is None:
            return _(self.TITLE_TEXT)
        return _("Edit organisation: {name}").format(name=self.organisation.name)

    def fields(self) -> ComposeResult:
        o = self.organisation
        yield FormRow(_("Name"), Input(o.name if o else "", id="name"), name="name")
        yield FormRow(
            _("Kind"),
            Select(
                choices(OrganisationKind),
                value=o.kind if o else OrganisationKind.OTHER.value,
                allow_blank=False,
                id="kind",
            ),
            name="kind",
        )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def save(self) -> None:
        data = {
            "name": self.query_one("#name", Input).value,
            "kind": chosen(self.query_one("#kind", Select)),
        }
        if self.organisation is None:
            self.submit(add_organisation, data)
        else:
            # The version the form showed: a change made elsewhere since is never overwritten.
            self.submit(
                update_organisation, self.organisation.id, data, version=self.organisation.version
            )

    def fail(self, error: BuurtError) -> None:
        super().fail(error)
        if isinstance(error, ChangedElsewhere) and self.organisation is not None:
            # The message stays; the fields show the organisation as it is now.
            self.ask(get_organisation, self.organisation.id, then=self._reloaded)

    def _reloaded(self, organisation: OrganisationRead) -> None:
        self.organisation = organisation
        self.query_one("#name", Input).value = organisation.name
        self.query_one("#kind", Select).value = organisation.kind
        self.mark_clean()
