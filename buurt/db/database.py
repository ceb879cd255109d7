"""Opening a neighbourhood: one function, `open_database`, for a SQLite file or a SQLAlchemy URL.

For a SQLite file it checks, before anything is written, that the path is usable (not a folder,
its folder exists, it is a SQLite file, it is not corrupt, it is not from a newer buurt), creates
a new file with mode 0600, turns on foreign keys, WAL and a busy timeout, keeps a copy of the file
before any schema upgrade, and migrates to the newest schema. Every problem becomes a
`FileProblem` with one sentence that names the file; the file is left as it was.

`Database` (an open neighbourhood, and the one way to write to it) lives in `transactions`;
the SQLite connection's settings and error sentences in `sqlite_connection`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlmodel import create_engine

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
    lock_neighbourhood,
    neighbourhood_slug,
    owns_schema,
    parse_url,
    schema_in_url,
    shown,
    translate_server_error,
)
from buurt.db.sqlite_connection import sqlite_begin, sqlite_pragmas, translate_operational_error
from buurt.db.transactions import Database, retry_on_conflict
from buurt.errors import FileProblem, ReadOnlyFile
from buurt.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("buurt.db")


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


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
    event.listen(engine, "connect", sqlite_pragmas(readonly))
    event.listen(engine, "begin", sqlite_begin(db))
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
    if not readonly:
        # A rebuild that another program's read held up in an earlier session runs now.
        db.read_owed_mark()
        if db.rebuild_owed:
            db.checkpoint(rebuild=True)
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
