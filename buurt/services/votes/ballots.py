"""Ballots: who may vote, casting an open or secret ballot, and the stored ballots by
candidate label.

Secret ballots: the ballot row gets no voter, no timestamp and a random id (see
`buurt.db.models.Ballot`), and every cast rewrites the vote's ballots in a neutral order
(`buurt.services.secret_ballots`); the audit trail records who voted only at the close, as one
sorted list, never per ballot.
"""

from __future__ import annotations

import random

from sqlmodel import Session, col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import AttendanceStatus, Eligibility, MemberKind, VoteStatus
from buurt.db.models import (
    Attendance,
    Ballot,
    BallotRank,
    Member,
    Vote,
    VoteCandidate,
    VoteParticipation,
)
from buurt.i18n import _, ngettext
from buurt.services import audit
from buurt.services.base import get, require
from buurt.services.secret_ballots import ballot_group, reshuffle
from buurt.services.votes.models import StoredBallot, VoteRead, VoterRead, _read


def _eligible(session: Session, vote: Vote) -> list[Member]:
    """Members who may vote: present at the vote's meeting (all active members for a vote
    without a meeting), residents only when the vote says so."""
    if vote.meeting_id is not None:
        present = {
            a.member_id
            for a in session.exec(
                select(Attendance)
                .where(Attendance.meeting_id == vote.meeting_id)
                .where(Attendance.status == AttendanceStatus.PRESENT.value)
            )
        }
        members = [m for m in session.exec(select(Member)) if m.id in present]
    else:
        members = list(session.exec(select(Member).where(col(Member.active))))
    if vote.eligibility == Eligibility.RESIDENTS.value:
        members = [m for m in members if m.kind == MemberKind.RESIDENT.value]
    return sorted(members, key=lambda m: m.name.lower())


def voters(db: Database, vote_id: int) -> list[VoterRead]:
    """The eligible members and whether each has voted (never how)."""
    with db.reading() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        voted = {
            p.member_id
            for p in session.exec(
                select(VoteParticipation).where(VoteParticipation.vote_id == vote_id)
            )
        }
        return [
            VoterRead(member_id=m.id or 0, name=m.name, kind=m.kind, has_voted=m.id in voted)
            for m in _eligible(session, vote)
        ]


def _check_ranks(session: Session, vote_id: int, ranks: dict[int, int]) -> None:
    """Every ranked candidate stands in this vote, and every rank is a whole number from 1."""
    candidate_ids = {
        c.id for c in session.exec(select(VoteCandidate).where(VoteCandidate.vote_id == vote_id))
    }
    for candidate_id, rank in ranks.items():
        require(candidate_id in candidate_ids, _("That candidate is not part of this vote."))
        require(
            isinstance(rank, int) and rank >= 1,
            _("A rank must be a whole number of 1 or more."),
        )


@retry_on_conflict
def cast_ballot(db: Database, vote_id: int, voter_id: int, ranks: dict[int, int]) -> VoteRead:
    """Store one member's ballot: `ranks` maps candidate ids to ranks (1 is first, equal ranks
    are a tie, candidates left out are unranked). The ballot is committed before this returns
    (one transaction, SQLite with `synchronous = FULL`): a crash after this call loses nothing.
    An empty ballot is allowed (it abstains but counts as cast)."""
    with db.transaction() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(vote.status == VoteStatus.OPEN.value, _("This vote is not open for ballots."))
        require(
            not (vote.secret and vote.double_entry),
            _("A secret paper vote has no names: the papers are entered without a voter."),
        )
        member = get(session, Member, voter_id, _("member"))
        require(
            any(m.id == voter_id for m in _eligible(session, vote)),
            _("{name} may not vote in this vote (not present, or not a resident).").format(
                name=member.name
            ),
        )
        require(
            session.get(VoteParticipation, (vote_id, voter_id)) is None,
            _("{name} has already voted.").format(name=member.name),
        )
        _check_ranks(session, vote_id, ranks)
        ballot = Ballot(
            vote_id=vote_id,
            voter_id=None if vote.secret else voter_id,
            voter_group=ballot_group(vote, member),
        )
        session.add(ballot)
        session.flush()
        for candidate_id, rank in ranks.items():
            session.add(BallotRank(ballot_id=ballot.id, candidate_id=candidate_id, rank=rank))
        session.add(VoteParticipation(vote_id=vote_id, member_id=voter_id))
        session.flush()
        if vote.secret:
            # Nothing in this commit may say which ballot is the new one, nor who cast it.
            cast = reshuffle(session, vote_id)
            audit.record(
                session,
                actor=db.actor,
                action="ballot",
                entity="vote",
                entity_id=vote_id,
                after={"ballots": cast},
            )
        else:
            audit.record(
                session,
                actor=db.actor,
                action="ballot",
                entity="vote",
                entity_id=vote_id,
                after={"voter": member.name, "ranks": {str(k): v for k, v in ranks.items()}},
            )
        read = _read(session, vote)
    if vote.secret:
        db.checkpoint()  # the write-ahead log would keep this commit, and the one before
    return read


