"""The audit trail: every write records an `AuditEvent`, chained by hashes.

Each event's `hash` is the SHA-256 of the previous event's hash and the event's own canonical
content (`event_digest`), so removing or changing any event breaks the chain from there on
(`buurt verify` recomputes it).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, SQLModel, col, func, or_, select

from buurt.db.models import AuditEvent
from buurt.db.types import utcnow
from buurt.i18n import _
from buurt.services.base import ReadModel

if TYPE_CHECKING:
    from buurt.db.database import Database


def snapshot(row: SQLModel | None) -> dict[str, Any]:
    """A row's columns as JSON-ready values (for the before/after of an event)."""
    if row is None:
        return {}
    return {key: _plain(value) for key, value in row.model_dump().items()}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str) if data else ""


def event_digest(prev_hash: str, event: AuditEvent) -> str:
    """The hash an event must carry, given the hash of the event before it."""
    content = json.dumps(
        [
            prev_hash,
            event.at.isoformat(),
            event.actor,
            event.action,
            event.entity,
            event.entity_id,
            event.summary,
            event.before_json,
            event.after_json,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: object = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEvent:
    """Add an audit event to the current transaction, chained to the last one."""
    last = session.exec(
        select(AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)
    ).first()
    prev_hash = last or ""
    event = AuditEvent(
        at=utcnow(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id="" if entity_id is None else str(entity_id),
        summary=summary,
        before_json=_dumps(before or {}),
        after_json=_dumps(after or {}),
        prev_hash=prev_hash,
    )
    event.hash = event_digest(prev_hash, event)
    session.add(event)
    return event


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, before and after."""
    # The row version is bookkeeping (see `buurt.db.models`), not a change anyone made.
    keys = [k for k in after if k != "version" and before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


class AuditRead(ReadModel):
    """One event of the audit trail, as the audit screen and the export show it."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    summary: str
    before_json: str
    after_json: str
    prev_hash: str
    hash: str


class ChainBreak(ReadModel):
    """Where the audit trail stops being what was written: the first event that does not fit,
    and why (in the current language)."""

    event_id: int
    at: datetime | None
    reason: str


class ChainReport(ReadModel):
    """The result of `verify_chain`: how many events were checked and the first break, if any."""

    events: int
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _valid_json(text: str) -> bool:
    """Empty, or a JSON object (what `record` writes)."""
    if not text:
        return True
    try:
        return isinstance(json.loads(text), dict)
    except json.JSONDecodeError:
        return False


def verify_chain(db: Database) -> ChainReport:
    """Recompute every event's hash from the one before it; report the first event that was
    changed, removed (a gap in the chain) or inserted, or whose before/after is not valid JSON
    (a chain can be recomputed over damaged events, so the hashes alone would not show it)."""
    prev = ""
    count = 0
    with db.reading() as session:
        rows = session.exec(select(AuditEvent).order_by(col(AuditEvent.id)))
        for event in rows:
            count += 1
            reason = ""
            if event.prev_hash != prev:
                reason = _(
                    "event {id} does not follow the event before it: an event was removed, "
                    "inserted or changed there."
                ).format(id=event.id)
            elif event_digest(prev, event) != event.hash:
                reason = _("event {id} was changed after it was written.").format(id=event.id)
            elif not _valid_json(event.before_json) or not _valid_json(event.after_json):
                reason = _(
                    "event {id} holds a before or after that is not valid JSON: it was "
                    "damaged when it was rewritten."
                ).format(id=event.id)
            if reason:
                return ChainReport(
                    events=count,
                    first_break=ChainBreak(event_id=event.id or 0, at=event.at, reason=reason),
                )
            prev = event.hash
    return ChainReport(events=count, first_break=None)


def list_events(
    db: Database,
    *,
    since: date | None = None,
    until: date | None = None,
    entity: str | None = None,
    person: str = "",
    text: str = "",
    limit: int | None = 500,
    offset: int = 0,
) -> list[AuditRead]:
    """The audit trail, newest first. `since`/`until` are local dates (inclusive); `entity`
    limits the kind of thing; `person` matches who did it or whom it is about (a member's name
    in the summary or the before/after); `text` matches the summary."""
    with db.reading() as session:
        query = select(AuditEvent)
        if since is not None:
            query = query.where(col(AuditEvent.at) >= _local_midnight(since))
        if until is not None:
            query = query.where(col(AuditEvent.at) < _local_midnight(until + timedelta(days=1)))
        if entity:
            query = query.where(AuditEvent.entity == entity)
        if person.strip():
            pattern = f"%{person.strip().lower()}%"
            query = query.where(
                or_(
                    func.lower(AuditEvent.actor).like(pattern),
                    func.lower(AuditEvent.summary).like(pattern),
                    func.lower(AuditEvent.before_json).like(pattern),
                    func.lower(AuditEvent.after_json).like(pattern),
                )
            )
        if text.strip():
            query = query.where(func.lower(AuditEvent.summary).like(f"%{text.strip().lower()}%"))
        query = query.order_by(col(AuditEvent.id).desc()).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [AuditRead.model_validate(e) for e in session.exec(query)]


def audit_entities(db: Database) -> list[str]:
    """The kinds of things the trail mentions (for the audit screen's filter)."""
    with db.reading() as session:
        return sorted(
            str(e) for e in session.exec(select(AuditEvent.entity).distinct()) if e is not None
        )


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone(UTC)


def record_update(
    session: Session,
    *,
    actor: str,
    row: SQLModel,
    before: dict[str, Any],
    entity: str,
    summary: str = "",
) -> AuditEvent:
    """Flush an edited row and record only what changed."""
    session.add(row)
    session.flush()
    old, new = changes(before, snapshot(row))
    return record(
        session,
        actor=actor,
        action="update",
        entity=entity,
        entity_id=getattr(row, "id", ""),
        before=old,
        after=new,
        summary=summary,
    )
