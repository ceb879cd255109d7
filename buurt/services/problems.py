"""Problems: logging, editing, triage and status changes with their history, searching, the
likely-duplicate hint, and a problem's whole dossier."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from pydantic import Field
from sqlalchemy import asc, desc
from sqlmodel import Session, col, func, or_, select

from buurt.db.database import Database
from buurt.db.enums import ProblemSource, ProblemStatus
from buurt.db.models import (
    Action,
    ActionUpdate,
    Category,
    Meeting,
    Member,
    Period,
    Priority,
    Problem,
    ProblemStatusChange,
    Vote,
    VoteCandidate,
)
from buurt.db.types import utcnow
from buurt.errors import InputError
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.base import InputModel, ReadModel, get, parse, require, require_refs
from buurt.services.labels import label

OPEN_STATUSES = (
    ProblemStatus.NEW,
    ProblemStatus.CANDIDATE,
    ProblemStatus.PRIORITY,
    ProblemStatus.PARKED,
)
# Statuses a problem may leave only with a reason (the minutes say why).
NEEDS_REASON = (
    ProblemStatus.PARKED,
    ProblemStatus.REFERRED,
    ProblemStatus.SOLVED,
    ProblemStatus.DROPPED,
)


class ProblemInput(InputModel):
    title: str = Field(min_length=1, max_length=200, title=N_("Title"))
    description: str = Field(default="", max_length=5000, title=N_("Description"))
    category_id: int | None = Field(default=None, title=N_("Category"))
    street: str = Field(default="", max_length=120, title=N_("Street"))
    location_detail: str = Field(default="", max_length=200, title=N_("Location"))
    source: ProblemSource = Field(default=ProblemSource.MEETING, title=N_("Source"))
    raised_by_id: int | None = Field(default=None, title=N_("Raised by"))
    logged_in_id: int | None = Field(default=None, title=N_("Meeting"))
    logged_at: datetime | None = Field(default=None, title=N_("Logged on"))


class ProblemRead(ReadModel):
    id: int
    title: str
    description: str
    category_id: int | None
    category: str = ""
    street: str
    location_detail: str
    source: str
    raised_by_id: int | None
    raised_by: str = ""
    status: str
    referred_to: str
    logged_in_id: int | None
    logged_at: datetime
    updated_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status in {s.value for s in OPEN_STATUSES}


class StatusChangeRead(ReadModel):
    from_status: str | None
    to_status: str
    reason: str
    meeting_id: int | None
    changed_at: datetime


class DossierAction(ReadModel):
    id: int
    title: str
    status: str
    due_on: date | None
    updates: list[tuple[datetime, str, str]]


class Dossier(ReadModel):
    """Everything known about one problem, for its dossier screen and the minutes."""

    problem: ProblemRead
    days_open: int
    history: list[StatusChangeRead]
    meetings: list[tuple[int, datetime, str]]
    votes: list[tuple[int, str, int | None]]
    periods: list[tuple[date, date, int, str]]
    actions: list[DossierAction]


def _category_names(session: Session) -> dict[int, str]:
    return {c.id: _(c.name) for c in session.exec(select(Category)) if c.id is not None}


def _read(session: Session, row: Problem, categories: dict[int, str] | None = None) -> ProblemRead:
    names = categories if categories is not None else _category_names(session)
    data = row.model_dump()
    data["category"] = names.get(row.category_id or -1, "")
    if row.raised_by_id is not None:
        member = session.get(Member, row.raised_by_id)
        data["raised_by"] = member.name if member else ""
    return ProblemRead.model_validate(data)


def _check_refs(session: Session, values: ProblemInput) -> None:
    require_refs(
        session,
        values,
        {
            "category_id": (Category, _("That category does not exist.")),
            "raised_by_id": (Member, _("That member does not exist.")),
            "logged_in_id": (Meeting, _("That meeting does not exist.")),
        },
    )


def add_problem(db: Database, data: ProblemInput | dict[str, object]) -> ProblemRead:
    """Log a new problem (status `new`)."""
    values = parse(ProblemInput, data)
    with db.transaction() as session:
        _check_refs(session, values)
        row = Problem(**values.model_dump(mode="json", exclude={"logged_at"}))
        if values.logged_at is not None:
            row.logged_at = values.logged_at
        session.add(row)
        session.flush()
        assert row.id is not None
        session.add(
            ProblemStatusChange(
                problem_id=row.id,
                from_status=None,
                to_status=row.status,
                meeting_id=values.logged_in_id,
            )
        )
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="problem",
            entity_id=row.id,
            after=audit.snapshot(row),
            summary=row.title,
        )
        return _read(session, row)


def update_problem(db: Database, problem_id: int, changes: dict[str, object]) -> ProblemRead:
    """Edit a problem's text, category or location (its status changes go through
    `set_problem_status`)."""
    with db.transaction() as session:
        row = get(session, Problem, problem_id, _("problem"))
        before = audit.snapshot(row)
        current = {k: v for k, v in row.model_dump().items() if k in ProblemInput.model_fields}
        values = parse(ProblemInput, {**current, **changes})
        _check_refs(session, values)
        for key, value in values.model_dump(mode="json", exclude={"logged_at"}).items():
            setattr(row, key, value)
        if values.logged_at is not None:
            row.logged_at = values.logged_at
        row.updated_at = utcnow()
        session.add(row)
        session.flush()
        old, new = audit.changes(before, audit.snapshot(row))
        audit.record(
            session,
            actor=db.actor,
            action="update",
            entity="problem",
            entity_id=row.id,
            before=old,
            after=new,
            summary=row.title,
        )
        return _read(session, row)


def change_status(
    session: Session,
    actor: str,
    row: Problem,
    status: ProblemStatus,
    *,
    reason: str = "",
    meeting_id: int | None = None,
    referred_to: str = "",
) -> None:
    """Move a problem to `status` inside the caller's transaction, with history and audit."""
    before = audit.snapshot(row)
    previous = row.status
    row.status = status.value
    if status == ProblemStatus.REFERRED:
        row.referred_to = referred_to
    row.updated_at = utcnow()
    session.add(row)
    assert row.id is not None
    session.add(
        ProblemStatusChange(
            problem_id=row.id,
            from_status=previous,
            to_status=status.value,
            reason=reason,
            meeting_id=meeting_id,
        )
    )
    old, new = audit.changes(before, audit.snapshot(row))
    audit.record(
        session,
        actor=actor,
        action="status",
        entity="problem",
        entity_id=row.id,
        before=old,
        after=new,
        summary=reason,
    )


