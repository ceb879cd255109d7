"""The city overview: every neighbourhood of a folder of files or of a city database at once.

For each neighbourhood: its top 3 with the progress of their actions, the professional hours
committed against the period's budget, and the next meeting; across the city: the overdue
actions grouped by organisation (what the police owes, where, since when).

Read-only, always. A file is read with SQLite's `mode=ro` (and, when no copy of buurt has it
open, as `immutable`, so SQLite makes no `-wal`/`-shm` files beside it): nothing in the folder
changes. A file or schema with an older schema is listed as "needs an upgrade" instead of its
data; one that cannot be read is listed with the reason. On a server, every schema is read over
one connection pool (the schema is switched per neighbourhood, not the connection).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

from buurt.db.database import Database, open_database
from buurt.db.enums import ActionStatus
from buurt.db.files import head_revision, known_revisions
from buurt.db.server import mask_url_text
from buurt.errors import BuurtError, FileProblem
from buurt.i18n import _
from buurt.services.actions import list_actions
from buurt.services.base import ReadModel
from buurt.services.meetings import next_meeting
from buurt.services.neighbourhood import get_neighbourhood
from buurt.services.priorities import current_period, current_priorities

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
        # A server answers several neighbourhoods at once: the waiting overlaps.
        with _schemas(str(source)) as schemas, ThreadPoolExecutor(SERVER_READERS) as pool:
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
    priorities = current_priorities(db, today=day)
    meeting = next_meeting(db)
    actions = list_actions(db)
    ranks = {p.id: p for p in priorities}
    live = [a for a in actions if a.status != ActionStatus.DROPPED.value]
    top3 = []
    for priority in priorities:
        own = [a for a in live if a.priority_id == priority.id]
        top3.append(
            TopPriority(
                rank=priority.rank,
                title=priority.title,
                street=priority.street,
                actions=len(own),
                done=sum(1 for a in own if a.status == ActionStatus.DONE.value),
                overdue=sum(1 for a in own if a.is_overdue(day)),
            )
        )
    overdue = [a for a in actions if a.is_overdue(day) and a.due_on is not None]
    name = neighbourhood.name
    late = [
        OverdueAction(
            neighbourhood=name,
            title=action.title,
            owner=action.owner_organisation or action.owner_member,
            priority=ranks[action.priority_id].title
            if action.priority_id in ranks
            else action.problem,
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
        hours_available=period.hours_available if period else neighbourhood.professional_hours,
        next_meeting=meeting.starts_at.date() if meeting else None,
        next_meeting_place=meeting.place if meeting else "",
        open_actions=sum(1 for a in actions if a.is_open),
        overdue_actions=len(overdue),
    )
    return summary, late


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
