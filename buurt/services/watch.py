"""Has the database changed since I last looked? One cheap question, asked by views that follow
a file another process writes (the projector follows the chair's app).

On SQLite the answer is `PRAGMA data_version` on one connection kept open for the purpose: it
changes when any other connection commits, costs no disk read, and takes no lock. The file's
identity (device and inode) is compared too, so a file replaced on disk (a restored backup) is a
change as well and the watch reconnects. Elsewhere (PostgreSQL) every write leaves an audit
event, so the newest audit event's id plays that role.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from sqlmodel import col, select

from buurt.db.database import Database
from buurt.db.models import AuditEvent

log = logging.getLogger("buurt.watch")


class ChangeWatch:
    """Ask `changed()` as often as you like; it answers True once per change (and the first
    time, so a view loads at once)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._path: Path | None = db.path if db.engine.dialect.name == "sqlite" else None
        self._connection: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self._seen: object = None

    def _file_identity(self) -> tuple[int, int] | None:
        assert self._path is not None
        try:
            info = os.stat(self._path)
        except OSError:
            return None
        return (info.st_dev, info.st_ino)

    def _sqlite_version(self) -> object:
        identity = self._file_identity()
        if self._connection is None or identity != self._identity:
            self.close()
            self._identity = identity
            assert self._path is not None
            # Read-only, so a watch never creates a file nor takes a write lock.
            self._connection = sqlite3.connect(
                f"file:{self._path}?mode=ro", uri=True, check_same_thread=False
            )
            self._connection.isolation_level = None
        row = self._connection.execute("PRAGMA data_version").fetchone()
        return (identity, row[0] if row else None)

    def _audit_version(self) -> object:
        with self._db.reading() as session:
            return session.exec(
                select(AuditEvent.id).order_by(col(AuditEvent.id).desc()).limit(1)
            ).first()

    def version(self) -> object:
        """An opaque token that differs whenever the data may have changed."""
        if self._path is not None:
            try:
                return self._sqlite_version()
            except sqlite3.Error as error:
                # The file is briefly unreadable (being replaced, locked): report a change so
                # the view reloads and shows what it can; reconnect next time.
                log.info("watch of %s: %s", self._path, error)
                self.close()
                return error
        return self._audit_version()

    def changed(self) -> bool:
        """Whether anything was committed since the last call (True on the first call)."""
        current = self.version()
        if current == self._seen and not isinstance(current, sqlite3.Error):
            return False
        self._seen = current
        return True

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
