"""An open neighbourhood, `Database`, and the one way to write to it.

`Database.transaction()` is the one way to write: a session in one transaction, committed at the
end or rolled back on error. It is re-entrant within a thread, so a service that calls other
services (a CSV import, the demo loader) still writes all or nothing.

A transaction cannot run its own body again, so every service that writes carries
`@retry_on_conflict`: on a server, a write that lost a race (serialization failure, deadlock)
is rolled back and the whole service call runs once more; a second loss becomes one sentence.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.exc import DatabaseError, DBAPIError, IntegrityError
from sqlmodel import Session

from buurt.db.server import is_conflict, lock_neighbourhood, translate_server_error
from buurt.db.sqlite_connection import translate_operational_error
from buurt.errors import FileProblem, ReadOnlyFile
from buurt.i18n import _

log = logging.getLogger("buurt.db")

# `PRAGMA user_version` of a file whose rebuild is owed (see `Database.checkpoint`): the mark
# lives in the file itself, so the next open of any copy of buurt runs the rebuild.
REBUILD_OWED = 1
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Database:
    """An open neighbourhood: its engine, where it lives, and whether it may be written."""

    engine: Engine
    path: Path | None = None
    readonly: bool = False
    actor: str = ""
    backup_made: Path | None = None
    schema: str | None = None  # on a server: the neighbourhood's schema
    upgraded_from: str | None = None  # on a server: the schema revision before opening
    # Called after each commit of `transaction()` (a `services.watch.ChangeWatch` learns that
    # the change it will see next is our own).
    commit_listeners: list[Callable[[], None]] = field(default_factory=list, repr=False)
    # Held from a commit of ours until its listeners know it: a watch asks under this lock,
    # so it never sees our own commit before being told it is ours.
    own_writes: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    # How long a rebuild or checkpoint waits for another program's read to end (seconds).
    reader_wait: float = 2.0
    _owed: bool = field(default=False, repr=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together, or not at all."""
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            if getattr(self._local, "snapshot", False):
                raise RuntimeError("a write inside Database.snapshot() would never be committed")
            yield current
            return
        if self.readonly:
            raise ReadOnlyFile(
                _("{file} is open read-only: nothing can be changed.").format(file=self.name)
            )
        committed = False
        with Session(self.engine, expire_on_commit=False) as session:
            self._local.session = session
            try:
                # On SQLite, take the write lock up front (BEGIN IMMEDIATE, see
                # `sqlite_connection.sqlite_begin`) so two writers wait for each other instead
                # of failing half-way.
                self._local.immediate = True
                try:
                    connection = session.connection()
                finally:
                    self._local.immediate = False
                if self.on_server:
                    # On PostgreSQL, writers of one neighbourhood queue on an advisory lock.
                    lock_neighbourhood(connection)
                yield session
                with self.own_writes:
                    session.commit()
                    for listener in list(self.commit_listeners):
                        listener()
                committed = True
            except IntegrityError:
                # A broken constraint is a bug in a service (they validate first): logged.
                session.rollback()
                raise
            except DatabaseError as error:
                session.rollback()
                raise self.translate(error) from error
            except BaseException:
                session.rollback()
                raise
            finally:
                self._local.session = None
        if committed and self._owed:
            # A rebuild that another program's read held up runs at the next write.
            self.checkpoint(rebuild=True)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read in this block shares one session: one connection and one view of the
        data (the city overview reads a whole neighbourhood this way). Reads only: a write
        inside is refused (it would never be committed)."""
        if getattr(self._local, "session", None) is not None:
            yield
            return
        with Session(self.engine, expire_on_commit=False) as session:
            self._local.session = session
            self._local.snapshot = True
            try:
                yield
            except DatabaseError as error:
                raise self.translate(error) from error
            finally:
                self._local.session = None
                self._local.snapshot = False

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only (inside a transaction, the transaction's own session)."""
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except IntegrityError:
                raise
            except DatabaseError as error:
                raise self.translate(error) from error

    @property
    def on_server(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def translate(self, error: DBAPIError) -> FileProblem:
        """The one sentence a person sees for a failed database call."""
        if self.on_server:
            return translate_server_error(error, self.name, self.schema)
        return translate_operational_error(error, self.name)

    @property
    def in_transaction(self) -> bool:
        """True inside `transaction()` on this thread (a service called by another service)."""
        return getattr(self._local, "session", None) is not None

    @property
    def name(self) -> str:
        if self.path is not None:
            return str(self.path)
        if self.schema is not None:
            return _("{url} (neighbourhood {schema})").format(url=self.url, schema=self.schema)
        return self.url

    def close(self) -> None:
        self.engine.dispose()

    def checkpoint(self, *, rebuild: bool = False) -> bool:
        """Fold the write-ahead log into the file and empty it, so that neither old versions
        of rows (erased data) nor the order of recent commits (secret ballots) stay readable
        in the `-wal` file.

        `rebuild` first rebuilds the whole file (VACUUM): every table is written afresh in the
        order of its keys and no free page is left, so the physical place of a row no longer
        tells when it was written, and nothing erased lingers in unused space.

        Another program reading the file (the projector, a second copy of the app) keeps the
        old pages alive while it holds its snapshot: buurt waits `reader_wait` seconds for it.
        When the log still cannot be emptied, the file is marked (`rebuild_owed`) and the
        rebuild runs at the next write or the next open that finds no reader. Returns False
        while such a rebuild is owed."""
        if self.readonly or self.engine.dialect.name != "sqlite":
            return True
        if self.in_transaction:
            # Inside a transaction (a service called by another, the demo loader) the outer
            # commit has yet to come and holds the write lock: the caller's end folds it in.
            return not self._owed
        with self.own_writes:
            self._fold(rebuild=rebuild)
        return not self._owed

    @property
    def rebuild_owed(self) -> bool:
        """A rebuild that could not run (another program was reading) is still to come."""
        return self._owed

    def read_owed_mark(self) -> None:
        """Learn from the file whether an earlier session left a rebuild owed (at open)."""
        if self.engine.dialect.name != "sqlite":
            return
        raw = self.engine.raw_connection()
        try:
            mark = raw.cursor().execute("PRAGMA user_version").fetchone()
            self._owed = bool(mark and mark[0] == REBUILD_OWED)
        except sqlite3.Error as error:
            log.info("reading the rebuild mark of %s failed: %s", self.name, error)
        finally:
            raw.close()

    def _fold(self, *, rebuild: bool) -> None:
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            if self._owed:
                # Owed since a reader held on: try once more without waiting, and rebuild
                # only when no reader is left (a rebuild under a reader grows the log by the
                # whole file each time).
                cursor.execute("PRAGMA busy_timeout = 0")
                ready = self._empty_log(cursor)
                rebuild = True
            else:
                cursor.execute(f"PRAGMA busy_timeout = {int(self.reader_wait * 1000)}")
                ready = True
            rebuilt = ready and (not rebuild or self._vacuum(cursor))
            emptied = rebuilt and self._empty_log(cursor)
            if rebuilt and emptied:
                if self._owed:
                    # The mark goes in a commit of its own; empty the log once more after it.
                    cursor.execute("PRAGMA user_version = 0")
                    self._owed = False
                    self._empty_log(cursor)
            elif not self._owed:
                log.warning("%s is being read elsewhere: its rebuild is owed", self.name)
                self._owed = True
                cursor.execute(f"PRAGMA user_version = {REBUILD_OWED}")
            cursor.close()
        except sqlite3.Error as error:
            log.info("checkpoint of %s skipped: %s", self.name, error)
        finally:
            raw.close()
        # A rebuild or checkpoint is our own change too: a watch of the file must not take it
        # for another program's (the chair would be told "another program changed" mid-vote).
        for listener in list(self.commit_listeners):
            listener()

    def _vacuum(self, cursor: DBAPICursor) -> bool:
        # Another connection committing meanwhile makes VACUUM give up at once (its snapshot
        # is stale): try again a few times before leaving it.
        for attempt in range(1, 4):
            try:
                cursor.execute("VACUUM")
                return True
            except sqlite3.Error as error:
                if attempt == 3:
                    log.warning("rebuilding %s skipped: %s", self.name, error)
                else:
                    time.sleep(0.05 * attempt)
        return False

    def _empty_log(self, cursor: DBAPICursor) -> bool:
        """Fold the whole log into the file and truncate it; False when a reader's snapshot
        kept it (after waiting `reader_wait` for the reader, SQLite's busy handler)."""
        row = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return row is not None and row[0] == 0 and row[1] in (0, -1)


def retry_on_conflict(
    function: Callable[Concatenate[Database, P], R],
) -> Callable[Concatenate[Database, P], R]:
    """Mark a service that writes: on a server, a call whose transaction lost a race with
    another writer (serialization failure or deadlock, see `server.is_conflict`) runs once
    more from the start, on fresh data; when it loses again, its `FileProblem` (one sentence,
    nothing saved: the transaction was rolled back) reaches the caller.

    Only the outermost call retries: a service called inside another's transaction cannot
    re-run alone (the transaction is already lost), so its error goes up to the outer one.
    The function must do nothing outside `db` that a second run would repeat."""

    @functools.wraps(function)
    def call(db: Database, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if db.in_transaction or not db.on_server:
            return function(db, *args, **kwargs)
        try:
            return function(db, *args, **kwargs)
        except FileProblem as error:
            if not is_conflict(error):
                raise
            log.info("%s lost a race on %s; running it once more", function.__name__, db.name)
        return function(db, *args, **kwargs)

    return call
