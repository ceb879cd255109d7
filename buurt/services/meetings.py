"""Meetings: planning, opening and closing, attendance with the quorum, guests and the notes the
chair leaves per agenda section."""

from __future__ import annotations

import math
from datetime import date, datetime

from pydantic import Field
from sqlmodel import Session, col, or_, select

from buurt.db.database import Database
from buurt.db.enums import (
    AgendaSection,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    MemberKind,
    ProblemStatus,
)
from buurt.db.models import (
    Attendance,
    Meeting,
    MeetingNote,
    Member,
    Neighbourhood,
    Organisation,
    Period,
    Problem,
)
from buurt.db.types import utcnow
from buurt.errors import InputError
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.base import (
    InputModel,
    ReadModel,
    assign,
    get,
    merged_input,
    parse,
    require,
)
from buurt.services.minutes_approval import ensure_minutes_open
from buurt.services.problems import ProblemRead, get_problem


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


class AttendanceRow(ReadModel):
    member_id: int
    name: str
    kind: str
    organisation: str
    status: str


class Quorum(ReadModel):
    """Present voting members against the rule: "quorum 9/14" means 9 of 14 members present."""

    present: int
    members: int
    required: int
    percent: int

    @property
    def met(self) -> bool:
        return self.present >= self.required

    def __str__(self) -> str:
        return f"{self.present}/{self.members}"


class NoteRead(ReadModel):
    id: int
    meeting_id: int
    section: str
    position: int
    text: str
    updated_at: datetime


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


def update_meeting(db: Database, meeting_id: int, changes: dict[str, object]) -> MeetingRead:
    """Change a meeting's date, place, chair or minute-taker."""
    with db.transaction() as session:
        row = get(session, Meeting, meeting_id, _("meeting"))
        ensure_minutes_open(session, meeting_id)
        before = audit.snapshot(row)
        values = merged_input(MeetingInput, row, changes)
        _check_people(session, values)
        assign(row, values)
        audit.record_update(session, actor=db.actor, row=row, before=before, entity="meeting")
        return _read(session, row)


def open_meeting(db: Database, meeting_id: int) -> MeetingRead:
    """Start a meeting: every active member gets an attendance line (absent until ticked)."""
    with db.transaction() as session:
        row = get(session, Meeting, meeting_id, _("meeting"))
        require(
            row.status != MeetingStatus.CLOSED.value,
            _("This meeting is closed; it cannot be opened again."),
        )
        if row.status == MeetingStatus.OPEN.value:
            return _read(session, row)
        row.status = MeetingStatus.OPEN.value
        row.opened_at = utcnow()
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


def set_attendance(
    db: Database, meeting_id: int, member_id: int, status: AttendanceStatus | str
) -> AttendanceRow:
    """Tick a member present, with apologies, or absent."""
    try:
        value = AttendanceStatus(status)
    except ValueError:
        raise InputError(
            _("Unknown attendance: {status}.").format(status=status), field="status"
        ) from None
    with db.transaction() as session:
        meeting = get(session, Meeting, meeting_id, _("meeting"))
        ensure_minutes_open(session, meeting_id)
        require(
            meeting.minutes_state != "adopted",
            _("The minutes of this meeting are adopted; reopen them to change the attendance."),
        )
        member = get(session, Member, member_id, _("member"))
        row = session.get(Attendance, (meeting_id, member_id))
        before = row.status if row else None
        if row is None:
            row = Attendance(meeting_id=meeting_id, member_id=member_id)
        row.status = value.value
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="attendance",
            entity="meeting",
            entity_id=meeting_id,
            before={"member": member.name, "status": before},
            after={"member": member.name, "status": value.value},
        )
        return _attendance_row(session, member, row.status)


def set_guests(db: Database, meeting_id: int, guests: int) -> MeetingRead:
    """How many guests (residents who are not members, visitors) came."""
    require(guests >= 0, _("The number of guests cannot be negative."), field="guests")
    with db.transaction() as session:
        row = get(session, Meeting, meeting_id, _("meeting"))
        ensure_minutes_open(session, meeting_id)
        before = row.guests
        row.guests = guests
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="update",
            entity="meeting",
            entity_id=row.id,
            before={"guests": before},
            after={"guests": guests},
        )
        return _read(session, row)


