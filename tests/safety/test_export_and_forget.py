"""Export (everything, and everything about one person), re-import into a new file, the contact
list that honours consents, and forgetting a member while counts and minutes stay valid."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from meeting_setup import committee, counted_vote, open_with_attendance
from safety_helpers import checkpoint, cli, one_sentence, rows

from buurt.errors import InputError
from buurt.services import Database, meetings, members, open_database, problems, votes
from buurt.services.forget import forget_member
from buurt.services.integrity import verify
from buurt.services.transfer import contact_list, export_data, import_json, member_data


def _without_import_event(document: dict) -> dict:
    tables = dict(document["tables"])
    events = tables["audit_event"]
    assert events[-1]["action"] == "import"
    tables["audit_event"] = events[:-1]
    return tables


@pytest.mark.needs_file("the command line is given the file")
def test_an_export_reimported_into_a_new_file_gives_the_same_neighbourhood(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo_db.path is not None
    demo_db.close()
    exported = tmp_path / "oude-westen.json"
    code, _out, err = cli(capsys, "export", demo_db.path, "--json", "--out", exported)
    assert code == 0, err
    target = tmp_path / "hersteld.sqlite"
    code, out, err = cli(capsys, "import-json", target, exported, "--lang", "en")
    assert code == 0, err
    assert "made from" in out
    original = json.loads(exported.read_text(encoding="utf-8"))
    again = open_database(target)
    try:
        assert _without_import_event(export_data(again)) == original["tables"]
        report = verify(again)
        assert report.intact  # the chain continues through the import event
        assert report.votes
    finally:
        again.close()


def test_the_export_names_its_format_and_schema(db: Database) -> None:
    document = export_data(db)
    assert document["format"] == "buurt-export"
    assert document["format_version"] == 1
    assert document["schema"]
    assert document["tables"]["neighbourhood"][0]["name"] == "Testbuurt"


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (b"{not json", "is not a buurt export"),
        (b'{"format": "something-else"}', "does not say it is one"),
        (
            b'{"format": "buurt-export", "format_version": 1, "schema": "0099_future", "tables": {}}',
            "newer version of buurt",
        ),
    ],
)
def test_import_json_refuses_what_is_no_export_and_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, sentence: str
) -> None:
    source = tmp_path / "x.json"
    source.write_bytes(content)
    target = tmp_path / "new.sqlite"
    code, _out, err = cli(capsys, "import-json", target, source, "--lang", "en")
    assert code == 2
    assert one_sentence(err)
    assert sentence in err
    assert not target.exists()


@pytest.mark.needs_file("the command line is given the file")
def test_import_json_refuses_a_file_that_already_holds_a_neighbourhood(db: Database) -> None:
    document = json.dumps(export_data(db))
    before = rows(db.path, "SELECT count(*) FROM audit_event")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="already holds a neighbourhood"):
        import_json(db, document, "x.json")
    assert rows(db.path, "SELECT count(*) FROM audit_event") == before  # type: ignore[arg-type]


def test_a_tampered_export_is_refused_whole(
    db: Database, empty_db: Database, tmp_path: Path
) -> None:
    members.add_member(db, {"name": "Priya Ramdin", "kind": "resident"})
    document = export_data(db)
    document["tables"]["member"][0]["joined_on"] = "gisteren"
    other = open_database(tmp_path / "other.sqlite", create=True)
    try:
        with pytest.raises(InputError, match="joined_on has a value of the wrong kind"):
            import_json(other, json.dumps(document), "x.json")
        assert rows(tmp_path / "other.sqlite", "SELECT count(*) FROM member") == [(0,)]
    finally:
        other.close()


@pytest.fixture
def world(db: Database):
    with db.transaction():  # set up in one commit (each commit waits for the disk)
        world = committee(db)
        open_with_attendance(db, world)
        members.update_member(
            db,
            world.member["Anna Berg"],
            {
                "email": "anna@example.nl",
                "phone": "06-11111111",
                "consent_contact_on": date(2026, 1, 1),
            },
        )
        problems.add_problem(
            db,
            {
                "title": "Geluidsoverlast",
                "description": "Anna Berg hoort elke nacht muziek.",
                "raised_by_id": world.member["Anna Berg"],
            },
        )
        meetings.add_note(db, world.meeting_id, "announcements", "Anna Berg is met vakantie.")
        ids = list(world.problem.values())
        world.open_vote = counted_vote(db, world.meeting_id, ids, [[0, 1, 2, 3]] * 7 + [[1, 0]] * 2)
    return world


@pytest.mark.needs_file("the command line is given the file")
def test_everything_about_one_member_is_exported_for_an_access_request(
    db: Database, world, capsys: pytest.CaptureFixture[str]
) -> None:
    data = member_data(db, "anna berg")
    assert data["member"]["name"] == "Anna Berg"
    assert data["member"]["email"] == "anna@example.nl"
    assert data["attendance"] == [
        {
            "meeting": world.meeting_id,
            "starts_at": data["attendance"][0]["starts_at"],
            "status": "present",
        }
    ]
    assert data["meeting_roles"][0]["as"] == "chair"
    assert [p["title"] for p in data["problems_raised"]] == ["Geluidsoverlast"]
    assert data["votes"][0]["ranks"]  # an open ballot is hers
    assert {m["table"] for m in data["mentions"]} == {"problem", "meeting_note"}
    assert any(e["entity"] == "member" for e in data["audit_events"])
    assert db.path is not None
    code, out, _err = cli(capsys, "export", db.path, "--member", "Anna Berg")
    assert code == 0
    assert json.loads(out)["member"]["name"] == "Anna Berg"


def test_a_secret_ballot_is_not_part_of_a_members_data(db: Database, world) -> None:
    ids = list(world.problem.values())[:3]
    counted_vote(db, world.meeting_id, ids, [[0, 1, 2]] * 9, secret=True)
    secret = [v for v in member_data(db, "Anna Berg")["votes"] if v["secret"]]
    assert secret == [{"vote": secret[0]["vote"], "title": "Top 3", "secret": True, "ranks": None}]


def test_the_contact_list_holds_only_members_who_consented(db: Database, world) -> None:
    assert contact_list(db) == [
        {
            "name": "Anna Berg",
            "organisation": "",
            "function": "",
            "email": "anna@example.nl",
            "phone": "06-11111111",
        }
    ]


def test_forgetting_a_member_erases_their_data_but_keeps_counts_and_minutes(
    db: Database, world
) -> None:
    anna = world.member["Anna Berg"]
    before_result = votes.vote_result(db, world.open_vote.id)
    report = forget_member(db, anna)
    assert report.pseudonym == f"Former member {anna}"
    assert report.ballots_unlinked == 1
    forgotten = members.get_member(db, anna)
    assert forgotten.name == report.pseudonym
    assert (forgotten.email, forgotten.phone) == ("", "")
    assert forgotten.consent_contact_on is None
    assert forgotten.consent_public_name_on is None
    assert not forgotten.active
    # The vote still counts her ballot, now unlinked; the stored result still follows.
    assert len(votes.stored_ballots(db, world.open_vote.id)) == 9
    assert votes.vote_result(db, world.open_vote.id)["winners"] == before_result["winners"]
    assert sum(1 for v in votes.voters(db, world.open_vote.id) if v.has_voted) == 9
    # The meeting still has its chair and its attendance.
    assert meetings.get_meeting(db, world.meeting_id).chair_id == anna
    assert meetings.quorum(db, world.meeting_id).present == 9
    assert contact_list(db) == []
    assert verify(db).intact


@pytest.mark.needs_file("reads the raw SQLite file")
def test_after_forgetting_the_name_is_nowhere_in_the_file(db: Database, world) -> None:
    assert db.path is not None
    forget_member(db, world.member["Anna Berg"])
    db.close()
    checkpoint(db.path)
    raw = db.path.read_bytes()
    for suffix in ("-wal",):
        extra = Path(f"{db.path}{suffix}")
        if extra.exists():
            raw += extra.read_bytes()
    assert b"Anna Berg" not in raw
    assert b"anna@example.nl" not in raw
    assert b"06-11111111" not in raw
    con = sqlite3.connect(db.path)
    texts = [r[0] for r in con.execute("SELECT text FROM meeting_note")]
    con.close()
    assert texts == [f"Former member {world.member['Anna Berg']} is met vakantie."]


@pytest.mark.needs_file("the command line is given the file")
def test_forget_from_the_command_line_is_audited(
    db: Database, world, capsys: pytest.CaptureFixture[str]
) -> None:
    assert db.path is not None
    db.close()
    code, out, err = cli(capsys, "forget", db.path, "--member", "Anna Berg", "--lang", "en")
    assert (code, err) == (0, "")
    assert "Anna Berg is now Former member" in out
    assert "No backup that buurt knows of holds Anna Berg." in out
    assert rows(db.path, "SELECT action, entity FROM audit_event ORDER BY id DESC LIMIT 1") == [
        ("forget", "member")
    ]
    code, _out, err = cli(capsys, "forget", db.path, "--member", "Anna Berg", "--lang", "en")
    assert code == 2
    assert "There is no member called Anna Berg" in err
