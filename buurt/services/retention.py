"""Retention: personal data is not kept longer than needed (AVG/GDPR art. 5(1)(e)).

A neighbourhood sets `retention_years` (0: off). Everything from periods that ended more than
that many years ago is offered for anonymisation: members who left by then are forgotten (see
`buurt.services.forget`), and free texts from then that hold what the privacy check flags (a
name, a house number, a phone number...) have those parts replaced by "[…]". Nothing happens
until the chair applies the plan; applying it is one audited transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, SQLModel, col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import ProblemStatus
from buurt.db.models import (
    ActionUpdate,
    Meeting,
    MeetingNote,
    Member,
    MinutesAmendment,
    Neighbourhood,
    Period,
    PriorityDecision,
    Problem,
    ProblemStatusChange,
)
from buurt.i18n import ngettext
from buurt.services import audit
from buurt.services.base import ReadModel
from buurt.services.forget import forget_in_session, rewrite_audit
from buurt.services.privacy import known_names, scan_text

REDACTED = "[…]"
CLOSED = (ProblemStatus.SOLVED.value, ProblemStatus.DROPPED.value, ProblemStatus.REFERRED.value)


class RetentionItem(ReadModel):
    """One thing the retention plan anonymises: a member, or a flagged part of a text."""

    kind: str  # "member" or "text"
    table: str
    row_id: int
    field: str = ""
    label: str
    excerpts: list[str] = []
    dated: date | None = None


class RetentionPlan(ReadModel):
    years: int
    horizon: date | None
    items: list[RetentionItem]
    applied: bool = False

    @property
    def members(self) -> list[RetentionItem]:
        return [i for i in self.items if i.kind == "member"]

    @property
    def texts(self) -> list[RetentionItem]:
        return [i for i in self.items if i.kind == "text"]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _horizon(session: Session, years: int, today: date) -> date | None:
    """The end of the last period that closed more than `years` ago (or that day itself when
    the neighbourhood keeps no periods)."""
    cutoff = _years_before(today, years)
    ends = [p.end_on for p in session.exec(select(Period)) if p.end_on < cutoff]
    if ends:
        return max(ends)
    has_periods = session.exec(select(Period.id)).first() is not None
    return None if has_periods else cutoff


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time()).astimezone(UTC)


def _plan(session: Session, db: Database, today: date) -> RetentionPlan:
    settings = session.exec(select(Neighbourhood)).first()
    years = settings.retention_years if settings is not None else 0
    if years <= 0:
        return RetentionPlan(years=0, horizon=None, items=[])
    horizon = _horizon(session, years, today)
    if horizon is None:
        return RetentionPlan(years=years, horizon=None, items=[])
    limit = _end_of(horizon)
    items: list[RetentionItem] = []
    for member in session.exec(
        select(Member)
        .where(col(Member.forgotten_at).is_(None))
        .where(col(Member.active).is_(False))
        .order_by(col(Member.id))
    ):
        if member.left_on is not None and member.left_on <= horizon and member.id is not None:
            items.append(
                RetentionItem(
                    kind="member",
                    table="member",
                    row_id=member.id,
                    label=member.name,
                    dated=member.left_on,
                )
            )
    names, known = known_names(db)
    meetings = {m.id: m.starts_at for m in session.exec(select(Meeting)) if m.starts_at < limit}
    candidates: list[tuple[str, int | None, str, str, datetime]] = []
    for note in session.exec(select(MeetingNote)):
        if note.meeting_id in meetings:
            candidates.append(
                ("meeting_note", note.id, "text", note.text, meetings[note.meeting_id])
            )
    for problem in session.exec(select(Problem).where(col(Problem.status).in_(CLOSED))):
        if problem.updated_at < limit:
            for name in ("title", "description", "location_detail"):
                candidates.append(
                    ("problem", problem.id, name, getattr(problem, name), problem.updated_at)
                )
    for update in session.exec(select(ActionUpdate)):
        if update.created_at < limit:
            candidates.append(("action_update", update.id, "note", update.note, update.created_at))
    for change in session.exec(select(ProblemStatusChange)):
        if change.changed_at < limit:
            candidates.append(
                ("problem_status_change", change.id, "reason", change.reason, change.changed_at)
            )
    for decision in session.exec(select(PriorityDecision)):
        if decision.decided_at < limit:
            candidates.append(
                ("priority_decision", decision.id, "note", decision.note, decision.decided_at)
            )
    for amendment in session.exec(select(MinutesAmendment)):
        if amendment.created_at < limit:
            candidates.append(
                ("minutes_amendment", amendment.id, "text", amendment.text, amendment.created_at)
            )
    for table, row_id, field_name, text, moment in candidates:
        if not text or row_id is None:
            continue
        warnings = scan_text(text, names, known_phrases=known)
        if warnings:
            items.append(
                RetentionItem(
                    kind="text",
                    table=table,
                    row_id=row_id,
                    field=field_name,
                    label=text if len(text) <= 80 else text[:77] + "...",
                    excerpts=[w.excerpt for w in warnings],
                    dated=moment.date(),
                )
            )
    return RetentionPlan(years=years, horizon=horizon, items=items)


def retention_plan(db: Database, *, today: date | None = None) -> RetentionPlan:
    """What retention would anonymise today (nothing when retention is off)."""
    with db.reading() as session:
        return _plan(session, db, today or date.today())


MODELS: dict[str, type[SQLModel]] = {
    "meeting_note": MeetingNote,
    "problem": Problem,
    "action_update": ActionUpdate,
    "problem_status_change": ProblemStatusChange,
    "priority_decision": PriorityDecision,
    "minutes_amendment": MinutesAmendment,
}


def _redact(text: str, excerpts: list[str]) -> str:
    for excerpt in sorted(set(excerpts), key=len, reverse=True):
        text = text.replace(excerpt, REDACTED)
    return text


@retry_on_conflict
def apply_retention(db: Database, *, today: date | None = None) -> RetentionPlan:
    """Carry out the retention plan in one transaction (audited); returns what was done."""
    with db.transaction() as session:
        plan = _plan(session, db, today or date.today())
        if not plan.items:
            return plan
        assert plan.horizon is not None
        excerpts: list[str] = []
        for item in plan.texts:
            row = session.get(MODELS[item.table], item.row_id)
            if row is None:
                continue
            setattr(row, item.field, _redact(getattr(row, item.field), item.excerpts))
            session.add(row)
            excerpts += item.excerpts
        session.flush()
        if excerpts:
            rewrite_audit(
                session,
                [(e, REDACTED) for e in sorted(set(excerpts), key=len, reverse=True)],
                before=_end_of(plan.horizon),
            )
        for item in plan.members:
            member = session.get(Member, item.row_id)
            if member is not None:
                forget_in_session(session, db.actor, member)
        audit.record(
            session,
            actor=db.actor,
            action="retention",
            entity="neighbourhood",
            after={
                "horizon": plan.horizon.isoformat(),
                "members": len(plan.members),
                "texts": len(plan.texts),
            },
            summary=ngettext(
                "Anonymised what is older than {years} year.",
                "Anonymised what is older than {years} years.",
                plan.years,
            ).format(years=plan.years),
        )
        done = plan.model_copy(update={"applied": True})
    db.checkpoint()
    return done
