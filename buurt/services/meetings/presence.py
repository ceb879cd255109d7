"""Who is present, who sent apologies, the guests, and the quorum."""

from __future__ import annotations

import math

from sqlmodel import Session, col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import AttendanceStatus, MemberKind
from buurt.db.models import Attendance, Meeting, Member, Neighbourhood, Organisation
from buurt.errors import InputError
from buurt.i18n import _
from buurt.services import audit
from buurt.services.base import ReadModel, get, require
from buurt.services.meetings.planning import MeetingRead, _read
from buurt.services.minutes_approval import ensure_minutes_open


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


@retry_on_conflict
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


@retry_on_conflict
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
