"""Has the open neighbourhood changed since we last looked? (another program wrote to it, or
the file was replaced, for instance by `buurt restore --force`).

`ChangeWatch(db)` keeps its own small read-only SQLite connection: SQLite's
`PRAGMA data_version` on one connection changes exactly when *another* connection committed.
Our own writes also come through other connections, so `Database.transaction()` tells every
watch after each of its commits (`acknowledge`), and those are not reported. The file's identity
(device and inode) catches a file that was swapped for another one under the same name.

Callers poll `changed()` (the TUI from a timer, the projector view between repaints); it is
cheap: one pragma and one `stat`. On PostgreSQL every write leaves an audit event, so the newest
audit event's id plays the role of the data version there (one indexed read).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlmodel import col, select

from buurt.db.database import Database
from buurt.db.models import AuditEvent

log = logging.getLogger("buurt.watch")


class Change(StrEnum):
    """What happened to the file since the last look."""

    CHANGED = "changed"  # another program committed changes
    REPLACED = "replaced"  # another file now stands under the name (or it was removed)


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """Which file a path names: device and inode, so a replacement is noticed."""

    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        return cls(info.st_dev, info.st_ino)


class ChangeWatch:
    """Watches one open neighbourhood for changes made by others. Thread-safe."""

    def __init__(self, db: Database, *, report_own_commits: bool = False) -> None:
        """`report_own_commits`: also report what this `Database` object committed itself (a
        view that only reads and must follow every commit, e.g. the projector)."""
        self._db = db
        self._lock = threading.Lock()
        self._con: sqlite3.Connection | None = None
        self._version: int | None = None
        self._identity: FileIdentity | None = None
        self._on_file = db.path is not None and db.engine.dialect.name == "sqlite"
        self._watching = True
        self._newest_event: int | None = None
        if self._on_file and db.path is not None:
            self._connect(db.path)
        else:
            self._newest_event = self._newest_audit_event()
        if not report_own_commits:
            db.commit_listeners.append(self.acknowledge)

    def _newest_audit_event(self) -> int | None:
        with self._db.reading() as session:
            return session.exec(
                select(AuditEvent.id).order_by(col(AuditEvent.id).desc()).limit(1)
            ).first()

    def _connect(self, path: Path) -> None:
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self._version = _data_version(con)
        except sqlite3.Error as error:
            log.info("cannot watch %s: %s", path, error)
            self._con = None
            self._identity = FileIdentity.of(path)
            return
        self._con = con
        self._identity = FileIdentity.of(path)

    def acknowledge(self) -> None:
        """What the database holds now is known to us (we just wrote it ourselves)."""
        with self._lock:
            if not self._on_file:
                self._newest_event = self._newest_audit_event()
            elif self._con is not None:
                try:
                    self._version = _data_version(self._con)
                except sqlite3.Error as error:
                    log.info("watch of %s: %s", self._db.name, error)

    def changed(self) -> Change | None:
        """What happened since the last call (or since the watch began); None when nothing."""
        path = self._db.path
        # Never between a commit of ours and its acknowledgement (see `Database.own_writes`).
        with self._db.own_writes, self._lock:
            if not self._watching:
                return None
            if not self._on_file:
                newest = self._newest_audit_event()
                if newest != self._newest_event:
                    self._newest_event = newest
                    return Change.CHANGED
                return None
            if path is None:
                return None
            identity = FileIdentity.of(path)
            if identity != self._identity:
                if self._con is not None:
                    self._con.close()
                    self._con = None
                self._identity = identity
                if identity is not None:
                    self._connect(path)
                return Change.REPLACED
            if self._con is None:
                return None
            try:
                version = _data_version(self._con)
            except sqlite3.Error as error:
                log.info("watch of %s: %s", path, error)
                return None
            if version != self._version:
                self._version = version
                return Change.CHANGED
            return None

    def close(self) -> None:
        with self._lock:
            self._watching = False
            if self.acknowledge in self._db.commit_listeners:
                self._db.commit_listeners.remove(self.acknowledge)
            if self._con is not None:
                self._con.close()
                self._con = None


def _data_version(con: sqlite3.Connection) -> int:
    row = con.execute("PRAGMA data_version").fetchone()
    return int(row[0])


__all__ = ["Change", "ChangeWatch", "FileIdentity"]
