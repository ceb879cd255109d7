"""The top 3, the follow-up of actions per priority, and the problems added, referred,
parked and closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from buurt.db.enums import (
    ActionKind,
    ActionStatus,
    PriorityDecisionKind,
    PriorityStatus,
    ProblemStatus,
)
from buurt.db.models import (
    Action,
    ActionUpdate,
    Category,
    Priority,
    PriorityDecision,
    Problem,
    ProblemStatusChange,
    Vote,
)
from buurt.i18n import _
from buurt.minutes import model as m
from buurt.services.labels import label_of
from buurt.services.minutes.record import OPEN_ACTION, Record
from buurt.services.minutes.sections import _previous_meeting


def _updates(record: Record) -> list[ActionUpdate]:
    """Follow-ups known when the meeting ended, oldest first."""
    rows = record.session.exec(
        select(ActionUpdate).order_by(col(ActionUpdate.created_at), col(ActionUpdate.id))
    ).all()
    return [
        row
        for row in rows
        if row.meeting_id == record.meeting_id
        or (row.meeting_id is None and row.created_at <= record.end)
        or record.before_this(row.meeting_id)
    ]


def _actions(record: Record) -> list[Action]:
    """Actions agreed before this meeting ended."""
    rows = record.session.exec(select(Action).order_by(col(Action.id))).all()
    return [
        row
        for row in rows
        if row.created_in_id == record.meeting_id
        or record.before_this(row.created_in_id)
        or (row.created_in_id is None and row.created_at <= record.end)
    ]


def _status_then(action: Action, updates: list[ActionUpdate]) -> str:
    mine = [u for u in updates if u.action_id == action.id]
    return mine[-1].status if mine else ActionStatus.OPEN.value


def _priority_exists(record: Record, priority: Priority, votes: dict[int, Vote]) -> bool:
    """Was this priority chosen by the end of this meeting?"""
    vote = votes.get(priority.vote_id or -1)
    if vote is not None and vote.meeting_id is not None:
        start = record.started(vote.meeting_id)
        return start is not None and start <= record.meeting.starts_at
    return priority.created_at <= record.end


def _priority_state(
    record: Record, priority: Priority, decisions: list[PriorityDecision]
) -> str | None:
    """The priority's status as this meeting left it; None when it was closed earlier."""
    if priority.closed_in_id is not None and record.before_this(priority.closed_in_id):
        return None
    mine = [
        d
        for d in decisions
        if d.priority_id == priority.id
        and (d.meeting_id == record.meeting_id or record.before_this(d.meeting_id))
    ]
    if not mine:
        return PriorityStatus.ACTIVE.value
    last = mine[-1].decision
    if last == PriorityDecisionKind.ACHIEVED.value:
        return PriorityStatus.ACHIEVED.value
    if last == PriorityDecisionKind.DROP.value:
        return PriorityStatus.DROPPED.value
    if last == PriorityDecisionKind.REPLACED.value:
        # Closed to make room for a new vote's winner: said as such, not as "dropped".
        return PriorityDecisionKind.REPLACED.value
    return PriorityStatus.CONTINUED.value


@dataclass
class _Priorities:
    rows: list[Priority]
    problems: dict[int, Problem]
    decisions: list[PriorityDecision]
    votes: dict[int, Vote]


def _load_priorities(record: Record) -> _Priorities:
    session = record.session
    return _Priorities(
        rows=list(session.exec(select(Priority).order_by(col(Priority.rank), col(Priority.id)))),
        problems={p.id: p for p in session.exec(select(Problem)) if p.id is not None},
        decisions=list(
            session.exec(
                select(PriorityDecision).order_by(
                    col(PriorityDecision.decided_at), col(PriorityDecision.id)
                )
            )
        ),
        votes={v.id: v for v in session.exec(select(Vote)) if v.id is not None},
    )


def _top3(record: Record, data: _Priorities) -> list[m.TopItem]:
    """The priorities in force when the meeting ended (and those it closed), by rank."""
    items = []
    for priority in data.rows:
        if not _priority_exists(record, priority, data.votes):
            continue
        state = _priority_state(record, priority, data.decisions)
        if state is None:
            continue
        problem = data.problems.get(priority.problem_id)
        items.append(
            m.TopItem(
                rank=priority.rank,
                title=record.people.text(problem.title if problem else ""),
                street=problem.street if problem else "",
                criterion=record.people.text(priority.success_criterion),
                status=state,
                status_label=(
                    label_of(PriorityDecisionKind, state)
                    if state == PriorityDecisionKind.REPLACED.value
                    else label_of(PriorityStatus, state)
                ),
            )
        )
    return items


