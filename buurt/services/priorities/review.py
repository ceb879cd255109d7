"""The committee's decisions at follow-up (continue, adjust, achieved, drop), and the
follow-up and action plan a meeting works through.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import PriorityDecisionKind, PriorityStatus, ProblemStatus
from buurt.db.models import Meeting, Priority, PriorityDecision, Problem, Vote
from buurt.errors import InputError
from buurt.i18n import _
from buurt.services import audit
from buurt.services.actions import ActionRead, UpdateRead, list_actions, updates
from buurt.services.base import ReadModel, get, require
from buurt.services.minutes_approval import ensure_minutes_open
from buurt.services.priorities.top import PriorityRead, _reads, current_priorities
from buurt.services.problems import change_status


class DecisionRead(ReadModel):
    id: int
    priority_id: int
    meeting_id: int
    decision: str
    note: str
    decided_at: datetime


@retry_on_conflict
def decide(
    db: Database,
    priority_id: int,
    meeting_id: int,
    decision: PriorityDecisionKind | str,
    *,
    note: str = "",
    new_criterion: str = "",
) -> DecisionRead:
    """Record the committee's decision on a priority at a follow-up.

    continue: it stays; adjust: it stays with a changed success criterion (required);
    achieved: closed, its problem solved; drop: closed, its problem dropped (a reason is required).
    """
    try:
        kind = PriorityDecisionKind(decision)
    except ValueError:
        raise InputError(
            _("Unknown decision: {decision}.").format(decision=decision), field="decision"
        ) from None
    require(
        kind != PriorityDecisionKind.REPLACED,
        _("A priority is replaced by confirming a new vote, not at follow-up."),
        field="decision",
    )
    note = note.strip()
    require(
        kind != PriorityDecisionKind.ADJUST or new_criterion.strip(),
        _("An adjusted priority needs its new success criterion."),
        field="criterion",
    )
    require(
        kind != PriorityDecisionKind.DROP or note,
        _("Say why the priority is dropped."),
        field="note",
    )
    with db.transaction() as session:
        row = get(session, Priority, priority_id, _("priority"))
        get(session, Meeting, meeting_id, _("meeting"))
        ensure_minutes_open(session, meeting_id)
        require(
            row.status in (PriorityStatus.ACTIVE.value, PriorityStatus.CONTINUED.value),
            _("This priority is already closed."),
        )
        before = audit.snapshot(row)
        problem = session.get(Problem, row.problem_id)
        if kind == PriorityDecisionKind.CONTINUE:
            row.status = PriorityStatus.CONTINUED.value
        elif kind == PriorityDecisionKind.ADJUST:
            row.status = PriorityStatus.CONTINUED.value
            row.success_criterion = new_criterion.strip()
        else:
            achieved = kind == PriorityDecisionKind.ACHIEVED
            row.status = (PriorityStatus.ACHIEVED if achieved else PriorityStatus.DROPPED).value
            row.closed_in_id = meeting_id
            row.closed_reason = note
            if problem is not None:
                change_status(
                    session,
                    db.actor,
                    problem,
                    ProblemStatus.SOLVED if achieved else ProblemStatus.DROPPED,
                    reason=note or _("Priority achieved."),
                    meeting_id=meeting_id,
                )
        session.add(row)
        decision_row = PriorityDecision(
            priority_id=priority_id, meeting_id=meeting_id, decision=kind.value, note=note
        )
        session.add(decision_row)
        session.flush()
        old, new = audit.changes(before, audit.snapshot(row))
        audit.record(
            session,
            actor=db.actor,
            action="decide",
            entity="priority",
            entity_id=row.id,
            before=old,
            after={**new, "decision": kind.value, "note": note},
        )
        return DecisionRead.model_validate(decision_row)


def decisions(
    db: Database, *, meeting_id: int | None = None, priority_id: int | None = None
) -> list[DecisionRead]:
    with db.reading() as session:
        query = select(PriorityDecision)
        if meeting_id is not None:
            query = query.where(PriorityDecision.meeting_id == meeting_id)
        if priority_id is not None:
            query = query.where(PriorityDecision.priority_id == priority_id)
        rows = session.exec(query.order_by(col(PriorityDecision.decided_at)))
        return [DecisionRead.model_validate(r) for r in rows]


class FollowUpAction(ReadModel):
    """An action at a follow-up, with what was reported on it at this meeting (if anything)."""

    action: ActionRead
    reported: UpdateRead | None = None


class FollowUpItem(ReadModel):
    """A priority at a follow-up: its actions and the decision taken at this meeting."""

    priority: PriorityRead
    actions: list[FollowUpAction]
    decision: DecisionRead | None = None


def follow_up(db: Database, meeting_id: int) -> list[FollowUpItem]:
    """What the follow-up section of a meeting goes through: the priorities that are running
    (and those decided on at this meeting), not the ones chosen at this meeting itself."""
    with db.reading() as session:
        get(session, Meeting, meeting_id, _("meeting"))
        chosen_here = {
            v.id for v in session.exec(select(Vote).where(Vote.meeting_id == meeting_id))
        }
        decided = {
            d.priority_id: d
            for d in session.exec(
                select(PriorityDecision)
                .where(PriorityDecision.meeting_id == meeting_id)
                .order_by(col(PriorityDecision.decided_at), col(PriorityDecision.id))
            )
        }
        rows = session.exec(
            select(Priority).order_by(col(Priority.period_id).desc(), col(Priority.rank))
        ).all()
        running = [
            r
            for r in rows
            if (
                r.status in (PriorityStatus.ACTIVE.value, PriorityStatus.CONTINUED.value)
                or r.id in decided
            )
            and r.vote_id not in chosen_here
        ]
        reads = _reads(session, running)
    reported = {u.action_id: u for u in updates(db, meeting_id=meeting_id)}
    items = []
    for priority in reads:
        decision = decided.get(priority.id)
        items.append(
            FollowUpItem(
                priority=priority,
                actions=[
                    FollowUpAction(action=a, reported=reported.get(a.id))
                    for a in list_actions(db, priority_id=priority.id)
                ],
                decision=None if decision is None else DecisionRead.model_validate(decision),
            )
        )
    return items


class PlanItem(ReadModel):
    """A priority in the actions section: its actions, and whether this meeting chose it."""

    priority: PriorityRead
    actions: list[ActionRead]
    chosen_here: bool


def action_plan(db: Database, meeting_id: int) -> list[PlanItem]:
    """The running priorities with their actions for the actions section of a meeting: the ones
    chosen at this meeting first (by rank), then the others."""
    with db.reading() as session:
        get(session, Meeting, meeting_id, _("meeting"))
        chosen_here = {
            v.id for v in session.exec(select(Vote).where(Vote.meeting_id == meeting_id))
        }
    items = [
        PlanItem(
            priority=p,
            actions=list_actions(db, priority_id=p.id),
            chosen_here=p.vote_id is not None and p.vote_id in chosen_here,
        )
        for p in current_priorities(db)
    ]
    items.sort(key=lambda item: (not item.chosen_here, item.priority.rank))
    return items
