"""Reading actions: the read models, the filtered list, counts, the follow-ups of a meeting and
what each organisation owes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, func, select

from buurt.db.database import Database
from buurt.db.enums import ActionStatus
from buurt.db.models import Action, ActionUpdate, Member, Organisation, Priority, Problem
from buurt.services.base import ReadModel, prefetch

OPEN_ACTION = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value, ActionStatus.BLOCKED.value)


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
