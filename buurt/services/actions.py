"""Actions (who does what by when) and their follow-ups (terugkoppeling)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field
from sqlmodel import Session, col, func, select

from buurt.db.database import Database
from buurt.db.enums import ActionKind, ActionStatus
from buurt.db.models import (
    Action,
    ActionUpdate,
    Meeting,
    Member,
    Organisation,
    Period,
    Priority,
    Problem,
)
from buurt.db.types import utcnow
from buurt.errors import ChangedElsewhere, InputError
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.base import (
    InputModel,
    ReadModel,
    assign,
    get,
    merged_input,
    parse,
    prefetch,
    require,
    require_refs,
)
from buurt.services.minutes_approval import ensure_minutes_open

OPEN_ACTION = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value, ActionStatus.BLOCKED.value)


class ActionInput(InputModel):
    title: str = Field(min_length=1, max_length=1000, title=N_("What"))
    priority_id: int | None = Field(default=None, title=N_("Priority"))
    problem_id: int | None = Field(default=None, title=N_("Problem"))
    owner_member_id: int | None = Field(default=None, title=N_("Owner"))
    owner_organisation_id: int | None = Field(default=None, title=N_("Organisation"))
    kind: ActionKind = Field(
        default=ActionKind.PROFESSIONAL, title=N_("Resident, professional or joint")
    )
    due_on: date | None = Field(default=None, title=N_("Due"))
    hours: int | None = Field(default=None, ge=0, le=100000, title=N_("Hours"))
    created_in_id: int | None = Field(default=None, title=N_("Meeting"))


class ActionRead(ReadModel):
    id: int
    title: str
    priority_id: int | None
    priority_rank: int | None = None
    problem_id: int | None
    problem: str = ""
    owner_member_id: int | None
    owner_member: str = ""
    owner_organisation_id: int | None
    owner_organisation: str = ""
    kind: str
    due_on: date | None
    hours: int | None
    status: str
    created_in_id: int | None
    created_at: datetime
    updated_at: datetime
    last_note: str = ""
    version: int = 1

    @property
    def owner(self) -> str:
        """Who owns it, as people say it: "Sandra (Politie)", "Woonstad", "Kees"."""
        if self.owner_member and self.owner_organisation:
            return f"{self.owner_member} ({self.owner_organisation})"
        return self.owner_member or self.owner_organisation

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today

    def days_overdue(self, today: date) -> int:
        return (today - self.due_on).days if self.is_overdue(today) and self.due_on else 0


class UpdateRead(ReadModel):
    id: int
    action_id: int
    meeting_id: int | None
    status: str
    note: str
    reported_by_id: int | None
    reported_by: str = ""
    created_at: datetime


class OrganisationDebt(ReadModel):
    """What one organisation (or member without one) owes: open actions, overdue since when."""

    owner: str
    open: int
    overdue: int
    oldest_overdue: date | None
    hours: int


def _names(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    members = {m.id: m.name for m in session.exec(select(Member)) if m.id is not None}
    organisations = {o.id: o.name for o in session.exec(select(Organisation)) if o.id is not None}
    return members, organisations


def _problem_id(session: Session, row: Action) -> int | None:
    """The problem an action works on: its own, else its priority's."""
    if row.problem_id or row.priority_id is None:
        return row.problem_id
    priority = session.get(Priority, row.priority_id)
    return priority.problem_id if priority else None


def _read(
    session: Session,
    row: Action,
    names: tuple[dict[int, str], dict[int, str]] | None = None,
    notes: dict[int, str] | None = None,
) -> ActionRead:
    members, organisations = names or _names(session)
    data = row.model_dump()
    data["owner_member"] = members.get(row.owner_member_id or -1, "")
    data["owner_organisation"] = organisations.get(row.owner_organisation_id or -1, "")
    if row.priority_id is not None:
        priority = session.get(Priority, row.priority_id)
        data["priority_rank"] = priority.rank if priority else None
    problem_id = _problem_id(session, row)
    if problem_id is not None:
        problem = session.get(Problem, problem_id)
        data["problem"] = problem.title if problem else ""
    if notes is not None:
        data["last_note"] = notes.get(row.id or -1, "")
    return ActionRead.model_validate(data)


def _validate(session: Session, values: ActionInput) -> None:
    require(
        values.owner_member_id is not None or values.owner_organisation_id is not None,
        _("An action needs an owner: a member, an organisation, or both."),
        field="owner_member_id",
    )
    require_refs(
        session,
        values,
        {
            "owner_member_id": (Member, _("That member does not exist.")),
            "owner_organisation_id": (Organisation, _("That organisation does not exist.")),
            "priority_id": (Priority, _("That priority does not exist.")),
            "problem_id": (Problem, _("That problem does not exist.")),
        },
    )
    if values.created_in_id is not None:
        meeting = session.get(Meeting, values.created_in_id)
        require(meeting is not None, _("That meeting does not exist."), field="created_in_id")
        if meeting is not None and values.due_on is not None:
            meeting_day = meeting.starts_at.astimezone().date()
            require(
                values.due_on >= meeting_day,
                _("The due date {due} is before the meeting of {day}.").format(
                    due=f"{values.due_on:%d-%m-%Y}", day=f"{meeting_day:%d-%m-%Y}"
                ),
                field="due_on",
            )


