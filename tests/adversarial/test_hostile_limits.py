"""Case 12 and the counting half of case 10: size limits refused with one sentence and exit 2
before any work; a count that overflows a machine number is a sentence, not a crash."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hostile_cli import cli, one_sentence, program

from buurt.services.csv_import.importing import MAX_BYTES, MAX_ROWS
from buurt.voting.count import MAX_CANDIDATES

PREFLIB = """# FILE NAME: x.soi
# DATA TYPE: soi
# NUMBER ALTERNATIVES: 2
# ALTERNATIVE NAME 1: A
# ALTERNATIVE NAME 2: B
99999999999999999999: 1,2
"""


def _ballots(path: Path, candidates: int, ballots: int) -> Path:
    rnd = random.Random(candidates)
    lines = [";".join(f"K{i}" for i in range(candidates))]
    for _ in range(ballots):
        ranks = list(range(1, candidates + 1))
        rnd.shuffle(ranks)
        lines.append(";".join(map(str, ranks)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_preflib_count_beyond_a_machine_number_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ballots = tmp_path / "big.soi"
    ballots.write_text(PREFLIB, encoding="utf-8")
    code, _out, err = cli(capsys, "tally", ballots, "--seats", "1")
    assert code == 2
    assert one_sentence(err)
    assert "line 6" in err


def test_a_csv_count_beyond_a_machine_number_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ballots = tmp_path / "b.csv"
    ballots.write_text("A;B;count\n1;2;99999999999999999999\n", encoding="utf-8")
    code, _out, err = cli(capsys, "tally", ballots, "--seats", "1")
    assert code == 2
    assert one_sentence(err)


def test_too_many_candidates_are_refused_before_counting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import buurt.services.tally as tally

    def never(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("counted anyway")

    monkeypatch.setattr(tally, "count", never)
    ballots = _ballots(tmp_path / "b.csv", 2000, 30)
    code, _out, err = cli(capsys, "tally", ballots)
    assert code == 2
    assert one_sentence(err)
    assert str(MAX_CANDIDATES) in err


def test_the_documented_maximum_is_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ballots = _ballots(tmp_path / "b.csv", MAX_CANDIDATES, 30)
    code, out, err = cli(capsys, "tally", ballots, "--json")
    assert code == 0, err
    assert '"winners"' in out


def test_a_ballot_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "b.csv"
    os.mkfifo(fifo)
    code, _out, err = program("tally", fifo, timeout=60)
    assert code == 2
    assert one_sentence(err)


def test_a_csv_import_with_too_many_rows_is_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = tmp_path / "m.csv"
    rows = [f"Lid {n};bewoner" for n in range(MAX_ROWS + 1)]
    members.write_text("naam;soort\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, _out, err = cli(capsys, "import", demo_path, "members", members, "--dry-run")
    assert code == 2
    assert one_sentence(err)
    assert str(MAX_ROWS) in err


def test_a_csv_import_too_large_is_refused_before_reading(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = tmp_path / "m.csv"
    with members.open("wb") as fh:
        fh.write(b"naam;soort\n")
        fh.truncate(MAX_BYTES + 1)
    code, _out, err = cli(capsys, "import", demo_path, "members", members, "--dry-run")
    assert code == 2
    assert one_sentence(err)
