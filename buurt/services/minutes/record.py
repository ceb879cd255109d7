"""Reading the record: one meeting and what surrounds it, read in one session."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from buurt.db.database import Database
from buurt.db.enums import ActionStatus, MeetingStatus
from buurt.db.models import Meeting, Member, Neighbourhood, Organisation
from buurt.db.types import utcnow
from buurt.errors import InputError, NotFound
from buurt.i18n import _
from buurt.services.base import get
from buurt.services.minutes.people import People

OPEN_ACTION = {ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value, ActionStatus.BLOCKED.value}
TOOK_PLACE = (MeetingStatus.OPEN.value, MeetingStatus.CLOSED.value)


# --- reading the record ---------------------------------------------------------------------


@dataclass
class Record:
    """One meeting and what surrounds it, read in one session."""

    session: Session
    meeting: Meeting
    people: People
    end: datetime
    meetings: dict[int, Meeting]
    settings: Neighbourhood | None

    @property
    def meeting_id(self) -> int:
        assert self.meeting.id is not None
        return self.meeting.id

    def started(self, meeting_id: int | None) -> datetime | None:
        found = self.meetings.get(meeting_id or -1)
        return found.starts_at if found else None

    def before_this(self, meeting_id: int | None) -> bool:
        start = self.started(meeting_id)
        return start is not None and start < self.meeting.starts_at


def resolve_meeting(db: Database, ref: int | str) -> int:
    """A meeting's id from what a user typed: a number, or "latest" (the latest meeting that
    took place)."""
    text = str(ref).strip().lower()
    if text in ("latest", "laatste"):
        with db.reading() as session:
            row = session.exec(
                select(Meeting)
                .where(col(Meeting.status).in_(TOOK_PLACE))
                .order_by(col(Meeting.starts_at).desc())
            ).first()
            if row is None or row.id is None:
                raise NotFound(_("No meeting has taken place yet, so there are no minutes."))
            return row.id
    if not text.isdigit():
        raise InputError(
            _("'{value}' is not a meeting number; give a number or 'latest'.").format(value=ref),
            field="meeting",
        )
    with db.reading() as session:
        return get(session, Meeting, int(text), _("meeting")).id or 0


def _record(session: Session, meeting_id: int, *, anonymise: bool, generic: bool = False) -> Record:
    meeting = get(session, Meeting, meeting_id, _("meeting"))
    members = {mem.id: mem for mem in session.exec(select(Member)) if mem.id is not None}
    organisations = {o.id: o for o in session.exec(select(Organisation)) if o.id is not None}
    meetings = {row.id: row for row in session.exec(select(Meeting)) if row.id is not None}
    end = meeting.closed_at or utcnow()
    return Record(
        session=session,
        meeting=meeting,
        people=People(members, organisations, anonymise, generic),
        end=end,
        meetings=meetings,
        settings=session.exec(select(Neighbourhood)).first(),
    )


def _local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def _sorted(names: Iterable[str]) -> list[str]:
    return sorted(names, key=_natural)
