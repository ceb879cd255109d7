"""Shared fixtures: fresh neighbourhood files, the demo file, and the app as the CLI builds it.

Every test gets its own SQLite file, copied from a template migrated once per test process
(Alembic is slow compared with a file copy). Time is fixed: the demo is made as of DEMO_TODAY,
the app's clock says DEMO_TODAY, and the time zone is Amsterdam, so snapshots are stable.

PostgreSQL. When `BUURT_TEST_PG_URL` is set (a server where the user may create databases, e.g.
`postgresql+psycopg://postgres@127.0.0.1:PORT/postgres`), the database fixtures (`empty_db`, `db`,
`demo_db`) give each test its own database on that server instead of a file: made in
milliseconds with `CREATE DATABASE ... TEMPLATE` from a template migrated once per test process,
holding the neighbourhood in its own schema (`testbuurt`, or `oude_westen` for the demo), and
dropped afterwards. `make test` runs the whole suite this way a second time, on a throwaway
server (`make pytest-pg`; `.ci/with-postgres pytest ...` does the same by hand), and the
collection hook skips in that pass:
- a test that takes a file fixture (`db_path`, `demo_path`) or carries the `needs_file` marker
  (corrupt, locked or read-only files, SQLite's backup API, raw pages, a file given to the
  command line): "needs a SQLite file";
- a test that takes no database fixture at all (every one that follows the backend stands on
  `_pg_server`: `empty_db`, `db`, `demo_db`, the minutes worlds, `pg_*`; a test with the
  `postgres` marker may reach the server by itself): the voting engine,
  translations, packaging, formats gain nothing from a second run: "does not touch the
  database; run in the SQLite pass".
Everything else (services, TUI Pilot flows, snapshots, minutes, safety, adversarial, the
command line given the URL) runs on the server.

Tests that need PostgreSQL whatever the backend carry the `postgres` marker and use:
- `pg_url`: the URL of a fresh, empty database of their own (a neighbourhood is made in it with
  `open_database(pg_url, neighbourhood="Name", create=True)`);
- `pg_db`: an open `Database` on a fresh database with the neighbourhood "Testbuurt" (schema
  `testbuurt`), like `db`;
- `pg_admin`: a function running SQL as the server's superuser (roles, grants, inspection).
Without `BUURT_TEST_PG_URL` they skip with one line saying so.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import app_costs
import pytest
from settle import record_notifications

os.environ["TZ"] = "Europe/Amsterdam"
time.tzset()
# The CLI picks its language from the locale: make it English unless a test says --lang nl.
for _var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_var, None)
os.environ["LANG"] = "en_GB.UTF-8"
os.environ.setdefault("BUURT_LOG_DIR", str(Path(__file__).parent / ".." / ".pytest_cache" / "log"))

from buurt.i18n import set_language  # noqa: E402
from buurt.services import Database, open_database  # noqa: E402

# Textual's per-app fixed costs, paid once per test process (see app_costs.py).
app_costs.install()

# The longest tests start first under `pytest -n 2` (see slow_first.py).
pytest_plugins = ["slow_first"]

DEMO_TODAY = date(2026, 11, 29)
# The moment the app thinks it is (a meeting opened in a test opens at 18:32 UTC).
DEMO_NOW = datetime(2026, 11, 29, 18, 32, tzinfo=UTC)
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _language() -> Iterator[None]:
    """Tests run in English unless they say otherwise; the language is reset after each."""
    set_language("en")
    yield
    set_language("en")


PG_URL = os.environ.get("BUURT_TEST_PG_URL", "")
ON_PG = bool(PG_URL)


# Fixtures that file tests take: a test using one is skipped in the PostgreSQL pass.
FILE_FIXTURES = frozenset({"db_path", "demo_path"})
# The fixture every database fixture that follows the backend stands on (empty_db, db, demo_db,
# the minutes worlds, pg_*): a test without it touches no database of ours on the server.
SERVER_FIXTURE = "_pg_server"


def pytest_collection_finish(session: pytest.Session) -> None:
    app_costs.after_collection()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In the PostgreSQL pass, run only what uses a database there: a test that needs a file is
    skipped, and so is one that takes no database fixture (the voting engine, translations,
    packaging, formats): a second run on the same code would tell nothing new."""
    for item in items:
        if ON_PG:
            fixtures = set(getattr(item, "fixturenames", ()))
            marker = item.get_closest_marker("needs_file")
            if marker is not None or fixtures & FILE_FIXTURES:
                why = f": {marker.args[0]}" if marker is not None and marker.args else ""
                if not why and fixtures & FILE_FIXTURES:
                    why = ": takes " + " and ".join(sorted(fixtures & FILE_FIXTURES))
                item.add_marker(pytest.mark.skip(reason=f"needs a SQLite file{why}"))
            elif SERVER_FIXTURE not in fixtures and not item.get_closest_marker("postgres"):
                item.add_marker(
                    pytest.mark.skip(reason="does not touch the database; run in the SQLite pass")
                )
        if not ON_PG and item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set BUURT_TEST_PG_URL"))


