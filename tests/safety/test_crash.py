"""Pull the plug mid-vote: the real app runs in its own process on a pseudo-terminal, voters cast
ballots in booth mode, and the process is killed (SIGKILL: no clean-up at all) while the next
voter is half-way through their ballot. Reopened, the file holds every confirmed ballot, nothing
of the half-entered one, and the vote carries on where it stopped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from meeting_setup import meeting_underway, secret_vote_open
from safety_terminal import Terminal, child_env

from buurt.services import Database, open_database, votes
from buurt.services.audit import verify_chain
from buurt.services.neighbourhood import update_neighbourhood

CANDIDATES = [
    "Zwerfvuil bij de containers",
    "Te hard rijden",
    "Hangjongeren bij het speelveld",
    "Graffiti op de gevels",
]
# (voter, keys in the booth, the ballot those keys make)
BALLOTS = [
    # A digit ranks the highlighted problem and stays there; down goes to the next one.
    ("Anna Berg", ["1", "down", "2"], {CANDIDATES[0]: 1, CANDIDATES[1]: 2}),
    ("Bram Claes", ["down", "1"], {CANDIDATES[1]: 1}),
    ("Carla Dekker", ["down", "down", "1"], {CANDIDATES[2]: 1}),
]


def _prepare(db: Database) -> int:
    update_neighbourhood(db, {"language": "en"})
    with db.transaction():
        vote = secret_vote_open(db, meeting_underway(db))
    return vote.id


def _to_the_booth(terminal: Terminal, cast: int) -> None:
    terminal.wait_for("Testbuurt")
    terminal.press("v")
    terminal.wait_for("1 Opening", "quorum 9/9")
    terminal.press("f3")  # the vote section
    terminal.wait_for("Booth mode", f"Ballots cast: {cast} of 9")
    terminal.press("enter")
    terminal.wait_for("Choose a PIN of 4 digits.")  # the chair's PIN locks the booth
    for key in "1234":
        terminal.press(key)
    terminal.press("enter")
    terminal.wait_for("Voter: choose your own name.", f"Ballots cast: {cast} of 9")


def _cast(terminal: Terminal, voter: str, keys: list[str], cast_before: int) -> None:
    terminal.wait_for(voter)  # the names are listed once the booth has read who may vote
    terminal.press("enter")  # the first name still waiting is highlighted
    terminal.wait_for(f"Ballot of {voter}")
    terminal.press(*keys, "ctrl+s")
    terminal.wait_for("Cast this ballot?")
    terminal.press("y")
    # Confirmed: the booth says so only after the ballot is stored.
    terminal.wait_for(
        "Pass the laptop", f"Ballots cast: {cast_before + 1} of 9", gone=("Cast this ballot?",)
    )
    terminal.press("enter")
    terminal.wait_for("Voter: choose your own name.")


@pytest.mark.needs_file("kills the app on the file, then checks the file with sqlite3")
def test_killing_the_app_mid_vote_keeps_every_confirmed_ballot_and_nothing_else(
    db: Database, tmp_path: Path
) -> None:
    vote_id = _prepare(db)
    assert db.path is not None
    path = db.path
    db.close()
    env = child_env(tmp_path)

    terminal = Terminal([str(path)], env=env)
    try:
        _to_the_booth(terminal, 0)
        for n, (voter, keys, _ballot) in enumerate(BALLOTS):
            _cast(terminal, voter, keys, n)
        # Daan starts his ballot, ranks two problems, is asked to confirm... and the power goes.
        terminal.wait_for("Daan Evers")
        terminal.press("enter")
        terminal.wait_for("Ballot of Daan Evers")
        terminal.press("down", "down", "down", "1", "up", "2", "ctrl+s")
        terminal.wait_for("Cast this ballot?")
    finally:
        terminal.kill()

    # The file is whole: SQLite's own check, foreign keys, and the audit chain.
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("SELECT count(*) FROM ballot").fetchone() == (3,)
        assert con.execute("SELECT count(*) FROM vote_participation").fetchone() == (3,)
        assert con.execute(
            "SELECT count(*) FROM ballot_rank WHERE ballot_id NOT IN (SELECT id FROM ballot)"
        ).fetchone() == (0,)
    finally:
        con.close()
    reopened = open_database(path)
    try:
        assert verify_chain(reopened).intact
        voted = {v.name for v in votes.voters(reopened, vote_id) if v.has_voted}
        assert voted == {voter for voter, _keys, _ballot in BALLOTS}
        stored = sorted(sorted(b.ranks.items()) for b in votes.stored_ballots(reopened, vote_id))
        assert stored == sorted(sorted(ballot.items()) for _v, _k, ballot in BALLOTS)
        assert votes.get_vote(reopened, vote_id).status == "open"
    finally:
        reopened.close()

    # The vote carries on: Daan votes again from the start, then the vote is counted.
    terminal = Terminal([str(path)], env=env)
    try:
        _to_the_booth(terminal, 3)
        _cast(terminal, "Daan Evers", ["down", "down", "down", "1"], 3)
        terminal.quit(pin="1234")  # the booth is locked: quitting needs the chair's PIN
    except BaseException:
        terminal.kill()
        raise
    resumed = open_database(path)
    try:
        assert len(votes.stored_ballots(resumed, vote_id)) == 4
        closed = votes.close_vote(resumed, vote_id)
        assert closed.status == "closed"
        assert votes.vote_result(resumed, vote_id)["ballots"] == 4
    finally:
        resumed.close()