class ActionWarning(ReadModel):
    """Something the chair should look at before saving an action; saving is still allowed."""

    field: str
    message: str


def action_warnings(
    db: Database, data: ActionInput | dict[str, object], *, action_id: int | None = None
) -> list[ActionWarning]:
    """What does not fit the period of the action's priority (hours over the budget, a due date
    after the period's end) or the kind of action (a resident's action with an organisation or
    professional hours). `action_id` is the action being edited (its old hours are not counted
    twice). Warnings only: the committee may decide otherwise."""
    values = parse(ActionInput, data)
    found: list[ActionWarning] = []
    if values.kind == ActionKind.RESIDENT and values.owner_organisation_id is not None:
        found.append(
            ActionWarning(
                field="owner_organisation_id",
                message=_(
                    "A resident's action has no organisation: make it a joint action, or "
                    "leave the organisation out."
                ),
            )
        )
    if values.kind == ActionKind.RESIDENT and values.hours:
        found.append(
            ActionWarning(
                field="hours",
                message=_(
                    "Professional hours go to professional or joint actions, not to a "
                    "resident's action."
                ),
            )
        )
    if values.priority_id is None:
        return found
    with db.reading() as session:
        priority = session.get(Priority, values.priority_id)
        period = session.get(Period, priority.period_id) if priority else None
        if period is None:
            return found
        if values.due_on is not None and values.due_on > period.end_on:
            found.append(
                ActionWarning(
                    field="due_on",
                    message=_("Due after the period ends ({end}).").format(
                        end=f"{period.end_on:%d-%m-%Y}"
                    ),
                )
            )
        if values.hours:
            in_period = select(Priority.id).where(Priority.period_id == period.id)
            others = session.exec(
                select(func.coalesce(func.sum(Action.hours), 0))
                .where(col(Action.priority_id).in_(in_period))
                .where(Action.status != ActionStatus.DROPPED.value)
                .where(Action.id != (action_id if action_id is not None else -1))
            ).one()
            total = int(others or 0) + values.hours
            if total > period.hours_available:
                found.append(
                    ActionWarning(
                        field="hours",
                        message=_(
                            "With these hours {total} of the period's {available} hours are "
                            "committed: {over} over."
                        ).format(
                            total=total,
                            available=period.hours_available,
                            over=total - period.hours_available,
                        ),
                    )
                )
    return found


def add_action(db: Database, data: ActionInput | dict[str, object]) -> ActionRead:
    """Agree an action: what, by whom, by when, and how many professional hours."""
    values = parse(ActionInput, data)
    with db.transaction() as session:
        _validate(session, values)
        row = Action(**values.model_dump(mode="json"))
        if values.due_on is not None:
            row.due_on = values.due_on
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="action",
            entity_id=row.id,
            after=audit.snapshot(row),
            summary=row.title,
        )
        return _read(session, row)


def update_action(
    db: Database, action_id: int, changes: dict[str, object], *, version: int | None = None
) -> ActionRead:
    """Change what an action says, its owner, due date or hours (status: `report`).
    `version`: the version the form showed; a change made elsewhere since is never
    overwritten (`ChangedElsewhere`)."""
    with db.transaction() as session:
        row = get(session, Action, action_id, _("action"))
        if version is not None and row.version != version:
            raise ChangedElsewhere(
                _("This action was changed elsewhere; reload to see the change.")
            )
        before = audit.snapshot(row)
        values = merged_input(ActionInput, row, changes)
        _validate(session, values)
        assign(row, values)
        row.updated_at = utcnow()
        audit.record_update(
            session, actor=db.actor, row=row, before=before, entity="action", summary=row.title
        )
        return _read(session, row)


def report(
    db: Database,
    action_id: int,
    status: ActionStatus | str,
    note: str = "",
    *,
    meeting_id: int | None = None,
    reported_by_id: int | None = None,
) -> UpdateRead:
    """Record a follow-up: the owner's report and the action's new status."""
    try:
        value = ActionStatus(status)
    except ValueError:
        raise InputError(
            _("Unknown action status: {status}.").format(status=status), field="status"
        ) from None
    note = note.strip()
    require(
        value not in (ActionStatus.BLOCKED, ActionStatus.DROPPED) or note,
        _("Say why the action is blocked or dropped."),
        field="note",
    )
    with db.transaction() as session:
        row = get(session, Action, action_id, _("action"))
        if meeting_id is not None:
            get(session, Meeting, meeting_id, _("meeting"))
            ensure_minutes_open(session, meeting_id)
        if reported_by_id is not None:
            get(session, Member, reported_by_id, _("member"))
        before = row.status
        row.status = value.value
        row.updated_at = utcnow()
        session.add(row)
        update = ActionUpdate(
            action_id=action_id,
            meeting_id=meeting_id,
            status=value.value,
            note=note,
            reported_by_id=reported_by_id,
        )
        session.add(update)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="follow_up",
            entity="action",
            entity_id=row.id,
            before={"status": before},
            after={"status": value.value, "note": note},
            summary=row.title,
        )
        members, _organisations = _names(session)
        data = update.model_dump()
        data["reported_by"] = members.get(reported_by_id or -1, "")
        return UpdateRead.model_validate(data)