class PgServer:
    """The test server: fresh databases from migrated templates, and SQL as its superuser."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.admin = create_engine(
            self.url, isolation_level="AUTOCOMMIT", pool_size=1, max_overflow=2
        )
        self.tag = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.templates: dict[str, str] = {}

    def sql(self, statement: str, database: str | None = None) -> list[tuple[object, ...]]:
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        if database is None:
            with self.admin.connect() as conn:
                result = conn.execute(text(statement))
                return [tuple(r) for r in result] if result.returns_rows else []
        engine = create_engine(
            self.url.set(database=database), isolation_level="AUTOCOMMIT", poolclass=NullPool
        )
        try:
            with engine.connect() as conn:
                result = conn.execute(text(statement))
                return [tuple(r) for r in result] if result.returns_rows else []
        finally:
            engine.dispose()

    def url_of(self, database: str, schema: str | None = None) -> str:
        """The URL of `database`; with `schema`, naming it too (as `buurt URL` takes it without
        --neighbourhood)."""
        url = self.url.set(database=database)
        if schema is not None:
            url = url.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def new_database(self, template: str | None = None) -> str:
        name = f"t_{self.tag}_{uuid.uuid4().hex[:12]}"
        source = f" TEMPLATE {self.template(template)}" if template else ""
        self.sql(f"CREATE DATABASE {name}{source}")
        return name

    def drop(self, name: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def template(
        self,
        kind: str,
        build: Callable[[Database], None] | None = None,
        *,
        neighbourhood: str = "testbuurt",
        source: str | None = None,
    ) -> str:
        """A database holding `kind`, made once per test process: "empty" (schema testbuurt
        migrated), "demo" (the demo in schema oude_westen), or any other kind made by `build`
        on the neighbourhood `neighbourhood` (a copy of the template `source`, if given)."""
        if kind in self.templates:
            return self.templates[kind]
        name = f"tmpl_{kind}_{self.tag}_{uuid.uuid4().hex[:6]}"
        copied = f" TEMPLATE {self.templates[source]}" if source else ""
        self.sql(f"CREATE DATABASE {name}{copied}")
        if kind == "demo":
            from buurt.services.demo import load_demo

            neighbourhood = "Oude Westen"

            def build(db: Database) -> None:
                load_demo(db, today=DEMO_TODAY)

        db = open_database(
            self.url_of(name), neighbourhood=neighbourhood, create=not source, actor="test"
        )
        try:
            if build is not None:
                build(db)
        finally:
            db.close()
        self.templates[kind] = name
        return name

    def copy(self, template: str, neighbourhood: str) -> Iterator[Database]:
        """An open copy of the template `template` (a fresh database, dropped afterwards)."""
        name = self.new_database(template)
        db = open_database(self.url_of(name), neighbourhood=neighbourhood, actor="test")
        try:
            yield db
        finally:
            db.close()
            self.drop(name)

    def close(self) -> None:
        for name in self.templates.values():
            self.drop(name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def _pg_server() -> Iterator[PgServer | None]:
    if not ON_PG:
        yield None
        return
    server = PgServer(PG_URL)
    yield server
    server.close()


def _need_pg(server: PgServer | None) -> PgServer:
    if server is None:
        pytest.skip("needs PostgreSQL: set BUURT_TEST_PG_URL")
    return server


def _pg_database(server: PgServer, template: str, neighbourhood: str) -> Iterator[Database]:
    yield from server.copy(template, neighbourhood)


@pytest.fixture
def pg_url(_pg_server: PgServer | None) -> Iterator[str]:
    """The URL of a fresh, empty database of this test's own on the test server."""
    server = _need_pg(_pg_server)
    name = server.new_database()
    yield server.url_of(name)
    server.drop(name)


