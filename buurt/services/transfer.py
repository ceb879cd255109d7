"""Export and re-import: everything in one JSON document, everything about one person (an
AVG/GDPR access request), and the contact list (only members who consented).

The full export holds every row of every table, keyed by table, with the schema revision and a
format version. `import_json` puts such a document into a new, empty file: the same rows with the
same keys (the audit trail's chain of hashes included), plus one audit event recording the
import, so exporting the new file gives the same document with that one event added.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Integer, String, Table, Text, func, select
from sqlmodel import Session, SQLModel, col
from sqlmodel import select as sm_select

import buurt
from buurt.db.database import Database, head_revision, known_revisions, retry_on_conflict
from buurt.db.models import (
    Action,
    ActionUpdate,
    Attendance,
    AuditEvent,
    Ballot,
    BallotRank,
    Meeting,
    MeetingNote,
    Member,
    MinutesAmendment,
    Organisation,
    Priority,
    PriorityDecision,
    Problem,
    ProblemStatusChange,
    Vote,
    VoteCandidate,
    VoteParticipation,
)
from buurt.db.types import UTCDateTime, utcnow
from buurt.errors import InputError, NotFound
from buurt.i18n import _
from buurt.services import audit

FORMAT = "buurt-export"
FORMAT_VERSION = 1


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export_data(db: Database) -> dict[str, Any]:
    """Every row of every table, as JSON-ready values, with the schema it was made with."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with db.reading() as session:
        for table in _tables():
            keys = list(table.primary_key.columns)
            result = session.execute(select(table).order_by(*keys))
            tables[table.name] = [
                {key: _plain(value) for key, value in row._mapping.items()} for row in result
            ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": head_revision(),
        "buurt_version": buurt.__version__,
        "exported_at": utcnow().isoformat(),
        "tables": tables,
    }


