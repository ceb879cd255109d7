"""A vote's life cycle: prepared on candidate problems, opened behind the quorum gate,
closed and counted, cancelled, or confirmed as the new top 3.
"""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import ProblemStatus, VoteStatus
from buurt.db.models import Meeting, Problem, Vote, VoteCandidate
from buurt.db.types import utcnow
from buurt.i18n import _
from buurt.services import audit
from buurt.services.base import get, parse, require
from buurt.services.meetings import quorum
from buurt.services.priorities import close_period, confirm_top, running_period, start_period
from buurt.services.secret_ballots import reshuffle, voters_event
from buurt.services.votes.ballots import _ballots
from buurt.services.votes.models import VoteRead, VoteSetup, _read
from buurt.services.votes.outcome import count_ballots, vote_outcome


def candidate_problems(db: Database) -> list[int]:
    """The default candidates of a new vote: the problems triaged as candidates."""
    with db.reading() as session:
        rows = session.exec(
            select(Problem.id)
            .where(Problem.status == ProblemStatus.CANDIDATE.value)
            .order_by(col(Problem.logged_at))
        ).all()
        return [r for r in rows if r is not None]


@retry_on_conflict
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
    require(
        not (values.secret and values.double_entry and values.balance_groups),
        _(
            "A secret paper ballot does not say whether a resident or a professional voted: "
            "the groups cannot be balanced."
        ),
        field="balance_groups",
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


@retry_on_conflict
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


@retry_on_conflict
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
        after: dict[str, object] = {
            "status": vote.status,
            "ballots": len(ballots),
            "digest": vote.digest,
            "winners": result.get("winners"),
        }
        if vote.secret:
            # Who voted, once, sorted by name; the ballots are written once more in a neutral
            # order (on PostgreSQL they then all belong to this transaction).
            after["voters"] = voters_event(session, vote_id)
            reshuffle(session, vote_id)
        audit.record(
            session,
            actor=db.actor,
            action="close",
            entity="vote",
            entity_id=vote.id,
            after=after,
        )
        closed = _read(session, vote)
    if closed.secret:
        # Rebuild the file (every table in key order, no free pages) and empty the write-ahead
        # log: nothing on disk keeps the order in which ballots were cast. While another
        # program reads the file this is owed, and the chair is told.
        rebuilt = db.checkpoint(rebuild=True)
        closed = closed.model_copy(update={"rebuild_pending": not rebuilt})
    return closed


@retry_on_conflict
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
        secret = vote.secret
        if secret:
            reshuffle(session, vote_id)
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
        cancelled = _read(session, vote)
    if secret:
        rebuilt = db.checkpoint(rebuild=True)
        cancelled = cancelled.model_copy(update={"rebuild_pending": not rebuilt})
    return cancelled


@retry_on_conflict
def confirm_vote(
    db: Database,
    vote_id: int,
    *,
    criteria: dict[str, str],
    today: date,
    new_period: bool = False,
    close_reason: str = "",
    replaces: list[int] | None = None,
) -> list[int]:
    """Confirm a counted vote from the result screen: every winner needs its success criterion;
    the winners become priorities of the period running `today`, or of a new period starting
    `today` (with the neighbourhood's period length and hours) when `new_period` is set or no
    period runs. A running period is then closed early, with `close_reason` (required). The
    winners fill the free places of the top or replace the running priorities in `replaces`
    (`confirm_top`). All in one transaction. Returns the new priorities' ids."""
    outcome = vote_outcome(db, vote_id)
    for index, name in enumerate(outcome.winners):
        require(
            criteria.get(name, "").strip(),
            _("Write down when '{title}' counts as done.").format(title=name),
            field=f"criteria-{index}",
        )
    with db.transaction():
        period = running_period(db, today)
        if new_period and period is not None:
            close_period(db, period.id, closed_on=today, reason=close_reason)
        if new_period or period is None:
            period = start_period(db, today)
        return confirm_top(db, vote_id, period_id=period.id, criteria=criteria, replaces=replaces)