@pytest.fixture
def pg_admin(_pg_server: PgServer | None) -> Callable[..., list[tuple[object, ...]]]:
    """`pg_admin(sql, database=None)`: run SQL as the test server's superuser."""
    return _need_pg(_pg_server).sql


@pytest.fixture
def pg_db(_pg_server: PgServer | None) -> Iterator[Database]:
    """An open neighbourhood "Testbuurt" (schema testbuurt) in a fresh PostgreSQL database."""
    from buurt.services.neighbourhood import create_neighbourhood

    server = _need_pg(_pg_server)
    for db in _pg_database(server, "empty", "testbuurt"):
        create_neighbourhood(db, {"name": "Testbuurt", "municipality": "Rotterdam"})
        yield db


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    db = open_database(path, create=True)
    db.close()
    return path


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from buurt.services.demo import make_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    make_demo(path, today=DEMO_TODAY)
    return path


def _copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    os.chmod(target, 0o600)
    return target


def _file_only() -> None:
    if ON_PG:
        pytest.skip("needs a SQLite file (PostgreSQL pass)")


@pytest.fixture
def db_path(_template: Path, tmp_path: Path) -> Path:
    """A fresh, migrated, empty neighbourhood file (no settings yet)."""
    _file_only()
    return _copy(_template, tmp_path / "buurt.sqlite")


@pytest.fixture
def empty_db(request: pytest.FixtureRequest, _pg_server: PgServer | None) -> Iterator[Database]:
    """An open, migrated neighbourhood without settings: a file, or on PostgreSQL a schema."""
    if _pg_server is not None:
        yield from _pg_database(_pg_server, "empty", "testbuurt")
        return
    db = open_database(request.getfixturevalue("db_path"), actor="test")
    yield db
    db.close()


@pytest.fixture
def db(empty_db: Database) -> Database:
    """An open file with a neighbourhood ("Testbuurt") and its shipped categories."""
    from buurt.services.neighbourhood import create_neighbourhood

    create_neighbourhood(empty_db, {"name": "Testbuurt", "municipality": "Rotterdam"})
    return empty_db


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo neighbourhood as of DEMO_TODAY."""
    _file_only()
    return _copy(_demo_template, tmp_path / "demo.sqlite")


@pytest.fixture
def demo_db(request: pytest.FixtureRequest, _pg_server: PgServer | None) -> Iterator[Database]:
    """The demo neighbourhood, open: a file, or on PostgreSQL the schema oude_westen."""
    if _pg_server is not None:
        yield from _pg_database(_pg_server, "demo", "Oude Westen")
        return
    db = open_database(request.getfixturevalue("demo_path"), actor="test")
    yield db
    db.close()


@pytest.fixture
def make_app() -> Callable[..., object]:
    """Build the app as `buurt FILE` does for an open file (`BuurtApp(db)`), with the clock
    fixed at DEMO_TODAY.

    `make_app(db, lang="nl")` sets the language first (as `buurt --lang nl` would)."""

    def build(db: Database, lang: str = "en") -> object:
        set_language(lang)
        from buurt.tui.app import BuurtApp

        app = BuurtApp(db, today=lambda: DEMO_TODAY, now=lambda: DEMO_NOW)
        record_notifications(app)
        return app

    return build
