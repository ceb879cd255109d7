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
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.models import AuditEvent, Ballot, Member
from buurt.db.types import utcnow
from buurt.i18n import _
from buurt.services import audit
from buurt.services.base import ReadModel, get, require
from buurt.services.names import NameRule, contact_mentions, replace_mentions
from buurt.services.transfer import TEXT_FIELDS, find_member_row


class ForgetReport(ReadModel):
    """What forgetting a member changed, and what it left for the chair to decide."""

    member_id: int
    pseudonym: str
    ballots_unlinked: int
    texts_changed: int
    events_rewritten: int
    likely: list[LikelyMention] = []


class LikelyMention(ReadModel):
    """A word that may name the forgotten member but is also an ordinary word ("groen" for
    Fenna Groen): left as it is unless the chair says so."""

    table: str
    row_id: int
    field: str
    text: str  # the word as written
    excerpt: str  # the words around it


ERASED = "[…]"
Edit = Callable[[str], str]


def pseudonym_for(member_id: int) -> str:
    return _("Former member {n}").format(n=member_id)


def literal_edit(replacements: list[tuple[str, str]]) -> Edit:
    """An edit that replaces each (old, new) as a whole word, ignoring case (retention's
    excerpts, which are exact text)."""
    patterns = [
        (re.compile(rf"(?<!\w){re.escape(old)}(?!\w)", re.IGNORECASE), new)
        for old, new in replacements
        if old.strip()
    ]

    def edit(text: str) -> str:
        for pattern, new in patterns:
            text = pattern.sub(lambda _m, new=new: new, text)  # type: ignore[misc]
        return text

    return edit


def member_edit(
    name: str, email: str, phone: str, pseudonym: str, *, also_likely: bool = False
) -> Edit:
    """The edit that forgetting a member makes to a text: the name rule (see
    `buurt.services.names`) replaces their name by the pseudonym, their e-mail address and
    phone number in any notation by [...]. `also_likely` also replaces lower-case ordinary
    words that are part of the name."""
    rule = NameRule(name)

    def edit(text: str) -> str:
        if not text:
            return text
        contact = contact_mentions(text, email=email, phone=phone)
        text = replace_mentions(text, contact, ERASED)
        text = replace_mentions(text, rule.emails(text), ERASED)
        found = [m for m in rule.mentions(text) if m.certain or also_likely]
        return replace_mentions(text, found, pseudonym)

    return edit


def _edit_json(value: Any, edit: Edit) -> Any:
    if isinstance(value, str):
        return edit(value)
    if isinstance(value, list):
        return [_edit_json(v, edit) for v in value]
    if isinstance(value, dict):
        return {k: _edit_json(v, edit) for k, v in value.items()}
    return value


def edit_event_json(text: str, edit: Edit, fields: dict[str, str] | None = None) -> str:
    """An event's before/after with `edit` applied to every text value inside it: parsed,
    changed and written again, so the result is always valid JSON (a member called "null"
    cannot break it). Text that is not JSON is left as it is (`buurt verify` reports it)."""
    if not text:
        return text
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return text
    changed = _edit_json(data, edit)
    if fields and isinstance(changed, dict):
        for key, value in fields.items():
            if changed.get(key):
                changed[key] = value
    if changed == data:
        return text
    return json.dumps(changed, sort_keys=True, ensure_ascii=False, default=str)


def replace_in_texts(session: Session, edit: Edit) -> int:
    """Apply `edit` to every free-text column; returns how many values changed."""
    changed = 0
    for model, fields in TEXT_FIELDS:
        for row in session.exec(select(model)):
            touched = False
            for field_name in fields:
                text = getattr(row, field_name) or ""
                new_text = edit(text)
                if new_text != text:
                    setattr(row, field_name, new_text)
                    changed += 1
                    touched = True
            if touched:
                session.add(row)
    return changed


def likely_mentions(session: Session, name: str) -> list[LikelyMention]:
    """Words in the free texts that may name `name` but are also ordinary words."""
    rule = NameRule(name)
    found = []
    for model, fields in TEXT_FIELDS:
        for row in session.exec(select(model)):
            for field_name in fields:
                text = getattr(row, field_name) or ""
                for m in rule.mentions(text):
                    if not m.certain:
                        found.append(
                            LikelyMention(
                                table=str(model.__tablename__),
                                row_id=int(getattr(row, "id", 0) or 0),
                                field=field_name,
                                text=m.text,
                                excerpt=text[max(0, m.start - 30) : m.end + 30].strip(),
                            )
                        )
    return found


def _then(first: Edit, second: Edit) -> Edit:
    return lambda text: second(first(text))


