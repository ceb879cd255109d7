"""A city database on a real PostgreSQL server: neighbourhoods in their own schemas, writers at
the same time, committee roles, and every refusal as one sentence (exit code 2) that never shows
the password. Run by `make test`'s PostgreSQL pass (see tests/conftest.py)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from buurt.cli import run
from buurt.errors import FileProblem
from buurt.services import open_database
from buurt.services.audit import verify_chain
from buurt.services.members import add_member, list_members
from buurt.services.neighbourhood import create_neighbourhood

pytestmark = pytest.mark.postgres

Admin = Callable[..., list[tuple[object, ...]]]


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _city(pg_url: str, *names: str) -> None:
    for name in names:
        db = open_database(pg_url, neighbourhood=name, create=True, actor="test")
        create_neighbourhood(db, {"name": name, "municipality": "Rotterdam"})
        db.close()


def _with_user(url: str, user: str, password: str) -> str:
    return make_url(url).set(username=user, password=password).render_as_string(False)


def test_eight_writers_in_two_neighbourhoods_lose_nothing_and_keep_each_chain(pg_url: str) -> None:
    _city(pg_url, "Oude Westen", "Crooswijk")
    dbs = {
        name: open_database(pg_url, neighbourhood=name, actor="w")
        for name in ("Oude Westen", "Crooswijk")
    }
    start = threading.Barrier(8)
    acknowledged: dict[str, list[str]] = {name: [] for name in dbs}
    failures: list[BaseException] = []

    def writer(number: int, name: str) -> None:
        start.wait()
        for i in range(6):
            member = f"Lid {number}-{i}"
            try:
                add_member(dbs[name], {"name": member, "kind": "resident"})
            except BaseException as error:  # collected and asserted below
                failures.append(error)
                return
            acknowledged[name].append(member)

    threads = [threading.Thread(target=writer, args=(n, list(dbs)[n % 2])) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for name, db in dbs.items():
        stored = {m.name for m in list_members(db)}
        assert set(acknowledged[name]) <= stored
        assert len(acknowledged[name]) == 24
        chain = verify_chain(db)
        assert chain.intact, chain.first_break
        assert chain.events == 1 + 24  # the neighbourhood, then every member
        db.close()


def test_neighbourhoods_of_one_city_keep_their_own_tables(pg_url: str) -> None:
    _city(pg_url, "Oude Westen", "Crooswijk")
    west = open_database(pg_url, neighbourhood="Oude Westen", actor="t")
    add_member(west, {"name": "Fatima", "kind": "resident"})
    west.close()
    east = open_database(pg_url, neighbourhood="crooswijk", actor="t")
    assert [m.name for m in list_members(east)] == []
    east.close()


def test_a_committee_role_gets_no_access_to_another_neighbourhood(
    pg_url: str, pg_admin: Admin, capsys: pytest.CaptureFixture[str]
) -> None:
    _city(pg_url, "Oude Westen", "Crooswijk")
    database = make_url(pg_url).database
    role = f"ow_{database}"[:60]
    # The SQL the README gives for a committee role.
    pg_admin(f"CREATE ROLE {role} LOGIN PASSWORD 'geheim-ow'")
    for statement in (
        f"GRANT CONNECT ON DATABASE {database} TO {role}",
        f"GRANT USAGE ON SCHEMA oude_westen TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA oude_westen TO {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA oude_westen TO {role}",
    ):
        pg_admin(statement, database=database)
    committee_url = _with_user(pg_url, role, "geheim-ow")
    try:
        own = open_database(committee_url, neighbourhood="Oude Westen", actor="ow")
        add_member(own, {"name": "Karim", "kind": "resident"})
        assert verify_chain(own).intact
        own.close()
        with pytest.raises(
            FileProblem, match=r"No access: the role \w+ may not use the neighbourhood 'crooswijk'"
        ):
            open_database(committee_url, neighbourhood="Crooswijk", actor="ow")
        code, out, err = _cli(
            capsys, "export", committee_url, "--neighbourhood", "Crooswijk", "--json"
        )
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1
        assert "No access" in err
        assert "geheim-ow" not in err
    finally:
        pg_admin(f"DROP OWNED BY {role}", database=database)
        pg_admin(f"DROP ROLE {role}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("problem", "sentence"),
    [
        ("connection refused", "cannot be reached"),
        ("unknown login", "refused the login"),
        ("database missing", "does not exist on that server"),
        ("neighbourhood missing", "There is no neighbourhood 'nergens'"),
    ],
)
def test_each_server_problem_is_one_sentence_exit_2_and_never_the_password(
    pg_url: str, capsys: pytest.CaptureFixture[str], problem: str, sentence: str
) -> None:
    _city(pg_url, "Oude Westen")
    url = make_url(pg_url).set(password="s3cr3t-pw")
    if problem == "connection refused":
        url = url.set(port=_free_port())
    elif problem == "unknown login":
        url = url.set(username="niemand")
    elif problem == "database missing":
        url = url.set(database=f"{url.database}_weg")
    neighbourhood = "Nergens" if problem == "neighbourhood missing" else "Oude Westen"
    text = url.render_as_string(hide_password=False)
    for command in (["verify", text], ["export", text, "--json"], ["upgrade", text]):
        code, out, err = _cli(capsys, *command, "--neighbourhood", neighbourhood)
        assert code == 2, (command, err)
        assert err.count("\n") == 1, err
        assert sentence in err
        assert "s3cr3t-pw" not in err + out
        assert "***" in err


def test_a_url_opened_read_only_refuses_writes(pg_url: str) -> None:
    _city(pg_url, "Oude Westen")
    db = open_database(pg_url, neighbourhood="Oude Westen", readonly=True, actor="t")
    with pytest.raises(FileProblem, match="read-only"):
        add_member(db, {"name": "Karim", "kind": "resident"})
    db.close()


def test_the_demo_on_a_server_verifies_and_survives_a_backup_and_restore(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the dump of what a restore replaces goes to ./backups
    code, out, err = _cli(
        capsys, "demo", "--out", pg_url, "--neighbourhood", "Oude Westen", "--lang", "en"
    )
    assert code == 0, err
    code, out, err = _cli(
        capsys, "verify", pg_url, "--neighbourhood", "Oude Westen", "--lang", "en"
    )
    assert code == 0, err
    assert "Audit trail intact" in out
    dump = tmp_path / "ow.dump"
    code, out, err = _cli(capsys, "backup", pg_url, str(dump), "--neighbourhood", "Oude Westen")
    assert code == 0, err
    assert dump.stat().st_mode & 0o777 == 0o600
    code, out, err = _cli(capsys, "restore", str(dump), pg_url)
    assert code == 2
    assert "already exists" in err
    db = open_database(pg_url, neighbourhood="Oude Westen", actor="t")
    add_member(db, {"name": "Na de reservekopie", "kind": "resident"})
    db.close()
    code, out, err = _cli(capsys, "restore", str(dump), pg_url, "--force", "--lang", "en")
    assert code == 0, err
    kept = list((tmp_path / "backups").glob("oude_westen-*.dump"))
    assert len(kept) == 1
    assert str(kept[0]) in out
    db = open_database(pg_url, neighbourhood="Oude Westen", actor="t")
    assert "Na de reservekopie" not in {m.name for m in list_members(db)}
    assert verify_chain(db).intact
    db.close()


def test_create_makes_the_schema_from_the_name_and_refuses_a_second_time(
    pg_url: str, pg_admin: Admin, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _cli(
        capsys, "create", pg_url, "--neighbourhood", "Crooswijk-Noord é", "--lang", "en"
    )
    assert code == 0, err
    assert "schema crooswijk_noord_e" in out
    database = make_url(pg_url).database
    tables = pg_admin(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'crooswijk_noord_e'", database=database
    )
    assert tables[0][0] > 10
    code, out, err = _cli(capsys, "create", pg_url, "--neighbourhood", "Crooswijk-Noord é")
    assert code == 2
    assert "already exists" in err


def test_the_city_overview_lists_every_neighbourhood_of_the_database(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from buurt.services.city import city_overview
    from buurt.services.demo import load_demo

    _city(pg_url, "Crooswijk")
    demo = open_database(pg_url, neighbourhood="Oude Westen", create=True, actor="demo")
    load_demo(demo)
    demo.close()
    overview = city_overview(pg_url)
    assert [(n.source, n.status) for n in overview.neighbourhoods] == [
        ("crooswijk", "ok"),
        ("oude_westen", "ok"),
    ]
    west = overview.neighbourhoods[1]
    assert len(west.top3) == 3
    assert overview.organisations
    assert all(a.neighbourhood == "Oude Westen" for o in overview.organisations for a in o.actions)
    code, out, err = _cli(capsys, "city", pg_url, "--json")
    assert code == 0, err
    assert '"oude_westen"' in out


def test_a_committee_role_never_upgrades_and_says_what_the_owner_runs(
    pg_url: str, pg_admin: Admin, capsys: pytest.CaptureFixture[str]
) -> None:
    from alembic import command

    from buurt.db.database import alembic_config

    old = open_database(pg_url, neighbourhood="Oude Westen", create=True, migrate=False)
    with old.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    old.close()
    database = make_url(pg_url).database
    role = f"ow_{database}"[:60]
    pg_admin(f"CREATE ROLE {role} LOGIN")
    for statement in (
        f"GRANT USAGE ON SCHEMA oude_westen TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA oude_westen TO {role}",
    ):
        pg_admin(statement, database=database)
    try:
        committee = _with_user(pg_url, role, "")
        code, out, err = _cli(capsys, "verify", committee, "--neighbourhood", "Oude Westen")
        assert code == 2
        assert "needs an upgrade" in err
        assert "buurt upgrade URL --neighbourhood oude_westen" in err
        code, out, err = _cli(
            capsys, "upgrade", pg_url, "--neighbourhood", "Oude Westen", "--lang", "en"
        )
        assert code == 0, err
        assert "upgraded from schema 0001" in out
        code, out, err = _cli(
            capsys, "upgrade", pg_url, "--neighbourhood", "Oude Westen", "--lang", "en"
        )
        assert "is up to date" in out
    finally:
        pg_admin(f"DROP OWNED BY {role}", database=database)
        pg_admin(f"DROP ROLE {role}")


def test_a_url_without_a_neighbourhood_is_told_which_ones_there_are(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _cli(capsys, "verify", pg_url, "--lang", "en")
    assert code == 2
    assert "holds no neighbourhood yet" in err
    _city(pg_url, "Oude Westen", "Crooswijk")
    code, out, err = _cli(capsys, "export", pg_url, "--json", "--lang", "en")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "holds: crooswijk, oude_westen." in err


def test_a_server_gone_mid_write_is_one_sentence_and_nothing_half_written(
    pg_db: object, pg_admin: Admin
) -> None:
    from sqlalchemy import text

    from buurt.db.database import Database

    assert isinstance(pg_db, Database)
    lost = pytest.raises(FileProblem, match="was lost: your last change was not saved")
    with lost, pg_db.transaction() as session:
        add_member(pg_db, {"name": "Halverwege", "kind": "resident"})
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
        pg_admin(f"SELECT pg_terminate_backend({pid})")
        add_member(pg_db, {"name": "Daarna", "kind": "resident"})
    names = {m.name for m in list_members(pg_db)}
    assert not names & {"Halverwege", "Daarna"}
    assert verify_chain(pg_db).intact