def set_problem_status(
    db: Database,
    problem_id: int,
    status: ProblemStatus | str,
    *,
    reason: str = "",
    meeting_id: int | None = None,
    referred_to: str = "",
) -> ProblemRead:
    """Triage or close a problem. Parking, referring, solving and dropping need a reason;
    referring needs to say to whom (the report number of the melding, for instance)."""
    try:
        target = ProblemStatus(status)
    except ValueError:
        raise InputError(
            _("Unknown problem status: {status}.").format(status=status), field="status"
        ) from None
    reason = reason.strip()
    referred_to = referred_to.strip()
    require(
        target not in NEEDS_REASON or reason,
        _("Say why the problem is {status}.").format(status=label(target)),
        field="reason",
    )
    require(
        target != ProblemStatus.REFERRED or referred_to,
        _("Say to whom the problem is referred (for example: municipality, report 2024-123)."),
        field="referred_to",
    )
    require(
        target != ProblemStatus.PRIORITY,
        _("A problem becomes a priority only by confirming a vote's top 3."),
        field="status",
    )
    with db.transaction() as session:
        row = get(session, Problem, problem_id, _("problem"))
        require(
            row.status != target.value,
            _("The problem already has that status."),
            field="status",
        )
        change_status(
            session,
            db.actor,
            row,
            target,
            reason=reason,
            meeting_id=meeting_id,
            referred_to=referred_to,
        )
        session.flush()
        return _read(session, row)


def get_problem(db: Database, problem_id: int) -> ProblemRead:
    with db.reading() as session:
        return _read(session, get(session, Problem, problem_id, _("problem")))


