"""Backups: a consistent copy of a neighbourhood file, made while the app may have it open.

Copies are made with `VACUUM INTO`, which writes a consistent snapshot (the WAL included) while
others keep reading and writing, as a new file built table by table in the order of each
table's keys: a copy keeps no free pages (nothing erased lingers in it) and no trace of the
order in which rows were written (so a copy made while a secret vote is open cannot pair its
ballots with their voters). A copy is written under a temporary
name, checked, and only then given its real name, so a crash never leaves half a backup that
looks whole. Copies are readable by their owner only (0600), like the file itself.

By default copies live in a `backups/` folder beside the file. Once a day, when the app opens a
file, a daily copy is made there; the oldest daily copies beyond the neighbourhood's
`backups_keep` are removed (copies made by hand are never removed).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import select

from buurt.db import files
from buurt.db.database import Database, inspect_file
from buurt.db.models import Neighbourhood
from buurt.errors import FileProblem
from buurt.i18n import _
from buurt.services.output import unused_path

log = logging.getLogger("buurt.backup")

BACKUP_FOLDER = "backups"
DAILY = "daily"
ELSEWHERE = "copies-elsewhere.txt"  # where copies made outside backups/ went (for forget)


@dataclass(frozen=True, slots=True)
class RestoreReport:
    """What `restore_backup` did: the file restored, and the copy kept of what it replaced."""

    target: Path
    replaced_copy: Path | None


def backup_folder(path: Path) -> Path:
    """The `backups/` folder beside a neighbourhood file."""
    return path.absolute().parent / BACKUP_FOLDER


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def default_backup_path(path: Path, *, now: datetime | None = None) -> Path:
    """`backups/<name>-<yyyymmdd-hhmmss>.sqlite` beside the file (never an existing name)."""
    return unused_path(backup_folder(path), f"{path.stem}-{_stamp(now)}", path.suffix or ".sqlite")


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    return sqlite3.connect(uri, uri=True, timeout=files.BUSY_TIMEOUT_MS / 1000)


def _sqlite_problem(error: sqlite3.Error, source: Path, target: Path) -> FileProblem:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return FileProblem(
            _("{file} is in use by another copy of buurt; close it there and try again.").format(
                file=target
            )
        )
    if "full" in text:
        return FileProblem(
            _("The disk is full: the backup {file} could not be written.").format(file=target)
        )
    return FileProblem(
        _("The backup of {file} could not be made: {reason}").format(file=source, reason=error)
    )


def _copy(source: Path, target: Path) -> None:
    """Copy `source` into `target` (which may be a new file or a neighbourhood to overwrite)
    through the backup API."""
    src = _connect(source, readonly=True)
    try:
        dest = _connect(target, readonly=False)
        try:
            src.backup(dest)
            try:
                dest.execute("PRAGMA journal_mode = DELETE").fetchall()
            except sqlite3.OperationalError as error:
                # The target is open elsewhere (the app restored onto, which watches its file):
                # the copy is whole; it keeps the journal mode of whoever has it open.
                log.info("journal mode of %s left as it is: %s", target, error)
        finally:
            dest.close()
    finally:
        src.close()


def _copy_rebuilt(source: Path, target: Path) -> None:
    """Write a rebuilt copy of `source` into the new, empty file `target` (see the module
    docstring)."""
    src = _connect(source, readonly=True)
    try:
        src.execute("VACUUM INTO ?", (str(target),))
    finally:
        src.close()
    dest = _connect(target, readonly=False)
    try:
        dest.execute("PRAGMA journal_mode = DELETE").fetchall()
    finally:
        dest.close()


def _check_copy(copy: Path) -> None:
    con = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        rows = con.execute("PRAGMA quick_check").fetchall()
    finally:
        con.close()
    if rows != [("ok",)]:
        raise sqlite3.DatabaseError(str(rows[0][0]))


def make_backup(source: Path, target: Path | None = None) -> Path:
    """Copy the neighbourhood file `source` to `target` (default: a timestamped name in the
    `backups/` folder beside it). Safe while the app has the file open. Returns the copy."""
    source = Path(source).expanduser().absolute()
    inspect_file(source)
    if target is None:
        target = default_backup_path(source)
    target = Path(target).expanduser().absolute()
    if target.is_dir():
        target = target / default_backup_path(source).name
    if target.exists():
        raise FileProblem(
            _("{file} already exists; choose another name for the backup.").format(file=target)
        )
    if target == source:
        raise FileProblem(_("A backup cannot replace the file it copies."))
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise FileProblem(
            _("The folder {folder} cannot be made: {reason}").format(
                folder=target.parent, reason=error.strerror
            )
        ) from error
    partial = target.with_name(f".{target.name}.partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.close(fd)
        _copy_rebuilt(source, partial)
        _check_copy(partial)
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise _sqlite_problem(error, source, target) from error
    except OSError as error:
        raise FileProblem(
            _("The backup {file} could not be written: {reason}").format(
                file=target, reason=error.strerror
            )
        ) from error
    finally:
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
    log.info("backup of %s written to %s", source, target)
    if target.parent != backup_folder(source):
        _remember_elsewhere(source, target)
    return target


def _remember_elsewhere(source: Path, target: Path) -> None:
    """Note where a copy outside `backups/` went, so that forgetting a member can name it."""
    folder = backup_folder(source)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(folder / ELSEWHERE, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.write(f"{target}\n")
    except OSError as error:
        log.warning("could not note the copy %s: %s", target, error)


def own_backups(path: Path) -> list[Path]:
    """Every copy of `path` that buurt keeps in `backups/` (daily, by hand into the folder,
    before an upgrade or a restore, damaged files set aside), oldest first."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob(f"{path.stem}-*") if p.is_file() and not p.name.endswith("-shm")
    )


