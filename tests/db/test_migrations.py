"""The schema comes from Alembic only, and Alembic gives exactly the models' schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import buurt.db.models  # noqa: F401
from buurt.db.database import alembic_config, head_revision


def _upgrade(path: Path, target: str = "head") -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), target)
    engine.dispose()


def test_upgrade_on_an_empty_file_gives_exactly_the_models_schema(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    _upgrade(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_removes_every_table_and_upgrade_works_again(tmp_path: Path) -> None:
    path = tmp_path / "roundtrip.sqlite"
    _upgrade(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    engine.dispose()
    tables = {
        row[0]
        for row in sqlite3.connect(path).execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    assert tables <= {"alembic_version"}
    _upgrade(path)
    version = sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()
    assert version == (head_revision(),)


def test_secret_ballot_tables_have_no_rowid(tmp_path: Path) -> None:
    path = tmp_path / "rowid.sqlite"
    _upgrade(path)
    con = sqlite3.connect(path)
    for table in ("ballot", "ballot_rank", "vote_participation"):
        sql = con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        assert "WITHOUT ROWID" in sql, table


def test_a_filled_file_at_the_first_schema_is_upgraded_with_every_reference_intact(
    demo_path: Path,
) -> None:
    """A neighbourhood made by the first release (real rows pointing at each other) opens in
    this one: SQLite copies a table to change it, which foreign keys would forbid."""
    from buurt.db.database import open_database

    engine = create_engine(f"sqlite:///{demo_path}")
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    engine.dispose()
    before = _counts(demo_path)

    open_database(demo_path).close()  # upgrades, after keeping a copy

    with sqlite3.connect(demo_path) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == head_revision()
    after = _counts(demo_path)
    assert {t: after[t] for t in before} == before  # and new tables only added


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
            )
        ]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
