"""Votes: preparing a ranked vote on candidate problems, the quorum gate, casting ballots (open
or secret), closing and counting with `buurt.voting`, and confirming the top 3 as priorities.

Secret ballots: the ballot row gets no voter, no timestamp and a random id (see
`buurt.db.models.Ballot`); the audit trail records that a member voted, never what.
"""

from __future__ import annotations

from buurt.services.votes.ballots import (
    ballot_mismatches,
    cast_ballot,
    cast_paper_ballot,
    stored_ballots,
    voters,
)
from buurt.services.votes.life_cycle import (
    cancel_vote,
    candidate_problems,
    close_vote,
    confirm_vote,
    create_vote,
    get_vote,
    list_votes,
    open_vote,
)
from buurt.services.votes.models import CandidateRead, StoredBallot, VoteRead, VoterRead, VoteSetup
from buurt.services.votes.outcome import (
    TieRead,
    VoteOutcome,
    count_ballots,
    engine_message,
    engine_profile,
    recount_vote,
    stored_result,
    vote_outcome,
    vote_result,
)

__all__ = [
    "CandidateRead",
    "StoredBallot",
    "TieRead",
    "VoteOutcome",
    "VoteRead",
    "VoteSetup",
    "VoterRead",
    "ballot_mismatches",
    "cancel_vote",
    "candidate_problems",
    "cast_ballot",
    "cast_paper_ballot",
    "close_vote",
    "confirm_vote",
    "count_ballots",
    "create_vote",
    "engine_message",
    "engine_profile",
    "get_vote",
    "list_votes",
    "open_vote",
    "recount_vote",
    "stored_ballots",
    "stored_result",
    "vote_outcome",
    "vote_result",
    "voters",
]