def _attendance_row(session: Session, member: Member, status: str) -> AttendanceRow:
    organisation = (
        session.get(Organisation, member.organisation_id) if member.organisation_id else None
    )
    assert member.id is not None
    return AttendanceRow(
        member_id=member.id,
        name=member.name,
        kind=member.kind,
        organisation=organisation.name if organisation else "",
        status=status,
    )


def attendance(db: Database, meeting_id: int) -> list[AttendanceRow]:
    """Every member with an attendance line for the meeting, plus active members without one
    (shown absent), residents first, then by name."""
    with db.reading() as session:
        get(session, Meeting, meeting_id, _("meeting"))
        lines = {
            a.member_id: a.status
            for a in session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id))
        }
        members = session.exec(select(Member)).all()
        rows = [
            _attendance_row(session, m, lines.get(m.id or -1, AttendanceStatus.ABSENT.value))
            for m in members
            if m.id in lines or m.active
        ]
        rows.sort(key=lambda r: (r.kind != MemberKind.RESIDENT.value, r.name.lower()))
        return rows


def quorum(db: Database, meeting_id: int) -> Quorum:
    """Members present against the neighbourhood's quorum rule (a percentage of the members)."""
    with db.reading() as session:
        settings = session.exec(select(Neighbourhood)).first()
        percent = settings.quorum_percent if settings else 50
        lines = session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id)).all()
        members = len(lines) or len(session.exec(select(Member).where(col(Member.active))).all())
        present = sum(1 for a in lines if a.status == AttendanceStatus.PRESENT.value)
        required = math.ceil(members * percent / 100)
        return Quorum(present=present, members=members, required=required, percent=percent)


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


def add_note(db: Database, meeting_id: int, section: AgendaSection | str, text: str) -> NoteRead:
    """Leave a note in an agenda section (saved at once)."""
    try:
        where = AgendaSection(section)
    except ValueError:
        raise InputError(
            _("Unknown agenda section: {section}.").format(section=section), field="section"
        ) from None
    text = text.strip()
    require(text, _("A note cannot be empty."), field="text")
    with db.transaction() as session:
        get(session, Meeting, meeting_id, _("meeting"))
        ensure_minutes_open(session, meeting_id)
        position = len(
            session.exec(
                select(MeetingNote.id)
                .where(MeetingNote.meeting_id == meeting_id)
                .where(MeetingNote.section == where.value)
            ).all()
        )
        row = MeetingNote(meeting_id=meeting_id, section=where.value, position=position, text=text)
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="meeting_note",
            entity_id=row.id,
            after=audit.snapshot(row),
        )
        return NoteRead.model_validate(row)


def update_note(db: Database, note_id: int, text: str) -> NoteRead | None:
    """Change a note; an emptied note is removed (returns None)."""
    text = text.strip()
    with db.transaction() as session:
        row = get(session, MeetingNote, note_id, _("note"))
        ensure_minutes_open(session, row.meeting_id)
        before = audit.snapshot(row)
        if not text:
            session.delete(row)
            audit.record(
                session,
                actor=db.actor,
                action="delete",
                entity="meeting_note",
                entity_id=note_id,
                before=before,
            )
            return None
        row.text = text
        row.updated_at = utcnow()
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="update",
            entity="meeting_note",
            entity_id=row.id,
            before={"text": before["text"]},
            after={"text": text},
        )
        return NoteRead.model_validate(row)


def set_section_text(
    db: Database, meeting_id: int, section: AgendaSection | str, text: str
) -> NoteRead | None:
    """Keep one running note for a section: create it, change it, or remove it when emptied.
    (Meeting mode saves the section's text box through this as the chair types.)"""
    with db.reading() as session:
        existing = session.exec(
            select(MeetingNote)
            .where(MeetingNote.meeting_id == meeting_id)
            .where(MeetingNote.section == str(section))
            .order_by(col(MeetingNote.position))
        ).first()
    if existing is None:
        return add_note(db, meeting_id, section, text) if text.strip() else None
    assert existing.id is not None
    if existing.text == text.strip():
        return NoteRead.model_validate(existing)
    return update_note(db, existing.id, text)


def list_notes(db: Database, meeting_id: int) -> list[NoteRead]:
    """The meeting's notes in agenda order."""
    order = {s.value: i for i, s in enumerate(AgendaSection)}
    with db.reading() as session:
        rows = session.exec(select(MeetingNote).where(MeetingNote.meeting_id == meeting_id)).all()
        notes = [NoteRead.model_validate(r) for r in rows]
        notes.sort(key=lambda n: (order.get(n.section, 99), n.position, n.id))
        return notes


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
