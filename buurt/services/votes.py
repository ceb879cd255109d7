"""Votes: preparing a ranked vote on candidate problems, the quorum gate, casting ballots (open
or secret), closing and counting with `buurt.voting`, and confirming the top 3 as priorities.

Secret ballots: the ballot row gets no voter, no timestamp and a random id (see
`buurt.db.models.Ballot`); the audit trail records that a member voted, never what.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from pydantic import Field
from sqlmodel import Session, col, select

from buurt import voting
from buurt.db.database import Database
from buurt.db.enums import (
    AttendanceStatus,
    Eligibility,
    MemberKind,
    ProblemStatus,
    TieBreak,
    VoteMethod,
    VoteStatus,
)
from buurt.db.models import (
    Attendance,
    Ballot,
    BallotRank,
    Meeting,
    Member,
    Period,
    Priority,
    Problem,
    Vote,
    VoteCandidate,
    VoteParticipation,
)
from buurt.db.types import utcnow
from buurt.errors import InputError
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.base import InputModel, ReadModel, get, parse, require
from buurt.services.meetings import quorum
from buurt.services.priorities import PeriodRead, current_period, start_period
from buurt.services.problems import change_status


class VoteSetup(InputModel):
    meeting_id: int | None = Field(default=None, title=N_("Meeting"))
    title: str = Field(default="", max_length=200, title=N_("Title"))
    problem_ids: list[int] = Field(title=N_("Candidates"))
    method: VoteMethod = Field(default=VoteMethod.SCHULZE, title=N_("Method"))
    seats: int = Field(default=3, ge=1, le=10, title=N_("Seats"))
    secret: bool = Field(default=False, title=N_("Secret ballot"))
    eligibility: Eligibility = Field(default=Eligibility.ALL, title=N_("Who may vote"))
    balance_groups: bool = Field(default=False, title=N_("Balance residents and professionals"))
    double_entry: bool = Field(default=False, title=N_("Paper ballots, entered twice"))
    tie_break: TieBreak = Field(default=TieBreak.LOT, title=N_("Ties"))
    seed: str = Field(default="", max_length=200, title=N_("Seed for the lot"))


class CandidateRead(ReadModel):
    id: int
    problem_id: int
    label: str
    position: int


class VoteRead(ReadModel):
    id: int
    meeting_id: int | None
    title: str
    method: str
    seats: int
    secret: bool
    eligibility: str
    balance_groups: bool
    double_entry: bool
    tie_break: str
    seed: str
    status: str
    quorum_present: int | None
    quorum_required: int | None
    quorum_members: int | None
    opened_at: datetime | None
    closed_at: datetime | None
    digest: str
    engine_version: str
    candidates: list[CandidateRead]
    ballots: int = 0

    @property
    def result(self) -> dict[str, Any] | None:
        return None


class VoterRead(ReadModel):
    member_id: int
    name: str
    kind: str
    has_voted: bool


class StoredBallot(ReadModel):
    """A ballot as stored: rank per candidate label (unranked candidates absent)."""

    ranks: dict[str, int]
    group: str
    voter: str = ""


def _read(session: Session, vote: Vote) -> VoteRead:
    assert vote.id is not None
    candidates = session.exec(
        select(VoteCandidate)
        .where(VoteCandidate.vote_id == vote.id)
        .order_by(col(VoteCandidate.position))
    ).all()
    ballots = len(session.exec(select(Ballot.id).where(Ballot.vote_id == vote.id)).all())
    data = vote.model_dump()
    data["candidates"] = [CandidateRead.model_validate(c) for c in candidates]
    data["ballots"] = ballots
    return VoteRead.model_validate(data)


def candidate_problems(db: Database) -> list[int]:
    """The default candidates of a new vote: the problems triaged as candidates."""
    with db.reading() as session:
        rows = session.exec(
            select(Problem.id)
            .where(Problem.status == ProblemStatus.CANDIDATE.value)
            .order_by(col(Problem.logged_at))
        ).all()
        return [r for r in rows if r is not None]


def create_vote(db: Database, data: VoteSetup | dict[str, object]) -> VoteRead:
    """Prepare a vote (status: being prepared). Needs at least two candidates."""
    values = parse(VoteSetup, data)
    problem_ids = list(dict.fromkeys(values.problem_ids))
    require(len(problem_ids) >= 2, _("A vote needs at least two candidates."), field="problem_ids")
    require(
        values.seats <= len(problem_ids),
        _("There are fewer candidates ({n}) than places to fill ({seats}).").format(
            n=len(problem_ids), seats=values.seats
        ),
        field="seats",
    )
    with db.transaction() as session:
        if values.meeting_id is not None:
            get(session, Meeting, values.meeting_id, _("meeting"))
        vote = Vote(
            meeting_id=values.meeting_id,
            title=values.title or _("Top {n}").format(n=values.seats),
            method=values.method.value,
            seats=values.seats,
            secret=values.secret,
            eligibility=values.eligibility.value,
            balance_groups=values.balance_groups,
            double_entry=values.double_entry,
            tie_break=values.tie_break.value,
            seed=values.seed,
        )
        session.add(vote)
        session.flush()
        assert vote.id is not None
        seen: set[str] = set()
        for position, problem_id in enumerate(problem_ids):
            problem = get(session, Problem, problem_id, _("problem"))
            label = problem.title
            if label.lower() in seen:
                label = f"{problem.title} ({problem.street or problem_id})"
            if label.lower() in seen:
                label = f"{problem.title} (#{problem_id})"
            seen.add(label.lower())
            session.add(
                VoteCandidate(
                    vote_id=vote.id, problem_id=problem_id, position=position, label=label
                )
            )
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="vote",
            entity_id=vote.id,
            after={**audit.snapshot(vote), "candidates": problem_ids},
            summary=vote.title,
        )
        return _read(session, vote)


def get_vote(db: Database, vote_id: int) -> VoteRead:
    with db.reading() as session:
        return _read(session, get(session, Vote, vote_id, _("vote")))


def list_votes(db: Database, *, meeting_id: int | None = None) -> list[VoteRead]:
    with db.reading() as session:
        query = select(Vote)
        if meeting_id is not None:
            query = query.where(Vote.meeting_id == meeting_id)
        return [_read(session, v) for v in session.exec(query.order_by(col(Vote.id)))]


def open_vote(db: Database, vote_id: int, *, ignore_quorum: bool = False) -> VoteRead:
    """Open the vote for ballots, after checking the quorum of the meeting it belongs to.

    The quorum figures are stored with the vote (the minutes print e.g. "quorum 9/14")."""
    vote_read = get_vote(db, vote_id)
    check = quorum(db, vote_read.meeting_id) if vote_read.meeting_id is not None else None
    if check is not None and not ignore_quorum:
        require(
            check.met,
            _(
                "No quorum: {present} of {members} members present, {required} needed. "
                "The vote cannot open."
            ).format(present=check.present, members=check.members, required=check.required),
        )
    with db.transaction() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(
            vote.status == VoteStatus.DRAFT.value,
            _("This vote has already been opened."),
        )
        vote.status = VoteStatus.OPEN.value
        vote.opened_at = utcnow()
        if check is not None:
            vote.quorum_present = check.present
            vote.quorum_required = check.required
            vote.quorum_members = check.members
        session.add(vote)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="open",
            entity="vote",
            entity_id=vote.id,
            after={"status": vote.status, "quorum": f"{vote.quorum_present}/{vote.quorum_members}"},
        )
        return _read(session, vote)


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


def cast_ballot(db: Database, vote_id: int, voter_id: int, ranks: dict[int, int]) -> VoteRead:
    """Store one member's ballot: `ranks` maps candidate ids to ranks (1 is first, equal ranks
    are a tie, candidates left out are unranked). Committed at once: a crash after this call
    loses nothing. An empty ballot is allowed (it abstains but counts as cast)."""
    with db.transaction() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(vote.status == VoteStatus.OPEN.value, _("This vote is not open for ballots."))
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
        candidate_ids = {
            c.id
            for c in session.exec(select(VoteCandidate).where(VoteCandidate.vote_id == vote_id))
        }
        for candidate_id, rank in ranks.items():
            require(candidate_id in candidate_ids, _("That candidate is not part of this vote."))
            require(
                isinstance(rank, int) and rank >= 1,
                _("A rank must be a whole number of 1 or more."),
            )
        ballot = Ballot(
            vote_id=vote_id,
            voter_id=None if vote.secret else voter_id,
            voter_group=member.kind,
        )
        session.add(ballot)
        session.flush()
        for candidate_id, rank in ranks.items():
            session.add(BallotRank(ballot_id=ballot.id, candidate_id=candidate_id, rank=rank))
        session.add(VoteParticipation(vote_id=vote_id, member_id=voter_id))
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="ballot",
            entity="vote",
            entity_id=vote_id,
            after=(
                {"voter": member.name}
                if vote.secret
                else {"voter": member.name, "ranks": {str(k): v for k, v in ranks.items()}}
            ),
        )
        return _read(session, vote)


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


def close_vote(db: Database, vote_id: int, *, casting: list[str] | None = None) -> VoteRead:
    """Close the vote and count it. The result (with ballots' digest, engine version, every tie
    and how it was broken) is stored with the vote."""
    with db.transaction() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(vote.status == VoteStatus.OPEN.value, _("Only an open vote can be closed."))
        ballots = _ballots(session, vote)
        require(ballots, _("No ballots have been cast; the vote cannot be counted."))
        labels = [
            c.label
            for c in session.exec(
                select(VoteCandidate)
                .where(VoteCandidate.vote_id == vote_id)
                .order_by(col(VoteCandidate.position))
            )
        ]
        result = count_ballots(vote, labels, ballots, casting=casting)
        vote.status = VoteStatus.CLOSED.value
        vote.closed_at = utcnow()
        vote.result_json = json.dumps(result, ensure_ascii=False, sort_keys=True)
        vote.digest = str(result.get("digest", ""))
        vote.engine_version = str(result.get("engine_version", ""))
        session.add(vote)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="close",
            entity="vote",
            entity_id=vote.id,
            after={
                "status": vote.status,
                "ballots": len(ballots),
                "digest": vote.digest,
                "winners": result.get("winners"),
            },
        )
        closed = _read(session, vote)
    if closed.secret:
        # The write-ahead log keeps the order in which ballots were committed until it is
        # folded into the file: fold it now, so nothing on disk links a ballot to a voter.
        db.checkpoint()
    return closed


def _engine_ballot(ballot: StoredBallot) -> voting.Ballot:
    """A stored ballot (rank per label) as the engine's tiers, best first."""
    by_rank: dict[int, list[str]] = {}
    for name, rank in ballot.ranks.items():
        by_rank.setdefault(rank, []).append(name)
    tiers = tuple(tuple(sorted(by_rank[rank])) for rank in sorted(by_rank))
    group: voting.Group | None = None
    if ballot.group == MemberKind.RESIDENT.value:
        group = "resident"
    elif ballot.group == MemberKind.PROFESSIONAL.value:
        group = "professional"
    return voting.Ballot(tiers, 1, group)


