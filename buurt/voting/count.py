"""`count`: run a method on a profile, break the ties that touch the winners, explain it all.

Steps: weigh the ballots (balanced groups or not), run the method (which decides the ties it
meets during its count: IRV and STV eliminations, the order of equal margins in Ranked Pairs),
then walk the method's order from the top: a tier of tied candidates that touches the first
`seats` places is put in order by the casting vote or the lot, or left open (`none`).

`ranking` in the result is the order before any tie-breaking: for methods that had to decide a
tie by lot or casting vote during the count it is the order of the same count with every such
tie left open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from buurt.voting.ballots import (
    Electorate,
    Group,
    Number,
    Profile,
    canonical_digest,
    group_weights,
)
from buurt.voting.borda import borda
from buurt.voting.errors import VotingError
from buurt.voting.irv import irv
from buurt.voting.messages import N_, Message
from buurt.voting.ranked_pairs import ranked_pairs
from buurt.voting.result import Explanation, Outcome, Result, Settings, show
from buurt.voting.schulze import schulze
from buurt.voting.stv import stv
from buurt.voting.ties import TIE_BREAKS, TieBreak, TieBreaker, TieRecord
from buurt.voting.versions import ENGINE_VERSION

Method = Callable[[Electorate, TieBreaker, int], Outcome]

METHODS: Mapping[str, Method] = {
    "schulze": lambda e, b, _seats: schulze(e, b),
    "ranked-pairs": lambda e, b, _seats: ranked_pairs(e, b),
    "borda": lambda e, b, _seats: borda(e, b),
    "irv": lambda e, b, _seats: irv(e, b),
    "stv": stv,
}
"""Every method by its name, as `buurt tally --method` spells it."""

METHOD_NAMES: Mapping[str, str] = {
    "schulze": N_("Schulze"),
    "ranked-pairs": N_("Ranked Pairs"),
    "borda": N_("Borda"),
    "irv": N_("Instant-runoff voting"),
    "stv": N_("Single transferable vote"),
}
"""A display name per method (a template: translate it)."""


def count(
    profile: Profile,
    method: str = "schulze",
    seats: int = 3,
    tie_break: TieBreak | Literal["lot", "none"] = "lot",
    seed: str | None = None,
    balance_groups: bool = False,
    casting: Sequence[str] | None = None,
) -> Result:
    """Count `profile` by `method` for `seats` places.

    `tie_break` decides ties that touch the winners: `lot` (by SHA-256 of seed + name; the
    seed defaults to `canonical_digest(profile)`) or `none` (report the tie, pick nobody).
    `casting` is the chair's casting vote: candidate names, best first; it decides a tie
    before `tie_break` when it names all tied candidates but at most one.
    `balance_groups` makes residents' and professionals' ballots weigh the same in total.
    Raises `VotingError` for an unknown method, seats below 1 or above the number of
    candidates, or an unknown casting name.
    """
    settings = Settings(
        method=method,
        seats=seats,
        tie_break=tie_break,
        seed=seed,
        balance_groups=balance_groups,
        casting=None if casting is None else tuple(casting),
    )
    return _count(profile, settings)


def recount(
    stored_ballots: Profile | Mapping[str, object], stored_settings: Settings | Mapping[str, object]
) -> Result:
    """Count stored ballots again with stored settings (to compare with a stored result).

    Accepts a `Profile` or its `to_dict()` form, and `Settings` or its `to_dict()` form (for
    example `Result.to_dict()["settings"]`).
    """
    profile = (
        stored_ballots if isinstance(stored_ballots, Profile) else Profile.from_dict(stored_ballots)
    )
    settings = (
        stored_settings
        if isinstance(stored_settings, Settings)
        else Settings.from_dict(stored_settings)
    )
    return _count(profile, settings)


def _count(profile: Profile, settings: Settings) -> Result:
    if settings.method not in METHODS:
        raise VotingError(
            N_("Unknown method '{method}': choose one of {methods}."),
            {"method": settings.method, "methods": ", ".join(METHODS)},
        )
    if (
        isinstance(settings.seats, bool)
        or not isinstance(settings.seats, int)
        or settings.seats < 1
    ):
        raise VotingError(N_("The number of seats must be at least 1."))
    if settings.seats > len(profile.candidates):
        raise VotingError(
            N_("There are fewer candidates ({n}) than places to fill ({seats})."),
            {"n": len(profile.candidates), "seats": settings.seats},
        )
    if settings.tie_break not in TIE_BREAKS:
        raise VotingError(
            N_("Unknown tie-break '{rule}': choose lot or none."), {"rule": str(settings.tie_break)}
        )
    for name in settings.casting or ():
        if name not in profile.candidates:
            raise VotingError(
                N_("The casting vote names {candidate}, who is not a candidate."),
                {"candidate": name},
            )
    digest = canonical_digest(profile)
    seed = digest if settings.seed is None else settings.seed
    breaker = TieBreaker(settings.tie_break, seed, settings.casting)
    weights = group_weights(profile, settings.balance_groups)
    electorate = Electorate(profile, weights)
    run = METHODS[settings.method]
    outcome = run(electorate, breaker, settings.seats)
    ranking = outcome.order
    if outcome.decided_ties:
        ranking = run(electorate, breaker.open(), settings.seats).order
    winners, placed = _place(outcome, settings.seats, breaker)
    lines = list(outcome.explanation.lines)
    lines.extend(_weight_lines(profile, settings.balance_groups, weights))
    data = dict(outcome.explanation.data)
    data["weights"] = {
        "resident": weights["resident"],
        "professional": weights["professional"],
        "none": weights[None],
    }
    return Result(
        method=settings.method,
        seats=settings.seats,
        candidates=profile.candidates,
        ranking=ranking,
        winners=winners,
        ties=outcome.ties + placed,
        digest=digest,
        explanation=Explanation(tuple(lines), data),
        settings=settings,
        ballots=profile.num_ballots,
        seed=seed,
        engine_version=ENGINE_VERSION,
    )


def _place(
    outcome: Outcome, seats: int, breaker: TieBreaker
) -> tuple[tuple[str, ...], tuple[TieRecord, ...]]:
    """Winners from the method's order: tiers that touch the first `seats` places are ordered."""
    winners: list[str] = []
    ties: list[TieRecord] = []
    position = 0
    for index, tier in enumerate(outcome.order):
        if position >= seats:
            break
        if len(tier) == 1:
            winners.extend(tier)
            position += 1
            continue
        if index in outcome.open_tiers:
            decided = None
        else:
            where = Message(
                N_("places {first} to {last} of the order"),
                {"first": position + 1, "last": position + len(tier)},
            )
            decided, record = breaker.record("order", where, tier)
            ties.append(record)
        if decided is None:
            if position + len(tier) > seats:
                break
            winners.extend(tier)
        else:
            winners.extend(decided[: seats - position])
        position += len(tier)
    return tuple(winners), tuple(ties)


def _weight_lines(
    profile: Profile, balance: bool, weights: Mapping[Group | None, Number]
) -> list[Message]:
    if not balance:
        return []
    totals = profile.group_totals()
    if totals.get("professional", 0) == 0:
        return [Message(N_("Groups not balanced: there are no professional ballots."))]
    if totals.get("resident", 0) == 0:
        return [Message(N_("Groups not balanced: there are no resident ballots."))]
    return [
        Message(
            N_(
                "Groups balanced: {residents} resident ballots weigh {resident_weight} each and "
                "{professionals} professional ballots {professional_weight} each, so both "
                "groups weigh the same in total."
            ),
            {
                "residents": totals.get("resident", 0),
                "professionals": totals.get("professional", 0),
                "resident_weight": show(weights["resident"]),
                "professional_weight": show(weights["professional"]),
            },
        )
    ]
