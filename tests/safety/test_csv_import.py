"""CSV import: Dutch spreadsheet exports as they come, a report for every row, all or nothing,
a dry run that changes nothing, and the privacy check on imported text."""

from __future__ import annotations

from pathlib import Path

import pytest
from meeting_setup import committee, open_with_attendance
from safety_helpers import cli, digest, one_sentence, rows

from buurt.errors import InputError
from buurt.services import Database, votes
from buurt.services.csv_import import import_csv
from buurt.services.members import list_members
from buurt.services.problems import list_problems

CSV = Path(__file__).resolve().parents[2] / "fixtures" / "csv"


def load(db: Database, kind: str, name: str, **options: object):
    return import_csv(db, kind, (CSV / name).read_bytes(), name, **options)  # type: ignore[arg-type]


def test_a_dutch_excel_export_of_members_is_imported(db: Database) -> None:
    report = load(db, "members", "leden-excel.csv")
    assert report.applied
    assert [(r.line, r.outcome, r.label) for r in report.rows] == [
        (2, "add", "Priya Ramdin"),
        (3, "add", "Sandra Willems"),
        (4, "add", "José Müller"),  # Windows-1252 accents survive
        (6, "skip", "Priya Ramdin"),  # twice in the file: the second is a duplicate
    ]
    assert report.ignored_columns == ["Adres"]  # no home addresses are stored
    by_name = {m.name: m for m in list_members(db)}
    priya = by_name["Priya Ramdin"]
    assert (priya.kind, priya.email, priya.phone) == ("resident", "priya@example.nl", "06-12345678")
    assert priya.joined_on is not None
    assert priya.joined_on.isoformat() == "2024-03-01"
    assert priya.consent_contact_on is not None
    assert by_name["Sandra Willems"].organisation == "Politie Rotterdam"
    assert by_name["Sandra Willems"].kind == "professional"


def test_utf8_with_bom_english_headers_and_quoted_commas(db: Database) -> None:
    report = load(db, "members", "members-utf8-bom.csv")
    assert [r.label for r in report.added] == ["Ayşe Yılmaz", "Bakker, Johan"]


def test_one_refused_row_means_nothing_is_imported_and_every_problem_is_named(
    db: Database,
) -> None:
    load(db, "members", "leden-excel.csv")
    before = len(list_members(db))
    report = load(db, "members", "leden-fouten.csv")
    assert not report.applied
    assert [(r.line, r.outcome, r.column) for r in report.rows] == [
        (2, "skip", ""),
        (3, "refuse", "Soort"),
        (4, "refuse", "E-mail"),
        (5, "refuse", "Lid sinds"),
        (6, "refuse", ""),
    ]
    assert "bezoeker" in report.rows[1].reason
    assert "not an e-mail address" in report.rows[2].reason
    assert "31-02-2024" in report.rows[3].reason
    assert "6 cells" in report.rows[4].reason
    assert len(list_members(db)) == before


def test_problems_are_imported_with_dutch_categories_dates_and_privacy_warnings(
    db: Database,
) -> None:
    report = load(db, "problems", "problemen-excel.csv")
    assert report.applied
    assert [(r.outcome, r.label) for r in report.rows] == [
        ("add", "Zwerfvuil rond de containers"),
        ("add", "Te hard rijden"),
        ("add", "Overlast bij Gaffelstraat 12"),
        ("skip", "Zwerfvuil rond de containers"),
    ]
    assert [w.kind for w in report.rows[1].warnings] == ["licence_plate", "phone"]
    assert [w.kind for w in report.rows[2].warnings] == ["address", "person_name"]
    imported = {p.title: p for p in list_problems(db)}
    litter = imported["Zwerfvuil rond de containers"]
    assert litter.category == "Litter"
    assert litter.source == "resident"
    assert litter.logged_at.date().isoformat() == "2025-02-03"


@pytest.mark.needs_file("the command line is given the file")
def test_a_dry_run_reports_the_same_and_changes_nothing(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert db.path is not None
    db.close()
    before = rows(db.path, "SELECT count(*) FROM problem") + rows(
        db.path, "SELECT count(*) FROM audit_event"
    )
    code, out, err = cli(
        capsys,
        "import",
        db.path,
        "problems",
        CSV / "problemen-excel.csv",
        "--dry-run",
        "--lang",
        "en",
    )
    assert (code, err) == (0, "")
    assert "would add: Te hard rijden" in out
    assert "privacy: Contains what looks like a licence plate (12-ABC-3)" in out
    assert "Dry run: nothing was changed." in out
    after = rows(db.path, "SELECT count(*) FROM problem") + rows(
        db.path, "SELECT count(*) FROM audit_event"
    )
    assert after == before


@pytest.mark.needs_file("the command line is given the file")
def test_the_cli_reports_refused_rows_and_exits_2_with_nothing_written(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert db.path is not None
    db.close()
    code, out, err = cli(
        capsys, "import", db.path, "problems", CSV / "problemen-fouten.csv", "--lang", "en"
    )
    assert code == 2
    assert one_sentence(err)
    assert "Nothing was imported: 3 rows were refused" in err
    assert "line 3, column Categorie: refused: Iets: unknown category 'Onbekende categorie'." in out
    assert "line 5, column Datum: refused" in out
    assert rows(db.path, "SELECT count(*) FROM problem") == [(0,)]


@pytest.mark.needs_file("the command line is given the file")
def test_an_import_is_one_audited_event_on_top_of_each_row(db: Database) -> None:
    load(db, "members", "members-utf8-bom.csv")
    events = rows(db.path, "SELECT action, entity FROM audit_event ORDER BY id")  # type: ignore[arg-type]
    assert events[-1] == ("import", "members")
    assert events.count(("create", "member")) == 2


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("niet-tekst.csv", "not text in UTF-8 or Windows-1252"),
        ("leeg.csv", "is empty"),
        ("geen-naam.csv", "has no column naam/name"),
        ("aanhalingstekens.csv", "line 2: this line cannot be read as CSV"),
        ("ongeldige-bytes.csv", "line 2, column 7"),
    ],
)
@pytest.mark.needs_file("the command line is given the file")
def test_a_file_that_is_no_usable_csv_is_refused_in_one_sentence(
    db: Database, capsys: pytest.CaptureFixture[str], name: str, sentence: str
) -> None:
    assert db.path is not None
    db.close()
    before = digest(db.path)
    code, out, err = cli(capsys, "import", db.path, "members", CSV / name, "--lang", "en")
    assert code == 2
    assert out == ""
    assert one_sentence(err)
    assert sentence in err
    assert name in err
    assert digest(db.path) == before


