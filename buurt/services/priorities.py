"""Periods and their priorities (the top 3), and the committee's decisions at follow-up."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import Field, model_validator
from sqlmodel import Session, col, select

from buurt.db.database import Database
from buurt.db.enums import PriorityDecisionKind, PriorityStatus, ProblemStatus
from buurt.db.models import (
    Meeting,
    Neighbourhood,
    Period,
    Priority,
    PriorityDecision,
    Problem,
    Vote,
)
from buurt.errors import InputError
from buurt.i18n import N_, _, ngettext
from buurt.services import audit
from buurt.services.actions import ActionRead, UpdateRead, list_actions, updates
from buurt.services.base import InputModel, ReadModel, get, parse, require
from buurt.services.minutes_approval import ensure_minutes_open
from buurt.services.problems import change_status


class PeriodInput(InputModel):
    start_on: date = Field(title=N_("Start"))
    end_on: date = Field(title=N_("End"))
    hours_available: int = Field(default=0, ge=0, title=N_("Professional hours available"))
    money_budget_cents: int = Field(default=0, ge=0, title=N_("Budget"))
    label: str = Field(default="", max_length=80, title=N_("Name"))

    @model_validator(mode="after")
    def _order(self) -> PeriodInput:
        if self.end_on < self.start_on:
            raise ValueError(_("A period cannot end before it starts."))
        return self


class PeriodRead(ReadModel):
    id: int
    start_on: date
    end_on: date
    hours_available: int
    money_budget_cents: int
    label: str
    closed_on: date | None = None
    closed_reason: str = ""


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


class DecisionRead(ReadModel):
    id: int
    priority_id: int
    meeting_id: int
    decision: str
    note: str
    decided_at: datetime


def add_period(db: Database, data: PeriodInput | dict[str, object]) -> PeriodRead:
    """Add a period; periods may not overlap."""
    values = parse(PeriodInput, data)
    with db.transaction() as session:
        overlapping = session.exec(
            select(Period)
            .where(col(Period.start_on) <= values.end_on)
            .where(col(Period.end_on) >= values.start_on)
        ).first()
        require(
            overlapping is None,
            _("This period overlaps the period {start} - {end}.").format(
                start=f"{overlapping.start_on:%d-%m-%Y}" if overlapping else "",
                end=f"{overlapping.end_on:%d-%m-%Y}" if overlapping else "",
            ),
            field="start_on",
        )
        row = Period(**values.model_dump())
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="period",
            entity_id=row.id,
            after=audit.snapshot(row),
        )
        return PeriodRead.model_validate(row)


def list_periods(db: Database) -> list[PeriodRead]:
    with db.reading() as session:
        rows = session.exec(select(Period).order_by(col(Period.start_on).desc()))
        return [PeriodRead.model_validate(r) for r in rows]


def current_period(db: Database, *, today: date | None = None) -> PeriodRead | None:
    """The period that holds today; else the latest one that started before today."""
    day = today or date.today()
    with db.reading() as session:
        row = session.exec(
            select(Period).where(col(Period.start_on) <= day).order_by(col(Period.start_on).desc())
        ).first()
        return None if row is None else PeriodRead.model_validate(row)


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
    """The top 3 the committee works on now: the running priorities (active or continued, of
    any period), by rank; the ranks of running priorities are unique (`take_places`)."""
    with db.reading() as session:
        return [_read(session, r) for r in _running_rows(session)]


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


def _months_later(start: date, months: int) -> date:
    """The day before the same day `months` later (a period of 3 months from 1 March ends on
    31 May); a day that does not exist in the target month falls back to its last day."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = start.day
    while True:
        try:
            return date(year, month, day) - timedelta(days=1)
        except ValueError:
            day -= 1


def close_period(db: Database, period_id: int, *, closed_on: date, reason: str) -> PeriodRead:
    """Close a period early, on `closed_on`, with a reason: it ends the day before, so that a
    new period can start that day. Its running priorities keep running (a vote replaces them)."""
    reason = reason.strip()
    with db.transaction() as session:
        row = get(session, Period, period_id, _("period"))
        require(row.closed_on is None, _("This period is already closed."))
        require(
            reason,
            _("Say why the period {start} – {end} ends early.").format(
                start=f"{row.start_on:%d-%m-%Y}", end=f"{row.end_on:%d-%m-%Y}"
            ),
            field="close_reason",
        )
        require(
            closed_on <= row.end_on,
            _("This period already ended on {end}.").format(end=f"{row.end_on:%d-%m-%Y}"),
        )
        require(
            closed_on > row.start_on,
            _("A period cannot be closed on the day it starts; change its dates instead."),
        )
        before = audit.snapshot(row)
        row.end_on = closed_on - timedelta(days=1)
        row.closed_on = closed_on
        row.closed_reason = reason
        session.add(row)
        session.flush()
        old, new = audit.changes(before, audit.snapshot(row))
        audit.record(
            session,
            actor=db.actor,
            action="close",
            entity="period",
            entity_id=row.id,
            before=old,
            after=new,
            summary=reason,
        )
        return PeriodRead.model_validate(row)


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
            running=[_read(session, r) for r in _running_rows(session)],
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


def start_period(db: Database, start_on: date) -> PeriodRead:
    """A new period from `start_on`, as long as the neighbourhood's period length, with its
    professional hours per period."""
    with db.reading() as session:
        settings = session.exec(select(Neighbourhood)).first()
    months = settings.period_months if settings else 3
    hours = settings.professional_hours if settings else 0
    return add_period(
        db,
        {
            "start_on": start_on,
            "end_on": _months_later(start_on, months),
            "hours_available": hours,
        },
    )


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
        reads = [_read(session, r) for r in running]
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
