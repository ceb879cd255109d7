"""Where the neighbourhoods of a city come from: the `*.sqlite` files of a folder, each opened
read-only leaving nothing behind, or the schemas of a city database that the role may read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

from buurt.db.database import Database, open_database
from buurt.db.server import parse_url
from buurt.errors import FileProblem
from buurt.i18n import _


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and "://" in source


def folder_files(folder: Path) -> Iterator[tuple[str, AbstractContextManager[Database]]]:
    folder = folder.expanduser()
    if not folder.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=folder))
    files = _Files()
    for path in sorted(folder.glob("*.sqlite")):
        if path.is_file():
            yield path.name, files.open(path)


class _Files:
    """One engine for every file of the folder, its connection swapped per file: the compiled
    queries are cached per engine, so they are compiled once for the whole city."""

    def __init__(self) -> None:
        self.uri = ""
        self.engine = create_engine("sqlite://", creator=self._connect, poolclass=StaticPool)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.uri, uri=True, check_same_thread=False)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    @contextmanager
    def open(self, path: Path) -> Iterator[Database]:
        """A neighbourhood file opened read-only, leaving nothing behind. While a copy of buurt
        has the file open its `-wal` exists and holds the newest changes: read through it
        (`mode=ro`); otherwise read the file as it is (`immutable`), so SQLite makes no files
        beside it."""
        busy = Path(f"{path}-wal").exists()
        self.uri = f"{path.absolute().as_uri()}?mode=ro" + ("" if busy else "&immutable=1")
        try:
            yield Database(engine=self.engine, path=path, readonly=True)
        except (sqlite3.DatabaseError, DBAPIError) as error:
            reason = getattr(error, "orig", None) or error
            raise FileProblem(
                _("{file} cannot be read: {reason}").format(file=path.name, reason=reason)
            ) from None
        finally:
            self.engine.dispose()  # the next file gets its own connection


def database_label(url: str) -> str:
    """How a person names a city database: "city on db.example.org" (never a password)."""
    parsed = parse_url(url)
    return _("{database} on {host}").format(
        database=parsed.database or "", host=parsed.host or "localhost"
    )


def list_neighbourhoods(url: str) -> list[str]:
    """The neighbourhood schemas of a city database that the role may read."""
    with city_schemas(url) as schemas:
        return [label for label, _opened in schemas]


@contextmanager
def city_schemas(url: str) -> Iterator[list[tuple[str, AbstractContextManager[Database]]]]:
    """Every neighbourhood schema (one holding buurt's `alembic_version`) of a city database
    that the role may read, each read through the same pool with the schema mapped in per
    query."""
    base = open_database(url, readonly=True, migrate=False)
    try:
        with base.reading() as session:
            schemas = [
                str(row[0])
                for row in session.execute(
                    text(
                        "SELECT table_schema FROM information_schema.tables "
                        "WHERE table_name = 'alembic_version' ORDER BY table_schema"
                    )
                )
            ]
        yield [(schema, _schema(base, schema)) for schema in schemas]
    finally:
        base.close()


@contextmanager
def _schema(base: Database, schema: str) -> Iterator[Database]:
    engine = base.engine.execution_options(schema_translate_map={None: schema})
    yield Database(engine=engine, readonly=True, schema=schema)