def engine_message(message: voting.Message) -> str:
    """A sentence of the vote engine in the current language."""
    return message.render(_)


def count_ballots(
    vote: Vote | VoteRead,
    labels: list[str],
    ballots: list[StoredBallot],
    *,
    casting: list[str] | None = None,
    tie_break: str | None = None,
) -> dict[str, Any]:
    """Count stored ballots with the vote's settings; the engine's result as a JSON-ready dict.

    `casting` is the chair's casting vote (candidate labels, best first); `tie_break` overrides
    the vote's rule for ties (`lot` or `none`)."""
    rule = tie_break or vote.tie_break
    engine_rule: voting.TieBreak = "lot" if rule == TieBreak.LOT.value else "none"
    try:
        profile = voting.Profile.from_ballots([_engine_ballot(b) for b in ballots], labels)
        result = voting.count(
            profile,
            method=vote.method,
            seats=vote.seats,
            tie_break=engine_rule,
            seed=vote.seed or None,
            balance_groups=vote.balance_groups,
            casting=casting or None,
        )
    except voting.VotingError as error:
        raise InputError(engine_message(error.message)) from None
    data: dict[str, Any] = result.to_dict()
    data.setdefault("engine_version", voting.ENGINE_VERSION)
    return data


class TieRead(ReadModel):
    """A tie the count met: where, who, the rule that decided it (or `none`: left open)."""

    stage: str
    where: str
    tied: list[str]
    rule: str
    seed: str | None
    order: list[str] | None


