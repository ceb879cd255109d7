"""How buurt talks to a SQLite file: the pragmas on every connection, BEGIN (IMMEDIATE for a
write), and SQLite's errors as one sentence that names the file."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from buurt.db import files
from buurt.errors import FileProblem, ReadOnlyFile
from buurt.i18n import _

if TYPE_CHECKING:
    from buurt.db.transactions import Database


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


def sqlite_pragmas(readonly: bool) -> Any:
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


def sqlite_begin(db: Database) -> Any:
    """pysqlite's own transaction handling is off (see `sqlite_pragmas`): emit BEGIN here."""

    def on_begin(conn: Connection) -> None:
        immediate = getattr(db._local, "immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return on_begin
