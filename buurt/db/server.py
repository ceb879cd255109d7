"""A neighbourhood on a database server (PostgreSQL): URLs, one schema per neighbourhood, the
lock that keeps each audit chain in one line, and errors as one sentence each.

A city database holds one schema per neighbourhood, named by the neighbourhood's name as a
lower-case ASCII slug ("Oude Westen" -> `oude_westen`); each schema has its own tables, its own
migration version and its own audit chain. The schema is chosen with `--neighbourhood NAME`
(connection option `search_path`), or given in the URL (`?options=-csearch_path%3Dname`).

Passwords come from the environment (`PGPASSWORD`) or `~/.pgpass`; one typed into a URL is
never shown: every sentence renders the URL without it, and `mask` takes it out of any text
(the log handlers filter it too).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError

from buurt.errors import FileProblem, ReadOnlyFile
from buurt.i18n import _

log = logging.getLogger("buurt.db")

# The first key of every advisory lock buurt takes ("buur" in ASCII); the second is the
# neighbourhood's schema, so neighbourhoods never wait for each other.
LOCK_CLASS = 0x62757572
SLUG_MAX = 63  # PostgreSQL's identifier length


def neighbourhood_slug(name: str) -> str:
    """The schema name of a neighbourhood: lower-case ASCII letters, digits and underscores.

    "Oude Westen" -> "oude_westen", "Crooswijk-Noord" -> "crooswijk_noord", "Hoek é" -> "hoek_e".
    Raises `FileProblem` when nothing usable is left."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:SLUG_MAX].rstrip("_")
    if not slug or slug[0].isdigit() or slug.startswith("pg_") or slug == "public":
        raise FileProblem(
            _(
                "'{name}' cannot name a neighbourhood on a server: use letters (a name like "
                "Oude Westen)."
            ).format(name=name)
        )
    return slug


class _MaskPasswords(logging.Filter):
    """Takes every password buurt was given in a URL out of every log line."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = mask(record.getMessage(), self.secrets)
            record.msg, record.args = message, None
            if record.exc_text:
                record.exc_text = mask(record.exc_text, self.secrets)
        return True


_MASK = _MaskPasswords()


def remember_password(password: str | None) -> None:
    """From now on, no log line (of buurt or of the libraries) shows `password`."""
    if not password:
        return
    _MASK.secrets.add(password)
    for logger in (logging.getLogger(), logging.getLogger("buurt")):
        for handler in logger.handlers:
            if _MASK not in handler.filters:
                handler.addFilter(_MASK)


def mask(value: str, secrets: set[str] | None = None) -> str:
    """`value` with every known password replaced by ***."""
    for secret in sorted(secrets if secrets is not None else _MASK.secrets, key=len, reverse=True):
        value = value.replace(secret, "***")
    return value


def parse_url(target: str) -> URL:
    try:
        url = make_url(target)
    except ArgumentError:
        raise FileProblem(
            _("{url} is not a database URL (like postgresql+psycopg://host/city).").format(
                url=mask_url_text(target)
            )
        ) from None
    remember_password(url.password if isinstance(url.password, str) else None)
    return url


def mask_url_text(target: str) -> str:
    """A URL as text, its password (between ':' and '@') replaced by ***, even if unparsable."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", target)


def shown(url: URL) -> str:
    """The URL as a person may see it: never with its password."""
    return url.render_as_string(hide_password=True)


def schema_in_url(url: URL) -> str | None:
    """The schema named in the URL's `options=-csearch_path=NAME`, if any."""
    options = url.query.get("options")
    values = [options] if isinstance(options, str) else list(options or ())
    for value in values:
        found = re.search(r"search_path\s*=\s*([A-Za-z_][A-Za-z0-9_]*)", value)
        if found:
            return found.group(1)
    return None


def connect_args(schema: str | None, *, readonly: bool) -> dict[str, Any]:
    options = []
    if schema is not None:
        options.append(f"-csearch_path={schema}")
    if readonly:
        options.append("-cdefault_transaction_read_only=on")
    args: dict[str, Any] = {"connect_timeout": 10, "application_name": "buurt"}
    if options:
        args["options"] = " ".join(options)
    return args


