"""Single transferable vote under the Scottish rules: Droop quota, fractional transfers.

Source: The Scottish Local Government Elections Order 2007 (SSI 2007/42), schedule 1, rules
45-52 (https://www.legislation.gov.uk/ssi/2007/42, text as made); as `stv_scottish` in
pref_voting. The count's stages, rule by rule, are in `stages`; the order of election (the
order of the winners) in `order`.
"""

from __future__ import annotations

from buurt.voting.ballots import Electorate
from buurt.voting.messages import N_, Message
from buurt.voting.messages import seats as counted_seats
from buurt.voting.result import Explanation, Outcome, show
from buurt.voting.stv.order import order_lines, tiers
from buurt.voting.stv.stages import LAST_VACANCIES, QUOTA, SCALE, Count
from buurt.voting.ties import TieBreaker

__all__ = ["LAST_VACANCIES", "QUOTA", "SCALE", "stv"]


def stv(electorate: Electorate, breaker: TieBreaker, seats: int) -> Outcome:
    """Count `electorate` by STV under the Scottish rules for `seats` seats."""
    count = Count(electorate, seats, breaker)
    count.lines.insert(
        0,
        Message(
            N_(
                "Single transferable vote (Scottish rules) for {seats}: quota {quota} "
                "(Droop: total votes {total} divided by seats + 1, rounded down, plus 1)."
            ),
            {
                "seats": counted_seats(seats),
                "quota": count.quota,
                "total": show(electorate.total_weight),
            },
        ),
    )
    count.run()
    order, open_tiers, elected = tiers(count)
    count.lines.extend(order_lines(elected))
    data: dict[str, object] = {
        "candidates": list(electorate.candidates),
        "quota": count.quota,
        "stages": count.stages,
        "order_of_election": elected,
        "ended": count.ended,
        "decided": count.decided,
    }
    return Outcome(
        tuple(order),
        tuple(count.ties),
        Explanation(tuple(count.lines), data),
        frozenset(open_tiers),
    )
