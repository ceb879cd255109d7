"""The members: residents and professionals of the committee, and their organisations.

Members who left are deactivated, never deleted (minutes and votes keep their history); the
inactive ones are hidden until the chair asks to see them.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.widgets import DataTable, Header, Static

from buurt.i18n import N_, _, ngettext
from buurt.services.labels import MemberKind, MemberRole, label_of
from buurt.services.members import (
    MemberRead,
    OrganisationRead,
    list_members,
    set_member_active,
)
from buurt.tui.base import BuurtScreen
from buurt.tui.format import day
from buurt.tui.screens.member_form import MemberForm, OrganisationForm
from buurt.tui.widgets.confirm import ConfirmDialog
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.plain import Plain
from buurt.tui.widgets.table import Column, RecordTable

COLUMNS = [
    Column("name", N_("Name"), 19),
    Column("kind", N_("Kind"), 12),
    Column("organisation", N_("Organisation"), 16, flex=True),
    Column("function", N_("Function"), 13, flex=True),
    Column("role", N_("Role"), 10),
    Column("consents", N_("Consents"), 8, keep=True),
    Column("active", N_("Active"), 6, keep=True),
]


def consents(member: MemberRead) -> str:
    """Short marks for the two consents: L (contact list) and P (name in public minutes)."""
    marks = [
        _("L") if member.consent_contact_on else "-",
        _("P") if member.consent_public_name_on else "-",
    ]
    return " ".join(marks)


def details(member: MemberRead) -> str:
    """The highlighted member's details, in full, under the table."""
    parts = []
    contact = member.consent_contact_on
    public = member.consent_public_name_on
    parts.append(
        _("L: on the contact list since {day}").format(day=day(contact))
        if contact
        else _("L: not on the contact list")
    )
    parts.append(
        _("P: named in public minutes since {day}").format(day=day(public))
        if public
        else _("P: not named in public minutes")
    )
    contact_details = " · ".join(x for x in (member.email, member.phone) if x)
    if contact_details:
        parts.append(contact_details)
    if not member.active and member.left_on:
        parts.append(_("left on {day}").format(day=day(member.left_on)))
    return f"{member.name}: " + " · ".join(parts)


class MembersScreen(BuurtScreen):
    TITLE_TEXT = N_("Members")
    CSS_PATH = "members.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New"), tooltip=N_("Add a member"), id="members.new"),
        Binding("e", "edit", N_("Edit"), tooltip=N_("Edit the member"), id="members.edit"),
        Binding(
            "x",
            "toggle_active",
            N_("(De)activate"),
            tooltip=N_("Deactivate a member who left, or bring one back"),
            id="members.toggle_active",
        ),
        Binding(
            "i",
            "toggle_inactive",
            N_("Inactive"),
            tooltip=N_("Show or hide members who left"),
            id="members.show_inactive",
        ),
        Binding(
            "o",
            "new_organisation",
            N_("Organisation"),
            tooltip=N_("Add an organisation"),
            id="members.new_organisation",
        ),
    ]

    # Members who left are listed too: the list is read again when this changes.
    show_inactive: var[bool] = var(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.members: dict[int, MemberRead] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="members-summary")
        yield RecordTable(COLUMNS, id="members")
        yield Plain("", id="member-details")
        yield BuurtFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        self.ask(
            list_members, include_inactive=self.show_inactive, then=self.show, group="member-list"
        )

    def show(self, members: list[MemberRead]) -> None:
        self.members = {m.id: m for m in members}
        table = self.query_one("#members", RecordTable)
        table.fill((m.id, self._row(m)) for m in members)
        residents = sum(1 for m in members if m.is_resident and m.active)
        professionals = sum(1 for m in members if not m.is_resident and m.active)
        summary = ngettext(
            "{n} active member", "{n} active members", residents + professionals
        ).format(n=residents + professionals)
        summary += " · " + _("{residents}, {professionals}").format(
            residents=ngettext("{n} resident", "{n} residents", residents).format(n=residents),
            professionals=ngettext("{n} professional", "{n} professionals", professionals).format(
                n=professionals
            ),
        )
        if self.show_inactive:
            summary += " · " + _("inactive members shown")
        self.query_one("#members-summary", Static).update(summary)
        self._show_details()

    def _row(self, m: MemberRead) -> list[Text | str]:
        style = "" if m.active else "dim"
        return [
            Text(m.name, style=style),
            Text(label_of(MemberKind, m.kind), style=style),
            Text(m.organisation, style=style),
            Text(m.function, style=style),
            Text(label_of(MemberRole, m.role), style=style),
            Text(consents(m), style=style),
            Text(_("yes") if m.active else _("no"), style=style),
        ]

    @on(DataTable.RowHighlighted, "#members")
    def _show_details(self) -> None:
        member = self.current
        self.query_one("#member-details", Static).update(details(member) if member else "")

    @property
    def current(self) -> MemberRead | None:
        key = self.query_one("#members", RecordTable).current_id
        return self.members.get(key) if key is not None else None

    def action_new(self) -> None:
        self.app.push_screen(MemberForm(), self._saved)

    @on(DataTable.RowSelected, "#members")
    def action_edit(self) -> None:
        member = self.current
        if member is not None:
            self.app.push_screen(MemberForm(member), self._saved)

    def _saved(self, member: MemberRead | None) -> None:
        if member is not None:
            self.notify(_("{name} saved.").format(name=member.name))
            self.load()

    def action_toggle_active(self) -> None:
        member = self.current
        if member is None:
            return
        if not member.active:
            self.ask(set_member_active, member.id, True, then=self._toggled)
            return
        question = _(
            "Deactivate {name}? The minutes and votes of the past keep their name; from now on "
            "they are no longer listed as a member."
        ).format(name=member.name)

        def answered(yes: bool | None) -> None:
            if yes:
                self.ask(
                    set_member_active, member.id, False, on=self.buurt.today(), then=self._toggled
                )

        self.app.push_screen(ConfirmDialog(question, _("Deactivate")), answered)

    def _toggled(self, member: MemberRead) -> None:
        if member.active:
            self.notify(_("{name} is active again.").format(name=member.name))
        else:
            self.notify(_("{name} is deactivated.").format(name=member.name))
        self.load()

    def action_toggle_inactive(self) -> None:
        self.show_inactive = not self.show_inactive

    def watch_show_inactive(self) -> None:
        self.load()

    def action_new_organisation(self) -> None:
        def saved(organisation: OrganisationRead | None) -> None:
            if organisation is not None:
                self.notify(_("Organisation {name} added.").format(name=organisation.name))

        self.app.push_screen(OrganisationForm(), saved)