def lock_neighbourhood(connection: Connection) -> None:
    """Serialise writers of one neighbourhood until the transaction ends: every write takes
    this lock first, so each audit event is chained to the one committed before it (what
    SQLite's BEGIN IMMEDIATE does for a file)."""
    connection.execute(
        text("SELECT pg_advisory_xact_lock(:cls, hashtext(current_schema()))"),
        {"cls": LOCK_CLASS},
    )


def check_schema(connection: Connection, schema: str, *, where: str, create: bool) -> bool:
    """Make sure the neighbourhood's schema exists and may be used. True when it was made."""
    exists = connection.execute(
        text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}
    ).first()
    if exists is None:
        if not create:
            raise FileProblem(
                _(
                    "There is no neighbourhood '{schema}' in {url}; make it with buurt create "
                    "URL --neighbourhood NAME."
                ).format(schema=schema, url=where)
            )
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        return True
    allowed = connection.execute(
        text("SELECT has_schema_privilege(:s, 'USAGE')"), {"s": schema}
    ).scalar()
    if not allowed:
        raise no_access(connection, schema, where)
    return False


def no_access(connection: Connection, schema: str | None, where: str) -> FileProblem:
    role = connection.execute(text("SELECT current_user")).scalar()
    return FileProblem(
        _("No access: the role {role} may not use the neighbourhood '{schema}' in {url}.").format(
            role=role, schema=schema or "public", url=where
        )
    )


def owns_schema(connection: Connection) -> bool:
    """May the connected role change the schema (upgrade it)?"""
    return bool(
        connection.execute(
            text(
                "SELECT pg_has_role(current_user, nspowner, 'USAGE') FROM pg_namespace "
                "WHERE nspname = current_schema()"
            )
        ).scalar()
    )


# A transaction that lost a race with another writer: a serialization failure (REPEATABLE READ
# or SERIALIZABLE) or a deadlock. Running it again, from the start, usually succeeds.
CONFLICT_STATES = frozenset({"40001", "40P01"})


def is_conflict(error: BaseException) -> bool:
    """True when `error` (or an error it was raised from) is a lost race on the server."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        orig = getattr(current, "orig", None) or current
        if getattr(orig, "sqlstate", None) in CONFLICT_STATES:
            return True
        current = current.__cause__ or current.__context__
    return False


def translate_server_error(error: BaseException, where: str, schema: str | None) -> FileProblem:
    """One sentence for each way a server can fail us; the password never appears."""
    orig = getattr(error, "orig", None) or error
    state = getattr(orig, "sqlstate", None) or ""
    words = mask(str(orig)).lower()
    if (
        state in ("28P01", "28000")
        or "authentication failed" in words
        or re.search(r'role "[^"]*" does not exist', words)
        or "no password supplied" in words
    ):
        return FileProblem(
            _(
                "The server of {url} refused the login: check the user name and the password "
                "(PGPASSWORD or ~/.pgpass)."
            ).format(url=where)
        )
    if state == "3D000" or re.search(r'database "[^"]*" does not exist', words):
        return FileProblem(
            _("The database of {url} does not exist on that server.").format(url=where)
        )
    if state == "3F000" or ("schema" in words and "does not exist" in words):
        return FileProblem(
            _("There is no neighbourhood '{schema}' in {url}.").format(
                schema=schema or "public", url=where
            )
        )
    if state == "42501" or "permission denied" in words:
        return FileProblem(
            _("No access: this role may not use the neighbourhood '{schema}' in {url}.").format(
                schema=schema or "public", url=where
            )
        )
    if state == "25006" or "read-only transaction" in words:
        return ReadOnlyFile(
            _("{file} is open read-only: nothing can be changed.").format(file=where)
        )
    if state in CONFLICT_STATES:
        return FileProblem(
            _(
                "Someone changed {url} at the same moment: your last change was not saved; "
                "try again."
            ).format(url=where)
        )
    if (
        state.startswith("57P")
        or "server closed the connection" in words
        or ("consuming input failed" in words)
    ):
        return FileProblem(
            _("The connection to {url} was lost: your last change was not saved.").format(url=where)
        )
    if (
        "connection refused" in words
        or "could not connect" in words
        or ("connection failed" in words)
        or "timeout" in words
        or "could not translate host" in words
    ):
        return FileProblem(
            _(
                "The server of {url} cannot be reached: is it running, and is the address right?"
            ).format(url=where)
        )
    first_line = (
        mask(str(orig)).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    )
    return FileProblem(
        _("{file} could not be used: {reason}").format(file=where, reason=first_line)
    )
