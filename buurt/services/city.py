"""The city overview: every neighbourhood of a folder of files or of a city database at once.

For each neighbourhood: its top 3 with the progress of their actions, the professional hours
committed against the period's budget, and the next meeting; across the city: the overdue
actions grouped by organisation (what the police owes, where, since when).

Read-only, always. A file is read with SQLite's `mode=ro` (and, when no copy of buurt has it
open, as `immutable`, so SQLite makes no `-wal`/`-shm` files beside it): nothing in the folder
changes. A file or schema with an older schema is listed as "needs an upgrade" instead of its
data; one that cannot be read is listed with the reason.

On a server, the whole city is read over one connection in one consistent view, with one query
per part (versions, neighbourhoods, periods, priorities, meetings, actions), each a UNION ALL
over every schema: a few round trips for the city instead of ~15 per neighbourhood. The parts
mirror the services the file path calls (`_read`), and a test holds them equal. Should that
read fail (a schema the role cannot read), every schema is read on its own, as files are, so
the one that fails is listed with its reason and the others still show.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

from buurt.db.database import Database, open_database
from buurt.db.enums import ActionStatus, MeetingStatus
from buurt.db.files import head_revision, known_revisions
from buurt.db.server import mask_url_text
from buurt.db.types import utcnow
from buurt.errors import BuurtError, FileProblem
from buurt.i18n import _
from buurt.services.actions import list_actions
from buurt.services.actions.overview import OPEN_ACTION, ActionRead
from buurt.services.base import ReadModel
from buurt.services.meetings import next_meeting
from buurt.services.neighbourhood import get_neighbourhood
from buurt.services.priorities import current_period, current_priorities
from buurt.services.priorities.top import RUNNING

OK, NEEDS_UPGRADE, UNREADABLE = "ok", "needs_upgrade", "unreadable"
SERVER_READERS = 8  # neighbourhoods read at once from a server (connections of the pool)


class TopPriority(ReadModel):
    rank: int
    title: str
    street: str
    actions: int
    done: int
    overdue: int


class NeighbourhoodSummary(ReadModel):
    """One neighbourhood as the city sees it; `status` says whether its data could be read."""

    source: str  # the file's name or the schema
    name: str
    status: str
    problem: str = ""
    top3: list[TopPriority] = []
    hours_committed: int = 0
    hours_available: int = 0
    next_meeting: date | None = None
    next_meeting_place: str = ""
    open_actions: int = 0
    overdue_actions: int = 0


class OverdueAction(ReadModel):
    neighbourhood: str
    title: str
    owner: str
    priority: str
    due_on: date
    days_overdue: int


class OrganisationOverdue(ReadModel):
    """Everything one organisation owes across the city, the longest overdue first."""

    organisation: str
    actions: list[OverdueAction]

    @property
    def since(self) -> date:
        return min(a.due_on for a in self.actions)


class CityOverview(ReadModel):
    source: str
    today: date
    neighbourhoods: list[NeighbourhoodSummary]
    organisations: list[OrganisationOverdue]


def city_overview(
    source: str | Path, *, organisation: str | None = None, today: date | None = None
) -> CityOverview:
    """Read every neighbourhood of a folder (`*.sqlite`) or of a city database URL.

    `organisation`: only the overdue actions of organisations whose name contains it."""
    day = today or date.today()

    def read_one(
        item: tuple[str, AbstractContextManager[Database]],
    ) -> tuple[NeighbourhoodSummary, list[OverdueAction]]:
        label, opened = item
        try:
            with opened as db, db.snapshot():
                return _read(db, label, day)
        except _NeedsUpgrade:
            return _status(label, NEEDS_UPGRADE, _("needs an upgrade")), []
        except BuurtError as error:
            return _status(label, UNREADABLE, error.message), []

    if _is_url(source):
        with _schemas(str(source)) as schemas:
            try:
                results = _read_city(schemas, day)
            except DBAPIError:
                # Each schema on its own (several at once: the waiting overlaps), so that the
                # one the role cannot read is named and the others still show.
                with ThreadPoolExecutor(SERVER_READERS) as pool:
                    results = list(pool.map(read_one, schemas))
    else:
        results = [read_one(item) for item in _files(Path(source))]
    summaries = [summary for summary, _late in results]
    overdue = [action for _summary, late in results for action in late]
    wanted = (organisation or "").strip().casefold()
    grouped: dict[str, list[OverdueAction]] = {}
    for action in overdue:
        if wanted and wanted not in action.owner.casefold():
            continue
        grouped.setdefault(action.owner, []).append(action)
    organisations = [
        OrganisationOverdue(
            organisation=name, actions=sorted(items, key=lambda a: (a.due_on, a.neighbourhood))
        )
        for name, items in grouped.items()
    ]
    organisations.sort(key=lambda o: (-len(o.actions), o.since, o.organisation.casefold()))
    summaries.sort(key=lambda s: (s.status != OK, s.name.casefold()))
    shown = mask_url_text(str(source))
    return CityOverview(
        source=shown, today=day, neighbourhoods=summaries, organisations=organisations
    )


class _NeedsUpgrade(Exception):
    pass


def _status(label: str, status: str, problem: str) -> NeighbourhoodSummary:
    return NeighbourhoodSummary(source=label, name=label, status=status, problem=problem)


def _read(db: Database, label: str, day: date) -> tuple[NeighbourhoodSummary, list[OverdueAction]]:
    # Plain SQL is not mapped to the neighbourhood's schema: name it.
    table = f'"{db.schema}".alembic_version' if db.schema else "alembic_version"
    with db.reading() as session:
        revision = session.execute(text(f"SELECT version_num FROM {table}")).scalar()
    if revision not in known_revisions():
        raise FileProblem(_("made by a newer version of buurt"))
    if revision != head_revision():
        raise _NeedsUpgrade
    # The dashboard's parts the city needs, no more (it reads many neighbourhoods).
    neighbourhood = get_neighbourhood(db)
    period = current_period(db, today=day)
    meeting = next_meeting(db)
    return _summarise(
        label,
        neighbourhood.name,
        day,
        hours_available=period.hours_available if period else neighbourhood.professional_hours,
        priorities=[(p.id, p.rank, p.title, p.street) for p in current_priorities(db, today=day)],
        actions=list_actions(db),
        meeting=(meeting.starts_at.date(), meeting.place) if meeting else None,
    )


def _summarise(
    label: str,
    name: str,
    day: date,
    *,
    hours_available: int,
    priorities: list[tuple[int, int, str, str]],
    actions: Sequence[ActionRead | _CityAction],
    meeting: tuple[date, str] | None,
) -> tuple[NeighbourhoodSummary, list[OverdueAction]]:
    """One neighbourhood's summary and overdue actions from its parts: the running priorities
    (id, rank, title, street) by rank, every action by due date, the next meeting (day, place)."""
    ranks: dict[int | None, str] = {pid: title for pid, _rank, title, _street in priorities}
    live = [a for a in actions if a.status != ActionStatus.DROPPED.value]
    top3 = []
    for pid, rank, title, street in priorities:
        own = [a for a in live if a.priority_id == pid]
        top3.append(
            TopPriority(
                rank=rank,
                title=title,
                street=street,
                actions=len(own),
                done=sum(1 for a in own if a.status == ActionStatus.DONE.value),
                overdue=sum(1 for a in own if a.is_overdue(day)),
            )
        )
    overdue = [a for a in actions if a.is_overdue(day) and a.due_on is not None]
    late = [
        OverdueAction(
            neighbourhood=name,
            title=action.title,
            owner=action.owner_organisation or action.owner_member,
            priority=ranks.get(action.priority_id, action.problem),
            due_on=action.due_on,
            days_overdue=(day - action.due_on).days,
        )
        for action in overdue
        if action.due_on is not None
    ]
    summary = NeighbourhoodSummary(
        source=label,
        name=name,
        status=OK,
        top3=top3,
        hours_committed=sum(a.hours or 0 for a in live if a.priority_id in ranks),
        hours_available=hours_available,
        next_meeting=meeting[0] if meeting else None,
        next_meeting_place=meeting[1] if meeting else "",
        open_actions=sum(1 for a in actions if a.is_open),
        overdue_actions=len(overdue),
    )
    return summary, late


Results = list[tuple[NeighbourhoodSummary, list[OverdueAction]]]


def _read_city(schemas: list[tuple[str, AbstractContextManager[Database]]], day: date) -> Results:
    """Every schema of a city database at once: one UNION ALL query per part (see the module
    doc); the same summaries as `_read` gives schema by schema."""
    if not schemas:
        return []
    labels = [label for label, _opened in schemas]
    with schemas[0][1] as first:
        engine = first.engine.execution_options(schema_translate_map=None)
    with engine.connect() as connection:
        # One view of the whole city (read-only: the connection's default).
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            return _read_schemas(connection, labels, day)


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


def _read_schemas(connection: Connection, labels: list[str], day: date) -> Results:
    results: dict[int, tuple[NeighbourhoodSummary, list[OverdueAction]]] = {}
    ready = []
    for n, revision in _union(connection, labels, "SELECT version_num FROM {s}.alembic_version"):
        if revision not in known_revisions():
            problem = _("made by a newer version of buurt")
            results[n] = _status(labels[n], UNREADABLE, problem), []
        elif revision != head_revision():
            results[n] = _status(labels[n], NEEDS_UPGRADE, _("needs an upgrade")), []
        else:
            ready.append(n)
    for n in set(range(len(labels))) - set(results) - set(ready):  # no version row at all
        results[n] = _status(labels[n], NEEDS_UPGRADE, _("needs an upgrade")), []
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
        now=utcnow(),
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
                _status(labels[n], UNREADABLE, _("This file holds no neighbourhood yet.")),
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
        results[n] = _summarise(
            labels[n],
            name,
            day,
            hours_available=period[0][0] if period else professional_hours,
            priorities=running,
            actions=[
                _CityAction(
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


class _CityAction:
    """An action as the city overview needs it (the parts of `ActionRead` it reads)."""

    def __init__(
        self,
        title: str,
        status: str,
        priority_id: int | None,
        hours: int | None,
        due_on: date | None,
        owner_member: str,
        owner_organisation: str,
        problem: str,
    ) -> None:
        self.title, self.status, self.priority_id, self.hours = title, status, priority_id, hours
        self.due_on, self.problem = due_on, problem
        self.owner_member, self.owner_organisation = owner_member, owner_organisation

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today


def _is_url(source: str | Path) -> bool:
    return isinstance(source, str) and "://" in source


def _files(folder: Path) -> Iterator[tuple[str, AbstractContextManager[Database]]]:
    folder = folder.expanduser()
    if not folder.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=folder))
    files = _Files()
    for path in sorted(folder.glob("*.sqlite")):
        if path.is_file():
            yield path.name, files.open(path)


class _Files:
    """One engine for every file of the folder, its connection swapped per file: the compiled
    queries are cached per engine, so they are compiled once for the whole city."""

    def __init__(self) -> None:
        self.uri = ""
        self.engine = create_engine("sqlite://", creator=self._connect, poolclass=StaticPool)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.uri, uri=True, check_same_thread=False)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    @contextmanager
    def open(self, path: Path) -> Iterator[Database]:
        """A neighbourhood file opened read-only, leaving nothing behind. While a copy of buurt
        has the file open its `-wal` exists and holds the newest changes: read through it
        (`mode=ro`); otherwise read the file as it is (`immutable`), so SQLite makes no files
        beside it."""
        busy = Path(f"{path}-wal").exists()
        self.uri = f"{path.absolute().as_uri()}?mode=ro" + ("" if busy else "&immutable=1")
        try:
            yield Database(engine=self.engine, path=path, readonly=True)
        except (sqlite3.DatabaseError, DBAPIError) as error:
            reason = getattr(error, "orig", None) or error
            raise FileProblem(
                _("{file} cannot be read: {reason}").format(file=path.name, reason=reason)
            ) from None
        finally:
            self.engine.dispose()  # the next file gets its own connection


def list_neighbourhoods(url: str) -> list[str]:
    """The neighbourhood schemas of a city database that the role may read."""
    with _schemas(url) as schemas:
        return [label for label, _opened in schemas]


@contextmanager
def _schemas(url: str) -> Iterator[list[tuple[str, AbstractContextManager[Database]]]]:
    """Every neighbourhood schema (one holding buurt's `alembic_version`) of a city database
    that the role may read, each read through the same pool with the schema mapped in per
    query."""
    base = open_database(url, readonly=True, migrate=False)
    try:
        with base.reading() as session:
            schemas = [
                str(row[0])
                for row in session.execute(
                    text(
                        "SELECT table_schema FROM information_schema.tables "
                        "WHERE table_name = 'alembic_version' ORDER BY table_schema"
                    )
                )
            ]
        yield [(schema, _schema(base, schema)) for schema in schemas]
    finally:
        base.close()


@contextmanager
def _schema(base: Database, schema: str) -> Iterator[Database]:
    engine = base.engine.execution_options(schema_translate_map={None: schema})
    yield Database(engine=engine, readonly=True, schema=schema)
