"""The top 3: the priorities that run, the places free, and a counted vote's winners made
the priorities of a period.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import Session, col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import PriorityDecisionKind, PriorityStatus, ProblemStatus, VoteStatus
from buurt.db.models import (
    Neighbourhood,
    Period,
    Priority,
    PriorityDecision,
    Problem,
    Vote,
    VoteCandidate,
)
from buurt.i18n import _, ngettext
from buurt.services import audit
from buurt.services.base import ReadModel, get, prefetch, require
from buurt.services.minutes_approval import ensure_minutes_open
from buurt.services.problems import change_status

RUNNING = (PriorityStatus.ACTIVE.value, PriorityStatus.CONTINUED.value)


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


def _reads(session: Session, rows: Iterable[Priority]) -> list[PriorityRead]:
    """Read models of many priorities, their problems fetched in one query."""
    rows = list(rows)
    problems = prefetch(session, Problem, (row.problem_id for row in rows))
    read = [_read(session, row) for row in rows]
    del problems  # held until here: `_read` finds them in the session
    return read


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
        return _reads(session, session.exec(query))


def current_priorities(db: Database, *, today: date | None = None) -> list[PriorityRead]:
    """The top 3 the committee works on now: the running priorities (active or continued, of
    any period), by rank; the ranks of running priorities are unique (`take_places`)."""
    with db.reading() as session:
        return _reads(session, _running_rows(session))


@retry_on_conflict
def confirm_top(
    db: Database,
    vote_id: int,
    *,
    period_id: int,
    criteria: dict[str, str] | None = None,
    replaces: list[int] | None = None,
) -> list[int]:
    """Make the vote's winners the priorities of `period_id`, in their order, each with its
    success criterion (by candidate label). Their problems get the status `priority`.

    The top stays a top: the winners fill the free places, and the running priorities in
    `replaces` are closed ("replaced") to make room (`take_places`); more winners than that
    is refused. The new priorities take the free ranks, so the running ones are numbered
    1..max once. Returns the new priorities' ids."""
    criteria = criteria or {}
    with db.transaction() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(
            vote.status == VoteStatus.CLOSED.value,
            _("Only a counted vote can be confirmed."),
        )
        get(session, Period, period_id, _("period"))
        from buurt import voting  # the engine only when confirming (kept off startup)

        winners = list(voting.Result.from_dict(json.loads(vote.result_json)).winners)
        require(
            len(winners) == vote.seats,
            _("A tie is still open: decide it (casting vote or lot) before confirming."),
        )
        by_label = {
            c.label: c
            for c in session.exec(select(VoteCandidate).where(VoteCandidate.vote_id == vote_id))
        }
        ranks = take_places(
            session,
            db.actor,
            count=len(winners),
            replaces=replaces or [],
            meeting_id=vote.meeting_id,
            vote_title=vote.title,
        )
        ids = []
        for label, rank in zip(winners, ranks, strict=True):
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


class TopPlaces(ReadModel):
    """The places of the top: how many there are, which priorities run, how many are free."""

    maximum: int
    running: list[PriorityRead]

    @property
    def free(self) -> int:
        return max(0, self.maximum - len(self.running))

    @property
    def proposed_seats(self) -> int:
        """The seats a new vote proposes: the free places, or all of them when none is free
        (the chair then chooses which running priorities the vote replaces)."""
        return self.free or self.maximum

    @property
    def explanation(self) -> str:
        if not self.running:
            return _("All {maximum} places of the top are free.").format(maximum=self.maximum)
        if self.free == 0:
            return _(
                "All {maximum} places of the top are taken: when confirming, choose which "
                "running priorities this vote replaces."
            ).format(maximum=self.maximum)
        return ngettext(
            "{free} of the {maximum} places is free ({running} priorities still run).",
            "{free} of the {maximum} places are free ({running} priorities still run).",
            self.free,
        ).format(free=self.free, maximum=self.maximum, running=len(self.running))


def _maximum(session: Session) -> int:
    settings = session.exec(select(Neighbourhood)).first()
    return settings.max_priorities if settings else 3


def _running_rows(session: Session) -> list[Priority]:
    return list(
        session.exec(
            select(Priority)
            .where(col(Priority.status).in_(RUNNING))
            .order_by(col(Priority.rank), col(Priority.id))
        )
    )


def free_places(db: Database) -> TopPlaces:
    """How many running priorities there are (active or continued, over every period) against
    the neighbourhood's maximum."""
    with db.reading() as session:
        return TopPlaces(
            maximum=_maximum(session),
            running=_reads(session, _running_rows(session)),
        )


def take_places(
    session: Session,
    actor: str,
    *,
    count: int,
    replaces: list[int],
    meeting_id: int | None,
    vote_title: str,
) -> list[int]:
    """Make room for `count` new priorities, inside the caller's transaction: close the running
    priorities in `replaces` with the decision "replaced" (their problems are parked), refuse
    when the top would grow past the maximum, and return the ranks the new priorities take
    (the lowest free ones, so the running priorities are numbered 1..maximum once)."""
    maximum = _maximum(session)
    running = {r.id: r for r in _running_rows(session)}
    replaces = list(dict.fromkeys(replaces))
    for priority_id in replaces:
        require(
            priority_id in running,
            _("Priority {id} is no longer running: it cannot be replaced.").format(id=priority_id),
            field="replaces",
        )
    require(
        not replaces or meeting_id is not None,
        _("Only a vote held at a meeting can replace running priorities."),
        field="replaces",
    )
    free = max(0, maximum - len(running))
    require(
        count <= free + len(replaces),
        ngettext(
            "{free} of the {maximum} places is free and this vote fills {count}: choose which "
            "running priorities it replaces.",
            "{free} of the {maximum} places are free and this vote fills {count}: choose which "
            "running priorities it replaces.",
            free,
        ).format(free=free, maximum=maximum, count=count),
        field="replaces",
    )
    note = _("Replaced by the vote '{title}'.").format(title=vote_title)
    for priority_id in replaces:
        row = running.pop(priority_id)
        assert meeting_id is not None
        ensure_minutes_open(session, meeting_id)
        before = audit.snapshot(row)
        row.status = PriorityStatus.DROPPED.value
        row.closed_in_id = meeting_id
        row.closed_reason = note
        session.add(row)
        problem = session.get(Problem, row.problem_id)
        if problem is not None:
            change_status(
                session, actor, problem, ProblemStatus.PARKED, reason=note, meeting_id=meeting_id
            )
        session.add(
            PriorityDecision(
                priority_id=priority_id,
                meeting_id=meeting_id,
                decision=PriorityDecisionKind.REPLACED.value,
                note=note,
            )
        )
        session.flush()
        old, new = audit.changes(before, audit.snapshot(row))
        audit.record(
            session,
            actor=actor,
            action="decide",
            entity="priority",
            entity_id=row.id,
            before=old,
            after={**new, "decision": PriorityDecisionKind.REPLACED.value, "note": note},
        )
    taken = {r.rank for r in running.values()}
    ranks = [rank for rank in range(1, maximum + len(taken) + count + 1) if rank not in taken]
    return ranks[:count]
