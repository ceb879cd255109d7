"""Backups of a neighbourhood on a server: `pg_dump` of its schema, `pg_restore` back.

Debian's client tools (`postgresql-client`) do the work; the password, if the URL holds one, is
handed over in the environment (PGPASSWORD), never on a command line others can read.
A dump is PostgreSQL's custom format, readable by its owner only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import URL

from buurt.db.server import mask, neighbourhood_slug, parse_url, shown
from buurt.errors import FileProblem
from buurt.i18n import _


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise FileProblem(
            _("{tool} is missing: install PostgreSQL's client tools (postgresql-client).").format(
                tool=name
            )
        )
    return found


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as libpq reads it (no password) and the environment carrying the password."""
    plain = url.set(drivername="postgresql", password=None, query={})
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], where: str) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = mask(done.stderr.strip()).splitlines()
        raise FileProblem(
            _("{file} could not be used: {reason}").format(
                file=where, reason=said[-1] if said else done.returncode
            )
        )
    return done.stdout


def dump_neighbourhood(target: str, neighbourhood: str, dest: Path | None = None) -> Path:
    """Write a `pg_dump` of the neighbourhood's schema to `dest` (default: backups/ in the
    current folder, named after the neighbourhood and the time). Returns the dump's path."""
    url = parse_url(target)
    schema = neighbourhood_slug(neighbourhood)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{schema}-{stamp}.dump"
    dest = Path("backups") / name if dest is None else Path(dest)
    if dest.is_dir():
        dest = dest / name
    dest = dest.expanduser().absolute()
    if dest.exists():
        raise FileProblem(
            _("{file} already exists; choose another name for the backup.").format(file=dest)
        )
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    libpq, env = _libpq(url)
    partial = dest.with_name(f".{dest.name}.partial")
    fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        _run(
            [_tool("pg_dump"), "--format=custom", f"--schema={schema}", "-f", str(partial), libpq],
            env,
            shown(url),
        )
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return dest


def dumped_schema(backup: Path) -> str:
    """The neighbourhood schema a dump holds (from its table of contents)."""
    listing = _run([_tool("pg_restore"), "--list", str(backup)], dict(os.environ), str(backup))
    found = re.search(r"^\d+; \d+ \d+ SCHEMA - (\S+) ", listing, re.MULTILINE)
    if found is None:
        raise FileProblem(_("{file} holds no buurt neighbourhood.").format(file=backup))
    return found.group(1)


def restore_neighbourhood(
    backup: Path, target: str, *, force: bool = False
) -> tuple[str, Path | None]:
    """Restore the neighbourhood in `backup` (made by `dump_neighbourhood`) into the database
    `target`; an existing neighbourhood of that name is only replaced with `force`, after a
    dump of it is kept (in backups/ of the current folder). Returns the schema restored and
    the dump of what it replaced."""
    backup = Path(backup).expanduser().absolute()
    if not backup.is_file():
        raise FileProblem(_("{file} does not exist.").format(file=backup))
    schema = dumped_schema(backup)
    url = parse_url(target)
    libpq, env = _libpq(url)
    psql = [_tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", libpq]
    kept: Path | None = None
    exists = _run(
        [*psql, "-c", f"SELECT 1 FROM pg_namespace WHERE nspname = '{schema}'"], env, shown(url)
    )
    if exists.strip():
        if not force:
            raise FileProblem(
                _(
                    "The neighbourhood '{schema}' already exists in {url}; add --force to "
                    "replace it (a backup of it is made first)."
                ).format(schema=schema, url=shown(url))
            )
        kept = dump_neighbourhood(target, schema)
        _run([*psql, "-c", f'DROP SCHEMA "{schema}" CASCADE'], env, shown(url))
    _run(
        [_tool("pg_restore"), "--exit-on-error", "--single-transaction", "-d", libpq, str(backup)],
        env,
        shown(url),
    )
    return schema, kept
