"""Opening a neighbourhood: one function, `open_database`, for a SQLite file or a SQLAlchemy URL.

For a SQLite file it checks, before anything is written, that the path is usable (not a folder,
its folder exists, it is a SQLite file, it is not corrupt, it is not from a newer buurt), creates
a new file with mode 0600, turns on foreign keys, WAL and a busy timeout, keeps a copy of the file
before any schema upgrade, and migrates to the newest schema. Every problem becomes a
`FileProblem` with one sentence that names the file; the file is left as it was.

`Database.transaction()` is the one way to write: a session in one transaction, committed at the
end or rolled back on error. It is re-entrant within a thread, so a service that calls other
services (a CSV import, the demo loader) still writes all or nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError, DBAPIError, IntegrityError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from buurt.errors import FileProblem, ReadOnlyFile

if TYPE_CHECKING:
    from alembic.config import Config
from buurt.i18n import _

log = logging.getLogger("buurt.db")

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def migrations_dir() -> Path:
    """The Alembic scripts: `migrations/` beside the package (source checkout or editable
    install), or the copy packaged inside `buurt/` for a wheel install."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package.parent / "migrations", package / "migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise FileProblem(_("The database migrations of buurt are missing from this installation."))


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


_REVISION = re.compile(r"^revision(?:: str)? = ['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:: [^=]+)? = (?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


@cache
def _revision_graph() -> dict[str, str | None]:
    """Each migration's revision and the one it follows, read from the scripts' text.

    Opening a file only needs to know which revisions exist and which is newest; reading that
    from the text keeps Alembic (and the migration modules) out of start-up unless a file
    really needs upgrading."""
    graph: dict[str, str | None] = {}
    for script in (migrations_dir() / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision:
            graph[revision.group(1)] = down.group(1) if down else None
    return graph


def head_revision() -> str:
    """The newest schema revision this buurt knows."""
    graph = _revision_graph()
    followed = {down for down in graph.values() if down}
    heads = [rev for rev in graph if rev not in followed]
    if len(heads) != 1:
        raise FileProblem(_("The database migrations of buurt are missing from this installation."))
    return heads[0]


def known_revisions() -> set[str]:
    return set(_revision_graph())


@dataclass
class Database:
    """An open neighbourhood: its engine, where it lives, and whether it may be written."""

    engine: Engine
    path: Path | None = None
    readonly: bool = False
    actor: str = ""
    backup_made: Path | None = None
    _local: threading.local = field(default_factory=threading.local, repr=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together, or not at all."""
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
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
                    session.connection()
                finally:
                    self._local.immediate = False
                yield session
                session.commit()
            except IntegrityError:
                # A broken constraint is a bug in a service (they validate first): logged.
                session.rollback()
                raise
            except DatabaseError as error:
                session.rollback()
                raise translate_operational_error(error, self.name) from error
            except BaseException:
                session.rollback()
                raise
            finally:
                self._local.session = None

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
                raise translate_operational_error(error, self.name) from error

    @property
    def name(self) -> str:
        return str(self.path) if self.path is not None else self.url

    def close(self) -> None:
        self.engine.dispose()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file and empty it, so that neither old versions
        of rows (erased data) nor the order of recent commits (secret ballots) stay readable
        in the `-wal` file. Best effort: a busy file is left for SQLite's own checkpoints."""
        if self.readonly or self.engine.dialect.name != "sqlite":
            return
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.close()
        except sqlite3.Error as error:
            log.info("checkpoint of %s skipped: %s", self.name, error)
        finally:
            raw.close()


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
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
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


def _check_file(path: Path, *, create: bool) -> bool:
    """Refuse a path that cannot be a neighbourhood file. Returns True when a new file is made."""
    if path.is_dir():
        raise FileProblem(_("{file} is a folder, not a neighbourhood file.").format(file=path))
    if not path.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=path.parent))
    if not path.exists():
        if not create:
            raise FileProblem(_("{file} does not exist.").format(file=path))
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except PermissionError as error:
            raise FileProblem(
                _("{file} cannot be created: no permission to write in that folder.").format(
                    file=path
                )
            ) from error
        os.close(fd)
        return True
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except PermissionError as error:
        raise FileProblem(_("{file} cannot be read: no permission.").format(file=path)) from error
    if header != SQLITE_HEADER:
        if header == b"" and path.stat().st_size == 0:
            return True
        raise FileProblem(
            _("{file} is not a buurt neighbourhood file (it is not a SQLite database).").format(
                file=path
            )
        )
    return False


def _one_line(reason: str) -> str:
    """SQLite's own words, on one line and short (they end up inside a sentence)."""
    lines = [line.strip() for line in reason.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("***")] or lines or [""]
    text = lines[0]
    return text if len(text) <= 120 else text[:117] + "..."


def _locked(error: sqlite3.Error, path: Path) -> FileProblem | None:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return FileProblem(
            _("{file} is in use by another copy of buurt; close it there and try again.").format(
                file=path
            )
        )
    return None


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def _quick_check(path: Path) -> None:
    try:
        con = _connect_ro(path)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as error:
        in_use = _locked(error, path)
        if in_use is not None:
            raise in_use from error
        log.warning("quick_check of %s failed: %s", path, error)
        raise FileProblem(
            _("{file} is damaged and cannot be opened ({reason}); restore a backup.").format(
                file=path, reason=_one_line(str(error))
            )
        ) from error
    if rows != [("ok",)]:
        log.warning("quick_check of %s: %s", path, rows[:20])
        raise FileProblem(
            _("{file} is damaged and cannot be opened ({reason}); restore a backup.").format(
                file=path, reason=_one_line("\n".join(str(r[0]) for r in rows[:5]))
            )
        )


def _stored_revision(path: Path) -> str | None:
    try:
        return _read_revision(path)
    except sqlite3.DatabaseError as error:
        in_use = _locked(error, path)
        if in_use is not None:
            raise in_use from error
        raise FileProblem(
            _("{file} is damaged and cannot be opened ({reason}); restore a backup.").format(
                file=path, reason=_one_line(str(error))
            )
        ) from error


def _read_revision(path: Path) -> str | None:
    con = _connect_ro(path)
    try:
        has_table = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
            if tables and tables[0]:
                raise FileProblem(
                    _("{file} is a SQLite database, but not a buurt neighbourhood file.").format(
                        file=path
                    )
                )
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        con.close()


def is_marked_readonly(path: Path) -> bool:
    """May this file not be written? Either we lack the permission, or its owner took away every
    write bit (that counts even for an administrator, who could write anyway)."""
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return True
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def inspect_file(path: Path) -> str | None:
    """Check, without writing anything, that `path` is an existing, whole neighbourhood file that
    this buurt can open. Returns its schema revision (None for an empty, new file).
    Raises `FileProblem` with the reason otherwise."""
    path = Path(path).expanduser().absolute()
    if _check_file(path, create=False):
        return None
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
    return stored


@contextlib.contextmanager
def _leaving_no_trace(path: Path) -> Iterator[None]:
    """Reading a WAL-mode file makes SQLite create empty `-wal` and `-shm` files beside it;
    when the file is then refused, remove those again so a refused file is left as it was."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    had = wal.exists(), shm.exists()
    try:
        yield
    except FileProblem:
        if not had[0] and wal.exists() and wal.stat().st_size == 0:
            wal.unlink(missing_ok=True)
            if not had[1]:
                shm.unlink(missing_ok=True)
        raise


def backup_copy(path: Path, reason: str) -> Path:
    """Copy a SQLite file (consistently, through SQLite's backup API) next to it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{reason}-{stamp}{path.suffix or '.sqlite'}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.{reason}-{stamp}-{n}{path.suffix or '.sqlite'}")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def open_database(
    target: str | Path,
    *,
    create: bool = False,
    readonly: bool | None = None,
    migrate: bool = True,
    actor: str = "",
) -> Database:
    """Open a neighbourhood: a SQLite file path, or any SQLAlchemy URL.

    `create`: make a new, empty (migrated) file when it does not exist yet.
    `readonly`: None means "read-only only when the file cannot be written".
    Raises `FileProblem` with a sentence naming the file for every reason it cannot be opened.
    """
    if not _is_sqlite_target(target):
        return _open_url(str(target), migrate=migrate, actor=actor)
    text = str(target)
    if text.startswith("sqlite"):
        db_path = make_url(text).database
        if not db_path or db_path == ":memory:":
            raise FileProblem(_("An in-memory database cannot hold a neighbourhood."))
        path = Path(db_path)
    else:
        path = Path(text).expanduser()
    path = path.absolute()
    created = _check_file(path, create=create)
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
    engine = create_engine(url, poolclass=NullPool)
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
            if created:
                path.unlink(missing_ok=True)
            raise
    return db


def upgrade(db: Database) -> None:
    """Migrate the schema to the newest revision, in one transaction."""
    from alembic import command

    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _open_url(url: str, *, migrate: bool, actor: str) -> Database:
    try:
        engine = create_engine(url, pool_pre_ping=True)
        db = Database(engine=engine, actor=actor)
        if migrate:
            stored = current_revision(db)
            if stored is not None and stored not in known_revisions():
                raise FileProblem(
                    _(
                        "{file} was made by a newer version of buurt (schema {revision}); "
                        "update buurt to open it."
                    ).format(file=db.url, revision=stored)
                )
            if stored != head_revision():
                upgrade(db)
    except DBAPIError as error:
        raise FileProblem(
            _("The database {url} cannot be reached: {reason}").format(
                url=make_url(url).render_as_string(hide_password=True), reason=str(error.orig)
            )
        ) from error
    return db
