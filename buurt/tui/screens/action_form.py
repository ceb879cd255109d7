"""The action form (what, for which priority, by whom, by when, how many hours) and the
follow-up form (the owner's report: a status and a note). Meeting mode reuses both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from buurt.errors import InputError
from buurt.i18n import N_, _
from buurt.services import Database
from buurt.services.actions import (
    ActionRead,
    ActionWarning,
    UpdateRead,
    action_warnings,
    add_action,
    report,
    update_action,
    updates,
)
from buurt.services.labels import ActionKind, ActionStatus, MemberKind, choices, label_of
from buurt.services.members import (
    MemberRead,
    OrganisationRead,
    list_members,
    list_organisations,
)
from buurt.services.priorities import PriorityRead, list_priorities
from buurt.text import visible
from buurt.tui.format import day
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal, chosen, date_input, date_text, read_date


@dataclass(frozen=True)
class ActionChoices:
    members: list[MemberRead]
    organisations: list[OrganisationRead]
    priorities: list[PriorityRead]


def action_choices(db: Database) -> ActionChoices:
    """Who may own an action and which priorities it may serve (runs in a worker)."""
    return ActionChoices(
        members=list_members(db),
        organisations=[o for o in list_organisations(db) if o.active],
        priorities=list_priorities(db, active_only=True),
    )


class ActionForm(FormModal[ActionRead]):
    """Agree a new action, or edit `action`. Dismisses with the saved `ActionRead`.

    `priority_id`, `problem_id` and `meeting_id` preset what a new action is for and where it
    was agreed (meeting mode passes them)."""

    TITLE_TEXT = N_("New action")

    def __init__(
        self,
        action: ActionRead | None = None,
        *,
        priority_id: int | None = None,
        problem_id: int | None = None,
        meeting_id: int | None = None,
    ) -> None:
        super().__init__()
        self.action = action
        self.priority_id = action.priority_id if action else priority_id
        self.problem_id = action.problem_id if action else problem_id
        self.meeting_id = meeting_id
        self.members: dict[int, MemberRead] = {}
        self._loaded = False

    def heading(self) -> str:
        if self.action is None:
            return _(self.TITLE_TEXT)
        return _("Edit action #{id}").format(id=self.action.id)

    def fields(self) -> ComposeResult:
        a = self.action
        yield FormRow(_("What will be done"), Input(a.title if a else "", id="what"), name="title")
        with Horizontal(classes="pair"):
            yield FormRow(
                _("For priority"),
                Select[int]([], prompt=_("No priority"), id="priority"),
                name="priority_id",
            )
            yield FormRow(
                _("Resident, professional or joint"),
                Select(
                    choices(ActionKind),
                    value=a.kind if a else ActionKind.PROFESSIONAL.value,
                    allow_blank=False,
                    id="kind",
                ),
                name="kind",
            )
        with Horizontal(classes="pair"):
            yield FormRow(
                _("Owner (member)"),
                Select[int]([], prompt=_("Nobody named"), id="owner-member"),
                name="owner_member_id",
            )
            yield FormRow(
                _("Organisation"),
                Select[int]([], prompt=_("No organisation"), id="owner-organisation"),
                name="owner_organisation_id",
            )
        with Horizontal(classes="pair"):
            yield FormRow(
                _("Due (dd-mm-yyyy)"), date_input(a.due_on if a else None, id="due"), name="due_on"
            )
            yield FormRow(
                _("Professional hours"),
                Input("" if a is None or a.hours is None else str(a.hours), id="hours"),
                name="hours",
            )

    def on_mount(self) -> None:
        self.query_one("#what", Input).focus()
        self.ask(action_choices, then=self._choices)

    def _choices(self, loaded: ActionChoices) -> None:
        self.members = {m.id: m for m in loaded.members}
        priority: Select[int] = self.query_one("#priority", Select)
        priority.set_options(
            (Text(visible(f"{p.rank}. {p.title}")), p.id) for p in loaded.priorities
        )
        member: Select[int] = self.query_one("#owner-member", Select)
        member.set_options((Text(visible(m.name)), m.id) for m in loaded.members)
        organisation: Select[int] = self.query_one("#owner-organisation", Select)
        organisation.set_options((Text(visible(o.name)), o.id) for o in loaded.organisations)
        if self.priority_id is not None and any(
            p.id == self.priority_id for p in loaded.priorities
        ):
            priority.value = self.priority_id
        a = self.action
        if a is not None:
            if a.owner_member_id in self.members:
                member.value = a.owner_member_id
            if any(o.id == a.owner_organisation_id for o in loaded.organisations):
                organisation.value = a.owner_organisation_id  # type: ignore[assignment]
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        self._loaded = True

    @on(Select.Changed, "#owner-member")
    def _owner_chosen(self, event: Select.Changed) -> None:
        """Choosing a member fills in their organisation and whether they are a resident."""
        if not self._loaded or event.value is Select.NULL:
            return
        member = self.members.get(event.value)  # type: ignore[call-overload]
        if member is None:
            return
        organisation = self.query_one("#owner-organisation", Select)
        if member.organisation_id is not None and organisation.value is Select.NULL:
            organisation.value = member.organisation_id
        kind = (
            ActionKind.RESIDENT if member.kind == MemberKind.RESIDENT else ActionKind.PROFESSIONAL
        )
        self.query_one("#kind", Select).value = kind.value

    @on(Input.Changed, "#hours, #due")
    @on(Select.Changed, "#priority, #kind, #owner-organisation, #owner-member")
    def _check(self) -> None:
        """Warn beside the fields when the action does not fit its period or its kind (hours
        over the budget, due after the period, a resident's action with an organisation or
        hours); the chair may save anyway."""
        if not self._loaded:
            return
        hours = self.query_one("#hours", Input).value.strip()
        try:
            due = read_date(self.query_one("#due", Input).value, "due_on")
        except InputError:
            due = None
        data: dict[str, Any] = {
            "title": self.query_one("#what", Input).value or "-",
            "priority_id": chosen(self.query_one("#priority", Select)),
            "kind": chosen(self.query_one("#kind", Select)),
            "owner_member_id": chosen(self.query_one("#owner-member", Select)),
            "owner_organisation_id": chosen(self.query_one("#owner-organisation", Select)),
            "due_on": due,
            "hours": int(hours) if hours.isdigit() else None,
        }
        self.ask(
            action_warnings,
            data,
            action_id=self.action.id if self.action else None,
            then=self._warnings,
            failed=lambda _error: None,
            group="action-warnings",
        )

    def _warnings(self, found: list[ActionWarning]) -> None:
        by_field = {w.field: w.message for w in found}
        new = []
        for row in self.query(FormRow):
            message = by_field.get(row.name or "")
            if message and not row.has_class("-warned"):
                new.append(row)
            row.set_warning(message)
        if new:
            # On a small screen a warning can appear below the fold: bring the first new one
            # into sight (the keyboard stays where it is), so nobody saves without seeing it.
            new[0].query_one(".field-warning").scroll_visible(animate=False)

    def save(self) -> None:
        hours = self.query_one("#hours", Input).value.strip()
        data: dict[str, Any] = {
            "title": self.query_one("#what", Input).value,
            "priority_id": chosen(self.query_one("#priority", Select)),
            "kind": chosen(self.query_one("#kind", Select)),
            "owner_member_id": chosen(self.query_one("#owner-member", Select)),
            "owner_organisation_id": chosen(self.query_one("#owner-organisation", Select)),
            "due_on": read_date(self.query_one("#due", Input).value, "due_on"),
            "hours": hours or None,
        }
        if self.action is None:
            data["problem_id"] = self.problem_id
            data["created_in_id"] = self.meeting_id
            self.submit(add_action, data)
        else:
            self.submit(update_action, self.action.id, data, version=self.action.version)


class FollowUpForm(FormModal[UpdateRead]):
    """Record a follow-up on `action`: its new status and what the owner reported."""

    TITLE_TEXT = N_("Follow-up")
    DEFAULT_CSS = """
    FollowUpForm > #dialog { width: 76; }
    FollowUpForm #earlier { color: $text-muted; height: auto; margin-bottom: 1; }
    """

    def __init__(
        self,
        action: ActionRead,
        *,
        meeting_id: int | None = None,
        reported_by_id: int | None = None,
    ) -> None:
        super().__init__()
        self.action = action
        self.meeting_id = meeting_id
        self.reported_by_id = reported_by_id

    def heading(self) -> str:
        owner = f" — {self.action.owner}" if self.action.owner else ""
        return _("Follow-up: {title}{owner}").format(title=self.action.title, owner=owner)

    def fields(self) -> ComposeResult:
        due = (
            _("due {day}").format(day=date_text(self.action.due_on))
            if self.action.due_on
            else _("no due date")
        )
        yield Static(
            _("Now: {status}, {due}").format(
                status=label_of(ActionStatus, self.action.status), due=due
            ),
            id="now",
        )
        yield Static("", id="earlier")
        yield FormRow(
            _("Status"),
            Select(choices(ActionStatus), value=self.action.status, allow_blank=False, id="status"),
            name="status",
        )
        yield FormRow(_("What the owner reported"), Input(id="note"), name="note")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()
        self.ask(updates, action_id=self.action.id, then=self._earlier)

    def _earlier(self, earlier: list[UpdateRead]) -> None:
        if not self.is_attached:
            return
        lines = [
            f"{day(u.created_at.astimezone().date())} {label_of(ActionStatus, u.status)}"
            + (f": {u.note}" if u.note else "")
            for u in earlier[-5:]
        ]
        box = self.query_one("#earlier", Static)
        box.update("\n".join([_("Earlier follow-ups:"), *lines]) if lines else "")
        box.display = bool(lines)

    def save(self) -> None:
        self.submit(
            report,
            self.action.id,
            chosen(self.query_one("#status", Select)),
            self.query_one("#note", Input).value,
            meeting_id=self.meeting_id,
            reported_by_id=self.reported_by_id,
        )
