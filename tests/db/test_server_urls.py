"""Database URLs without a server: neighbourhood names as schema names, and passwords that
never reach a message or the log."""

from __future__ import annotations

import io
import logging

import pytest

from buurt.cli import run
from buurt.db.server import mask_url_text, neighbourhood_slug, parse_url, schema_in_url
from buurt.errors import FileProblem


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("Oude Westen", "oude_westen"),
        ("Crooswijk-Noord", "crooswijk_noord"),
        ("  Hoek é  ", "hoek_e"),
        ("Prins Alexander (Het Lage Land)", "prins_alexander_het_lage_land"),
    ],
)
def test_a_neighbourhood_name_becomes_a_lower_case_ascii_schema(name: str, schema: str) -> None:
    assert neighbourhood_slug(name) == schema


@pytest.mark.parametrize("name", ["", "   ", "123", "public", "pg_catalog", "!!"])
def test_a_name_that_cannot_be_a_schema_is_refused_in_one_sentence(name: str) -> None:
    with pytest.raises(FileProblem, match="cannot name a neighbourhood"):
        neighbourhood_slug(name)


def test_the_schema_can_be_given_in_the_url() -> None:
    url = parse_url("postgresql+psycopg://ow@db/city?options=-csearch_path%3Doude_westen")
    assert schema_in_url(url) == "oude_westen"
    assert schema_in_url(parse_url("postgresql+psycopg://ow@db/city")) is None


def test_a_password_in_a_url_never_reaches_the_log() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("buurt")
    logger.addHandler(handler)
    try:
        parse_url("postgresql+psycopg://ow:Zeer-Geheim-42@127.0.0.1:1/city")
        logging.getLogger("buurt.db").error("connecting to %s", "ow:Zeer-Geheim-42@127.0.0.1")
    finally:
        logger.removeHandler(handler)
    assert "Zeer-Geheim-42" not in stream.getvalue()
    assert "ow:***@127.0.0.1" in stream.getvalue()


def test_an_unparsable_url_is_shown_without_its_password() -> None:
    assert mask_url_text("postgresql://ow:geheim@db:x/city") == "postgresql://ow:***@db:x/city"


def test_neighbourhood_goes_with_a_url_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["verify", "buurt.sqlite", "--neighbourhood", "Oude Westen"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--neighbourhood" in err


def test_a_write_inside_a_read_snapshot_is_refused_not_lost(db: object) -> None:
    from buurt.db.database import Database
    from buurt.services.members import add_member, list_members

    assert isinstance(db, Database)
    with db.snapshot():
        assert list_members(db) == []
        with pytest.raises(RuntimeError, match="never be committed"):
            add_member(db, {"name": "Karim", "kind": "resident"})
    add_member(db, {"name": "Karim", "kind": "resident"})
    assert [m.name for m in list_members(db)] == ["Karim"]
