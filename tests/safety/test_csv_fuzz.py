"""Fuzzing the importers: whatever bytes or text arrive, the result is a clean report or a clean
refusal (InputError), never a traceback, and never a partial write."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from meeting_setup import committee, open_with_attendance
from safety_helpers import rows

from buurt import voting
from buurt.errors import InputError
from buurt.services import Database, open_database, votes
from buurt.services.csv_import import ImportReport, import_csv
from buurt.voting import formats

# Every example imports into a fresh copy of a prepared file (see `fresh`), so no example sees
# what an earlier one wrote and Hypothesis needs no health check switched off.
FUZZ = settings(max_examples=60, deadline=None)

pytestmark = pytest.mark.needs_file("every example imports into a fresh copy of a prepared file")


@contextmanager
def fresh(template: Path) -> Iterator[Database]:
    """A copy of `template`, open, for one example; removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        path = folder / "buurt.sqlite"
        shutil.copyfile(template, path)
        db = open_database(path, actor="test")
        try:
            yield db
        finally:
            db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def neighbourhood_file(_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated file with a neighbourhood and its categories: what members and problems are
    imported into."""
    from buurt.services.neighbourhood import create_neighbourhood

    path = tmp_path_factory.mktemp("fuzz") / "neighbourhood.sqlite"
    shutil.copyfile(_template, path)
    db = open_database(path, actor="test")
    create_neighbourhood(db, {"name": "Testbuurt", "municipality": "Rotterdam"})
    db.close()
    return path


MEMBER_HEADERS = ["naam", "Name", "soort", "kind", "organisatie", "functie", "e-mail", "telefoon"]
MEMBER_HEADERS += ["lid sinds", "toestemming contact", "Adres", "", "naam"]
PROBLEM_HEADERS = ["titel", "Title", "omschrijving", "categorie", "straat", "bron", "datum"]
PROBLEM_HEADERS += ["ingebracht door", "locatie", "status", ""]
CELLS = [
    "",
    "Priya Ramdin",
    "bewoner",
    "professional",
    "bezoeker",
    "Zwerfafval",
    "Litter",
    "onbekend",
    "01-03-2024",
    "31-02-2024",
    "2024-03-01",
    "ja",
    "nee",
    "a@b.nl",
    "geen-mail",
    "06-12345678",
    "Gaffelstraat 12",
    "melding",
    '"',
    '"quoted; cell"',
    "x" * 300,
    "\u00e9\u00ef\u00fc",
    "\u202e",
]


def _csv(headers: list[str]) -> st.SearchStrategy[str]:
    sep = st.sampled_from([";", ",", "\t"])
    cell = st.one_of(st.sampled_from(CELLS), st.text(max_size=12))
    header = st.lists(st.sampled_from(headers), min_size=1, max_size=6)
    body = st.lists(st.lists(cell, max_size=7), max_size=6)
    newline = st.sampled_from(["\r\n", "\n", "\r"])
    return st.builds(
        lambda s, h, b, nl: nl.join([s.join(h), *(s.join(r) for r in b)]) + nl,
        sep,
        header,
        body,
        newline,
    )


def _encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    def encode(value: str, encoding: str) -> bytes:
        return value.encode(encoding, errors="replace")

    return st.builds(encode, text, st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))


def _counts(path: Path) -> list[tuple[object, ...]]:
    return rows(
        path,
        "SELECT (SELECT count(*) FROM member), (SELECT count(*) FROM organisation), "
        "(SELECT count(*) FROM problem), (SELECT count(*) FROM ballot), "
        "(SELECT count(*) FROM vote_participation), (SELECT count(*) FROM audit_event)",
    )


def _check(template: Path, kind: str, data: bytes, vote_id: int | None = None) -> None:
    with fresh(template) as db:
        _check_in(db, kind, data, vote_id)


def _check_in(db: Database, kind: str, data: bytes, vote_id: int | None) -> None:
    assert db.path is not None
    before = _counts(db.path)[0]
    report: ImportReport | None = None
    refusal: InputError | None = None
    try:
        report = import_csv(db, kind, data, "fuzz.csv", vote_id=vote_id)
    except InputError as error:
        refusal = error
    if refusal is not None:
        # One sentence that names the file (and, where it can, the line and column).
        assert refusal.message.startswith("fuzz.csv"), refusal.message
        assert "\n" not in refusal.message, refusal.message
        assert refusal.line is None or refusal.line >= 1
        assert _counts(db.path)[0] == before
        return
    assert isinstance(report, ImportReport)
    after = _counts(db.path)[0]
    if not report.applied:
        assert after == before, "a refused import wrote something"
        return
    added = len(report.added)
    column = {"members": 0, "problems": 2, "ballots": 3}[kind]
    assert after[column] == before[column] + added  # type: ignore[operator]
    assert after[5] > before[5]  # type: ignore[operator]  # audited


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), _encoded(_csv(MEMBER_HEADERS))))
def test_member_import_of_anything_is_a_report_or_a_refusal(
    neighbourhood_file: Path, data: bytes
) -> None:
    _check(neighbourhood_file, "members", data)


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), _encoded(_csv(PROBLEM_HEADERS))))
def test_problem_import_of_anything_is_a_report_or_a_refusal(
    neighbourhood_file: Path, data: bytes
) -> None:
    _check(neighbourhood_file, "problems", data)


@pytest.fixture(scope="module")
def vote_file(
    neighbourhood_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, int]:
    """A file with a committee and an open vote (and its id): what ballots are imported into."""
    path = tmp_path_factory.mktemp("fuzz") / "vote.sqlite"
    shutil.copyfile(neighbourhood_file, path)
    db = open_database(path, actor="test")
    with db.transaction():  # set up in one commit (each commit waits for the disk)
        world = committee(db)
        open_with_attendance(db, world)
        vote = votes.create_vote(
            db, {"meeting_id": world.meeting_id, "problem_ids": list(world.problem.values())}
        )
        votes.open_vote(db, vote.id)
    db.close()
    return path, vote.id


BALLOT_HEADERS = ["kiezer", "voter", "groep", "aantal", "Te hard rijden", "Graffiti op de gevels"]
BALLOT_HEADERS += ["Zwerfvuil bij de containers", "Onbekend"]
BALLOT_CELLS = ["", "1", "2", "3", "0", "-1", " 2 ", "eerste", "1.5", "bewoner", "Anna Berg"]
BALLOT_CELLS += ["Bram Claes", "Hanna Ilic", "Niemand", "2", "x"]


def _ballot_csv() -> st.SearchStrategy[str]:
    sep = st.sampled_from([";", ","])
    header = st.lists(st.sampled_from(BALLOT_HEADERS), min_size=1, max_size=5)
    body = st.lists(st.lists(st.sampled_from(BALLOT_CELLS), max_size=6), max_size=6)
    return st.builds(
        lambda s, h, b: "\r\n".join([s.join(h), *(s.join(r) for r in b)]), sep, header, body
    )


@FUZZ
@given(data=st.one_of(st.binary(max_size=300), _encoded(_ballot_csv())))
def test_ballot_import_of_anything_is_a_report_or_a_refusal(
    vote_file: tuple[Path, int], data: bytes
) -> None:
    _check(vote_file[0], "ballots", data, vote_file[1])


@settings(max_examples=150, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        _encoded(_ballot_csv()),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    )
)
def test_the_engines_ballot_reader_reads_or_refuses_anything(data: bytes) -> None:
    refusal: voting.VotingError | None = None
    try:
        profile = formats.parse_ballots(data, "fuzz.csv")
    except voting.VotingError as error:
        refusal = error
    if isinstance(refusal, voting.BallotFileError):
        # Located: the file and a line, in the sentence and on the error.
        assert str(refusal).startswith("fuzz.csv, line "), str(refusal)
        assert refusal.line is not None
        assert refusal.line >= 1
    elif refusal is not None:
        # A readable file whose ballots the engine refuses: one sentence.
        assert "\n" not in str(refusal)
        assert str(refusal).endswith("."), str(refusal)
    else:
        assert len(profile.candidates) >= 1