def list_problems(
    db: Database,
    *,
    text: str = "",
    statuses: list[str] | None = None,
    category_id: int | None = None,
    order_by: str = "logged_at",
    descending: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> list[ProblemRead]:
    """Problems matching a search. `text` matches title, description, street and category name
    (every word must match somewhere); `statuses` limits the status."""
    with db.reading() as session:
        categories = _category_names(session)
        query = select(Problem)
        if statuses:
            query = query.where(col(Problem.status).in_(statuses))
        if category_id is not None:
            query = query.where(Problem.category_id == category_id)
        for word in text.split():
            pattern = f"%{word.lower()}%"
            matching_categories = [
                cid for cid, n in categories.items() if word.lower() in n.lower()
            ]
            query = query.where(
                or_(
                    func.lower(Problem.title).like(pattern),
                    func.lower(Problem.street).like(pattern),
                    func.lower(Problem.description).like(pattern),
                    col(Problem.category_id).in_(matching_categories),
                )
            )
        # Words sort without regard to case; lower() is an expression, not a column, so the
        # sort keys are built as expressions (col() refuses a function).
        columns: dict[str, Any] = {
            "id": col(Problem.id),
            "title": func.lower(col(Problem.title)),
            "street": func.lower(col(Problem.street)),
            "status": col(Problem.status),
            "category": col(Problem.category_id),
            "logged_at": col(Problem.logged_at),
        }
        column = columns.get(order_by, columns["logged_at"])
        query = query.order_by(desc(column) if descending else asc(column), col(Problem.id))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        members = {m.id: m.name for m in session.exec(select(Member))}
        result = []
        for row in session.exec(query):
            data = row.model_dump()
            data["category"] = categories.get(row.category_id or -1, "")
            data["raised_by"] = members.get(row.raised_by_id or -1, "")
            result.append(ProblemRead.model_validate(data))
        return result


def count_problems(db: Database) -> dict[str, int]:
    """How many problems have each status."""
    with db.reading() as session:
        rows = session.exec(select(Problem.status, func.count()).group_by(Problem.status))
        return {str(status): int(n) for status, n in rows.all()}


_WORD = re.compile(r"[a-zà-ÿ0-9]+")
_STOP = {
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "bij",
    "aan",
    "te",
    "voor",
    "met",
    "the",
    "a",
    "an",
    "of",
    "at",
    "on",
    "and",
    "to",
    "straat",
    "street",
    "weg",
}


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def similar_problems(
    db: Database, title: str, street: str = "", *, exclude_id: int | None = None, limit: int = 5
) -> list[ProblemRead]:
    """Open problems that look like the one being typed: shared words in the title (and the
    same street counts extra). Used to suggest likely duplicates while typing."""
    words = _words(title)
    if not words:
        return []
    with db.reading() as session:
        rows = session.exec(
            select(Problem).where(col(Problem.status).in_([s.value for s in OPEN_STATUSES]))
        ).all()
        scored = []
        for row in rows:
            if row.id == exclude_id:
                continue
            shared = words & _words(row.title)
            if not shared:
                continue
            score = len(shared) / len(words | _words(row.title))
            if street and row.street and street.strip().lower() == row.street.lower():
                score += 0.5
            if score >= 0.3:
                scored.append((score, row))
        scored.sort(key=lambda pair: (-pair[0], pair[1].id or 0))
        categories = _category_names(session)
        return [_read(session, row, categories) for _score, row in scored[:limit]]


def dossier(db: Database, problem_id: int, *, today: date | None = None) -> Dossier:
    """A problem's whole story: when logged, status history, meetings, votes and the place it
    took, periods in the top 3, actions and their follow-ups, days open."""
    with db.reading() as session:
        row = get(session, Problem, problem_id, _("problem"))
        problem = _read(session, row)
        history = [
            StatusChangeRead.model_validate(c)
            for c in session.exec(
                select(ProblemStatusChange)
                .where(ProblemStatusChange.problem_id == problem_id)
                .order_by(col(ProblemStatusChange.changed_at), col(ProblemStatusChange.id))
            )
        ]
        meeting_ids = {c.meeting_id for c in history if c.meeting_id is not None}
        if row.logged_in_id is not None:
            meeting_ids.add(row.logged_in_id)
        actions = session.exec(
            select(Action).where(Action.problem_id == problem_id).order_by(col(Action.id))
        ).all()
        priorities = session.exec(select(Priority).where(Priority.problem_id == problem_id)).all()
        priority_ids = [p.id for p in priorities]
        if priority_ids:
            actions = list(actions) + [
                a
                for a in session.exec(
                    select(Action).where(col(Action.priority_id).in_(priority_ids))
                )
                if a.problem_id != problem_id
            ]
        dossier_actions = []
        for action in actions:
            assert action.id is not None
            updates = session.exec(
                select(ActionUpdate)
                .where(ActionUpdate.action_id == action.id)
                .order_by(col(ActionUpdate.created_at))
            ).all()
            for update in updates:
                if update.meeting_id is not None:
                    meeting_ids.add(update.meeting_id)
            dossier_actions.append(
                DossierAction(
                    id=action.id,
                    title=action.title,
                    status=action.status,
                    due_on=action.due_on,
                    updates=[(u.created_at, u.status, u.note) for u in updates],
                )
            )
        votes = []
        for candidate in session.exec(
            select(VoteCandidate).where(VoteCandidate.problem_id == problem_id)
        ):
            vote = session.get(Vote, candidate.vote_id)
            if vote is None:
                continue
            if vote.meeting_id is not None:
                meeting_ids.add(vote.meeting_id)
            votes.append((vote.id or 0, vote.title, _place_in_result(vote, candidate.label)))
        periods = []
        for priority in priorities:
            period = session.get(Period, priority.period_id)
            if period is not None:
                periods.append((period.start_on, period.end_on, priority.rank, priority.status))
        meetings = []
        for meeting_id in sorted(meeting_ids):
            meeting = session.get(Meeting, meeting_id)
            if meeting is not None:
                meetings.append((meeting_id, meeting.starts_at, meeting.place))
        meetings.sort(key=lambda m: m[1])
        end = today or date.today()
        closed = next(
            (c.changed_at.date() for c in reversed(history) if c.to_status in _CLOSED), None
        )
        days_open = (
            (closed if not problem.is_open and closed else end) - row.logged_at.date()
        ).days
        return Dossier(
            problem=problem,
            days_open=max(days_open, 0),
            history=history,
            meetings=meetings,
            votes=votes,
            periods=periods,
            actions=dossier_actions,
        )


_CLOSED = {ProblemStatus.SOLVED.value, ProblemStatus.DROPPED.value, ProblemStatus.REFERRED.value}


def _place_in_result(vote: Vote, label: str) -> int | None:
    """The place (1-based) a candidate took in a counted vote, from its stored result."""
    if not vote.result_json:
        return None
    try:
        result = json.loads(vote.result_json)
    except ValueError:
        return None
    place = 1
    for tier in result.get("ranking", []):
        if label in tier:
            return place
        place += len(tier)
    return None
