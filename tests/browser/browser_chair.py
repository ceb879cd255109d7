"""The chair, in a process of its own: `python browser_chair.py FILE STEP [N]`.

Steps: `vote` opens the demo's meeting with everyone present and opens a secret vote (the chair
is at the vote item); `cast N` casts N ballots; `close` closes and counts the vote."""

from __future__ import annotations

import sys

from meeting_setup import demo_open_vote

from buurt.services import open_database, votes
from buurt.services.projector import set_projector


def main(file: str, step: str, *rest: str) -> None:
    db = open_database(file, actor="chair")
    try:
        if step == "vote":
            vote_id = demo_open_vote(db)
            set_projector(db, meeting_id=votes.get_vote(db, vote_id).meeting_id, section="vote")
            return
        vote = next(v for v in votes.list_votes(db) if v.status == "open")
        if step == "cast":
            waiting = [v for v in votes.voters(db, vote.id) if not v.has_voted]
            for voter in waiting[: int(rest[0])]:
                votes.cast_ballot(db, vote.id, voter.member_id, {vote.candidates[0].id: 1})
        elif step == "close":
            votes.close_vote(db, vote.id)
    finally:
        db.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
