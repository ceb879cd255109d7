"""Neighbourhood files as files: checks that need only Python's sqlite3, never SQLAlchemy.

The command line runs these before the app starts (a refused file gets its sentence and exit
code 2 at once), and they keep start-up light: the app can paint before SQLAlchemy is loaded.
`buurt.db.database` builds on them to open a file for real.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path

from buurt.errors import FileProblem
from buurt.i18n import _

log = logging.getLogger("buurt.db")

SQLITE_HEADER = b"SQLite format 3\x00"
# How long a connection waits for another copy of buurt to finish writing. Every connection
# (the engine, the read-only checks, backups) reads it here when it connects, so a test can
# shorten it in one place.
BUSY_TIMEOUT_MS = 5000


def migrations_dir() -> Path:
    """The Alembic scripts: `migrations/` beside the package (source checkout or editable
    install), or the copy packaged inside `buurt/` for a wheel install."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package.parent / "migrations", package / "migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise FileProblem(_("The database migrations of buurt are missing from this installation."))


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


NEW = "new"  # buurt made the file in this call (and may remove it again on failure)
EMPTY = "empty"  # an existing empty file: may be filled only when making a neighbourhood
EXISTING = "existing"


def _check_file(path: Path, *, create: bool) -> str:
    """Refuse a path that cannot be a neighbourhood file. Returns NEW when buurt made the file
    now, EMPTY for an existing empty file that `create` allows filling, EXISTING otherwise.

    Only a regular file is ever opened: a FIFO would make reading hang, and a device or a
    socket is nothing to fill. A path buurt did not create is never removed (see NEW)."""
    if path.is_symlink() and not path.exists():
        raise FileProblem(
            _("{file} is a link to a file that does not exist; give another name.").format(
                file=path
            )
        )
    if path.is_dir():
        raise FileProblem(_("{file} is a folder, not a neighbourhood file.").format(file=path))
    if not path.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=path.parent))
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except PermissionError as error:
        raise FileProblem(_("{file} cannot be read: no permission.").format(file=path)) from error
    if info is None:
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
        return NEW
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(
            _(
                "{file} is not an ordinary file (a device, pipe or socket): "
                "it holds no neighbourhood."
            ).format(file=path)
        )
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except PermissionError as error:
        raise FileProblem(_("{file} cannot be read: no permission.").format(file=path)) from error
    if header != SQLITE_HEADER:
        if header == b"" and info.st_size == 0:
            if not create:
                raise FileProblem(
                    _("{file} is empty: it holds no neighbourhood.").format(file=path)
                )
            return EMPTY
        raise FileProblem(
            _("{file} is not a buurt neighbourhood file (it is not a SQLite database).").format(
                file=path
            )
        )
    return EXISTING


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
    _check_file(path, create=False)
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


def stored_language(path: Path) -> str | None:
    """The language setting of a neighbourhood file, read without opening it for real."""
    try:
        con = _connect_ro(path)
        try:
            row = con.execute("SELECT language FROM neighbourhood LIMIT 1").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None
