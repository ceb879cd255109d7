"""Shared fixtures: fresh neighbourhood files, the demo file, and the app as the CLI builds it.

Every test gets its own SQLite file, copied from a template migrated once per test process
(Alembic is slow compared with a file copy). Time is fixed: the demo is made as of DEMO_TODAY,
the app's clock says DEMO_TODAY, and the time zone is Amsterdam, so snapshots are stable.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ["TZ"] = "Europe/Amsterdam"
time.tzset()
# The CLI picks its language from the locale: make it English unless a test says --lang nl.
for _var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_var, None)
os.environ["LANG"] = "en_GB.UTF-8"
os.environ.setdefault("BUURT_LOG_DIR", str(Path(__file__).parent / ".." / ".pytest_cache" / "log"))

from buurt.i18n import set_language  # noqa: E402
from buurt.services import Database, open_database  # noqa: E402

DEMO_TODAY = date(2026, 11, 29)
REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _language() -> Iterator[None]:
    """Tests run in English unless they say otherwise; the language is reset after each."""
    set_language("en")
    yield
    set_language("en")


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


@pytest.fixture
def db_path(_template: Path, tmp_path: Path) -> Path:
    """A fresh, migrated, empty neighbourhood file (no settings yet)."""
    return _copy(_template, tmp_path / "buurt.sqlite")


@pytest.fixture
def empty_db(db_path: Path) -> Iterator[Database]:
    """An open, migrated file without a neighbourhood."""
    db = open_database(db_path, actor="test")
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
    return _copy(_demo_template, tmp_path / "demo.sqlite")


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator[Database]:
    db = open_database(demo_path, actor="test")
    yield db
    db.close()


@pytest.fixture
def make_app() -> Callable[..., object]:
    """Build the app the way the CLI does, with the clock fixed at DEMO_TODAY.

    `make_app(db, lang="nl")` sets the language first (as `buurt --lang nl` would)."""

    def build(db: Database, lang: str = "en") -> object:
        set_language(lang)
        from buurt.tui.app import BuurtApp

        return BuurtApp(db, today=lambda: DEMO_TODAY)

    return build
