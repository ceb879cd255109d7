"""`buurt verify`: is the file what was written? The audit chain is recomputed event by event,
and every counted vote is counted again from its stored ballots with its stored settings (the
engine's `recount`); the first difference is reported."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import col, select

from buurt import voting
from buurt.db.database import Database
from buurt.db.models import Vote, VoteCandidate
from buurt.i18n import _
from buurt.services.audit import ChainReport, verify_chain
from buurt.services.base import ReadModel
from buurt.services.votes import engine_message, engine_profile, stored_ballots


class VoteCheck(ReadModel):
    """One counted vote, counted again: does the stored result still follow from the ballots?"""

    vote_id: int
    title: str
    ok: bool
    reason: str = ""
    note: str = ""  # an order a newer engine gives differently (not a break)


class VerifyReport(ReadModel):
    chain: ChainReport
    votes: list[VoteCheck]

    @property
    def intact(self) -> bool:
        return self.chain.intact and all(v.ok for v in self.votes)


def check_vote(db: Database, vote_id: int) -> VoteCheck:
    """Count a counted vote again from its ballots and compare with what is stored."""
    with db.reading() as session:
        vote = session.get(Vote, vote_id)
        if vote is None or not vote.result_json:
            return VoteCheck(vote_id=vote_id, title="", ok=True)
        title = vote.title
        labels = [
            c.label
            for c in session.exec(
                select(VoteCandidate)
                .where(VoteCandidate.vote_id == vote_id)
                .order_by(col(VoteCandidate.position))
            )
        ]
        stored_digest = vote.digest
        raw = vote.result_json
    try:
        stored: dict[str, Any] = json.loads(raw)
        ballots = stored_ballots(db, vote_id)
        profile = engine_profile(ballots, labels)
        again: dict[str, Any] = voting.recount(profile, stored.get("settings") or {}).to_dict()
    except voting.VotingError as error:
        return VoteCheck(
            vote_id=vote_id,
            title=title,
            ok=False,
            reason=_("vote {id} cannot be counted again: {reason}").format(
                id=vote_id, reason=engine_message(error.message)
            ),
        )
    except (ValueError, TypeError):
        return VoteCheck(
            vote_id=vote_id,
            title=title,
            ok=False,
            reason=_("vote {id}: its stored result is unreadable.").format(id=vote_id),
        )
    if again["digest"] != stored.get("digest") or stored_digest != stored.get("digest"):
        reason = _(
            "vote {id}: the stored ballots no longer match the ballots that were counted "
            "(digest {stored}, ballots now {now})."
        ).format(id=vote_id, stored=str(stored.get("digest", ""))[:12], now=again["digest"][:12])
    elif sorted(again["winners"]) != sorted(stored.get("winners") or []) or (
        _order_differs(again, stored)
        and voting.order_comparable(str(stored.get("engine_version", "")), again["method"])
    ):
        reason = _(
            "vote {id}: counted again, the result differs from the stored result "
            "(now {now}, stored {stored})."
        ).format(
            id=vote_id,
            now=", ".join(again["winners"]),
            stored=", ".join(stored.get("winners") or []),
        )
    elif _order_differs(again, stored):
        return VoteCheck(
            vote_id=vote_id, title=title, ok=True, note=_order_note(vote_id, again, stored)
        )
    else:
        return VoteCheck(vote_id=vote_id, title=title, ok=True)
    return VoteCheck(vote_id=vote_id, title=title, ok=False, reason=reason)


def _order_differs(again: dict[str, Any], stored: dict[str, Any]) -> bool:
    return bool(
        again["ranking"] != stored.get("ranking") or again["winners"] != stored.get("winners")
    )


def _order_note(vote_id: int, again: dict[str, Any], stored: dict[str, Any]) -> str:
    """The engine version policy (`buurt.voting.versions`): the same elected, ordered
    differently by a newer engine, is a note that shows the difference."""

    def order(value: object) -> str:
        tiers = value if isinstance(value, list) else []
        return " > ".join(
            " = ".join(str(n) for n in t) if isinstance(t, list) else str(t) for t in tiers
        )

    if again["winners"] != stored.get("winners"):
        now, then = ", ".join(again["winners"]), ", ".join(stored.get("winners") or [])
    else:
        now, then = order(again["ranking"]), order(stored.get("ranking"))
    return _(
        "vote {id}: the same elected, but engine {new} orders them differently from engine "
        "{old}, which counted this vote (now {now}; stored {stored}). The stored order stands."
    ).format(
        id=vote_id,
        new=again["engine_version"],
        old=str(stored.get("engine_version", "")) or "?",
        now=now,
        stored=then,
    )


def verify(db: Database) -> VerifyReport:
    """Recompute the audit chain and every counted vote."""
    chain = verify_chain(db)
    with db.reading() as session:
        ids = [
            v.id
            for v in session.exec(
                select(Vote).where(col(Vote.result_json) != "").order_by(col(Vote.id))
            )
            if v.id is not None
        ]
    return VerifyReport(chain=chain, votes=[check_vote(db, vote_id) for vote_id in ids])
