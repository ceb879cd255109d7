"""The actions: who does what by when, across all priorities, and what each organisation owes.

Overdue actions are shown in the theme's warning colour. The per-organisation view answers the
question the chair asks the professionals at every follow-up: what is still open with you, and
since when is it overdue?
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Checkbox, ContentSwitcher, DataTable, Header, Select, Static

from buurt.i18n import N_, _, ngettext
from buurt.services import Database
from buurt.services.actions import (
    ActionRead,
    OrganisationDebt,
    UpdateRead,
    by_organisation,
    list_actions,
)
from buurt.services.labels import ActionKind, ActionStatus, label, label_of
from buurt.services.members import MemberRead, OrganisationRead, list_members, list_organisations
from buurt.text import visible
from buurt.tui.base import BuurtScreen
from buurt.tui.format import day
from buurt.tui.screens.action_form import ActionForm, FollowUpForm
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.form_modal import chosen
from buurt.tui.widgets.plain import Plain
from buurt.tui.widgets.table import Column, RecordTable

ACTION_COLUMNS = [
    Column("title", N_("What"), 31, flex=True),
    Column("for", N_("For"), 16, flex=True),
    Column("owner", N_("Owner"), 20, flex=True),
    Column("due", N_("Due"), 10, keep=True),
    Column("status", N_("Status"), 11),
]
DEBT_COLUMNS = [
    Column("owner", N_("Organisation or owner"), 30, flex=True),
    Column("open", N_("Open"), 6),
    Column("overdue", N_("Overdue"), 8),
    Column("since", N_("Overdue since"), 14, keep=True),
    Column("days", N_("Days"), 6),
    Column("hours", N_("Hours"), 6),
]

OPEN = "open"
ALL = "all"
LIST = "action-list"  # the worker group of both views of the list


def owner_choices(db: Database) -> tuple[list[MemberRead], list[OrganisationRead]]:
    return list_members(db, include_inactive=True), list_organisations(db)


def for_text(action: ActionRead) -> str:
    if action.priority_rank is not None:
        return f"{action.priority_rank}. {action.problem}"
    return action.problem or "-"


class ActionsScreen(BuurtScreen):
    TITLE_TEXT = N_("Actions")
    CSS_PATH = "actions.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New"), tooltip=N_("Agree a new action"), id="actions.new"),
        Binding("e", "edit", N_("Edit"), tooltip=N_("Edit the action"), id="actions.edit"),
        Binding(
            "f",
            "follow_up",
            N_("Follow-up"),
            tooltip=N_("Record the owner's report: status and note"),
            id="actions.follow_up",
        ),
        Binding(
            "o",
            "toggle_view",
            N_("Per organisation"),
            tooltip=N_("What each organisation owes, and since when it is overdue"),
            id="actions.by_organisation",
        ),
        Binding(
            "l",
            "late",
            N_("Overdue only"),
            tooltip=N_("Show only overdue actions, or all again"),
            id="actions.overdue",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.actions: dict[int, ActionRead] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="action-filters"):
            yield Select[int]([], prompt=_("Any member"), id="owner-filter")
            yield Select[int]([], prompt=_("Any organisation"), id="organisation-filter")
            options = [(_("Open actions"), OPEN), (_("All actions"), ALL)]
            options += [(label(s), s.value) for s in ActionStatus]
            yield Select(options, value=OPEN, allow_blank=False, id="status-filter")
            yield Checkbox(_("Overdue"), id="overdue-filter")
        yield Static("", id="actions-summary")
        with ContentSwitcher(initial="actions", id="views"):
            yield RecordTable(ACTION_COLUMNS, id="actions")
            yield RecordTable(DEBT_COLUMNS, id="by-organisation")
        yield Plain("", id="action-details")
        yield BuurtFooter()

    def on_mount(self) -> None:
        self.query_one("#actions", RecordTable).focus()
        self.ask(owner_choices, then=self._owners)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.load())
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def _owners(self, loaded: tuple[list[MemberRead], list[OrganisationRead]]) -> None:
        members, organisations = loaded
        self.query_one("#owner-filter", Select).set_options(
            (Text(visible(m.name)), m.id) for m in members
        )
        self.query_one("#organisation-filter", Select).set_options(
            (Text(visible(o.name)), o.id) for o in organisations
        )

    @property
    def today(self) -> date:
        return self.buurt.today()

    @property
    def by_organisation_shown(self) -> bool:
        return self.query_one("#views", ContentSwitcher).current == "by-organisation"

    # Loading -------------------------------------------------------------------------------

    def load(self) -> None:
        # Both views ask in one group: the newer question cancels the older one, so a stale
        # answer (of the other view, or of an earlier filter) is never shown.
        if self.by_organisation_shown:
            self.ask(by_organisation, today=self.today, then=self.show_debts, group=LIST)
            return
        status = chosen(self.query_one("#status-filter", Select)) or OPEN
        overdue = self.query_one("#overdue-filter", Checkbox).value
        self.ask(
            list_actions,
            owner_member_id=chosen(self.query_one("#owner-filter", Select)),
            owner_organisation_id=chosen(self.query_one("#organisation-filter", Select)),
            statuses=None if status in (OPEN, ALL) else [status],
            open_only=status == OPEN,
            overdue_on=self.today if overdue else None,
            then=self.show_actions,
            group=LIST,
        )

    @on(Select.Changed, "#action-filters Select")
    @on(Checkbox.Changed, "#overdue-filter")
    def _filter_changed(self) -> None:
        self.load()

    def _warning(self) -> str:
        return self.app.theme_variables.get("text-warning") or self.app.theme_variables.get(
            "warning", "yellow"
        )

    def show_actions(self, actions: list[ActionRead]) -> None:
        self.actions = {a.id: a for a in actions}
        warning = self._warning()
        rows = []
        for a in actions:
            style = f"bold {warning}" if a.is_overdue(self.today) else ""
            status = label_of(ActionStatus, a.status)
            rows.append(
                (
                    a.id,
                    [
                        Text(a.title, style=style),
                        Text(for_text(a), style=style),
                        Text(a.owner, style=style),
                        Text(day(a.due_on) if a.due_on else "-", style=style),
                        Text(status, style=style),
                    ],
                )
            )
        self.query_one("#actions", RecordTable).fill(rows)
        overdue = sum(1 for a in actions if a.is_overdue(self.today))
        summary = ngettext("{n} action", "{n} actions", len(actions)).format(n=len(actions))
        if overdue:
            summary += " · " + ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
        self.query_one("#actions-summary", Static).update(summary)
        self._show_details()

    def show_debts(self, debts: list[OrganisationDebt]) -> None:
        warning = self._warning()
        rows = []
        for index, d in enumerate(debts):
            style = f"bold {warning}" if d.overdue else ""
            late = (self.today - d.oldest_overdue).days if d.oldest_overdue else 0
            rows.append(
                (
                    index,
                    [
                        Text(d.owner, style=style),
                        Text(str(d.open), justify="right"),
                        Text(str(d.overdue), style=style, justify="right"),
                        Text(day(d.oldest_overdue) if d.oldest_overdue else "-", style=style),
                        Text(str(late) if late else "-", style=style, justify="right"),
                        Text(str(d.hours), justify="right"),
                    ],
                )
            )
        self.query_one("#by-organisation", RecordTable).fill(rows)
        self.query_one("#actions-summary", Static).update(
            _("Open actions per organisation (or owner, for actions without one)")
        )
        self.query_one("#action-details", Static).update("")

    @on(DataTable.RowHighlighted, "#actions")
    def _show_details(self) -> None:
        action = self.current
        text = ""
        if action is not None:
            parts = [label_of(ActionKind, action.kind)]
            if action.hours is not None:
                parts.append(ngettext("{n} hour", "{n} hours", action.hours).format(n=action.hours))
            late = action.days_overdue(self.today)
            if late:
                parts.append(ngettext("{n} day overdue", "{n} days overdue", late).format(n=late))
            if action.last_note:
                parts.append(_("last follow-up: {note}").format(note=action.last_note))
            text = f"#{action.id} " + " · ".join(parts)
        self.query_one("#action-details", Static).update(text)

    # Acting --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The per-organisation view lists owners, not actions: hide what acts on one."""
        if action in ("edit", "follow_up", "late") and self.is_mounted:
            return not self.by_organisation_shown
        return True

    @property
    def current(self) -> ActionRead | None:
        if self.by_organisation_shown:
            return None
        key = self.query_one("#actions", RecordTable).current_id
        return self.actions.get(key) if key is not None else None

    def action_toggle_view(self) -> None:
        switcher = self.query_one("#views", ContentSwitcher)
        switcher.current = "actions" if self.by_organisation_shown else "by-organisation"
        self.query_one("#action-filters").display = not self.by_organisation_shown
        self.query_one(f"#{switcher.current}", RecordTable).focus()
        self.refresh_bindings()
        self.load()

    def action_late(self) -> None:
        box = self.query_one("#overdue-filter", Checkbox)
        box.value = not box.value

    def action_new(self) -> None:
        self.app.push_screen(ActionForm(), self._saved)

    @on(DataTable.RowSelected, "#actions")
    def action_edit(self) -> None:
        action = self.current
        if action is not None:
            self.app.push_screen(ActionForm(action), self._saved)

    def action_follow_up(self) -> None:
        action = self.current
        if action is not None:
            self.app.push_screen(FollowUpForm(action), self._reported)

    def _saved(self, action: ActionRead | None) -> None:
        if action is not None:
            self.notify(_("Action #{id} saved.").format(id=action.id))
            self.load()

    def _reported(self, update: UpdateRead | None) -> None:
        if update is not None:
            self.notify(
                _("Follow-up recorded: {status}.").format(
                    status=label_of(ActionStatus, update.status)
                )
            )
            self.load()
