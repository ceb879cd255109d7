"""Keeping secret ballots unlinkable to their voters, even for someone who holds the raw file.

A database remembers more than its rows: SQLite writes the cells of a page from its end
downward and appends new pages, and its write-ahead log keeps every commit in order; PostgreSQL
keeps the inserting transaction (`xmin`) and the physical place (`ctid`) of each row. A ballot
written in the same commit as "this member has voted" can be paired with its voter through any
of these. So:

- every time a secret ballot is cast, all ballots of that vote are written again, with fresh
  random ids, in the order of those ids (`reshuffle`): the newest ballot is no longer the last
  one written, and on PostgreSQL they all share the last transaction;
- after that commit the write-ahead log is folded into the file and emptied (`Database.seal`
  with `compact=False`), so it keeps no history of commits;
- when the vote closes, the ballots are rewritten once more and the whole SQLite file is
  rebuilt (VACUUM: every table in key order, no free pages), then the log is emptied;
- another program reading the file meanwhile (the projector, a second copy of the app) keeps
  the log from being emptied: buurt waits a moment for it, and when it still holds on, the
  file is marked and the rebuild runs at the next write or the next open that finds no
  reader (`rebuild_pending`; the chair is told). Deleted rows are overwritten at once
  (`secure_delete`), so the free pages never hold a ballot;
- nobody is named per ballot in the audit trail: the close records who voted, as one sorted
  list (`voters_event`);
- a ballot keeps its voter's group (resident or professional) only when the count weighs the
  groups (`ballot_group`).

What an attacker can still learn while a vote is open: who has voted so far (by design), and by
comparing two copies of the file taken during the vote, which ballots were added between them
and who voted between them. A crash in the few milliseconds between a ballot's commit and the
emptying of the log leaves that one commit in the log. A program that holds one read
transaction open through the whole vote (a hung projector) keeps every commit of the vote in
the log, so a copy of the file taken meanwhile shows the order of casting; buurt waits for
such a reader only once (`Database.reader_wait`), and the owed rebuild wipes the log as soon as
the reader lets go (the next write or the next open).
"""

from __future__ import annotations

from sqlalchemy import delete, insert
from sqlmodel import Session, col, select

from buurt.db.database import Database
from buurt.db.enums import MemberKind
from buurt.db.models import Ballot, BallotRank, Member, Vote

SMALL_GROUP = 3  # fewer voters than this in a group make its ballots identifiable


def ballot_group(vote: Vote, member: Member) -> str | None:
    """The group stored with a ballot: the voter's kind only when the count needs it."""
    return member.kind if vote.balance_groups else None


def reshuffle(session: Session, vote_id: int) -> int:
    """Write every ballot of the vote again with fresh random ids, in the order of those ids
    (the ranks with them). Returns the number of ballots."""
    ballots = list(session.exec(select(Ballot).where(Ballot.vote_id == vote_id)))
    if not ballots:
        return 0
    old_ids = [b.id for b in ballots]
    ranks: dict[str, list[BallotRank]] = {b.id: [] for b in ballots}
    for rank in session.exec(select(BallotRank).where(col(BallotRank.ballot_id).in_(old_ids))):
        ranks[rank.ballot_id].append(rank)
    fresh = sorted(
        ((Ballot(vote_id=vote_id).id, ballot) for ballot in ballots), key=lambda pair: pair[0]
    )
    ballot_rows = [
        {"id": new_id, "vote_id": vote_id, "voter_id": b.voter_id, "voter_group": b.voter_group}
        for new_id, b in fresh
    ]
    rank_rows = [
        {"ballot_id": new_id, "candidate_id": r.candidate_id, "rank": r.rank}
        for new_id, b in fresh
        for r in sorted(ranks[b.id], key=lambda r: r.candidate_id)
    ]
    session.execute(delete(BallotRank).where(col(BallotRank.ballot_id).in_(old_ids)))
    session.execute(delete(Ballot).where(col(Ballot.vote_id) == vote_id))
    for ballot in ballots:
        if ballot in session:
            session.expunge(ballot)
    session.execute(insert(Ballot), ballot_rows)
    if rank_rows:
        session.execute(insert(BallotRank), rank_rows)
    return len(ballot_rows)


def voters_event(session: Session, vote_id: int) -> list[str]:
    """Who voted, sorted by name (for the one audit event at the close of a secret vote)."""
    from buurt.db.models import VoteParticipation

    ids = [
        p.member_id
        for p in session.exec(select(VoteParticipation).where(VoteParticipation.vote_id == vote_id))
    ]
    if not ids:
        return []
    names = session.exec(select(Member.name).where(col(Member.id).in_(ids))).all()
    return sorted(names, key=str.lower)


def rebuild_pending(db: Database) -> bool:
    """The file's rebuild after a secret vote could not run yet: another program (the
    projector, a second copy of the app) was reading it. Until it runs, the write-ahead log may
    still hold the order of earlier commits; it runs at the next write or the next open."""
    return db.rebuild_owed


def small_groups(kinds: list[str]) -> dict[str, int]:
    """Groups with fewer than `SMALL_GROUP` voters (but at least one), by kind: in a secret vote
    that weighs the groups, their ballots are identifiable."""
    counts = {kind.value: 0 for kind in MemberKind}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    return {kind: n for kind, n in counts.items() if 0 < n < SMALL_GROUP}
