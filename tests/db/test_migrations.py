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
