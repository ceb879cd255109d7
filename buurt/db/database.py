"""Opening a neighbourhood: one function, `open_database`, for a SQLite file or a SQLAlchemy URL.

For a SQLite file it checks, before anything is written, that the path is usable (not a folder,
its folder exists, it is a SQLite file, it is not corrupt, it is not from a newer buurt), creates
a new file with mode 0600, turns on foreign keys, WAL and a busy timeout, keeps a copy of the file
before any schema upgrade, and migrates to the newest schema. Every problem becomes a
`FileProblem` with one sentence that names the file; the file is left as it was.

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
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError, DBAPIError, IntegrityError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from buurt.db import files
from buurt.db.files import (
    EXISTING,
    NEW,
    SQLITE_HEADER,
    _check_file,
    _leaving_no_trace,
    _quick_check,
    _stored_revision,
    backup_copy,
    head_revision,
    inspect_file,
    is_marked_readonly,
    known_revisions,
    migrations_dir,
)
from buurt.db.server import (
    check_schema,
    connect_args,
    is_conflict,
    lock_neighbourhood,
    neighbourhood_slug,
    owns_schema,
    parse_url,
    schema_in_url,
    shown,
    translate_server_error,
)
from buurt.errors import FileProblem, ReadOnlyFile

if TYPE_CHECKING:
    from alembic.config import Config
from buurt.i18n import _

log = logging.getLogger("buurt.db")
P = ParamSpec("P")
R = TypeVar("R")


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


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
    _local: threading.local = field(default_factory=threading.local, repr=False)

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
        with Session(self.engine, expire_on_commit=False) as session:
            self._local.session = session
            try:
                # On SQLite, take the write lock up front (BEGIN IMMEDIATE, see `_begin`) so two
                # writers wait for each other instead of failing half-way.
                self._local.immediate = True
                try:
                    connection = session.connection()
                finally:
                    self._local.immediate = False
                if self.on_server:
                    # On PostgreSQL, writers of one neighbourhood queue on an advisory lock.
                    lock_neighbourhood(connection)
                yield session
                session.commit()
                for listener in list(self.commit_listeners):
                    listener()
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

    def checkpoint(self, *, rebuild: bool = False) -> None:
        """Fold the write-ahead log into the file and empty it, so that neither old versions
        of rows (erased data) nor the order of recent commits (secret ballots) stay readable
        in the `-wal` file. Best effort: a busy file is left for SQLite's own checkpoints.

        `rebuild` first rebuilds the whole file (VACUUM): every table is written afresh in the
        order of its keys and no free page is left, so the physical place of a row no longer
        tells when it was written, and nothing erased lingers in unused space."""
        if self.readonly or self.engine.dialect.name != "sqlite" or self.in_transaction:
            # Inside a transaction (a service called by another, the demo loader) the outer
            # commit has yet to come and holds the write lock: the caller's end folds it in.
            return
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            if rebuild:
                # Another connection committing meanwhile makes VACUUM give up at once (its
                # snapshot is stale): try again a few times before leaving it.
                for attempt in range(1, 4):
                    try:
                        cursor.execute("VACUUM")
                        break
                    except sqlite3.Error as error:
                        if attempt == 3:
                            log.warning("rebuilding %s skipped: %s", self.name, error)
                        else:
                            time.sleep(0.05 * attempt)
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.close()
        except sqlite3.Error as error:
            log.info("checkpoint of %s skipped: %s", self.name, error)
        finally:
            raw.close()


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


def _error_texts(error: BaseException) -> str:
    """The words of an error and of the errors it was raised while handling: a full disk in a
    savepoint surfaces as "no such savepoint" (SQLite already rolled the transaction back), so
    the cause that matters is further down the chain."""
    texts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        orig = getattr(current, "orig", None)
        texts.append(str(orig if orig is not None else current).lower())
        current = current.__cause__ or current.__context__
    return "\n".join(texts)


def translate_operational_error(error: DBAPIError, name: str) -> FileProblem:
    text = _error_texts(error)
    if "locked" in text or "busy" in text:
        return FileProblem(
            _("{file} is in use by another copy of buurt; close it there and try again.").format(
                file=name
            )
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyFile(_("{file} is read-only: nothing can be changed.").format(file=name))
    if "disk is full" in text or "disk i/o" in text or "full" in text:
        return FileProblem(
            _("The disk holding {file} is full: your last change was not saved.").format(file=name)
        )
    if "malformed" in text or "not a database" in text:
        return FileProblem(_("{file} is damaged: restore a backup.").format(file=name))
    return FileProblem(
        _("{file} could not be used: {reason}").format(file=name, reason=str(error.orig))
    )


def _sqlite_pragmas(readonly: bool) -> Any:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy manage BEGIN; sqlite3's own implicit transactions are switched off.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {files.BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Erased personal data (a forgotten member) must not linger in free space of the file.
        cursor.execute("PRAGMA secure_delete = ON")
        if not readonly:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    return on_connect


def _begin(db: Database) -> Any:
    """pysqlite's own transaction handling is off (see `_sqlite_pragmas`): emit BEGIN here."""

    def on_begin(conn: Connection) -> None:
        immediate = getattr(db._local, "immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return on_begin


def _is_sqlite_target(target: str | Path) -> bool:
    text = str(target)
    return "://" not in text or text.startswith("sqlite")


def open_database(
    target: str | Path,
    *,
    create: bool = False,
    readonly: bool | None = None,
    migrate: bool = True,
    actor: str = "",
    neighbourhood: str | None = None,
) -> Database:
    """Open a neighbourhood: a SQLite file path, or any SQLAlchemy URL.

    `create`: make a new, empty (migrated) file, or schema, when it does not exist yet.
    `readonly`: None means "read-only only when the file cannot be written".
    `neighbourhood`: on a server, the neighbourhood's name (its schema is the name's slug).
    Raises `FileProblem` with a sentence naming the file for every reason it cannot be opened.
    """
    if not _is_sqlite_target(target):
        return _open_url(
            str(target),
            neighbourhood=neighbourhood,
            create=create,
            readonly=bool(readonly),
            migrate=migrate,
            actor=actor,
        )
    text = str(target)
    if text.startswith("sqlite"):
        db_path = make_url(text).database
        if not db_path or db_path == ":memory:":
            raise FileProblem(_("An in-memory database cannot hold a neighbourhood."))
        path = Path(db_path)
    else:
        path = Path(text).expanduser()
    path = path.absolute()
    state = _check_file(path, create=create)
    created = state != EXISTING
    if readonly is None:
        readonly = is_marked_readonly(path)
    if created and readonly:
        raise FileProblem(_("{file} is empty: it holds no neighbourhood.").format(file=path))
    if not created:
        with _leaving_no_trace(path):
            _quick_check(path)
            stored = _stored_revision(path)
            if stored is not None and stored not in known_revisions():
                raise FileProblem(
                    _(
                        "{file} was made by a newer version of buurt (schema {revision}); "
                        "update buurt to open it."
                    ).format(file=path, revision=stored)
                )
    else:
        stored = None
    url = f"sqlite:///{path}"
    if readonly:
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    # hide_parameters: a failed statement's error (logged) never carries personal data.
    engine = create_engine(url, poolclass=NullPool, hide_parameters=True)
    db = Database(engine=engine, path=path, readonly=readonly, actor=actor)
    event.listen(engine, "connect", _sqlite_pragmas(readonly))
    event.listen(engine, "begin", _begin(db))
    if migrate and stored != head_revision():
        if readonly:
            engine.dispose()
            raise ReadOnlyFile(
                _("{file} needs an upgrade but is read-only; make it writable first.").format(
                    file=path
                )
            )
        if stored is not None:
            db.backup_made = backup_copy(path, "before-upgrade")
            log.info("backup before upgrade: %s", db.backup_made)
        try:
            upgrade(db)
        except Exception:
            engine.dispose()
            if state == NEW:  # never remove a file that buurt did not make in this call
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
    return db


def upgrade(db: Database) -> None:
    """Migrate the schema to the newest revision, in one transaction."""
    from alembic import command

    with db.engine.connect() as connection:
        on_file = db.engine.dialect.name == "sqlite"
        if on_file:
            # SQLite's way to change a table is to copy it and drop the old one, which foreign
            # keys forbid; they are off for the migration (only outside a transaction does the
            # pragma work) and every key is checked before the upgrade commits.
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")
        with connection.begin():
            if db.on_server:
                lock_neighbourhood(connection)  # two owners upgrading at once: one waits
            command.upgrade(alembic_config(connection), "head")
            if on_file and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise FileProblem(
                    _("{file} could not be upgraded: its references do not hold.").format(
                        file=db.name
                    )
                )


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _open_url(
    target: str,
    *,
    neighbourhood: str | None,
    create: bool,
    readonly: bool,
    migrate: bool,
    actor: str,
) -> Database:
    """Open a neighbourhood on a server: its schema is checked (and made, with `create`), then
    migrated when the connected role owns it; a committee role is told what to run instead."""
    url = parse_url(target)
    if not url.drivername.startswith("postgresql"):
        engine = create_engine(url, poolclass=NullPool, hide_parameters=True)
        return Database(engine=engine, readonly=readonly, actor=actor)
    schema = neighbourhood_slug(neighbourhood) if neighbourhood else schema_in_url(url)
    where = shown(url)
    engine = create_engine(
        url,
        pool_pre_ping=True,
        hide_parameters=True,
        # Whatever the server's default: the advisory lock taken first in every write must
        # come before the transaction's snapshot, or a queued writer would chain its audit
        # event to an event that is no longer the last.
        isolation_level="READ COMMITTED",
        connect_args=connect_args(schema, readonly=readonly),
    )
    db = Database(engine=engine, readonly=readonly, actor=actor, schema=schema)
    try:
        made = False
        if schema is not None:
            with engine.begin() as connection:
                made = check_schema(connection, schema, where=where, create=create)
        if migrate:
            _migrate_on_server(db, made=made)
    except DBAPIError as error:
        engine.dispose()
        raise translate_server_error(error, where, schema) from error
    except BaseException:
        engine.dispose()
        raise
    return db


def _migrate_on_server(db: Database, *, made: bool) -> None:
    stored = current_revision(db)
    if stored is not None and stored not in known_revisions():
        raise FileProblem(
            _(
                "{file} was made by a newer version of buurt (schema {revision}); "
                "update buurt to open it."
            ).format(file=db.name, revision=stored)
        )
    if stored == head_revision():
        return
    if stored is None and not made and db.schema is not None:
        # An existing schema without buurt's tables: only `buurt create` fills one.
        with db.engine.connect() as connection:
            empty = not connection.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
            ).scalar()
        if not empty:
            raise FileProblem(_("{file} holds tables that are not buurt's.").format(file=db.name))
    with db.engine.connect() as connection:
        owner = owns_schema(connection)
    if db.readonly or not owner:
        command = "buurt upgrade URL" + (
            f" --neighbourhood {db.schema}" if db.schema is not None else ""
        )
        raise FileProblem(
            _("{file} needs an upgrade: the owner of the database runs {command} first.").format(
                file=db.name, command=command
            )
        )
    upgrade(db)
    db.upgraded_from = stored


__all__ = [
    "SQLITE_HEADER",
    "Database",
    "alembic_config",
    "backup_copy",
    "head_revision",
    "inspect_file",
    "is_marked_readonly",
    "known_revisions",
    "migrations_dir",
    "neighbourhood_slug",
    "open_database",
    "retry_on_conflict",
    "translate_operational_error",
    "upgrade",
]
