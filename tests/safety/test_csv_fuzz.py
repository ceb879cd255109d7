"""Fuzzing the importers: whatever bytes or text arrive, the result is a clean report or a clean
refusal (InputError), never a traceback, and never a partial write."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from meeting_setup import committee, open_with_attendance
from safety_helpers import rows

from buurt import voting
from buurt.errors import InputError
from buurt.services import Database, votes
from buurt.services.csv_import import ImportReport, import_csv
from buurt.voting import formats

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

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


def _check(db: Database, kind: str, data: bytes, vote_id: int | None = None) -> None:
    assert db.path is not None
    before = _counts(db.path)[0]
    report: ImportReport | None = None
    try:
        report = import_csv(db, kind, data, "fuzz.csv", vote_id=vote_id)
    except InputError as error:
        message = error.message
    else:
        message = ""
    if message:
        assert "Traceback" not in message
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
def test_member_import_of_anything_is_a_report_or_a_refusal(db: Database, data: bytes) -> None:
    _check(db, "members", data)


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), _encoded(_csv(PROBLEM_HEADERS))))
def test_problem_import_of_anything_is_a_report_or_a_refusal(db: Database, data: bytes) -> None:
    _check(db, "problems", data)


@pytest.fixture
def vote_id(db: Database) -> int:
    with db.transaction():  # set up in one commit (each commit waits for the disk)
        world = committee(db)
        open_with_attendance(db, world)
        vote = votes.create_vote(
            db, {"meeting_id": world.meeting_id, "problem_ids": list(world.problem.values())}
        )
        votes.open_vote(db, vote.id)
    return vote.id


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
    db: Database, vote_id: int, data: bytes
) -> None:
    _check(db, "ballots", data, vote_id)


@settings(max_examples=150, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        _encoded(_ballot_csv()),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    )
)
def test_the_engines_ballot_reader_reads_or_refuses_anything(data: bytes) -> None:
    try:
        profile = formats.parse_ballots(data, "fuzz.csv")
    except voting.VotingError as error:
        refusal = str(error)
    else:
        refusal = ""
        assert len(profile.candidates) >= 1
    assert "Traceback" not in refusal
