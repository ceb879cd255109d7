"""The audit trail: every write records an `AuditEvent`, chained by hashes.

Each event's `hash` is the SHA-256 of the previous event's hash and the event's own canonical
content (`event_digest`), so removing or changing any event breaks the chain from there on
(`buurt verify` recomputes it).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from buurt.db.models import AuditEvent
from buurt.db.types import utcnow


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
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
