"""Planning a meeting, opening and closing it, and finding meetings (next, latest, previous)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field
from sqlmodel import Session, col, or_, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import MeetingKind, MeetingStatus, ProblemStatus
from buurt.db.models import Attendance, Meeting, Member, Period, Problem
from buurt.db.types import utcnow
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.base import InputModel, ReadModel, get, parse, require
from buurt.services.minutes_approval import ensure_minutes_open
from buurt.services.problems import ProblemRead, get_problem
from buurt.services.row_versions import Versioned, edit_row


class MeetingInput(InputModel):
    starts_at: datetime = Field(title=N_("Date and time"))
    place: str = Field(default="", max_length=200, title=N_("Place"))
    kind: MeetingKind = Field(default=MeetingKind.REGULAR, title=N_("Kind of meeting"))
    chair_id: int | None = Field(default=None, title=N_("Chair"))
    minute_taker_id: int | None = Field(default=None, title=N_("Minute-taker"))
    period_id: int | None = Field(default=None, title=N_("Period"))


class MeetingRead(ReadModel):
    id: int
    kind: str
    status: str
    starts_at: datetime
    place: str
    chair_id: int | None
    chair: str = ""
    minute_taker_id: int | None
    minute_taker: str = ""
    period_id: int | None
    guests: int
    opened_at: datetime | None
    closed_at: datetime | None
    minutes_state: str
    minutes_adopted_on: date | None = None
    version: int = 1


def _read(session: Session, row: Meeting) -> MeetingRead:
    data = row.model_dump()
    for key, ref in (("chair", row.chair_id), ("minute_taker", row.minute_taker_id)):
        member = session.get(Member, ref) if ref is not None else None
        data[key] = member.name if member else ""
    return MeetingRead.model_validate(data)


def _check_people(session: Session, values: MeetingInput) -> None:
    for field in ("chair_id", "minute_taker_id"):
        ref = getattr(values, field)
        if ref is not None:
            require(
                session.get(Member, ref) is not None,
                _("That member does not exist."),
                field=field,
            )
    if values.period_id is not None:
        require(
            session.get(Period, values.period_id) is not None,
            _("That period does not exist."),
            field="period_id",
        )


@retry_on_conflict
def plan_meeting(db: Database, data: MeetingInput | dict[str, object]) -> MeetingRead:
    """Put a meeting in the calendar (status `planned`)."""
    values = parse(MeetingInput, data)
    require(
        values.starts_at.tzinfo is not None,
        _("Give the meeting's time with its time zone."),
        field="starts_at",
    )
    with db.transaction() as session:
        _check_people(session, values)
        row = Meeting(**values.model_dump(mode="python"))
        row.kind = values.kind.value
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="meeting",
            entity_id=row.id,
            after=audit.snapshot(row),
        )
        return _read(session, row)


MEETING = Versioned(
    Meeting,
    "meeting",
    N_("meeting"),
    N_("This meeting was changed elsewhere; reload to see the change."),
    MeetingInput,
    check=lambda session, values, _row_id: _check_people(session, values),
    allowed=lambda session, row: ensure_minutes_open(session, row.id),
)


@retry_on_conflict
def update_meeting(
    db: Database, meeting_id: int, changes: dict[str, object], *, version: int | None = None
) -> MeetingRead:
    """Change a meeting's date, place, chair or minute-taker. `version`: the version the form
    showed (`MeetingRead.version`); a change made elsewhere since (opened, moved, adopted) is
    never overwritten (`ChangedElsewhere`)."""
    with db.transaction() as session:
        row = edit_row(session, db.actor, MEETING, meeting_id, changes, version)
        return _read(session, row)


@retry_on_conflict
def open_meeting(db: Database, meeting_id: int, *, at: datetime | None = None) -> MeetingRead:
    """Start a meeting (`at`: the moment it opens, now unless given): every active member gets
    an attendance line (absent until ticked)."""
    with db.transaction() as session:
        row = get(session, Meeting, meeting_id, _("meeting"))
        require(
            row.status != MeetingStatus.CLOSED.value,
            _("This meeting is closed; it cannot be opened again."),
        )
        if row.status == MeetingStatus.OPEN.value:
            return _read(session, row)
        row.status = MeetingStatus.OPEN.value
        row.opened_at = at or utcnow()
        session.add(row)
        known = {
            a.member_id
            for a in session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id))
        }
        for member in session.exec(select(Member).where(col(Member.active))):
            if member.id not in known and member.id is not None:
                session.add(Attendance(meeting_id=meeting_id, member_id=member.id))
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="open",
            entity="meeting",
            entity_id=row.id,
            after={"status": row.status},
        )
        return _read(session, row)


# How far the corrected opening time may lie from the planned start: the same evening.
OPENING_WINDOW_HOURS = 12


@retry_on_conflict
def set_opening_time(db: Database, meeting_id: int, opened_at: datetime) -> MeetingRead:
    """Correct when the meeting opened (the minutes print it): the button is often pressed
    before or after the chair's gavel. Only for an open or closed meeting, within the same
    evening as planned, and not after it closed."""
    require(opened_at.tzinfo is not None, _("A time needs its time zone."), field="opened_at")
    with db.transaction() as session:
        row = get(session, Meeting, meeting_id, _("meeting"))
        ensure_minutes_open(session, meeting_id)
        require(
            row.status != MeetingStatus.PLANNED.value,
            _("This meeting is not open yet: it has no opening time to correct."),
            field="opened_at",
        )
        distance = abs((opened_at - row.starts_at).total_seconds()) / 3600
        require(
            distance <= OPENING_WINDOW_HOURS,
            _("The opening time must be on the evening of the meeting ({when}).").format(
                when=f"{row.starts_at.astimezone():%d-%m-%Y %H:%M}"
            ),
            field="opened_at",
        )
        require(
            row.closed_at is None or opened_at <= row.closed_at,
            _("The opening time must be before the meeting closed."),
            field="opened_at",
        )
        before = row.opened_at
        row.opened_at = opened_at
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="update",
            entity="meeting",
            entity_id=row.id,
            before={"opened_at": before.isoformat() if before else None},
            after={"opened_at": opened_at.isoformat()},
        )
        return _read(session, row)


@retry_on_conflict
def close_meeting(db: Database, meeting_id: int) -> MeetingRead:
    """End a meeting. Its record stays editable until the minutes are adopted."""
    with db.transaction() as session:
        row = get(session, Meeting, meeting_id, _("meeting"))
        require(
            row.status == MeetingStatus.OPEN.value,
            _("Only an open meeting can be closed."),
        )
        row.status = MeetingStatus.CLOSED.value
        row.closed_at = utcnow()
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="close",
            entity="meeting",
            entity_id=row.id,
            after={"status": row.status},
        )
        return _read(session, row)


def get_meeting(db: Database, meeting_id: int) -> MeetingRead:
    with db.reading() as session:
        return _read(session, get(session, Meeting, meeting_id, _("meeting")))


def list_meetings(db: Database) -> list[MeetingRead]:
    """All meetings, newest first."""
    with db.reading() as session:
        rows = session.exec(select(Meeting).order_by(col(Meeting.starts_at).desc()))
        return [_read(session, r) for r in rows]


def next_meeting(db: Database, *, now: datetime | None = None) -> MeetingRead | None:
    """The open meeting, or else the first planned one from now on."""
    moment = now or utcnow()
    with db.reading() as session:
        open_now = session.exec(
            select(Meeting).where(Meeting.status == MeetingStatus.OPEN.value)
        ).first()
        if open_now is not None:
            return _read(session, open_now)
        row = session.exec(
            select(Meeting)
            .where(Meeting.status == MeetingStatus.PLANNED.value)
            .where(col(Meeting.starts_at) >= moment)
            .order_by(col(Meeting.starts_at))
        ).first()
        return None if row is None else _read(session, row)


def latest_meeting(db: Database, *, closed_only: bool = False) -> MeetingRead | None:
    """The most recent meeting that took place (open or closed)."""
    with db.reading() as session:
        statuses = [MeetingStatus.CLOSED.value]
        if not closed_only:
            statuses.append(MeetingStatus.OPEN.value)
        row = session.exec(
            select(Meeting)
            .where(col(Meeting.status).in_(statuses))
            .order_by(col(Meeting.starts_at).desc())
        ).first()
        return None if row is None else _read(session, row)


def previous_meeting(db: Database, meeting_id: int) -> MeetingRead | None:
    """The meeting that took place before this one."""
    with db.reading() as session:
        current = get(session, Meeting, meeting_id, _("meeting"))
        row = session.exec(
            select(Meeting)
            .where(col(Meeting.starts_at) < current.starts_at)
            .where(Meeting.status != MeetingStatus.PLANNED.value)
            .order_by(col(Meeting.starts_at).desc())
        ).first()
        return None if row is None else _read(session, row)


def problems_to_triage(db: Database, meeting_id: int) -> list[ProblemRead]:
    """The new-problems section of a meeting: the problems logged at this meeting and every
    problem still waiting for triage (status `new`), oldest first."""
    with db.reading() as session:
        get(session, Meeting, meeting_id, _("meeting"))
        ids = session.exec(
            select(Problem.id)
            .where(
                or_(
                    Problem.logged_in_id == meeting_id,
                    Problem.status == ProblemStatus.NEW.value,
                )
            )
            .order_by(col(Problem.logged_at), col(Problem.id))
        ).all()
    return [get_problem(db, problem_id) for problem_id in ids if problem_id is not None]


def planned_after(db: Database, meeting_id: int) -> list[MeetingRead]:
    """Meetings planned after this one, soonest first (the next-meeting section)."""
    with db.reading() as session:
        current = get(session, Meeting, meeting_id, _("meeting"))
        rows = session.exec(
            select(Meeting)
            .where(col(Meeting.starts_at) > current.starts_at)
            .where(Meeting.status == MeetingStatus.PLANNED.value)
            .order_by(col(Meeting.starts_at))
        ).all()
        return [_read(session, r) for r in rows]
