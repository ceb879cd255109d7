"""The order of an STV count's result (Scottish rules; the stages are in
`buurt.voting.stv.stages`).

Order of election (the order of the winners): an earlier stage first; at one stage, more votes
at the end of that stage first (before any of their surpluses is transferred); equal votes
there go by the most recent earlier stage where they differed (as rule 49(2) does for
surpluses), then by lot (in `buurt.voting.count`) or the casting vote. After the elected come
the candidates still continuing, by their votes, then the excluded, last excluded first.
"""

from __future__ import annotations

from fractions import Fraction

from buurt.voting.messages import N_, Message, Param
from buurt.voting.messages import votes as counted_votes
from buurt.voting.result import show
from buurt.voting.stv.stages import QUOTA, Count, Election
from buurt.voting.ties import TieRecord, by_earlier_rounds


def election_order(count: Count) -> list[tuple[Election, list[list[int]]]]:
    """Each stage's elected in order of election: more votes at the end of that stage
    first; equal votes by the most recent earlier stage where they differed (a tie record
    says so); candidates equal at every stage stay together, for `buurt.voting.count` to
    order them by the casting vote or the lot."""
    ordered: list[tuple[Election, list[list[int]]]] = []
    for election in count.elections:
        upto = count.history[: election.stage]
        at_stage = upto[-1]
        groups: list[list[int]] = []
        for value in sorted({at_stage.get(c, 0) for c in election.candidates}, reverse=True):
            equal = sorted(c for c in election.candidates if at_stage.get(c, 0) == value)
            split = by_earlier_rounds(equal, upto) if len(equal) > 1 else [equal]
            if len(split) > 1:
                count.ties.append(
                    TieRecord(
                        "stv-order",
                        Message(
                            N_("STV stage {stage}: order of election"),
                            {"stage": election.stage},
                        ),
                        tuple(count.named(equal)),
                        "earlier-rounds",
                        None,
                        tuple(n for g in split for n in sorted(count.named(g))),
                    )
                )
            groups.extend(split)
        ordered.append((election, groups))
    return ordered


def tiers(count: Count) -> tuple[list[tuple[str, ...]], set[int], list[dict[str, object]]]:
    """Tiers (the elected in order of election, the continuing by votes, the excluded
    last excluded first), the indices of open tiers, and the order of election as data."""
    names_ = count.names
    order: list[tuple[str, ...]] = []
    open_tiers: set[int] = set()
    elected: list[dict[str, object]] = []
    for election, groups in election_order(count):
        at_stage = count.history[election.stage - 1]
        for group in groups:
            order.append(tuple(count.named(sorted(group))))
            elected.extend(
                {
                    "candidate": names_[c],
                    "stage": election.stage,
                    "votes": at_stage.get(c, 0),
                    "rule": election.rule,
                    "tied": len(group) > 1,
                }
                for c in sorted(group)
            )
    if count.continuing:
        if count.open_tie:
            open_tiers.add(len(order))
            order.append(tuple(count.named(sorted(count.continuing))))
        else:
            for v in sorted({count.votes(c) for c in count.continuing}, reverse=True):
                order.append(
                    tuple(names_[c] for c in sorted(count.continuing) if count.votes(c) == v)
                )
    order.extend(tuple(count.named(sorted(group))) for group in reversed(count.excluded))
    return order, open_tiers, elected


def order_lines(elected: list[dict[str, object]]) -> list[Message]:
    """The order of election in sentences (equal candidates in one place, ordered later)."""
    if not elected:
        return []
    lines = [
        Message(
            N_(
                "Order of election (earlier stage first; at one stage, more votes at the end "
                "of that stage first):"
            )
        )
    ]
    for place, row in enumerate(elected, start=1):
        votes = row["votes"]
        params: dict[str, Param] = {
            "place": place,
            "name": str(row["candidate"]),
            "stage": int(str(row["stage"])),
            "votes": counted_votes(show(votes if isinstance(votes, int | Fraction) else 0)),
        }
        if row["rule"] == QUOTA:
            template = N_("{place}. {name}: elected at stage {stage} with {votes}.")
        else:
            template = N_(
                "{place}. {name}: elected at stage {stage} with {votes}, as one of the "
                "last continuing candidates (rule 52)."
            )
        lines.append(Message(template, params))
    return lines
