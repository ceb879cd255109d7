"""What the chair sees on opening a neighbourhood: everything the dashboard shows, read in one
read transaction of five plain SQL statements (joins and aggregates, no loops), into plain frozen
dataclasses.

The read needs no ORM, so it runs in two places with the same code (`read_dashboard`):

- `dashboard_of_file(path, ...)`: on a SQLite file at start, over a read-only `sqlite3`
  connection, before SQLAlchemy is even imported (the app's first useful screen, issue 13);
- `dashboard(db, ...)`: on an open `Database` (every refresh; a file or PostgreSQL), over the
  engine's own DB-API connection, which already carries the neighbourhood's `search_path`.

The rules are the services' own (`tests/services/test_dashboard_fast.py` checks each against
them): the top 3 is `current_priorities`; an action counts for its priority unless dropped, and
is overdue when open, in progress or blocked with a due date before today (`ActionRead.is_overdue`);
the period is `current_period`; the meetings are `next_meeting` and `latest_meeting`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from buurt.errors import InputError
from buurt.i18n import _

if TYPE_CHECKING:
    from buurt.db.database import Database

log = logging.getLogger("buurt.dashboard")

OVERDUE_SHOWN = 25
# `ActionStatus` values: open (open, in progress, blocked), done, dropped; `PriorityStatus`
# running (active, continued); `MeetingStatus`. Spelled out here, checked against the enums by
# the tests, so this module imports nothing of the data layer.
_OPEN = "('open', 'in_progress', 'blocked')"
_DONE = "'done'"
_DROPPED = "'dropped'"
_RUNNING = "('active', 'continued')"


@dataclass(frozen=True)
class NeighbourhoodShown:
    name: str
    professional_hours: int
    theme: str


@dataclass(frozen=True)
class PeriodShown:
    id: int
    start_on: date
    end_on: date
    hours_available: int


@dataclass(frozen=True)
class PriorityShown:
    id: int
    rank: int
    title: str
    street: str
    success_criterion: str


@dataclass(frozen=True)
class PriorityProgress:
    priority: PriorityShown
    actions: int  # every action of the priority but the dropped ones
    done: int
    overdue: int
    hours: int

    @property
    def fraction(self) -> float:
        return self.done / self.actions if self.actions else 0.0


@dataclass(frozen=True)
class OverdueAction:
    id: int
    title: str
    owner_member: str
    owner_organisation: str
    due_on: date

    @property
    def owner(self) -> str:
        """Who owns it, as people say it: "Sandra (Politie)", "Woonstad", "Kees"."""
        if self.owner_member and self.owner_organisation:
            return f"{self.owner_member} ({self.owner_organisation})"
        return self.owner_member or self.owner_organisation

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due_on).days)


@dataclass(frozen=True)
class MeetingShown:
    id: int
    kind: str
    status: str
    starts_at: datetime  # timezone-aware, UTC
    place: str


@dataclass(frozen=True)
class Dashboard:
    neighbourhood: NeighbourhoodShown
    period: PeriodShown | None
    priorities: tuple[PriorityProgress, ...]
    overdue: tuple[OverdueAction, ...]  # the longest overdue first, at most OVERDUE_SHOWN
    overdue_total: int
    hours_committed: int
    hours_available: int
    next_meeting: MeetingShown | None
    last_meeting: MeetingShown | None
    problems_by_status: Mapping[str, int]
    open_actions: int
    today: date

    @property
    def over_budget(self) -> int:
        """How many hours more are committed than the period has (0 when within)."""
        return max(0, self.hours_committed - self.hours_available)

    @property
    def open_problems(self) -> int:
        return sum(self.problems_by_status.get(s, 0) for s in ("new", "candidate", "parked"))


class _Cursor(Protocol):
    def execute(self, sql: str, parameters: Any = ..., /) -> object: ...
    def fetchall(self) -> Sequence[Sequence[Any]]: ...
    def fetchone(self) -> Sequence[Any] | None: ...


# The neighbourhood, its current period (`current_period`: the latest that started by today)
# and the open-action counts (`count_open_actions`), in one row.
_HEAD = f"""
SELECT n.name, n.professional_hours, n.theme,
       p.id, p.start_on, p.end_on, p.hours_available,
       (SELECT COUNT(*) FROM action WHERE status IN {_OPEN}),
       (SELECT COUNT(*) FROM action WHERE status IN {_OPEN} AND due_on < :today)