def copies_elsewhere(path: Path) -> list[Path]:
    """Copies of `path` made with `buurt backup FILE DEST` outside `backups/` that still
    exist."""
    note = backup_folder(path) / ELSEWHERE
    try:
        lines = note.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [Path(line) for line in dict.fromkeys(lines) if line and Path(line).is_file()]


def copies_holding(copies: list[Path], traces: list[str]) -> list[Path]:
    """The copies whose bytes (with any journal) still hold one of `traces` (a forgotten
    member's name, e-mail address or phone number)."""
    needles = [t.encode("utf-8") for t in traces if t.strip()]
    found = []
    for copy in copies:
        try:
            data = b"".join(
                Path(f"{copy}{s}").read_bytes()
                for s in ("", "-wal", "-journal")
                if Path(f"{copy}{s}").exists()
            )
        except OSError:
            continue
        if any(n in data for n in needles):
            found.append(copy)
    return found


def purge(copies: list[Path]) -> list[Path]:
    """Delete `copies` (and their journal files); returns the ones deleted."""
    gone = []
    for copy in copies:
        try:
            copy.unlink()
        except OSError as error:
            log.warning("could not delete %s: %s", copy, error)
            continue
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        gone.append(copy)
    return gone


def backup_database(db: Database, target: Path | None = None) -> Path:
    """Back up the open neighbourhood (the TUI's "make a backup"). See `make_backup`."""
    if db.path is None:
        raise FileProblem(_("Only a neighbourhood file can be backed up this way."))
    return make_backup(db.path, target)


def daily_backups(path: Path) -> list[Path]:
    """The daily copies of `path`, oldest first."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    suffix = path.suffix or ".sqlite"
    return sorted(folder.glob(f"{path.stem}-{DAILY}-*{suffix}"))


def daily_backup(db: Database, *, now: datetime | None = None) -> Path | None:
    """Make today's copy of the open file, unless there is one already; keep the newest
    `backups_keep` daily copies. Returns the new copy, or None when none was needed.

    Never stops the app from opening: a failure is logged and None is returned."""
    if db.path is None:
        return None
    path = db.path
    day = (now or datetime.now()).strftime("%Y%m%d")
    suffix = path.suffix or ".sqlite"
    if any(p.name.startswith(f"{path.stem}-{DAILY}-{day}") for p in daily_backups(path)):
        return None
    try:
        with db.reading() as session:
            settings = session.exec(select(Neighbourhood)).first()
        keep = settings.backups_keep if settings is not None else 10
        target = backup_folder(path) / f"{path.stem}-{DAILY}-{_stamp(now)}{suffix}"
        made = make_backup(path, target)
        for old in daily_backups(path)[: -max(keep, 1)]:
            old.unlink(missing_ok=True)
    except (FileProblem, OSError) as error:
        log.warning("daily backup of %s not made: %s", path, error)
        return None
    return made


def restore_backup(backup: Path, target: Path, *, force: bool = False) -> RestoreReport:
    """Put the neighbourhood of `backup` into `target`.

    The backup is checked first (a whole buurt file this version can open). An existing
    `target` is only replaced with `force`, and then a copy of it is kept in `backups/` first,
    so a restore can itself be undone."""
    backup = Path(backup).expanduser().absolute()
    target = Path(target).expanduser().absolute()
    if not backup.exists():
        raise FileProblem(_("{file} does not exist.").format(file=backup))
    revision = inspect_file(backup)
    if revision is None:
        raise FileProblem(
            _("{file} is empty: it is not a backup of a neighbourhood.").format(file=backup)
        )
    if backup == target:
        raise FileProblem(_("A backup cannot replace the file it copies."))
    if target.is_symlink() and not target.exists():
        raise FileProblem(
            _("{file} is a link to a file that does not exist; give another name.").format(
                file=target
            )
        )
    if target.is_dir():
        raise FileProblem(_("{file} is a folder, not a neighbourhood file.").format(file=target))
    if target.exists() and not target.is_file():
        raise FileProblem(
            _(
                "{file} is not an ordinary file (a device, pipe or socket): "
                "it holds no neighbourhood."
            ).format(file=target)
        )
    if not target.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=target.parent))
    replaced: Path | None = None
    if target.exists():
        if not force:
            raise FileProblem(
                _(
                    "{file} already exists; add --force to replace it with the backup "
                    "(a copy of it is kept first)."
                ).format(file=target)
            )
        try:
            inspect_file(target)
        except FileProblem:
            # A damaged file is exactly what one restores over: keep its bytes as they are.
            replaced = _keep_raw(target)
        else:
            replaced = make_backup(
                target, backup_folder(target) / f"{target.stem}-before-restore-{_stamp()}.sqlite"
            )
    else:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    try:
        _copy(backup, target)
        os.chmod(target, 0o600)
    except sqlite3.Error as error:
        raise _sqlite_problem(error, backup, target) from error
    log.info("restored %s from %s (replaced copy: %s)", target, backup, replaced)
    return RestoreReport(target=target, replaced_copy=replaced)


def _keep_raw(path: Path) -> Path:
    """Move a damaged file (and its journal files) aside into `backups/`, byte for byte."""
    folder = backup_folder(path)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    kept = folder / f"{path.stem}-damaged-{_stamp()}{path.suffix or '.sqlite'}"
    os.replace(path, kept)
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            os.replace(extra, Path(f"{kept}{suffix}"))
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    return kept