def _confirmed_edits(
    session: Session, confirmed: list[LikelyMention], pseudonym: str
) -> tuple[int, dict[tuple[str, str], Edit]]:
    """Replace the mentions the chair confirmed, in their own field only; the edits to make
    to the audit events about those rows. Returns (fields changed, edits by row)."""
    models = {str(model.__tablename__): model for model, _fields in TEXT_FIELDS}
    by_row: dict[tuple[str, int], list[LikelyMention]] = {}
    for mention in confirmed:
        by_row.setdefault((mention.table, mention.row_id), []).append(mention)
    changed = 0
    edits: dict[tuple[str, str], Edit] = {}
    for (table, row_id), mentions in by_row.items():
        model = models.get(table)
        row = session.get(model, row_id) if model is not None else None
        if row is None:
            continue
        words = sorted({m.text for m in mentions}, key=len, reverse=True)
        patterns = [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in words]

        def edit(text: str, patterns: list[re.Pattern[str]] = patterns) -> str:
            for pattern in patterns:
                text = pattern.sub(lambda _m: pseudonym, text)
            return text

        for field_name in {m.field for m in mentions}:
            text = getattr(row, field_name) or ""
            if edit(text) != text:
                setattr(row, field_name, edit(text))
                changed += 1
        session.add(row)
        edits[(table, str(row_id))] = edit
    return changed, edits


def rewrite_audit(
    session: Session,
    replacements: list[tuple[str, str]] | Edit,
    *,
    before: datetime | None = None,
    extra: dict[tuple[str, str], Edit] | None = None,
    fields: dict[tuple[str, str], dict[str, str]] | None = None,
) -> tuple[int, str]:
    """Apply an edit (or literal (old, new) replacements) to the audit trail's texts, inside
    its JSON values (only in events from before `before`, when given), and recompute the chain
    from the first rewritten event. `extra` adds an edit for the events about one row
    ((entity, id) -> edit); `fields` sets fields of the events about one row to a value
    (a forgotten member's earlier e-mail addresses and phone numbers).
    Returns (events rewritten, head hash before)."""
    general = replacements if callable(replacements) else literal_edit(replacements)
    extra = extra or {}
    session.flush()
    events = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.id))))
    head_before = events[-1].hash if events else ""
    rewritten = 0
    prev = ""
    dirty = False
    for event in events:
        changed = False
        if before is None or event.at < before:
            more = extra.get((event.entity, event.entity_id))
            edit = general if more is None else _then(general, more)
            for name in ("summary", "actor"):
                text = getattr(event, name)
                new_text = edit(text)
                if new_text != text:
                    setattr(event, name, new_text)
                    changed = True
            own = (fields or {}).get((event.entity, event.entity_id))
            for name in ("before_json", "after_json"):
                text = getattr(event, name)
                new_text = edit_event_json(text, edit, own)
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


def forget_in_session(
    session: Session,
    actor: str,
    member: Member,
    *,
    also_likely: bool = False,
    confirmed: list[LikelyMention] | None = None,
) -> ForgetReport:
    """Forget `member` inside the caller's transaction (used by `forget_member` and retention).
    The likely mentions (`likely_mentions`) are replaced when the chair `confirmed` them, all of
    them with `also_likely`; the others are listed in the report."""
    assert member.id is not None
    require(member.forgotten_at is None, _("This member has already been forgotten."))
    old_name = member.name
    old_email, old_phone = member.email, member.phone
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
    edit = member_edit(old_name, old_email, old_phone, pseudonym, also_likely=also_likely)
    texts = replace_in_texts(session, edit)
    confirmed_changed, extra = _confirmed_edits(session, confirmed or [], pseudonym)
    texts += confirmed_changed
    session.flush()
    likely = [] if also_likely else likely_mentions(session, old_name)
    erased = {"name": pseudonym, "email": ERASED, "phone": ERASED, "function": ERASED}
    events, head_before = rewrite_audit(
        session, edit, extra=extra, fields={("member", str(member.id)): erased}
    )
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
        likely=likely,
    )


class ForgetPlan(ReadModel):
    """Before forgetting: who, what to look for in backups, and the likely mentions the chair
    decides on."""

    member_id: int
    name: str
    traces: list[str]  # the name, e-mail address and phone number as stored
    likely: list[LikelyMention]


def forget_plan(db: Database, name: str) -> ForgetPlan:
    """What forgetting the member called `name` involves (nothing is changed)."""
    with db.reading() as session:
        member = find_member_row(session, name)
        assert member.id is not None
        require(member.forgotten_at is None, _("This member has already been forgotten."))
        return ForgetPlan(
            member_id=member.id,
            name=member.name,
            traces=[v for v in (member.name, member.email, member.phone) if v.strip()],
            likely=likely_mentions(session, member.name),
        )


@retry_on_conflict
def forget_member(
    db: Database,
    member_id: int,
    *,
    also_likely: bool = False,
    confirmed: list[LikelyMention] | None = None,
) -> ForgetReport:
    """Erase a member's personal data (see the module docstring), in one transaction. The file
    is then rebuilt, so no old version of a row stays in its free space or its log."""
    with db.transaction() as session:
        member = get(session, Member, member_id, _("member"))
        report = forget_in_session(
            session, db.actor, member, also_likely=also_likely, confirmed=confirmed
        )
    db.checkpoint(rebuild=True)
    return report


def forget_member_by_name(
    db: Database,
    name: str,
    *,
    also_likely: bool = False,
    confirmed: list[LikelyMention] | None = None,
) -> ForgetReport:
    """`forget_member` for the member called `name` (ignoring case)."""
    with db.reading() as session:
        member_id = find_member_row(session, name).id
    assert member_id is not None
    return forget_member(db, member_id, also_likely=also_likely, confirmed=confirmed)
