"""The top 3: the priorities of a period, made from a counted vote's winners."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlmodel import Session, col, select

from buurt.db.database import Database
from buurt.db.enums import PriorityStatus, ProblemStatus, VoteStatus
from buurt.db.models import Period, Priority, Problem, Vote, VoteCandidate
from buurt.i18n import _
from buurt.services import audit
from buurt.services.base import ReadModel, get, require
from buurt.services.problems import change_status


class PriorityRead(ReadModel):
    id: int
    period_id: int
    problem_id: int
    title: str
    street: str
    vote_id: int | None
    rank: int
    success_criterion: str
    status: str
    closed_in_id: int | None
    closed_reason: str
    created_at: datetime


def _read(session: Session, row: Priority) -> PriorityRead:
    problem = session.get(Problem, row.problem_id)
    data = row.model_dump()
    data["title"] = problem.title if problem else ""
    data["street"] = problem.street if problem else ""
    return PriorityRead.model_validate(data)


def list_priorities(
    db: Database, *, period_id: int | None = None, active_only: bool = False
) -> list[PriorityRead]:
    """Priorities by period (newest first) and rank."""
    with db.reading() as session:
        query = select(Priority)
        if period_id is not None:
            query = query.where(Priority.period_id == period_id)
        if active_only:
            query = query.where(
                col(Priority.status).in_(
                    [PriorityStatus.ACTIVE.value, PriorityStatus.CONTINUED.value]
                )
            )
        query = query.order_by(col(Priority.period_id).desc(), col(Priority.rank))
        return [_read(session, r) for r in session.exec(query)]


def current_priorities(db: Database, *, today: date | None = None) -> list[PriorityRead]:
    """The top 3 the committee works on now: the active priorities, best rank first."""
    with db.reading() as session:
        rows = session.exec(
            select(Priority)
            .where(
                col(Priority.status).in_(
                    [PriorityStatus.ACTIVE.value, PriorityStatus.CONTINUED.value]
                )
            )
            .order_by(col(Priority.period_id).desc(), col(Priority.rank))
        ).all()
        return [_read(session, r) for r in rows]


def get_priority(db: Database, priority_id: int) -> PriorityRead:
    with db.reading() as session:
        return _read(session, get(session, Priority, priority_id, _("priority")))


def set_success_criterion(db: Database, priority_id: int, criterion: str) -> PriorityRead:
    """Say when a priority is done ("done when ...")."""
    criterion = criterion.strip()
    require(criterion, _("Write down when this priority counts as done."), field="criterion")
    with db.transaction() as session:
        row = get(session, Priority, priority_id, _("priority"))
        before = row.success_criterion
        row.success_criterion = criterion
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="update",
            entity="priority",
            entity_id=row.id,
            before={"success_criterion": before},
            after={"success_criterion": criterion},
        )
        return _read(session, row)


def confirm_top(
    db: Database,
    vote_id: int,
    *,
    period_id: int,
    criteria: dict[str, str] | None = None,
) -> list[int]:
    """Make the vote's winners the priorities of `period_id`, in their order, each with its
    success criterion (by candidate label). Their problems get the status `priority`.
    Returns the new priorities' ids."""
    criteria = criteria or {}
    with db.transaction() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(
            vote.status == VoteStatus.CLOSED.value,
            _("Only a counted vote can be confirmed."),
        )
        get(session, Period, period_id, _("period"))
        result = json.loads(vote.result_json)
        winners: list[str] = result.get("winners", [])
        require(
            len(winners) == vote.seats,
            _("A tie is still open: decide it (casting vote or lot) before confirming."),
        )
        by_label = {
            c.label: c
            for c in session.exec(select(VoteCandidate).where(VoteCandidate.vote_id == vote_id))
        }
        taken = {
            p.rank
            for p in session.exec(select(Priority).where(Priority.period_id == period_id))
            if p.status in ("active", "continued")
        }
        ids = []
        rank = 1
        for label in winners:
            while rank in taken:
                rank += 1
            candidate = by_label[label]
            problem = get(session, Problem, candidate.problem_id, _("problem"))
            priority = Priority(
                period_id=period_id,
                problem_id=candidate.problem_id,
                vote_id=vote_id,
                rank=rank,
                success_criterion=criteria.get(label, "").strip(),
            )
            session.add(priority)
            change_status(
                session,
                db.actor,
                problem,
                ProblemStatus.PRIORITY,
                reason=_("Chosen in the vote '{title}'.").format(title=vote.title),
                meeting_id=vote.meeting_id,
            )
            session.flush()
            assert priority.id is not None
            ids.append(priority.id)
            audit.record(
                session,
                actor=db.actor,
                action="create",
                entity="priority",
                entity_id=priority.id,
                after=audit.snapshot(priority),
                summary=label,
            )
            rank += 1
        vote.status = VoteStatus.CONFIRMED.value
        session.add(vote)
        audit.record(
            session,
            actor=db.actor,
            action="confirm",
            entity="vote",
            entity_id=vote_id,
            after={"status": vote.status, "priorities": winners},
        )
        return ids
