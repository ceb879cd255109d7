"""The city overview (buurt city FOLDER) on two demo neighbourhoods, an old file and a broken
one, as of DEMO_TODAY (100x32)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from settle import settle

from buurt.db.database import alembic_config
from buurt.i18n import set_language
from buurt.services import open_database

DEMO_TODAY = date(2026, 11, 29)  # the day the demo is made as of (tests/conftest.py)


async def _loaded(pilot: object) -> None:
    await settle(pilot, "city")


# Dutch only: the English screen has the same layout (the Dutch words are the longer ones).
@pytest.mark.parametrize("lang", ["nl"])
def test_city_overview_shows_each_top3_and_what_each_organisation_owes(
    snap_compare: Callable[..., bool],
    demo_path: Path,
    db_path: Path,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(demo_path.parent)  # the header shows the folder as given: "stad"
    folder = Path("stad")
    folder.mkdir()
    shutil.copyfile(demo_path, folder / "oude-westen.sqlite")
    old = folder / "delfshaven.sqlite"
    shutil.copyfile(db_path, old)
    db = open_database(old, actor="test")
    with db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    db.close()
    (folder / "kapot.sqlite").write_bytes(b"not a database")
    set_language(lang)
    from buurt.tui.screens.city import CityApp

    app = CityApp(folder, today=DEMO_TODAY)
    assert snap_compare(app, terminal_size=(100, 32), run_before=_loaded)
