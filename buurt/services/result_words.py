"""A counted vote in plain words, for residents: who won, how clearly, and whether a tie
mattered for the top. The technical detail (matrix, paths, seed) is elsewhere (`VoteOutcome.
lines`, the result screen's other tabs, the minutes' appendix); every sentence here follows the
winners in their final order (after any lot or casting vote), so it agrees with the cards."""

from __future__ import annotations

from buurt.db.enums import VoteMethod
from buurt.i18n import _, ngettext
from buurt.services.vote_words import joined_names, tie_decider
from buurt.services.votes import TieRead, VoteOutcome


def in_plain_words(outcome: VoteOutcome) -> list[str]:
    """Sentences, most important first: the ballots, each place of the top, then the ties."""
    lines = [
        ngettext("{n} ballot was counted.", "{n} ballots were counted.", outcome.ballots).format(
            n=outcome.ballots
        )
    ]
    order = _final_order(outcome)
    for place, name in enumerate(outcome.winners, start=1):
        lines.append(_place_line(outcome, order, place, name))
    # A tie still open for the last place is said once, by the sentence after these.
    lines.extend(
        _tie_line(outcome, tie)
        for tie in outcome.ties
        if len(tie.tied) > 1 and not (tie.order is None and outcome.open_tie)
    )
    if outcome.open_tie:
        lines.append(
            _(
                "{names} are level for the last place: the chair decides (casting vote or lot)."
            ).format(names=joined_names(outcome.open_tie))
        )
    return lines


def _final_order(outcome: VoteOutcome) -> list[str]:
    rest = [n for tier in outcome.ranking for n in tier if n not in outcome.winners]
    return [*outcome.winners, *rest]


def _place_line(outcome: VoteOutcome, order: list[str], place: int, name: str) -> str:
    tables = outcome.tables
    below = order[place:]
    if outcome.method in (VoteMethod.SCHULZE.value, VoteMethod.RANKED_PAIRS.value):
        names = list(tables.candidates or outcome.candidates)
        matrix = tables.pairwise
        if name in names and matrix and below:
            me = names.index(name)
            margins = [
                int((matrix[me][names.index(o)] or 0) - (matrix[names.index(o)][me] or 0))
                for o in below
                if o in names
            ]
            won = sum(1 for m in margins if m > 0)
            if won == len(margins):
                return _(
                    "{place}. {name}: more voters put it above each problem below it "
                    "(by at least {margin})."
                ).format(place=place, name=name, margin=min(margins))
            return ngettext(
                "{place}. {name}: ahead overall, though head to head it wins only {won} of "
                "its {n} comparison with the problems below it.",
                "{place}. {name}: ahead overall, though head to head it wins only {won} of "
                "its {n} comparisons with the problems below it.",
                len(margins),
            ).format(place=place, name=name, won=won, n=len(margins))
    if outcome.method == VoteMethod.BORDA.value:
        score = tables.scores.get(name)
        if score is not None:
            return _("{place}. {name}: {points} points.").format(
                place=place, name=name, points=_number(float(score))
            )
    first = outcome.first_choices.get(name, 0.0)
    # A weighed ballot counts for a fraction: only exactly one is "1 ballot".
    return ngettext(
        "{place}. {name}: first choice on {n} ballot.",
        "{place}. {name}: first choice on {n} ballots.",
        1 if first == 1 else 2,
    ).format(place=place, name=name, n=_number(first))


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _tie_line(outcome: VoteOutcome, tie: TieRead) -> str:
    seats = outcome.seats
    inside = [n for n in tie.tied if n in outcome.winners]
    names = joined_names(tie.tied)
    if tie.order is None:
        return _("{names} are level; that is still open.").format(names=names)
    rule = tie_decider(tie.rule)
    if not inside:
        return _(
            "{names} were level below the top {seats}; that changes nothing in the top {seats}."
        ).format(names=names, seats=seats)
    if len(inside) == len(tie.tied):
        return _(
            "{names} were level; {rule} only decided their order within the top {seats}."
        ).format(names=names, rule=rule, seats=seats)
    return _("{names} were level; {rule} decided who is in the top {seats}: {chosen}.").format(
        names=names, rule=rule, seats=seats, chosen=joined_names(inside)
    )