class VoteOutcome(ReadModel):
    """A counted vote as the result screen shows it: order, winners, ties, the explanation
    (sentences in the current language and the tables behind them) and the first choices."""

    vote: VoteRead
    method: str
    seats: int
    ballots: int
    candidates: list[str]
    ranking: list[list[str]]
    winners: list[str]
    ties: list[TieRead]
    lines: list[str]
    data: dict[str, Any]
    digest: str
    seed: str
    casting: list[str] | None
    first_choices: dict[str, float]

    @property
    def complete(self) -> bool:
        """True when every place is filled (no open tie touches the winners)."""
        return len(self.winners) >= self.seats

    @property
    def open_tie(self) -> list[str]:
        """The candidates of the first tier that touches the places but was left open."""
        if self.complete:
            return []
        place = 0
        for tier in self.ranking:
            if place >= self.seats:
                break
            if len(tier) > 1 and not all(name in self.winners for name in tier):
                return list(tier)
            place += len(tier)
        for tie in self.ties:
            if tie.order is None:
                return list(tie.tied)
        return []

    @property
    def decided_ties(self) -> list[TieRead]:
        """Ties decided by lot or casting vote (the ones the minutes must mention)."""
        return [t for t in self.ties if t.rule in ("lot", "casting")]


def _first_choices(ballots: list[StoredBallot], labels: list[str]) -> dict[str, float]:
    """How often each candidate was ranked first (a tie at the top shares the ballot)."""
    totals = {name: Fraction(0) for name in labels}
    for ballot in ballots:
        if not ballot.ranks:
            continue
        best = min(ballot.ranks.values())
        top = [name for name, rank in ballot.ranks.items() if rank == best]
        for name in top:
            totals[name] += Fraction(1, len(top))
    return {name: float(value) for name, value in totals.items()}