@pytest.mark.needs_file("the command line is given the file")
def test_a_missing_csv_or_a_folder_is_one_sentence(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert db.path is not None
    for target, sentence in ((tmp_path / "nope.csv", "cannot be read"), (tmp_path, "is a folder")):
        code, _out, err = cli(capsys, "import", db.path, "members", target, "--lang", "en")
        assert code == 2
        assert one_sentence(err)
        assert sentence in err


def test_an_unknown_kind_of_import_is_refused(db: Database) -> None:
    with pytest.raises(InputError, match="members, problems or ballots"):
        import_csv(db, "meetings", b"naam\nx\n", "x.csv")


# -- ballots -------------------------------------------------------------------------------


@pytest.fixture
def open_vote(db: Database) -> tuple[int, dict[str, int]]:
    with db.transaction():  # set up in one commit (each commit waits for the disk)
        world = committee(db)
        open_with_attendance(db, world, away={"Ivo Jansen": "absent"})
        vote = votes.create_vote(
            db,
            {
                "meeting_id": world.meeting_id,
                "problem_ids": list(world.problem.values()),
                "title": "Top 3",
            },
        )
        votes.open_vote(db, vote.id)
    return vote.id, world.member


BALLOTS = (
    "kiezer;Zwerfvuil bij de containers;Te hard rijden;Hangjongeren bij het speelveld;"
    "Graffiti op de gevels\r\n"
    "Anna Berg;1;2;3;\r\n"
    "Bram Claes;2;1;1;4\r\n"
    "Carla Dekker;;1;;\r\n"
)


def test_ballots_are_cast_into_the_open_vote_for_the_members_named(
    db: Database, open_vote: tuple[int, dict[str, int]]
) -> None:
    vote_id, _members = open_vote
    report = import_csv(db, "ballots", BALLOTS.encode("cp1252"), "stemmen.csv", vote_id=vote_id)
    assert report.applied
    assert [r.label for r in report.added] == ["Anna Berg", "Bram Claes", "Carla Dekker"]
    voted = {v.name for v in votes.voters(db, vote_id) if v.has_voted}
    assert voted == {"Anna Berg", "Bram Claes", "Carla Dekker"}
    stored = {b.voter: b.ranks for b in votes.stored_ballots(db, vote_id)}
    assert stored["Bram Claes"] == {
        "Zwerfvuil bij de containers": 2,
        "Te hard rijden": 1,
        "Hangjongeren bij het speelveld": 1,
        "Graffiti op de gevels": 4,
    }


def test_a_member_who_already_voted_is_skipped_and_a_stranger_refused(
    db: Database, open_vote: tuple[int, dict[str, int]]
) -> None:
    vote_id, member = open_vote
    votes.cast_ballot(db, vote_id, member["Anna Berg"], {})
    text = BALLOTS + "Ivo Jansen;1;;;\r\nOnbekend Persoon;1;;;\r\n"
    report = import_csv(db, "ballots", text.encode(), "stemmen.csv", vote_id=vote_id)
    assert not report.applied
    assert [(r.line, r.outcome) for r in report.rows] == [
        (2, "skip"),
        (3, "add"),
        (4, "add"),
        (5, "refuse"),  # absent: may not vote
        (6, "refuse"),
    ]
    assert {v.name for v in votes.voters(db, vote_id) if v.has_voted} == {"Anna Berg"}


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("kiezer;Onbekend\r\nAnna Berg;1\r\n", "Onbekend is not a candidate in this vote"),
        ("Te hard rijden\r\n1\r\n", "no voter column"),
        ("kiezer;Te hard rijden\r\nAnna Berg;eerste\r\n", "line 2"),
        ("kiezer;Te hard rijden\r\n", "no ballots"),
    ],
)
def test_a_ballot_file_the_engine_or_the_vote_cannot_use_is_refused(
    db: Database, open_vote: tuple[int, dict[str, int]], text: str, sentence: str
) -> None:
    vote_id, _member = open_vote
    with pytest.raises(InputError, match=sentence):
        import_csv(db, "ballots", text.encode(), "stemmen.csv", vote_id=vote_id)
    assert not any(v.has_voted for v in votes.voters(db, vote_id))


def test_ballots_need_an_open_vote(db: Database) -> None:
    with pytest.raises(InputError, match="which vote"):
        import_csv(db, "ballots", BALLOTS.encode(), "stemmen.csv")
    with pytest.raises(InputError, match="no vote with number 99"):
        import_csv(db, "ballots", BALLOTS.encode(), "stemmen.csv", vote_id=99)
