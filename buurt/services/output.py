"""Where buurt writes a document (minutes, action list, summary, an export, the contact list):
the one place that checks the target and writes it whole.

A document never lands on a database: not on any SQLite file, not on the open neighbourhood
file nor on its `-wal`/`-shm` companions, not on a folder, a FIFO, a device or a socket, and not
through a symlink that points nowhere. An existing ordinary file is replaced only when the user
said so (`--force`, or yes to the app's question), and then atomically: the content goes to a
temporary file in the same folder, which is renamed over the target, so a crash leaves either
the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from buurt.db.files import SQLITE_HEADER
from buurt.errors import FileProblem
from buurt.i18n import _

_COMPANIONS = ("-wal", "-shm", "-journal")


def unused_path(folder: Path, stem: str, suffix: str) -> Path:
    """`folder/stem.suffix`, or `stem-2`, `stem-3`, ... when that name is taken: a new file
    never replaces one already there."""
    path = folder / f"{stem}{suffix}"
    n = 1
    while path.exists() or path.is_symlink():
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _protected(path: Path, protect: Iterable[Path | None]) -> bool:
    """Is `path` one of the open neighbourhood files, or a journal file of one of them (or of
    any SQLite file beside it)?"""
    for database in protect:
        if database is None:
            continue
        for suffix in ("", *_COMPANIONS):
            if _same_file(path, Path(f"{database}{suffix}")):
                return True
    name = str(path)
    for suffix in _COMPANIONS:
        if name.endswith(suffix) and _is_sqlite(Path(name[: -len(suffix)])):
            return True
    return False


def check_target(path: Path, *, force: bool = False, protect: Iterable[Path | None] = ()) -> Path:
    """The real file a document will be written to, or a `FileProblem` saying why not.

    `protect`: the neighbourhood files open now (never written over, nor their journals)."""
    path = Path(path).expanduser().absolute()
    if path.is_symlink() and not path.exists():
        raise FileProblem(
            _("{file} is a link to a file that does not exist; give another name.").format(
                file=path
            )
        )
    real = path.resolve() if path.is_symlink() else path
    if real.is_dir():
        raise FileProblem(_("{file} is a folder; give a file name.").format(file=path))
    if not real.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=real.parent))
    if _protected(real, protect):
        raise FileProblem(
            _(
                "{file} belongs to the open neighbourhood; buurt never writes a document there."
            ).format(file=path)
        )
    try:
        info = real.stat()
    except FileNotFoundError:
        return real
    except OSError as error:
        raise FileProblem(
            _("{file} cannot be written: {reason}").format(file=path, reason=error.strerror)
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(
            _(
                "{file} is not an ordinary file (a device, pipe or socket); give another name."
            ).format(file=path)
        )
    if _is_sqlite(real):
        raise FileProblem(
            _("{file} is a database; buurt never writes a document over one.").format(file=path)
        )
    if not force:
        raise FileProblem(
            _("{file} already exists; add --force to replace it, or choose another name.").format(
                file=path
            )
        )
    return real


def write_document(
    path: Path,
    content: bytes | str,
    *,
    force: bool = False,
    protect: Iterable[Path | None] = (),
    mode: int = 0o600,
) -> Path:
    """Check `path` (see `check_target`) and write `content` to it whole: a temporary file in
    the same folder, flushed to disk, then renamed over the target. Returns the path written."""
    real = check_target(path, force=force, protect=protect)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".partial", dir=real.parent)
    except OSError as error:
        raise FileProblem(
            _("{file} cannot be written: {reason}").format(file=path, reason=error.strerror)
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if not force and real.exists():
            # Someone made the file between the check and now: still never replace it unasked.
            raise FileProblem(
                _(
                    "{file} already exists; add --force to replace it, or choose another name."
                ).format(file=path)
            )
        os.replace(temp, real)
    except OSError as error:
        raise FileProblem(
            _("{file} cannot be written: {reason}").format(file=path, reason=error.strerror)
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    return Path(path).expanduser().absolute()


__all__ = ["check_target", "write_document"]