FROM neighbourhood n
LEFT JOIN period p ON p.id = (
    SELECT id FROM period WHERE start_on <= :today ORDER BY start_on DESC, id LIMIT 1
)
ORDER BY n.id
LIMIT 1
"""

# The running priorities by rank (`current_priorities`) with their actions' progress.
_PRIORITIES = f"""
SELECT p.id, p.rank, COALESCE(pr.title, ''), COALESCE(pr.street, ''), p.success_criterion,
       SUM(CASE WHEN a.id IS NOT NULL AND a.status <> {_DROPPED} THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = {_DONE} THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status IN {_OPEN} AND a.due_on < :today THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status <> {_DROPPED} THEN COALESCE(a.hours, 0) ELSE 0 END)
FROM priority p
LEFT JOIN problem pr ON pr.id = p.problem_id
LEFT JOIN action a ON a.priority_id = p.id
WHERE p.status IN {_RUNNING}
GROUP BY p.id, p.rank, pr.title, pr.street, p.success_criterion
ORDER BY p.rank, p.id
"""

# The longest overdue first (`list_actions(overdue_on=today, limit=...)`), with their owners.
_OVERDUE = f"""
SELECT a.id, a.title, COALESCE(m.name, ''), COALESCE(o.name, ''), a.due_on
FROM action a
LEFT JOIN member m ON m.id = a.owner_member_id
LEFT JOIN organisation o ON o.id = a.owner_organisation_id
WHERE a.status IN {_OPEN} AND a.due_on < :today
ORDER BY a.due_on, a.id
LIMIT {OVERDUE_SHOWN}
"""

_PROBLEMS = "SELECT status, COUNT(*) FROM problem GROUP BY status"

# `next_meeting` (the open one, else the first planned from now on) and `latest_meeting` (the
# most recent that took place), each tagged with which one it is.
_MEETING_COLUMNS = "id, kind, status, starts_at, place"
_MEETINGS = f"""
SELECT * FROM (SELECT 1 AS which, {_MEETING_COLUMNS} FROM meeting
               WHERE status = 'open' ORDER BY id LIMIT 1) AS now_open
UNION ALL
SELECT * FROM (SELECT 2 AS which, {_MEETING_COLUMNS} FROM meeting
               WHERE status = 'planned' AND starts_at >= :now
               ORDER BY starts_at, id LIMIT 1) AS planned
UNION ALL
SELECT * FROM (SELECT 3 AS which, {_MEETING_COLUMNS} FROM meeting
               WHERE status IN ('closed', 'open')
               ORDER BY starts_at DESC, id DESC LIMIT 1) AS latest
"""

_NAMED = re.compile(r":([a-z_]+)")


class _Dialect:
    """What differs between sqlite3 and psycopg: how parameters are written and how dates
    and moments travel (SQLite keeps them as text, as SQLAlchemy writes them)."""

    def __init__(self, name: str) -> None:
        self.sqlite = name == "sqlite"

    def sql(self, statement: str) -> str:
        return statement if self.sqlite else _NAMED.sub(r"%(\1)s", statement)

    def day_param(self, value: date) -> object:
        return value.isoformat() if self.sqlite else value

    def moment_param(self, value: datetime) -> object:
        moment = value.astimezone(UTC)
        # SQLAlchemy's SQLite DATETIME text: always with microseconds, in UTC, no zone.
        return (
            moment.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else moment
        )


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _moment(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _meeting(row: Sequence[Any]) -> MeetingShown:
    return MeetingShown(
        id=int(row[1]),
        kind=str(row[2]),
        status=str(row[3]),
        starts_at=_moment(row[4]),
        place=str(row[5] or ""),
    )


def read_dashboard(cursor: _Cursor, dialect: str, *, today: date, now: datetime) -> Dashboard:
    """The dashboard's data, read with `cursor` (of sqlite3 or psycopg, `dialect` "sqlite" or
    "postgresql") inside the read transaction the caller opened. The one implementation of
    the dashboard's read: at start on the file, and on every refresh."""
    how = _Dialect(dialect)
    params = {"today": how.day_param(today), "now": how.moment_param(now)}

    def rows(statement: str) -> Sequence[Sequence[Any]]:
        cursor.execute(how.sql(statement), params)
        return cursor.fetchall()

    head = rows(_HEAD)
    if not head:
        raise InputError(_("This file holds no neighbourhood yet."))
    (name, hours, theme, period_id, start_on, end_on, period_hours, open_n, overdue_n) = head[0]
    neighbourhood = NeighbourhoodShown(str(name), int(hours or 0), str(theme or ""))
    period = (
        None
        if period_id is None
        else PeriodShown(int(period_id), _day(start_on), _day(end_on), int(period_hours or 0))
    )
    priorities = tuple(
        PriorityProgress(
            priority=PriorityShown(int(pid), int(rank), str(title), str(street), str(criterion)),
            actions=int(actions or 0),
            done=int(done or 0),
            overdue=int(overdue or 0),
            hours=int(hours_sum or 0),
        )
        for pid, rank, title, street, criterion, actions, done, overdue, hours_sum in rows(
            _PRIORITIES
        )
    )
    overdue_actions = tuple(
        OverdueAction(int(aid), str(title), str(member), str(organisation), _day(due_on))
        for aid, title, member, organisation, due_on in rows(_OVERDUE)
    )
    problems = {str(status): int(n) for status, n in rows(_PROBLEMS)}
    meetings: dict[int, MeetingShown] = {int(row[0]): _meeting(row) for row in rows(_MEETINGS)}
    return Dashboard(
        neighbourhood=neighbourhood,
        period=period,
        priorities=priorities,
        overdue=overdue_actions,
        overdue_total=int(overdue_n or 0),
        hours_committed=sum(p.hours for p in priorities),
        hours_available=period.hours_available if period else neighbourhood.professional_hours,
        next_meeting=meetings.get(1) or meetings.get(2),
        last_meeting=meetings.get(3),
        problems_by_status=problems,
        open_actions=int(open_n or 0),
        today=today,
    )