def _follow_up(
    record: Record, data: _Priorities, actions: list[Action], updates: list[ActionUpdate]
) -> tuple[list[m.PriorityFollowUp], list[m.FollowUp]]:
    """Per priority in force when the meeting began: its actions (open then, or reported on
    now) with this meeting's reports, and the committee's decision."""
    people = record.people
    here = [u for u in updates if u.meeting_id == record.meeting_id]
    before = [u for u in updates if u.meeting_id != record.meeting_id]
    reported: dict[int, ActionUpdate] = {u.action_id: u for u in here}

    def line(action: Action) -> m.FollowUp:
        report = reported.get(action.id or -1)
        status = _status_then(action, updates)
        return m.FollowUp(
            action=people.text(action.title),
            owner=people.owner(action.owner_member_id, action.owner_organisation_id),
            status=status,
            status_label=label_of(ActionStatus, status),
            note=people.text(report.note) if report else "",
            reported_by=people.name(report.reported_by_id) if report else "",
        )

    def followed(action: Action) -> bool:
        if action.created_in_id == record.meeting_id:
            return False
        return action.id in reported or _status_then(action, before) in OPEN_ACTION

    result = []
    seen: set[int] = set()
    for priority in data.rows:
        if priority.vote_id is not None and (
            data.votes.get(priority.vote_id) is not None
            and data.votes[priority.vote_id].meeting_id == record.meeting_id
        ):
            continue
        if not _priority_exists(record, priority, data.votes):
            continue
        if priority.closed_in_id is not None and record.before_this(priority.closed_in_id):
            continue
        decision = next(
            (
                d
                for d in reversed(data.decisions)
                if d.priority_id == priority.id and d.meeting_id == record.meeting_id
            ),
            None,
        )
        mine = [a for a in actions if a.priority_id == priority.id and followed(a)]
        seen.update(a.id for a in mine if a.id is not None)
        if not mine and decision is None:
            continue
        problem = data.problems.get(priority.problem_id)
        result.append(
            m.PriorityFollowUp(
                rank=priority.rank,
                title=people.text(problem.title if problem else ""),
                street=problem.street if problem else "",
                criterion=people.text(priority.success_criterion),
                follow_ups=[line(a) for a in mine],
                decision=decision.decision if decision else "",
                decision_label=(
                    label_of(PriorityDecisionKind, decision.decision) if decision else ""
                ),
                decision_note=people.text(decision.note) if decision else "",
            )
        )
    others = [line(a) for a in actions if a.id not in seen and a.id in reported]
    return result, others


def _problems(record: Record) -> dict[str, list[m.ProblemLine]]:
    session = record.session
    people = record.people
    categories = {c.id: _(c.name) for c in session.exec(select(Category)) if c.id is not None}
    changes = session.exec(
        select(ProblemStatusChange).order_by(
            col(ProblemStatusChange.changed_at), col(ProblemStatusChange.id)
        )
    ).all()
    here: dict[int, ProblemStatusChange] = {}
    earlier: set[int] = set()
    for change in changes:
        if change.meeting_id == record.meeting_id:
            here[change.problem_id] = change
        elif record.before_this(change.meeting_id):
            earlier.add(change.problem_id)
    previous = _previous_meeting(record)
    since = (previous.closed_at or previous.starts_at) if previous is not None else None
    problems = session.exec(select(Problem).order_by(col(Problem.logged_at), col(Problem.id))).all()

    def line(problem: Problem, change: ProblemStatusChange | None) -> m.ProblemLine:
        status = change.to_status if change else ProblemStatus.NEW.value
        note = change.reason if change else ""
        if status == ProblemStatus.REFERRED.value and problem.referred_to:
            note = problem.referred_to
        return m.ProblemLine(
            title=people.text(problem.title),
            street=problem.street,
            category=categories.get(problem.category_id or -1, ""),
            raised_by=people.name(problem.raised_by_id, with_organisation=True),
            status=status,
            status_label=label_of(ProblemStatus, status),
            note=people.text(note),
        )

    added = []
    for problem in problems:
        logged_here = problem.logged_in_id == record.meeting_id
        logged_between = (
            problem.logged_in_id is None
            and problem.id not in earlier
            and problem.logged_at <= record.end
            and (since is None or problem.logged_at > since)
        )
        if logged_here or logged_between:
            added.append(line(problem, here.get(problem.id or -1)))
    by_status: dict[str, list[m.ProblemLine]] = {}
    for problem in problems:
        found = here.get(problem.id or -1)
        if found is not None:
            by_status.setdefault(found.to_status, []).append(line(problem, found))
    closed = by_status.get(ProblemStatus.SOLVED.value, []) + by_status.get(
        ProblemStatus.DROPPED.value, []
    )
    return {
        "added": added,
        "referred": by_status.get(ProblemStatus.REFERRED.value, []),
        "parked": by_status.get(ProblemStatus.PARKED.value, []),
        "closed": closed,
    }


def _action_line(
    record: Record,
    action: Action,
    status: str,
    priorities: dict[int, Priority],
    problems: dict[int, Problem],
    *,
    today: date | None = None,
    note: str = "",
) -> m.ActionLine:
    priority = priorities.get(action.priority_id or -1)
    problem = problems.get(priority.problem_id if priority else action.problem_id or -1)
    return m.ActionLine(
        title=record.people.text(action.title),
        owner=record.people.owner(action.owner_member_id, action.owner_organisation_id),
        kind_label=label_of(ActionKind, action.kind),
        due_on=action.due_on,
        hours=action.hours,
        status=status,
        status_label=label_of(ActionStatus, status),
        priority_rank=priority.rank if priority else None,
        priority_closed=priority is not None
        and priority.status not in (PriorityStatus.ACTIVE.value, PriorityStatus.CONTINUED.value),
        priority=record.people.text(problem.title) if problem else "",
        overdue=bool(
            today is not None
            and status in OPEN_ACTION
            and action.due_on is not None
            and action.due_on < today
        ),
        last_note=record.people.text(note),
    )
