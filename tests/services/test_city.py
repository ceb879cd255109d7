"""The city overview on a folder of neighbourhood files: read-only to the byte."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from alembic import command

from buurt.cli import run
from buurt.db.database import alembic_config
from buurt.services import open_database
from buurt.services.city import city_overview

DEMO_TODAY = date(2026, 11, 29)  # the day the demo is made as of (tests/conftest.py)


def _folder(tmp_path: Path, demo_path: Path, db_path: Path) -> Path:
    folder = tmp_path / "stad"
    folder.mkdir()
    shutil.copyfile(demo_path, folder / "oude-westen.sqlite")
    shutil.copyfile(demo_path, folder / "crooswijk.sqlite")
    old = folder / "delfshaven.sqlite"
    shutil.copyfile(db_path, old)
    db = open_database(old, actor="test")
    with db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    db.checkpoint()
    db.close()
    (folder / "kapot.sqlite").write_bytes(b"not a database at all")
    (folder / "notities.txt").write_text("not a neighbourhood")
    return folder


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_overview_reads_every_file_and_changes_nothing_in_the_folder(
    tmp_path: Path, demo_path: Path, db_path: Path
) -> None:
    folder = _folder(tmp_path, demo_path, db_path)
    before = _state(folder)
    overview = city_overview(folder, today=DEMO_TODAY)
    assert _state(folder) == before  # same names (no -wal/-shm), same bytes
    by_file = {n.source: n for n in overview.neighbourhoods}
    assert set(by_file) == {
        "oude-westen.sqlite",
        "crooswijk.sqlite",
        "delfshaven.sqlite",
        "kapot.sqlite",
    }
    assert by_file["delfshaven.sqlite"].status == "needs_upgrade"
    assert by_file["delfshaven.sqlite"].top3 == []
    assert by_file["kapot.sqlite"].status == "unreadable"
    west = by_file["oude-westen.sqlite"]
    assert west.status == "ok"
    assert [p.rank for p in west.top3] == [1, 2, 3]
    assert west.hours_available == 200
    assert west.next_meeting is not None
    # What each organisation owes, from both neighbourhoods, the longest overdue first.
    owed = {o.organisation: o for o in overview.organisations}
    assert owed
    for organisation in owed.values():
        assert len({a.neighbourhood for a in organisation.actions}) == 1  # both are "Oude Westen"
        assert len(organisation.actions) % 2 == 0  # the same actions in both copies
        assert [a.due_on for a in organisation.actions] == sorted(
            a.due_on for a in organisation.actions
        )
        assert all(a.days_overdue > 0 for a in organisation.actions)


def test_a_file_in_use_is_read_through_its_write_ahead_log_and_left_as_it_was(
    tmp_path: Path, demo_path: Path
) -> None:
    folder = tmp_path / "stad"
    folder.mkdir()
    path = folder / "oude-westen.sqlite"
    shutil.copyfile(demo_path, path)
    chair = open_database(path, actor="chair")  # the app has it open: -wal and -shm exist
    from buurt.services.neighbourhood import update_neighbourhood

    update_neighbourhood(chair, {"name": "Oude Westen (nieuw)"})
    names = sorted(p.name for p in folder.iterdir())
    overview = city_overview(folder, today=DEMO_TODAY)
    assert [n.name for n in overview.neighbourhoods] == ["Oude Westen (nieuw)"]
    assert sorted(p.name for p in folder.iterdir()) == names
    chair.close()


def test_only_one_organisation_when_asked(tmp_path: Path, demo_path: Path, db_path: Path) -> None:
    folder = _folder(tmp_path, demo_path, db_path)
    everyone = city_overview(folder, today=DEMO_TODAY)
    name = everyone.organisations[0].organisation
    only = city_overview(folder, organisation=name.split()[0].lower(), today=DEMO_TODAY)
    assert {o.organisation for o in only.organisations} <= {
        o.organisation for o in everyone.organisations if name.split()[0] in o.organisation
    }
    assert name in {o.organisation for o in only.organisations}


def test_the_command_prints_json_and_refuses_a_missing_folder(
    tmp_path: Path, demo_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, demo_path, db_path)
    assert run(["city", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["neighbourhoods"]) == 4
    assert {n["status"] for n in data["neighbourhoods"]} == {"ok", "needs_upgrade", "unreadable"}
    assert run(["city", str(tmp_path / "nergens"), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "nergens" in err
