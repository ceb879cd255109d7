"""The count and its outcome: stored ballots through `buurt.voting`, the stored result as
the result screen shows it, and recounts with another rule.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from pydantic import InstanceOf
from sqlmodel import col, select

from buurt import voting
from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import MemberKind, TieBreak, VoteStatus
from buurt.db.models import Vote, VoteCandidate
from buurt.errors import InputError
from buurt.i18n import _, ngettext
from buurt.services import audit
from buurt.services.base import ReadModel, get, require
from buurt.services.votes.ballots import _ballots
from buurt.services.votes.models import StoredBallot, VoteRead, _read


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


def engine_profile(ballots: list[StoredBallot], labels: list[str]) -> voting.Profile:
    """The stored ballots of a vote as the engine counts them: the count and `buurt verify`
    both read ballots this way, so a recount can never read them differently."""
    return voting.Profile.from_ballots([_engine_ballot(b) for b in ballots], labels)


def stored_result(vote: Vote) -> voting.Result:
    """The stored result of a counted vote, as the engine's typed `Result`."""
    require(vote.result_json, _("This vote has not been counted yet."))
    return voting.Result.from_dict(json.loads(vote.result_json))


def engine_message(message: voting.Message) -> str:
    """A sentence of the vote engine in the current language."""
    return message.render(_, ngettext)


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
        profile = engine_profile(ballots, labels)
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
    tables: InstanceOf[voting.Tables]
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
        result = stored_result(vote)
        ballots = _ballots(session, vote)
        read = _read(session, vote)
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
        tables=result.explanation.tables,
        digest=result.digest,
        seed=result.seed,
        casting=None if result.settings.casting is None else list(result.settings.casting),
        first_choices=_first_choices(ballots, labels),
    )


@retry_on_conflict
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
        previous = stored_result(vote)
        earlier = list(previous.settings.casting or [])
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
        before = {"tie_break": vote.tie_break, "winners": list(previous.winners)}
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


def vote_result(db: Database, vote_id: int) -> dict[str, Any]:
    """The stored result of a counted vote in its JSON form (as `buurt tally --json` and the
    export write it), read through the engine's `Result`."""
    with db.reading() as session:
        vote = get(session, Vote, vote_id, _("vote"))
        return stored_result(vote).to_dict()