def vote_outcome(db: Database, vote_id: int) -> VoteOutcome:
    """The stored result of a counted vote, ready to show (explanation in the current
    language)."""
    with db.reading() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(vote.result_json, _("This vote has not been counted yet."))
        data: dict[str, Any] = json.loads(vote.result_json)
        ballots = _ballots(session, vote)
        read = _read(session, vote)
    result = voting.Result.from_dict(data)
    labels = [c.label for c in read.candidates]
    return VoteOutcome(
        vote=read,
        method=result.method,
        seats=result.seats,
        ballots=result.ballots,
        candidates=list(result.candidates),
        ranking=[list(t) for t in result.ranking],
        winners=list(result.winners),
        ties=[
            TieRead(
                stage=t.stage,
                where=engine_message(t.where),
                tied=list(t.tied),
                rule=t.rule,
                seed=t.seed,
                order=None if t.order is None else list(t.order),
            )
            for t in result.ties
        ],
        lines=[engine_message(m) for m in result.explanation.lines],
        data=data.get("explanation", {}).get("data", {}),
        digest=result.digest,
        seed=result.seed,
        casting=None if result.settings.casting is None else list(result.settings.casting),
        first_choices=_first_choices(ballots, labels),
    )


def recount_vote(
    db: Database,
    vote_id: int,
    *,
    casting: list[str] | None = None,
    tie_break: TieBreak | str | None = None,
) -> VoteRead:
    """Count a counted vote again to decide a tie: with the chair's casting vote (`casting`:
    the tied candidates' labels, best first; added to any earlier casting vote) or by lot
    (`tie_break="lot"`). The way the tie was decided is stored with the vote."""
    with db.transaction() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(
            vote.status == VoteStatus.CLOSED.value,
            _("Only a counted vote that is not yet confirmed can be recounted."),
        )
        previous = json.loads(vote.result_json) if vote.result_json else {}
        earlier = list((previous.get("settings") or {}).get("casting") or [])
        labels = [
            c.label
            for c in session.exec(
                select(VoteCandidate)
                .where(VoteCandidate.vote_id == vote_id)
                .order_by(col(VoteCandidate.position))
            )
        ]
        order = [name for name in [*earlier, *(casting or [])] if name in labels]
        order = list(dict.fromkeys(order))
        rule = TieBreak(tie_break).value if tie_break is not None else vote.tie_break
        rule_stored = TieBreak.CASTING.value if casting else rule
        result = count_ballots(
            vote, labels, _ballots(session, vote), casting=order or None, tie_break=rule
        )
        before = {"tie_break": vote.tie_break, "winners": previous.get("winners")}
        vote.tie_break = rule_stored
        vote.result_json = json.dumps(result, ensure_ascii=False, sort_keys=True)
        vote.digest = str(result.get("digest", ""))
        vote.engine_version = str(result.get("engine_version", ""))
        session.add(vote)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="recount",
            entity="vote",
            entity_id=vote.id,
            before=before,
            after={
                "tie_break": vote.tie_break,
                "casting": order or None,
                "winners": result.get("winners"),
            },
        )
        return _read(session, vote)


def ballot_mismatches(first: dict[int, int], second: dict[int, int]) -> list[int]:
    """Candidates (ids) on which two entries of the same paper ballot differ, compared by the
    order they give (so ranks 1, 2, 2 and 1, 3, 3 are the same ballot)."""

    def places(ranks: dict[int, int]) -> dict[int, int]:
        distinct = sorted(set(ranks.values()))
        return {c: distinct.index(r) + 1 for c, r in ranks.items()}

    a, b = places(first), places(second)
    return sorted(c for c in set(a) | set(b) if a.get(c) != b.get(c))


