"""The plain sections of the minutes: header, attendance, notes, approval, previous minutes,
next meeting.
"""

from __future__ import annotations

import math
from typing import Any

from sqlmodel import col, select

from buurt.db.enums import AgendaSection, AttendanceStatus, MeetingKind, MemberKind
from buurt.db.models import Attendance, Meeting, MeetingNote, Member, MinutesAmendment
from buurt.i18n import get_language
from buurt.minutes import model as m
from buurt.services.labels import label_of
from buurt.services.minutes.record import TOOK_PLACE, Record, _local_day, _sorted


def _header(record: Record) -> m.Header:
    meeting = record.meeting
    people = record.people
    settings = record.settings
    return m.Header(
        neighbourhood=settings.name if settings else "",
        municipality=settings.municipality if settings else "",
        meeting_id=record.meeting_id,
        starts_at=meeting.starts_at.astimezone(),
        place=meeting.place,
        kind_label=label_of(MeetingKind, meeting.kind),
        chair=people.name(meeting.chair_id),
        minute_taker=people.name(meeting.minute_taker_id),
        opened_at=meeting.opened_at.astimezone() if meeting.opened_at else None,
        closed_at=meeting.closed_at.astimezone() if meeting.closed_at else None,
    )


def _attendance(record: Record) -> m.Attendance:
    people = record.people
    lines = record.session.exec(
        select(Attendance).where(Attendance.meeting_id == record.meeting_id)
    ).all()
    by_status: dict[str, list[Member]] = {s.value: [] for s in AttendanceStatus}
    for line in sorted(lines, key=lambda a: a.member_id):
        member = people.members.get(line.member_id)
        if member is not None:
            by_status.setdefault(line.status, []).append(member)
    # Residents get their numbers in the order of the attendance list: present, apologies,
    # absent, so "Resident 1" is the same person wherever the document mentions them.
    for status in AttendanceStatus:
        for member in by_status[status.value]:
            people.name(member.id)
    present = by_status[AttendanceStatus.PRESENT.value]
    members = len(lines) or sum(1 for mem in people.members.values() if mem.active)
    percent = record.settings.quorum_percent if record.settings else 50
    return m.Attendance(
        present_residents=_sorted(
            people.name(p.id) for p in present if p.kind == MemberKind.RESIDENT.value
        ),
        present_professionals=_sorted(
            people.name(p.id, with_organisation=True)
            for p in present
            if p.kind != MemberKind.RESIDENT.value
        ),
        apologies=_sorted(
            people.name(p.id, with_organisation=True)
            for p in by_status[AttendanceStatus.APOLOGIES.value]
        ),
        absent=_sorted(
            people.name(p.id, with_organisation=True)
            for p in by_status[AttendanceStatus.ABSENT.value]
        ),
        guests=record.meeting.guests,
        quorum_present=len(present),
        quorum_members=members,
        quorum_required=math.ceil(members * percent / 100),
    )


def _notes(record: Record) -> dict[str, list[str]]:
    rows = record.session.exec(
        select(MeetingNote).where(MeetingNote.meeting_id == record.meeting_id)
    ).all()
    notes: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda n: (n.position, n.id or 0)):
        notes.setdefault(row.section, []).append(record.people.text(row.text))
    order = {s.value: i for i, s in enumerate(AgendaSection)}
    return dict(sorted(notes.items(), key=lambda item: order.get(item[0], 99)))


def _approval(record: Record) -> m.Approval:
    meeting = record.meeting
    amendments = record.session.exec(
        select(MinutesAmendment)
        .where(MinutesAmendment.meeting_id == record.meeting_id)
        .order_by(col(MinutesAmendment.id))
    ).all()
    adopted_in = record.started(meeting.minutes_adopted_in_id)
    return m.Approval(
        state=meeting.minutes_state,
        adopted_on=meeting.minutes_adopted_on,
        adopted_in_date=_local_day(adopted_in) if adopted_in else None,
        amendments=[record.people.text(a.text) for a in amendments],
    )


def _previous_meeting(record: Record) -> Meeting | None:
    earlier = [
        row
        for row in record.meetings.values()
        if row.starts_at < record.meeting.starts_at and row.status in TOOK_PLACE
    ]
    return max(earlier, key=lambda row: row.starts_at) if earlier else None


def _previous(record: Record) -> m.PreviousMinutes | None:
    previous = _previous_meeting(record)
    if previous is None:
        return None
    amendments = record.session.exec(
        select(MinutesAmendment)
        .where(MinutesAmendment.meeting_id == previous.id)
        .where(MinutesAmendment.adopted_in_id == record.meeting_id)
        .order_by(col(MinutesAmendment.id))
    ).all()
    return m.PreviousMinutes(
        meeting_date=_local_day(previous.starts_at),
        state=previous.minutes_state,
        adopted_here=previous.minutes_adopted_in_id == record.meeting_id,
        amendments=[record.people.text(a.text) for a in amendments],
    )


def _next_meeting(record: Record) -> m.NextMeeting | None:
    later = [row for row in record.meetings.values() if row.starts_at > record.meeting.starts_at]
    if not later:
        return None
    row = min(later, key=lambda r: r.starts_at)
    return m.NextMeeting(starts_at=row.starts_at.astimezone(), place=row.place)


def _document(record: Record) -> dict[str, Any]:
    return {
        "language": get_language(),
        "anonymised": record.people.anonymise,
        "header": _header(record),
    }
