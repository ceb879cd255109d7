"""Adopting minutes: a draft until the next meeting adopts them, then locked.

The corrections the next meeting makes are recorded as amendments (`MinutesAmendment`). Once
adopted, the meeting's record (notes, attendance, guests, follow-ups, decisions, date and place)
cannot change: every service that writes to it calls `ensure_minutes_open` first. A later
change needs `reopen_minutes` with a reason, which the audit trail keeps.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import MeetingStatus, MinutesState
from buurt.db.models import Meeting, MinutesAmendment
from buurt.errors import InputError
from buurt.i18n import _
from buurt.services import audit
from buurt.services.base import ReadModel, get, require


class MinutesStatus(ReadModel):
    """Where a meeting's minutes stand."""

    meeting_id: int
    state: str
    adopted_on: date | None
    adopted_in_id: int | None
    amendments: list[str]

    @property
    def adopted(self) -> bool:
        return self.state == MinutesState.ADOPTED.value


def _day(meeting: Meeting) -> date:
    return meeting.starts_at.astimezone().date()


def ensure_minutes_open(session: Session, meeting_id: int | None) -> None:
    """Refuse a change to the record of a meeting whose minutes are adopted (locked).

    Called inside the caller's transaction by every service that changes a meeting's record."""
    if meeting_id is None:
        return
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.minutes_state != MinutesState.ADOPTED.value:
        return
    raise InputError(
        _(
            "The minutes of the meeting of {day} were adopted on {adopted}, so its record is "
            "locked; reopen the minutes first to change it."
        ).format(
            day=f"{_day(meeting):%d-%m-%Y}",
            adopted=f"{meeting.minutes_adopted_on:%d-%m-%Y}" if meeting.minutes_adopted_on else "",
        )
    )


def _status(session: Session, meeting: Meeting) -> MinutesStatus:
    assert meeting.id is not None
    amendments = session.exec(
        select(MinutesAmendment)
        .where(MinutesAmendment.meeting_id == meeting.id)
        .order_by(col(MinutesAmendment.id))
    ).all()
    return MinutesStatus(
        meeting_id=meeting.id,
        state=meeting.minutes_state,
        adopted_on=meeting.minutes_adopted_on,
        adopted_in_id=meeting.minutes_adopted_in_id,
        amendments=[a.text for a in amendments],
    )


def minutes_status(db: Database, meeting_id: int) -> MinutesStatus:
    """Draft or adopted (when, where), with the corrections recorded so far."""
    with db.reading() as session:
        return _status(session, get(session, Meeting, meeting_id, _("meeting")))


@retry_on_conflict
def adopt_minutes(
    db: Database, meeting_id: int, adopted_in_id: int, amendments: list[str]
) -> MinutesStatus:
    """The meeting `adopted_in_id` adopts the minutes of the earlier meeting `meeting_id`,
    with `amendments` (the corrections made, one sentence each; blank lines are ignored).
    From now on the earlier meeting's record is locked."""
    texts = [text.strip() for text in amendments if text.strip()]
    with db.transaction() as session:
        meeting = get(session, Meeting, meeting_id, _("meeting"))
        adopting = get(session, Meeting, adopted_in_id, _("meeting"))
        require(
            meeting.minutes_state != MinutesState.ADOPTED.value,
            _("The minutes of the meeting of {day} are already adopted.").format(
                day=f"{_day(meeting):%d-%m-%Y}"
            ),
        )
        require(
            meeting.status == MeetingStatus.CLOSED.value,
            _(
                "The meeting of {day} has not been closed yet; close it before its minutes are "
                "adopted."
            ).format(day=f"{_day(meeting):%d-%m-%Y}"),
        )
        require(
            adopting.id != meeting.id and adopting.starts_at > meeting.starts_at,
            _("Minutes are adopted at a later meeting than the one they record."),
            field="adopted_in_id",
        )
        require(
            adopting.status != MeetingStatus.PLANNED.value,
            _("Minutes are adopted at a meeting that is taking place, not at a planned one."),
            field="adopted_in_id",
        )
        for text in texts:
            session.add(
                MinutesAmendment(meeting_id=meeting_id, adopted_in_id=adopted_in_id, text=text)
            )
        meeting.minutes_state = MinutesState.ADOPTED.value
        meeting.minutes_adopted_in_id = adopted_in_id
        meeting.minutes_adopted_on = _day(adopting)
        session.add(meeting)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="adopt_minutes",
            entity="meeting",
            entity_id=meeting_id,
            before={"minutes_state": MinutesState.DRAFT.value},
            after={
                "minutes_state": meeting.minutes_state,
                "adopted_in": adopted_in_id,
                "adopted_on": meeting.minutes_adopted_on.isoformat(),
                "amendments": texts,
            },
        )
        return _status(session, meeting)


@retry_on_conflict
def reopen_minutes(db: Database, meeting_id: int, reason: str) -> MinutesStatus:
    """Unlock adopted minutes so the record can be corrected; the reason is kept in the audit
    trail. The amendments recorded at adoption stay. Adopt them again afterwards."""
    reason = reason.strip()
    require(reason, _("Say why the adopted minutes are reopened."), field="reason")
    with db.transaction() as session:
        meeting = get(session, Meeting, meeting_id, _("meeting"))
        require(
            meeting.minutes_state == MinutesState.ADOPTED.value,
            _(
                "The minutes of the meeting of {day} are not adopted, so they are open already."
            ).format(day=f"{_day(meeting):%d-%m-%Y}"),
        )
        before = {
            "minutes_state": meeting.minutes_state,
            "adopted_in": meeting.minutes_adopted_in_id,
            "adopted_on": (
                meeting.minutes_adopted_on.isoformat() if meeting.minutes_adopted_on else None
            ),
        }
        meeting.minutes_state = MinutesState.DRAFT.value
        meeting.minutes_adopted_in_id = None
        meeting.minutes_adopted_on = None
        session.add(meeting)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="reopen_minutes",
            entity="meeting",
            entity_id=meeting_id,
            before=before,
            after={"minutes_state": meeting.minutes_state},
            summary=reason,
        )
        return _status(session, meeting)