def export_json(db: Database) -> str:
    """The full export as JSON text (UTF-8, readable, stable key order)."""
    return json.dumps(export_data(db), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# -- import ---------------------------------------------------------------------------------------


def _bad(name: str, reason: str) -> InputError:
    return InputError(_("{file} is not a buurt export: {reason}").format(file=name, reason=reason))


def _value(table: Table, column_name: str, value: Any, where: str, name: str) -> Any:
    column = table.columns[column_name]
    if value is None:
        if not column.nullable and not column.primary_key:
            raise _bad(
                name, _("{where}: {column} is missing.").format(where=where, column=column_name)
            )
        return None
    kind = column.type
    try:
        if isinstance(kind, UTCDateTime):
            moment = datetime.fromisoformat(str(value))
            if moment.tzinfo is None:
                raise ValueError(value)
            return moment
        if isinstance(kind, Date):
            return date.fromisoformat(str(value))
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise ValueError(value)
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(value)
            return value
        if isinstance(kind, String | Text):
            if not isinstance(value, str):
                raise ValueError(value)
            return value
    except (ValueError, TypeError):
        raise _bad(
            name,
            _("{where}: {column} has a value of the wrong kind ({value}).").format(
                where=where, column=column_name, value=str(value)[:40]
            ),
        ) from None
    return value


def _parse(data: bytes | str, name: str) -> dict[str, list[dict[str, Any]]]:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise _bad(name, str(error)) from None
    except RecursionError:
        raise _bad(name, _("it is nested too deeply to be one.")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _bad(name, _("it does not say it is one."))
    if document.get("format_version") != FORMAT_VERSION:
        raise _bad(
            name,
            _("its format version {version} is not one this buurt reads.").format(
                version=document.get("format_version")
            ),
        )
    schema = document.get("schema")
    if schema != head_revision():
        if schema not in known_revisions():
            raise InputError(
                _(
                    "{file} was made by a newer version of buurt (schema {revision}); "
                    "update buurt to open it."
                ).format(file=name, revision=schema)
            )
        raise _bad(
            name,
            _(
                "it was made with the older schema {revision}; open the original file with this "
                "buurt first (it is upgraded) and export it again."
            ).format(revision=schema),
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise _bad(name, _("it holds no tables."))
    known = {t.name for t in _tables()}
    for table_name, rows in tables.items():
        if table_name not in known:
            raise _bad(name, _("it has an unknown table {table}.").format(table=table_name))
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise _bad(name, _("the table {table} is not a list of rows.").format(table=table_name))
    if len(tables.get("neighbourhood", [])) != 1:
        raise _bad(name, _("it holds no neighbourhood."))
    return tables


@retry_on_conflict
def import_json(db: Database, data: bytes | str, name: str = "<json>") -> dict[str, int]:
    """Put a full export into this file, which must be empty (migrated, no neighbourhood).
    All or nothing. Returns the number of rows per table."""
    tables = _parse(data, name)
    counts: dict[str, int] = {}
    try:
        with db.transaction() as session:
            _require_empty(session)
            # Rows may point forward (minutes adopted in a later meeting): check at commit.
            session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for table in _tables():
                rows = tables.get(table.name, [])
                values = []
                for number, row in enumerate(rows, start=1):
                    where = _("table {table}, row {n}").format(table=table.name, n=number)
                    unknown = set(row) - set(table.columns.keys())
                    if unknown:
                        raise _bad(
                            name,
                            _("{where}: unknown column {column}.").format(
                                where=where, column=sorted(unknown)[0]
                            ),
                        )
                    values.append({k: _value(table, k, v, where, name) for k, v in row.items()})
                if values:
                    session.execute(table.insert(), values)
                counts[table.name] = len(values)
            session.flush()
            # A changed export (an event edited, removed or inserted) is refused before it
            # becomes a file that looks whole: its audit trail must be the one that was written.
            chain = audit.verify_chain(db)
            if chain.first_break is not None:
                raise _bad(
                    name,
                    _("its audit trail is broken: {reason}").format(
                        reason=chain.first_break.reason
                    ),
                )
            audit.record(
                session,
                actor=db.actor,
                action="import",
                entity="export",
                summary=name,
                after={"file": name, "rows": sum(counts.values())},
            )
    except InputError:
        raise
    except Exception as error:
        from sqlalchemy.exc import IntegrityError

        if isinstance(error, IntegrityError):
            raise _bad(
                name,
                _("its rows do not fit together ({reason}).").format(reason=str(error.orig)),
            ) from None
        raise
    return counts


def _require_empty(session: Session) -> None:
    for table in _tables():
        if session.execute(select(func.count()).select_from(table)).scalar():
            raise InputError(
                _("This file already holds a neighbourhood; import the export into a new file.")
            )


# -- one person ---------------------------------------------------------------------------------


def find_member_row(session: Session, name: str) -> Member:
    member = session.exec(
        sm_select(Member).where(func.lower(Member.name) == name.strip().lower())
    ).first()
    if member is None:
        raise NotFound(_("There is no member called {name}.").format(name=name.strip()))
    return member


def _mentions(session: Session, name: str) -> list[dict[str, Any]]:
    """Free texts that mention `name` (ignoring case)."""
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    found: list[dict[str, Any]] = []
    for model, fields in TEXT_FIELDS:
        for row in session.exec(sm_select(model)):
            for field_name in fields:
                text = getattr(row, field_name) or ""
                if pattern.search(text):
                    found.append(
                        {
                            "table": model.__tablename__,
                            "id": getattr(row, "id", None),
                            "field": field_name,
                            "text": text,
                        }
                    )
    return found


# Every free-text column, where names may have been typed.
TEXT_FIELDS: list[tuple[type[SQLModel], tuple[str, ...]]] = [
    (Problem, ("title", "description", "location_detail", "referred_to")),
    (ProblemStatusChange, ("reason",)),
    (MeetingNote, ("text",)),
    (MinutesAmendment, ("text",)),
    (Action, ("title",)),
    (ActionUpdate, ("note",)),
    (Priority, ("success_criterion", "closed_reason")),
    (PriorityDecision, ("note",)),
    (Meeting, ("place",)),
    (Vote, ("title",)),
]


def member_data(db: Database, name: str) -> dict[str, Any]:
    """Everything this file holds about one member (an AVG/GDPR access request)."""
    with db.reading() as session:
        member = find_member_row(session, name)
        member_id = member.id
        organisation = (
            session.get(Organisation, member.organisation_id) if member.organisation_id else None
        )
        meetings = {m.id: m for m in session.exec(sm_select(Meeting))}

        def when(meeting_id: int | None) -> str:
            meeting = meetings.get(meeting_id)
            return meeting.starts_at.isoformat() if meeting else ""

        profile = {key: _plain(value) for key, value in member.model_dump().items()}
        profile["organisation"] = organisation.name if organisation else ""
        attendance = [
            {"meeting": a.meeting_id, "starts_at": when(a.meeting_id), "status": a.status}
            for a in session.exec(sm_select(Attendance).where(Attendance.member_id == member_id))
        ]
        roles = [
            {
                "meeting": m.id,
                "starts_at": m.starts_at.isoformat(),
                "as": "chair" if m.chair_id == member_id else "minute taker",
            }
            for m in meetings.values()
            if member_id in (m.chair_id, m.minute_taker_id)
        ]
        raised = [
            {
                "problem": p.id,
                "title": p.title,
                "logged_at": p.logged_at.isoformat(),
                "status": p.status,
            }
            for p in session.exec(sm_select(Problem).where(Problem.raised_by_id == member_id))
        ]
        owned = [
            {"action": a.id, "title": a.title, "status": a.status, "due_on": _plain(a.due_on)}
            for a in session.exec(sm_select(Action).where(Action.owner_member_id == member_id))
        ]
        reported = [
            {"action": u.action_id, "note": u.note, "at": u.created_at.isoformat()}
            for u in session.exec(
                sm_select(ActionUpdate).where(ActionUpdate.reported_by_id == member_id)
            )
        ]
        votes = []
        for participation in session.exec(
            sm_select(VoteParticipation).where(VoteParticipation.member_id == member_id)
        ):
            vote = session.get(Vote, participation.vote_id)
            if vote is None:
                continue
            ranks: dict[str, int] | None = None
            ballot = session.exec(
                sm_select(Ballot)
                .where(Ballot.vote_id == vote.id)
                .where(Ballot.voter_id == member_id)
            ).first()
            if ballot is not None:
                labels = {
                    c.id: c.label
                    for c in session.exec(
                        sm_select(VoteCandidate).where(VoteCandidate.vote_id == vote.id)
                    )
                }
                ranks = {
                    labels.get(r.candidate_id, str(r.candidate_id)): r.rank
                    for r in session.exec(
                        sm_select(BallotRank).where(BallotRank.ballot_id == ballot.id)
                    )
                }
            votes.append(
                {
                    "vote": vote.id,
                    "title": vote.title,
                    "secret": vote.secret,
                    # A secret ballot is not linked to its voter: only the fact of voting is kept.
                    "ranks": ranks,
                }
            )
        events = _events_about(session, member)
        mentions = _mentions(session, member.name)
    return {
        "format": "buurt-member-data",
        "exported_at": utcnow().isoformat(),
        "member": profile,
        "attendance": attendance,
        "meeting_roles": roles,
        "problems_raised": raised,
        "actions_owned": owned,
        "follow_ups_reported": reported,
        "votes": votes,
        "mentions": mentions,
        "audit_events": events,
    }


def _events_about(session: Session, member: Member) -> list[dict[str, Any]]:
    needle = member.name.lower()
    result = []
    for event in session.exec(sm_select(AuditEvent).order_by(col(AuditEvent.id))):
        about = event.entity == "member" and event.entity_id == str(member.id)
        text = f"{event.summary}\n{event.before_json}\n{event.after_json}".lower()
        if about or needle in text:
            result.append(
                {
                    "id": event.id,
                    "at": event.at.isoformat(),
                    "action": event.action,
                    "entity": event.entity,
                    "entity_id": event.entity_id,
                    "summary": event.summary,
                    "before": event.before_json,
                    "after": event.after_json,
                }
            )
    return result


def member_data_json(db: Database, name: str) -> str:
    return json.dumps(member_data(db, name), ensure_ascii=False, indent=1) + "\n"


def contact_list(db: Database) -> list[dict[str, str]]:
    """Members who consented to the contact list, with their contact details; nobody else."""
    with db.reading() as session:
        organisations = {o.id: o.name for o in session.exec(sm_select(Organisation))}
        rows = session.exec(
            sm_select(Member)
            .where(col(Member.active))
            .where(col(Member.consent_contact_on).is_not(None))
            .where(col(Member.forgotten_at).is_(None))
            .order_by(func.lower(Member.name))
        )
        return [
            {
                "name": m.name,
                "organisation": organisations.get(m.organisation_id, ""),
                "function": m.function,
                "email": m.email,
                "phone": m.phone,
            }
            for m in rows
        ]