def vote_result(db: Database, vote_id: int) -> dict[str, Any]:
    """The stored result of a counted vote."""
    with db.reading() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(vote.result_json, _("This vote has not been counted yet."))
        data: dict[str, Any] = json.loads(vote.result_json)
        return data


def confirm_top(
    db: Database,
    vote_id: int,
    *,
    period_id: int,
    criteria: dict[str, str] | None = None,
) -> list[int]:
    """Make the vote's winners the priorities of `period_id`, in their order, each with its
    success criterion (by candidate label). Their problems get the status `priority`.
    Returns the new priorities' ids."""
    criteria = criteria or {}
    with db.transaction() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(
            vote.status == VoteStatus.CLOSED.value,
            _("Only a counted vote can be confirmed."),
        )
        get(session, Period, period_id, _("period"))
        result = json.loads(vote.result_json)
        winners: list[str] = result.get("winners", [])
        require(
            len(winners) == vote.seats,
            _("A tie is still open: decide it (casting vote or lot) before confirming."),
        )
        by_label = {
            c.label: c
            for c in session.exec(select(VoteCandidate).where(VoteCandidate.vote_id == vote_id))
        }
        taken = {
            p.rank
            for p in session.exec(select(Priority).where(Priority.period_id == period_id))
            if p.status in ("active", "continued")
        }
        ids = []
        rank = 1
        for label in winners:
            while rank in taken:
                rank += 1
            candidate = by_label[label]
            problem = get(session, Problem, candidate.problem_id, _("problem"))
            priority = Priority(
                period_id=period_id,
                problem_id=candidate.problem_id,
                vote_id=vote_id,
                rank=rank,
                success_criterion=criteria.get(label, "").strip(),
            )
            session.add(priority)
            change_status(
                session,
                db.actor,
                problem,
                ProblemStatus.PRIORITY,
                reason=_("Chosen in the vote '{title}'.").format(title=vote.title),
                meeting_id=vote.meeting_id,
            )
            session.flush()
            assert priority.id is not None
            ids.append(priority.id)
            audit.record(
                session,
                actor=db.actor,
                action="create",
                entity="priority",
                entity_id=priority.id,
                after=audit.snapshot(priority),
                summary=label,
            )
            rank += 1
        vote.status = VoteStatus.CONFIRMED.value
        session.add(vote)
        audit.record(
            session,
            actor=db.actor,
            action="confirm",
            entity="vote",
            entity_id=vote_id,
            after={"status": vote.status, "priorities": winners},
        )
        return ids


def cancel_vote(db: Database, vote_id: int, reason: str) -> VoteRead:
    """Cancel a vote that is being prepared or open (its ballots stay, uncounted)."""
    require(reason.strip(), _("Say why the vote is cancelled."), field="reason")
    with db.transaction() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        require(
            vote.status in (VoteStatus.DRAFT.value, VoteStatus.OPEN.value),
            _("A counted vote cannot be cancelled."),
        )
        vote.status = VoteStatus.CANCELLED.value
        session.add(vote)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="cancel",
            entity="vote",
            entity_id=vote_id,
            after={"status": vote.status},
            summary=reason,
        )
        return _read(session, vote)


def confirm_vote(
    db: Database,
    vote_id: int,
    *,
    criteria: dict[str, str],
    today: date,
    new_period: bool = False,
) -> list[int]:
    """Confirm a counted vote from the result screen: every winner needs its success criterion;
    the winners become priorities of the period running `today`, or of a new period starting
    `today` (with the neighbourhood's period length and hours) when `new_period` is set or no
    period runs. All in one transaction. Returns the new priorities' ids."""
    outcome = vote_outcome(db, vote_id)
    for index, name in enumerate(outcome.winners):
        require(
            criteria.get(name, "").strip(),
            _("Write down when '{title}' counts as done.").format(title=name),
            field=f"criteria-{index}",
        )
    with db.transaction():
        period = running_period(db, today)
        if new_period or period is None:
            period = start_period(db, today)
        return confirm_top(db, vote_id, period_id=period.id, criteria=criteria)


def running_period(db: Database, today: date) -> PeriodRead | None:
    """The period that holds `today` (None when the last one has ended or none started)."""
    period = current_period(db, today=today)
    return period if period is not None and period.end_on >= today else None
