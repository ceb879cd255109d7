"""A whole city database read at once: one UNION ALL query per part over every schema, in one
consistent view, giving the same summaries as reading each schema through the services."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from buurt.db.database import Database
from buurt.db.enums import MeetingStatus
from buurt.db.files import head_revision, known_revisions
from buurt.i18n import _
from buurt.services.city.models import (
    NEEDS_UPGRADE,
    UNREADABLE,
    NeighbourhoodSummary,
    OverdueAction,
    Results,
)
from buurt.services.city.summary import CityAction, status_only, summarise
from buurt.services.priorities.top import RUNNING


def read_city(
    schemas: list[tuple[str, AbstractContextManager[Database]]], day: date, now: datetime
) -> Results:
    """Every schema of a city database at once: one UNION ALL query per part (see the module
    doc); the same summaries as `summary.read_neighbourhood` gives schema by schema."""
    if not schemas:
        return []
    labels = [label for label, _opened in schemas]
    with schemas[0][1] as first:
        engine = first.engine.execution_options(schema_translate_map=None)
    with engine.connect() as connection:
        # One view of the whole city (read-only: the connection's default).
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            return _read_schemas(connection, labels, day, now)


def _union(connection: Connection, labels: list[str], query: str, **params: Any) -> list[Any]:
    """`query` (its tables written as `{s}.table`) for every schema, as one UNION ALL whose rows
    start with the schema's position in `labels`."""
    parts = [
        f"(SELECT {n} AS n, q.* FROM ({query.format(s=_quoted(label))}) AS q)"
        for n, label in enumerate(labels)
    ]
    return list(connection.execute(text(" UNION ALL ".join(parts)), params))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read_schemas(connection: Connection, labels: list[str], day: date, now: datetime) -> Results:
    results: dict[int, tuple[NeighbourhoodSummary, list[OverdueAction]]] = {}
    ready = []
    for n, revision in _union(connection, labels, "SELECT version_num FROM {s}.alembic_version"):
        if revision not in known_revisions():
            problem = _("made by a newer version of buurt")
            results[n] = status_only(labels[n], UNREADABLE, problem), []
        elif revision != head_revision():
            results[n] = status_only(labels[n], NEEDS_UPGRADE, _("needs an upgrade")), []
        else:
            ready.append(n)
    for n in set(range(len(labels))) - set(results) - set(ready):  # no version row at all
        results[n] = status_only(labels[n], NEEDS_UPGRADE, _("needs an upgrade")), []
    live_labels = [labels[n] for n in ready]

    def part(query: str, **params: Any) -> dict[int, list[Any]]:
        rows: dict[int, list[Any]] = {}
        for row in _union(connection, live_labels, query, **params) if live_labels else []:
            rows.setdefault(ready[row[0]], []).append(row[1:])
        return rows

    neighbourhoods = part("SELECT name, professional_hours FROM {s}.neighbourhood ORDER BY id")
    periods = part(
        "SELECT hours_available FROM {s}.period WHERE start_on <= :day "
        "ORDER BY start_on DESC LIMIT 1",
        day=day,
    )
    meetings = part(
        "(SELECT 0 AS k, starts_at, place FROM {s}.meeting WHERE status = :open LIMIT 1) "
        "UNION ALL (SELECT 1, starts_at, place FROM {s}.meeting WHERE status = :planned "
        "AND starts_at >= :now ORDER BY starts_at LIMIT 1) ORDER BY k LIMIT 1",
        open=MeetingStatus.OPEN.value,
        planned=MeetingStatus.PLANNED.value,
        now=now,
    )
    # One table per query, joined here: a server plans a hundred joins far slower than it
    # reads a hundred tables.
    priorities = part("SELECT id, rank, status, problem_id FROM {s}.priority ORDER BY rank, id")
    problems = part("SELECT id, title, street FROM {s}.problem")
    members = part("SELECT id, name FROM {s}.member")
    organisations = part("SELECT id, name FROM {s}.organisation")
    actions = part(
        "SELECT title, status, priority_id, hours, due_on, owner_member_id, "
        "owner_organisation_id, problem_id FROM {s}.action "
        "ORDER BY due_on IS NULL, due_on, id"
    )
    for n in ready:
        if not neighbourhoods.get(n):
            results[n] = (
                status_only(labels[n], UNREADABLE, _("This file holds no neighbourhood yet.")),
                [],
            )
            continue
        name, professional_hours = neighbourhoods[n][0]
        period = periods.get(n)
        meeting = (meetings.get(n) or [None])[0]
        problem_of = {pid: (title, street) for pid, title, street in problems.get(n, [])}
        member = dict(members.get(n, []))
        organisation = dict(organisations.get(n, []))
        priority_problem = {pid: problem_id for pid, _r, _s, problem_id in priorities.get(n, [])}
        running = [
            (pid, rank, *problem_of.get(problem_id, ("", "")))
            for pid, rank, status, problem_id in priorities.get(n, [])
            if status in RUNNING
        ]
        results[n] = summarise(
            labels[n],
            name,
            day,
            hours_available=period[0][0] if period else professional_hours,
            priorities=running,
            actions=[
                CityAction(
                    title,
                    status,
                    priority_id,
                    hours,
                    due_on,
                    member.get(member_id, ""),
                    organisation.get(organisation_id, ""),
                    problem_of.get(problem_id or priority_problem.get(priority_id), ("", ""))[0],
                )
                for (
                    title,
                    status,
                    priority_id,
                    hours,
                    due_on,
                    member_id,
                    organisation_id,
                    problem_id,
                ) in actions.get(n, [])
            ],
            meeting=None if meeting is None else (_utc(meeting[1]).date(), meeting[2]),
        )
    return [results[n] for n in range(len(labels))]


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
