"""The follow-up (terugkoppeling): an owner reports an action's status and a note at a
meeting.
"""

from __future__ import annotations

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import ActionStatus
from buurt.db.models import Action, ActionUpdate, Meeting, Member
from buurt.db.types import utcnow
from buurt.errors import InputError
from buurt.i18n import _
from buurt.services import audit
from buurt.services.actions.overview import UpdateRead, _names
from buurt.services.base import clean_text, get, require
from buurt.services.minutes_approval import ensure_minutes_open


@retry_on_conflict
def report(
    db: Database,
    action_id: int,
    status: ActionStatus | str,
    note: str = "",
    *,
    meeting_id: int | None = None,
    reported_by_id: int | None = None,
) -> UpdateRead:
    """Record a follow-up: the owner's report and the action's new status."""
    try:
        value = ActionStatus(status)
    except ValueError:
        raise InputError(
            _("Unknown action status: {status}.").format(status=status), field="status"
        ) from None
    note = clean_text(note, multiline=True).strip()
    require(
        value not in (ActionStatus.BLOCKED, ActionStatus.DROPPED) or note,
        _("Say why the action is blocked or dropped."),
        field="note",
    )
    with db.transaction() as session:
        row = get(session, Action, action_id, _("action"))
        if meeting_id is not None:
            get(session, Meeting, meeting_id, _("meeting"))
            ensure_minutes_open(session, meeting_id)
        if reported_by_id is not None:
            get(session, Member, reported_by_id, _("member"))
        before = row.status
        row.status = value.value
        row.updated_at = utcnow()
        session.add(row)
        update = ActionUpdate(
            action_id=action_id,
            meeting_id=meeting_id,
            status=value.value,
            note=note,
            reported_by_id=reported_by_id,
        )
        session.add(update)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="follow_up",
            entity="action",
            entity_id=row.id,
            before={"status": before},
            after={"status": value.value, "note": note},
            summary=row.title,
        )
        members, _organisations = _names(session)
        data = update.model_dump()
        data["reported_by"] = members.get(reported_by_id or -1, "")
        return UpdateRead.model_validate(data)
