"""The right to be forgotten (AVG/GDPR art. 17): erase a member's personal data while keeping
the committee's record whole.

The member's row stays (attendance, quorum counts, who chaired a meeting, who owned an action
keep pointing at it) but carries a pseudonym ("Former member 3"), no contact details, no
consents, and the moment it was forgotten. Open ballots are unlinked from the member (the vote
still counts them; only the fact that the member voted remains). Every free text and every
audit event that names the member gets the pseudonym instead.

The audit trail is a chain of hashes, so rewriting an event changes every hash after it. The
chain is recomputed from the first rewritten event, and a final `forget` event records how many
events were rewritten and the head of the chain before: the trail stays verifiable from then on,
and the erasure itself is on record. Backups made earlier still hold the old data until the
daily rotation removes them.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from sqlmodel import Session, col, select

from buurt.db.database import Database
from buurt.db.models import AuditEvent, Ballot, Member
from buurt.db.types import utcnow
from buurt.i18n import _
from buurt.services import audit
from buurt.services.base import ReadModel, get, require
from buurt.services.transfer import TEXT_FIELDS, find_member_row


class ForgetReport(ReadModel):
    """What forgetting a member changed."""

    member_id: int
    pseudonym: str
    ballots_unlinked: int
    texts_changed: int
    events_rewritten: int


ERASED = "[…]"


def pseudonym_for(member_id: int) -> str:
    return _("Former member {n}").format(n=member_id)


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)


def replace_in_texts(session: Session, replacements: list[tuple[str, str]]) -> int:
    """Replace each (old, new) in every free-text column; returns how many values changed."""
    changed = 0
    patterns = [(_pattern(old), new) for old, new in replacements if old.strip()]
    if not patterns:
        return 0
    for model, fields in TEXT_FIELDS:
        for row in session.exec(select(model)):
            touched = False
            for field_name in fields:
                text = getattr(row, field_name) or ""
                new_text = text
                for pattern, new in patterns:
                    new_text = pattern.sub(new, new_text)
                if new_text != text:
                    setattr(row, field_name, new_text)
                    changed += 1
                    touched = True
            if touched:
                session.add(row)
    return changed


def rewrite_audit(
    session: Session, replacements: list[tuple[str, str]], *, before: datetime | None = None
) -> tuple[int, str]:
    """Replace each (old, new) in the audit trail's texts (only in events from before `before`,
    when given) and recompute the chain from the first rewritten event.
    Returns (events rewritten, head hash before)."""
    session.flush()
    events = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.id))))
    head_before = events[-1].hash if events else ""
    forms: list[tuple[re.Pattern[str], str]] = []
    for old, new in replacements:
        if not old.strip():
            continue
        forms.append((_pattern(old), new))
        escaped_old = json.dumps(old, ensure_ascii=False)[1:-1]
        if escaped_old != old:
            forms.append((_pattern(escaped_old), json.dumps(new, ensure_ascii=False)[1:-1]))
    rewritten = 0
    prev = ""
    dirty = False
    for event in events:
        changed = False
        for name in (
            ()
            if before is not None and event.at >= before
            else ("summary", "before_json", "after_json", "actor")
        ):
            text = getattr(event, name)
            new_text = text
            for pattern, new in forms:
                new_text = pattern.sub(new, new_text)
            if new_text != text:
                setattr(event, name, new_text)
                changed = True
        rewritten += changed
        dirty = dirty or changed
        if dirty:
            event.prev_hash = prev
            event.hash = audit.event_digest(prev, event)
            session.add(event)
        prev = event.hash
    return rewritten, head_before


def forget_in_session(session: Session, actor: str, member: Member) -> ForgetReport:
    """Forget `member` inside the caller's transaction (used by `forget_member` and retention)."""
    assert member.id is not None
    require(member.forgotten_at is None, _("This member has already been forgotten."))
    old_name = member.name
    old_contact = [value for value in (member.email, member.phone) if value.strip()]
    pseudonym = pseudonym_for(member.id)
    taken = session.exec(select(Member).where(Member.name == pseudonym)).first()
    if taken is not None and taken.id != member.id:
        pseudonym = f"{pseudonym} ({member.id})"
    member.name = pseudonym
    member.email = ""
    member.phone = ""
    member.function = ""
    member.consent_contact_on = None
    member.consent_public_name_on = None
    member.joined_on = None
    member.active = False
    member.left_on = member.left_on or date.today()
    member.forgotten_at = utcnow()
    session.add(member)
    ballots = list(session.exec(select(Ballot).where(Ballot.voter_id == member.id)))
    for ballot in ballots:
        ballot.voter_id = None
        session.add(ballot)
    replacements = [(old_name, pseudonym), *((value, ERASED) for value in old_contact)]
    texts = replace_in_texts(session, replacements)
    session.flush()
    events, head_before = rewrite_audit(session, replacements)
    audit.record(
        session,
        actor=actor,
        action="forget",
        entity="member",
        entity_id=member.id,
        after={
            "name": pseudonym,
            "ballots_unlinked": len(ballots),
            "texts_changed": texts,
            "events_rewritten": events,
            "chain_head_before": head_before,
        },
        summary=pseudonym,
    )
    return ForgetReport(
        member_id=member.id,
        pseudonym=pseudonym,
        ballots_unlinked=len(ballots),
        texts_changed=texts,
        events_rewritten=events,
    )


def forget_member(db: Database, member_id: int) -> ForgetReport:
    """Erase a member's personal data (see the module docstring), in one transaction."""
    with db.transaction() as session:
        member = get(session, Member, member_id, _("member"))
        report = forget_in_session(session, db.actor, member)
    db.checkpoint()  # old versions of the rows leave the write-ahead log too
    return report


def forget_member_by_name(db: Database, name: str) -> ForgetReport:
    """`forget_member` for the member called `name` (ignoring case)."""
    with db.transaction() as session:
        report = forget_in_session(session, db.actor, find_member_row(session, name))
    db.checkpoint()
    return report