def _in_read_transaction(connection: Any, dialect: str, *, today: date, now: datetime) -> Dashboard:
    """`read_dashboard` in one read transaction on a DB-API connection, which is left with no
    transaction open. SQLite: a deferred BEGIN (one snapshot of the WAL); PostgreSQL: one
    repeatable-read, read-only transaction (one snapshot for every statement)."""
    cursor = connection.cursor()
    try:
        if dialect == "sqlite":
            cursor.execute("BEGIN")
        else:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return read_dashboard(cursor, dialect, today=today, now=now)
    finally:
        try:
            cursor.close()
        finally:
            connection.rollback()


def dashboard_of_file(path: Path, *, today: date, now: datetime) -> Dashboard:
    """The dashboard of a SQLite neighbourhood file, read without opening it for real: a
    read-only connection (it writes nothing, and reads a WAL file as any reader does). For the
    first screen at start, on a file `inspect_file` found whole and at the newest schema;
    raises `sqlite3.Error` when the file cannot be read this way (the caller then opens it as
    usual)."""
    from buurt.db.files import _connect_ro

    connection = _connect_ro(Path(path).expanduser().absolute())
    try:
        return _in_read_transaction(connection, "sqlite", today=today, now=now)
    finally:
        connection.close()


def first_dashboard(path: Path, *, today: date, now: datetime) -> Dashboard | None:
    """`dashboard_of_file`, or None when the file cannot be read on its own just now (busy
    beyond the timeout, unreadable): the app then opens it as usual and says why if need be."""
    import sqlite3

    try:
        return dashboard_of_file(path, today=today, now=now)
    except (sqlite3.Error, InputError, ValueError) as error:
        # (ValueError: a stored value that is no date; the usual read then says so)
        log.info("first look at %s skipped: %s", path, error)
        return None


def dashboard(db: Database, *, today: date | None = None, now: datetime | None = None) -> Dashboard:
    """The dashboard's data of an open neighbourhood (a file or on a server), in one read
    transaction on the engine's own DB-API connection. A failed read becomes one sentence
    (`Database.translate`)."""
    from sqlalchemy.exc import DBAPIError

    from buurt.db.types import utcnow

    dialect = db.engine.dialect.name
    dbapi_error = db.engine.dialect.loaded_dbapi.Error
    day, moment = today or date.today(), now or utcnow()
    try:
        connection = db.engine.raw_connection()
    except DBAPIError as error:  # connecting failed (a server gone, a file locked)
        raise db.translate(error) from error
    try:
        return _in_read_transaction(connection, dialect, today=day, now=moment)
    except dbapi_error as error:
        raise db.translate(DBAPIError("dashboard", None, error)) from error
    finally:
        connection.close()