def updates(
    db: Database, *, action_id: int | None = None, meeting_id: int | None = None
) -> list[UpdateRead]:
    """Follow-ups, oldest first."""
    with db.reading() as session:
        members, _organisations = _names(session)
        query = select(ActionUpdate)
        if action_id is not None:
            query = query.where(ActionUpdate.action_id == action_id)
        if meeting_id is not None:
            query = query.where(ActionUpdate.meeting_id == meeting_id)
        rows = session.exec(query.order_by(col(ActionUpdate.created_at), col(ActionUpdate.id)))
        result = []
        for row in rows:
            data = row.model_dump()
            data["reported_by"] = members.get(row.reported_by_id or -1, "")
            result.append(UpdateRead.model_validate(data))
        return result


def list_actions(
    db: Database,
    *,
    priority_id: int | None = None,
    owner_member_id: int | None = None,
    owner_organisation_id: int | None = None,
    statuses: list[str] | None = None,
    overdue_on: date | None = None,
    created_in_id: int | None = None,
    open_only: bool = False,
    priority_ids: list[int] | None = None,
    limit: int | None = None,
) -> list[ActionRead]:
    """Actions with the filters the overview offers; by due date (none last)."""
    with db.reading() as session:
        query = select(Action)
        if priority_id is not None:
            query = query.where(Action.priority_id == priority_id)
        if priority_ids is not None:
            query = query.where(col(Action.priority_id).in_(priority_ids))
        if owner_member_id is not None:
            query = query.where(Action.owner_member_id == owner_member_id)
        if owner_organisation_id is not None:
            query = query.where(Action.owner_organisation_id == owner_organisation_id)
        if statuses:
            query = query.where(col(Action.status).in_(statuses))
        if open_only or overdue_on is not None:
            query = query.where(col(Action.status).in_(OPEN_ACTION))
        if overdue_on is not None:
            query = query.where(col(Action.due_on) < overdue_on)
        if created_in_id is not None:
            query = query.where(Action.created_in_id == created_in_id)
        query = query.order_by(col(Action.due_on).is_(None), col(Action.due_on), col(Action.id))
        if limit is not None:
            query = query.limit(limit)
        names = _names(session)
        rows = session.exec(query).all()
        notes = _last_notes(session, [row.id for row in rows if row.id is not None])
        priorities = prefetch(session, Priority, (row.priority_id for row in rows))
        problems = prefetch(session, Problem, (_problem_id(session, row) for row in rows))
        read = [_read(session, row, names, notes) for row in rows]
        del priorities, problems  # held until here: `_read` finds them in the session
        return read


def _last_notes(session: Session, action_ids: list[int]) -> dict[int, str]:
    """The latest non-empty follow-up note of each action."""
    notes: dict[int, str] = {}
    for start in range(0, len(action_ids), 500):
        chunk = action_ids[start : start + 500]
        for update in session.exec(
            select(ActionUpdate)
            .where(col(ActionUpdate.action_id).in_(chunk))
            .where(ActionUpdate.note != "")
            .order_by(col(ActionUpdate.created_at), col(ActionUpdate.id))
        ):
            notes[update.action_id] = update.note
    return notes


def count_open_actions(db: Database, *, overdue_on: date | None = None) -> int:
    """How many actions are still open (open, in progress or blocked); with `overdue_on`, how
    many of those were due before that day."""
    with db.reading() as session:
        query = select(func.count()).select_from(Action).where(col(Action.status).in_(OPEN_ACTION))
        if overdue_on is not None:
            query = query.where(col(Action.due_on) < overdue_on)
        return int(session.exec(query).one())


def by_organisation(db: Database, *, today: date | None = None) -> list[OrganisationDebt]:
    """Per organisation (or member, for actions without one): open actions, how many are
    overdue and since when, and the hours committed."""
    day = today or date.today()
    grouped: dict[str, list[ActionRead]] = {}
    for action in list_actions(db, open_only=True):
        grouped.setdefault(action.owner_organisation or action.owner_member, []).append(action)
    debts = []
    for owner, actions in grouped.items():
        overdue = [a.due_on for a in actions if a.is_overdue(day) and a.due_on is not None]
        debts.append(
            OrganisationDebt(
                owner=owner,
                open=len(actions),
                overdue=len(overdue),
                oldest_overdue=min(overdue) if overdue else None,
                hours=sum(a.hours or 0 for a in actions),
            )
        )
    debts.sort(key=lambda d: (-d.overdue, d.oldest_overdue or date.max, d.owner.lower()))
    return debts
