"""`buurt tally BALLOTS`: plain text and JSON, bad files (exit 2, file/line/column on stderr),
Dutch and English output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from buurt.cli import run
from buurt.voting import Result

REPO = Path(__file__).resolve().parents[2]
BALLOTS = REPO / "fixtures" / "ballots"
TENNESSEE = str(BALLOTS / "tennessee.csv")


def tally(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["tally", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_plain_text_shows_the_order_the_winners_and_the_explanation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = tally(capsys, TENNESSEE, "--lang", "en")
    assert (code, err) == (0, "")
    assert "Schulze: 100 ballots, 4 candidates, 3 seats." in out
    assert "Winners: Nashville, Chattanooga, Knoxville" in out
    assert "Pairwise comparisons" in out
    lines = out.splitlines()
    place = next(i for i, line in enumerate(lines) if line.startswith("Place"))
    assert lines[place + 2].split() == ["1", "Nashville", "winner"]
    assert lines[place + 5].split() == ["4", "Memphis"]


def test_json_has_the_agreed_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = tally(capsys, TENNESSEE, "--json", "--method", "irv", "--seats", "1")
    assert code == 0
    data = json.loads(out)
    for key in ("method", "seats", "ballots", "candidates", "ranking", "winners", "tie_break"):
        assert key in data
    assert data["method"] == "irv"
    assert data["ballots"] == 100
    assert data["winners"] == ["Knoxville"]
    assert data["tie_break"] is None
    assert len(data["digest"]) == 64
    assert data["explanation"]["text"][0].startswith("Instant-runoff voting")
    assert Result.from_dict(data).winners == ("Knoxville",)


def test_json_reports_a_tie_with_rule_seed_and_drawn_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "gelijk.csv"
    path.write_text("A,B,C\n1,2,3\n2,1,3\n", encoding="utf-8")
    code, out, _err = tally(capsys, str(path), "--json", "--seats", "1", "--seed", "zaal")
    assert code == 0
    data = json.loads(out)
    assert data["tie_break"]["rule"] == "lot"
    assert data["tie_break"]["seed"] == "zaal"
    assert sorted(data["tie_break"]["tied"]) == ["A", "B"]
    assert data["winners"] == data["tie_break"]["order"][:1]
    code, out, _err = tally(capsys, str(path), "--json", "--seats", "1", "--tie-break", "none")
    data = json.loads(out)
    assert data["winners"] == []
    assert data["tie_break"]["rule"] == "none"


@pytest.mark.parametrize("method", ["schulze", "ranked-pairs", "borda", "irv", "stv"])
def test_every_method_counts_the_committee_fixture(
    capsys: pytest.CaptureFixture[str], method: str
) -> None:
    code, out, err = tally(
        capsys, str(BALLOTS / "top3.csv"), "--method", method, "--balance-groups", "--lang", "en"
    )
    assert (code, err) == (0, "")
    assert "Winners:" in out
    assert "Groups balanced" in out


def test_preflib_file_counts_by_stv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = tally(capsys, str(BALLOTS / "food.soi"), "--method", "stv", "--lang", "en")
    assert code == 0
    assert "Winners: Chocolate, Oranges, Strawberries" in out


def test_dutch_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = tally(capsys, TENNESSEE, "--lang", "nl", "--method", "stv")
    assert code == 0
    assert "Enkelvoudig overdraagbare stem: 100 stembiljetten, 4 kandidaten, 3 plaatsen." in out
    assert "Winnaars: Memphis, Nashville, Chattanooga" in out
    assert "quotum 26" in out


BAD = [
    ("unknown group", "groep,A,B\nbuurman,1,2\n", 2, 1),
    ("rank not a whole number", "A,B\n1,1.5\n", 2, 2),
    ("rank zero", "A,B\n0,1\n", 2, 1),
    ("duplicate candidate", "A,B,A\n1,2,3\n", 1, 3),
    ("empty file", "", 1, 1),
    ("too many cells", "A,B\n1,2\n1,2,3\n", 3, 3),
    ("no candidates", "kiezer,aantal\nx,2\n", 1, 1),
]


@pytest.mark.parametrize(("case", "text", "line", "column"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_file_exits_2_with_file_line_and_column(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    case: str,
    text: str,
    line: int,
    column: int,
) -> None:
    path = tmp_path / "stemmen.csv"
    path.write_text(text, encoding="utf-8")
    code, out, err = tally(capsys, str(path), "--lang", "en")
    assert code == 2, case
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert str(path) in err
    assert f"line {line}, column {column}" in err


def test_undecodable_bytes_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "kapot.csv"
    path.write_bytes(b"A,B\n1,\x81\n")
    code, _out, err = tally(capsys, str(path), "--lang", "en")
    assert code == 2
    assert "line 2, column 3" in err


def test_a_bad_file_in_dutch(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "stemmen.csv"
    path.write_text("A,B\n1,x\n", encoding="utf-8")
    code, _out, err = tally(capsys, str(path), "--lang", "nl")
    assert code == 2
    assert "regel 2, kolom 2" in err


def test_a_missing_file_and_an_unknown_method_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = tally(capsys, "bestaat-niet.csv", "--lang", "en")
    assert code == 2
    assert "bestaat-niet.csv" in err
    code, _out, err = tally(capsys, TENNESSEE, "--method", "approval", "--lang", "en")
    assert code == 2
    assert "approval" in err


def test_the_installed_command_runs_in_a_subprocess() -> None:
    buurt = Path(sys.executable).parent / "buurt"
    done = subprocess.run(
        [str(buurt), "tally", TENNESSEE, "--json", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["winners"] == ["Nashville", "Chattanooga", "Knoxville"]


@pytest.mark.parametrize("method", ["schulze", "ranked-pairs", "borda", "irv", "stv"])
def test_more_seats_than_candidates_exit_2_with_one_sentence(
    capsys: pytest.CaptureFixture[str], method: str
) -> None:
    code, out, err = tally(capsys, TENNESSEE, "--method", method, "--seats", "5", "--lang", "en")
    assert (code, out) == (2, "")
    assert err.strip() == f"{TENNESSEE}: --seats 5 is more than the number of candidates (4)."
    code, _out, err = tally(capsys, TENNESSEE, "--method", method, "--seats", "5", "--lang", "nl")
    assert code == 2
    assert err.strip() == f"{TENNESSEE}: --seats 5 is meer dan het aantal kandidaten (4)."
    code, out, _err = tally(capsys, TENNESSEE, "--method", method, "--seats", "4", "--lang", "en")
    assert code == 0
    assert "seats undecided" not in out