def stored_ballots(db: Database, vote_id: int) -> list[StoredBallot]:
    """The ballots of a vote by candidate label (in an order that says nothing about who voted
    when: shuffled for a secret vote)."""
    with db.reading() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        return _ballots(session, vote)


def _ballots(session: Session, vote: Vote) -> list[StoredBallot]:
    labels = {
        c.id: c.label
        for c in session.exec(select(VoteCandidate).where(VoteCandidate.vote_id == vote.id))
    }
    members = {m.id: m.name for m in session.exec(select(Member))}
    ballots = session.exec(select(Ballot).where(Ballot.vote_id == vote.id)).all()
    ranks: dict[str, dict[str, int]] = {b.id: {} for b in ballots}
    ballot_ids = list(ranks)
    for rank in session.exec(select(BallotRank).where(col(BallotRank.ballot_id).in_(ballot_ids))):
        ranks[rank.ballot_id][labels[rank.candidate_id]] = rank.rank
    result = [
        StoredBallot(
            ranks=ranks[b.id],
            group=b.voter_group,
            voter="" if vote.secret else members.get(b.voter_id or -1, ""),
        )
        for b in ballots
    ]
    if vote.secret:
        random.SystemRandom().shuffle(result)
    return result


def ballot_mismatches(first: dict[int, int], second: dict[int, int]) -> list[int]:
    """Candidates (ids) on which two entries of the same paper ballot differ, compared by the
    order they give (so ranks 1, 2, 2 and 1, 3, 3 are the same ballot)."""

    def places(ranks: dict[int, int]) -> dict[int, int]:
        distinct = sorted(set(ranks.values()))
        return {c: distinct.index(r) + 1 for c, r in ranks.items()}

    a, b = places(first), places(second)
    return sorted(c for c in set(a) | set(b) if a.get(c) != b.get(c))


@retry_on_conflict
def cast_paper_ballot(db: Database, vote_id: int, ranks: dict[int, int]) -> VoteRead:
    """Store one paper of a secret paper vote, as the tellers entered it (twice, compared on
    screen before this call): no voter, no "has voted" row. The number of papers is the
    turnout, so no more papers are taken than eligible members are present."""
    with db.transaction() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(vote.status == VoteStatus.OPEN.value, _("This vote is not open for ballots."))
        require(
            vote.secret and vote.double_entry,
            _("Papers without a name go only into a secret paper vote."),
        )
        eligible = len(_eligible(session, vote))
        papers = len(session.exec(select(Ballot.id).where(Ballot.vote_id == vote_id)).all())
        require(
            papers < eligible,
            ngettext(
                "All {n} paper is in: no other member present may vote.",
                "All {n} papers are in: no other member present may vote.",
                eligible,
            ).format(n=eligible),
        )
        _check_ranks(session, vote_id, ranks)
        # The group of a paper is unknown; it is only read when the groups are balanced,
        # which a secret paper vote refuses (`create_vote`).
        ballot = Ballot(vote_id=vote_id, voter_id=None, voter_group=MemberKind.RESIDENT.value)
        session.add(ballot)
        session.flush()
        for candidate_id, rank in ranks.items():
            session.add(BallotRank(ballot_id=ballot.id, candidate_id=candidate_id, rank=rank))
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="ballot",
            entity="vote",
            entity_id=vote_id,
            after={"paper": papers + 1},
        )
        return _read(session, vote)
