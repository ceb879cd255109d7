"""Cases 5, 10 and 11 at the command line: CSV exports carry no formulas and keep each person
on one row; every bad input is one sentence and exit code 2; a tampered export is refused."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import hostile_data as hostile
import pytest
from hostile_cli import cli, one_sentence, program

from buurt.services import Database
from buurt.services.members import add_member

FORMULAS = [hostile.CSV_FORMULA, hostile.CSV_AT, "=1+2", hostile.CSV_MINUS, hostile.CSV_PLUS]


@pytest.mark.needs_file("writes old data into the file with sqlite3")
def test_contact_export_neutralises_formulas_and_keeps_rows_whole(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    for n, name in enumerate(FORMULAS):
        add_member(
            db,
            {
                "name": f"Lid {n}",
                "kind": "resident",
                "function": name,
                "consent_contact_on": date(2026, 1, 1),
            },
        )
    assert db.path is not None
    con = sqlite3.connect(db.path)  # old data may hold a line break inside a name
    con.execute("UPDATE member SET name = ? WHERE name = 'Lid 0'", (hostile.NEWLINE_IN_NAME,))
    con.commit()
    con.close()
    code, out, _err = cli(capsys, "export", db.path, "--contacts")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out, newline=""), delimiter=";"))
    assert len(rows) == 1 + len(FORMULAS)
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    assert {f"'{f}" for f in FORMULAS} <= set(cells)
    assert hostile.NEWLINE_IN_NAME in cells


def test_an_unknown_language_is_exit_2(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = cli(capsys, "verify", demo_path, "--lang", "xx")
    assert code == 2
    assert one_sentence(err)


def test_a_file_in_a_missing_folder_without_a_terminal_is_exit_2(tmp_path: Path) -> None:
    code, _out, err = program(tmp_path / "no" / "such" / "x.sqlite")
    assert code == 2
    assert one_sentence(err)
    assert "Aborted" not in err


def test_a_missing_file_without_a_terminal_is_not_asked_about(tmp_path: Path) -> None:
    target = tmp_path / "x.sqlite"
    code, _out, err = program(target)
    assert code == 2
    assert one_sentence(err)
    assert not target.exists()


def test_import_json_of_deep_nesting_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "deep.json"
    export.write_text("[" * 100000, encoding="utf-8")
    target = tmp_path / "new.sqlite"
    code, _out, err = cli(capsys, "import-json", target, export)
    assert code == 2
    assert one_sentence(err)
    assert not target.exists()


def test_import_json_onto_a_dangling_link_is_exit_2(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.json"
    assert cli(capsys, "export", demo_path, "--json", "--out", export)[0] == 0
    link = tmp_path / "new.sqlite"
    link.symlink_to(tmp_path / "nowhere.sqlite")
    code, _out, err = cli(capsys, "import-json", link, export)
    assert code == 2
    assert one_sentence(err)
    assert link.is_symlink()
    assert not (tmp_path / "nowhere.sqlite").exists()


def _export(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    export = tmp_path / "export.json"
    assert cli(capsys, "export", demo_path, "--json", "--out", export)[0] == 0
    return json.loads(export.read_text(encoding="utf-8"))


def test_import_json_of_a_tampered_export_is_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _export(demo_path, tmp_path, capsys)
    events = data["tables"]["audit_event"]
    events[len(events) // 2]["summary"] = "nothing happened here"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "new.sqlite"
    code, _out, err = cli(capsys, "import-json", target, tampered)
    assert code == 2
    assert one_sentence(err)
    assert "audit" in err
    assert not target.exists()


def test_import_json_of_an_export_without_a_neighbourhood_is_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _export(demo_path, tmp_path, capsys)
    data["tables"] = {name: [] for name in data["tables"]}
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "new.sqlite"
    code, _out, err = cli(capsys, "import-json", target, empty)
    assert code == 2
    assert one_sentence(err)
    assert not target.exists()
