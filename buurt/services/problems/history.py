"""A problem's whole dossier: its history, votes, priorities and actions."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlmodel import col, select

from buurt.db.database import Database
from buurt.db.enums import ProblemStatus
from buurt.db.models import (
    Action,
    ActionUpdate,
    Meeting,
    Period,
    Priority,
    Problem,
    ProblemStatusChange,
    Vote,
    VoteCandidate,
)
from buurt.i18n import _
from buurt.services.base import ReadModel, get
from buurt.services.problems.register import ProblemRead, _read


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
    from buurt import voting  # the engine only for a dossier with a vote (kept off startup)

    try:
        result = voting.Result.from_dict(json.loads(vote.result_json))
    except (ValueError, TypeError, KeyError):
        return None
    place = 1
    for tier in result.ranking:
        if label in tier:
            return place
        place += len(tier)
    return None
