"""What a vote looks like to its callers: the setup a chair fills in and the read models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field
from sqlmodel import Session, col, select

from buurt.db.enums import Eligibility, TieBreak, VoteMethod
from buurt.db.models import Ballot, Vote, VoteCandidate
from buurt.i18n import N_
from buurt.services.base import InputModel, ReadModel
from buurt.voting.count import MAX_CANDIDATES


class VoteSetup(InputModel):
    meeting_id: int | None = Field(default=None, title=N_("Meeting"))
    title: str = Field(default="", max_length=200, title=N_("Title"))
    problem_ids: list[int] = Field(max_length=MAX_CANDIDATES, title=N_("Candidates"))
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
    # A secret vote closed while another program read the file: the rebuild that wipes the
    # order of casting is still to come (see `secret_ballots.rebuild_pending`).
    rebuild_pending: bool = False

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
    group: str | None  # kept only when the vote weighs residents against professionals
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
