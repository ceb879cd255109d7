"""Ballot files: the CSV format (encodings, separators, Dutch headers), PrefLib, bad files, the
vectorised reader for large files, and the writer."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from buurt.voting import Ballot, BallotFileError, Profile, canonical_digest, count
from buurt.voting.formats import parse_ballots, read_ballots, to_csv, write_csv

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ballots"


def test_csv_with_semicolons_voter_and_count_columns() -> None:
    profile = read_ballots(FIXTURES / "tennessee.csv")
    assert profile.candidates == ("Memphis", "Nashville", "Chattanooga", "Knoxville")
    assert profile.num_ballots == 100


def test_dutch_headers_groups_ties_and_empty_cells() -> None:
    profile = read_ballots(FIXTURES / "top3.csv")
    assert profile.group_totals() == {"resident": 6, "professional": 3}
    eva = next(
        b
        for b in profile.ballots
        if b.ranking[0] == ("Hondenpoep Parkstraat", "Te hard rijden Dorpsweg")
    )
    assert eva.ranking[1] == ("Hangjongeren winkelcentrum",)


def test_ranks_need_not_be_consecutive_only_their_order_counts() -> None:
    gaps = parse_ballots("A,B,C\n10,,3\n")
    plain = parse_ballots("A,B,C\n2,,1\n")
    assert gaps == plain
    assert gaps.ballots == (Ballot.of("C", "A"),)


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffA;B\r\n1;2\r\n".encode(),
        "A,B\n1,2\n".encode("utf-16-le").replace(b"\x00", b""),
        b"A,B\n1,2\n\n\n",
        b'"A","B"\n"1","2"\n',
    ],
)
def test_bom_crlf_blank_lines_and_quotes_are_read(data: bytes) -> None:
    assert parse_ballots(data).ballots == (Ballot.of("A", "B"),)


def test_windows_1252_names_are_read() -> None:
    profile = parse_ballots("Caf\u00e9 overlast,Stra\u00dfe\n1,2\n".encode("cp1252"))
    assert profile.candidates == ("Café overlast", "Straße")


def test_group_and_count_columns_in_english() -> None:
    profile = parse_ballots("voter,group,count,A,B\nx,resident,3,1,2\ny,professional,,2,1\n")
    assert profile.group_totals() == {"resident": 3, "professional": 1}


def test_preflib_file_with_ties() -> None:
    text = (
        "# DATA TYPE: toi\n# ALTERNATIVE NAME 1: Rood\n# ALTERNATIVE NAME 2: Groen\n"
        "# ALTERNATIVE NAME 3: Blauw\n3: 1,{2,3}\n2: 3\n"
    )
    profile = parse_ballots(text, "kleur.toi")
    assert set(profile.ballots) == {
        Ballot.of("Rood", ("Groen", "Blauw"), count=3),
        Ballot.of("Blauw", count=2),
    }


def test_preflib_food_election_fixture() -> None:
    result = count(read_ballots(FIXTURES / "food.soi"), "stv", seats=3)
    assert result.winners == ("Chocolate", "Oranges", "Strawberries")


BAD_CSV = [
    ("unknown group", "groep,A,B\nbuurman,1,2\n", 2, 1),
    ("rank zero", "A,B\n1,0\n", 2, 2),
    ("rank not whole", "A,B\n1,1.5\n", 2, 2),
    ("rank negative", "A,B\n1,-2\n", 2, 2),
    ("rank text", "A,B\n\nx,1\n", 3, 1),
    ("duplicate candidate", "A,B,A\n1,2,3\n", 1, 3),
    ("empty file", "", 1, 1),
    ("blank file", "\n  \n", 1, 1),
    ("too many cells", "A,B\n1,2\n1,2,3\n", 3, 3),
    ("no candidates", "voter,count\nx,2\n", 1, 1),
    ("bad count", "A,B,aantal\n1,2,twee\n", 2, 3),
    ("no ballots", "A,B\n", 2, 1),
    ("empty header cell", "A,,B\n1,2,3\n", 1, 2),
]


@pytest.mark.parametrize(("case", "text", "line", "column"), BAD_CSV, ids=[c[0] for c in BAD_CSV])
def test_bad_csv_files_name_file_line_and_column(
    case: str, text: str, line: int, column: int, tmp_path: Path
) -> None:
    path = tmp_path / "stemmen.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BallotFileError) as caught:
        read_ballots(path)
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), line, column), case
    assert str(path) in str(error)
    assert f"line {line}" in str(error)
    assert f"column {column}" in str(error)


def test_undecodable_bytes_name_their_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "kapot.csv"
    path.write_bytes(b"A,B\n1,2\n2,\x81\n")
    with pytest.raises(BallotFileError) as caught:
        read_ballots(path)
    assert (caught.value.line, caught.value.column) == (3, 3)


BAD_PREFLIB = [
    ("no alternatives", "# DATA TYPE: soi\n3: 1,2\n", 1),
    ("alternative out of range", "# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n3: 1,3\n", 3),
    ("ranked twice", "# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n3: 1,1\n", 3),
    ("bad count", "# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\nx: 1,2\n", 3),
    ("open brace", "# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n3: {1,2\n", 3),
    ("duplicate name", "# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: A\n3: 1,2\n", 2),
]


@pytest.mark.parametrize(("case", "text", "line"), BAD_PREFLIB, ids=[c[0] for c in BAD_PREFLIB])
def test_bad_preflib_files_name_the_line(case: str, text: str, line: int) -> None:
    with pytest.raises(BallotFileError) as caught:
        parse_ballots(text, "x.soi", "preflib")
    assert caught.value.line == line, case
    assert caught.value.column is not None


def test_writer_round_trips_groups_ties_counts_and_awkward_names(tmp_path: Path) -> None:
    profile = Profile(
        ["Overlast; café", 'Auto "snel"', "Rommel"],
        [
            Ballot.of(("Overlast; café", "Rommel"), count=4, group="resident"),
            Ballot.of('Auto "snel"', group="professional"),
            Ballot.of(),
        ],
    )
    path = tmp_path / "uit.csv"
    write_csv(profile, path)
    assert read_ballots(path) == profile
    assert parse_ballots(to_csv(profile, ";")) == profile


def big_csv(rng: random.Random, ballots: int, n: int, jump: int) -> str:
    names = [f"Kandidaat {i}" for i in range(n)]
    lines = [",".join(names)]
    for _ in range(ballots):
        k = rng.randint(0, n)
        chosen = rng.sample(range(n), k)
        cells = [""] * n
        level = 0
        for c in chosen:
            level += rng.choice([0, 1, 1, jump]) if jump > 1 else 1
            cells[c] = str(max(level, 1))
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("jump", [1, 3, 40])
def test_large_files_read_by_numpy_count_exactly_as_the_exact_reader(jump: int) -> None:
    """Plain ranks, ranks with gaps and ties, and ranks too large for the quick density check."""
    text = big_csv(random.Random(7), 6_000, 9, jump)
    fast = parse_ballots(text.encode())
    exact = parse_ballots(text)
    assert fast.table is not None
    assert exact.table is None
    assert fast == exact
    assert canonical_digest(fast) == canonical_digest(exact)
    for method in ("schulze", "borda", "irv"):
        assert count(fast, method).to_dict() == count(exact, method).to_dict()


def test_a_bad_cell_in_a_large_file_is_reported_by_the_exact_reader() -> None:
    lines = big_csv(random.Random(3), 5_000, 8, 1).splitlines()
    lines[4321] = lines[4321].replace("1", "1x", 1) if "1" in lines[4321] else "1x" + lines[4321]
    with pytest.raises(BallotFileError) as caught:
        parse_ballots("\n".join(lines).encode(), "groot.csv")
    assert caught.value.line == 4322
