"""Instant-runoff voting (IRV, alternative vote), repeated for each place.

Source: the alternative vote as in T. Hare, "The Election of Representatives" (1859) and W. R.
Ware (1871); as `instant_runoff` in pref_voting (with `score_method="split"`); tie rule as the
Scottish STV rules (The Scottish Local Government Elections Order 2007, SSI 2007/42, rule 51).

One run. Each ballot counts for its most preferred continuing candidate; when several continuing
candidates share its best tier, the ballot is split equally among them (so when one of them is
eliminated, its share goes to the others of that tier first). A candidate with more
than half of the votes still in play (ballots not exhausted) wins; the last continuing candidate
wins too. Otherwise the candidate with the fewest votes is eliminated and their ballots go to the
next continuing preference, or are exhausted when there is none. Candidates with no votes at all
are eliminated together (their order cannot matter). Elimination ties go to the earlier rounds
(fewer votes at the latest round where the tied candidates differed), then to the casting vote or
the lot; with tie-break `none` the run stops and the tie is reported.

Full order: the winner of the first run is first; the next run counts the same ballots restricted
to the candidates left (skipping the ones already placed), and so on.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Protocol

from buurt.voting import fast
from buurt.voting.ballots import Electorate, Number, Ranking
from buurt.voting.messages import N_, Message, names
from buurt.voting.messages import votes as counted_votes
from buurt.voting.result import Explanation, Outcome, show
from buurt.voting.ties import TieBreaker, TieRecord, by_earlier_rounds

Pile = list[tuple[Ranking, int, Number]]  # (ranking, index of the tier it sits at, weight)


class BallotCounter(Protocol):
    """Who holds which ballots during one run: votes per continuing candidate, exhausted.

    `Piles` below is the definition; `buurt.voting.fast.TableTally` does the same for large
    files with numpy."""

    @property
    def tally(self) -> dict[int, Number]: ...

    @property
    def exhausted(self) -> Number: ...

    def eliminate(self, out: Sequence[int]) -> dict[int, Number]:
        """Take `out` out of the count; the votes each candidate gained (-1: exhausted)."""
        ...


class Piles:
    """The ballots in piles, one per continuing candidate (a split ballot in several)."""

    def __init__(self, electorate: Electorate, alive: Sequence[int]) -> None:
        self.alive = set(alive)
        self.piles: dict[int, Pile] = {c: [] for c in alive}
        self.tally: dict[int, Number] = dict.fromkeys(alive, 0)
        self.exhausted: Number = 0
        for ranking, count, weight in electorate.ballots:
            self._place(ranking, 0, count * weight, None)

    def _place(
        self, ranking: Ranking, start: int, weight: Number, moved: dict[int, Number] | None
    ) -> None:
        """Give `weight` of a ballot to its best continuing tier from `start` on."""
        alive = self.alive
        for t in range(start, len(ranking)):
            tier = ranking[t]
            if len(tier) == 1:
                c = tier[0]
                if c in alive:
                    self.piles[c].append((ranking, t, weight))
                    self.tally[c] += weight
                    if moved is not None:
                        moved[c] = moved.get(c, 0) + weight
                    return
                continue
            here = [c for c in tier if c in alive]
            if here:
                share = Fraction(weight) / len(here)
                for c in here:
                    self.piles[c].append((ranking, t, share))
                    self.tally[c] += share
                    if moved is not None:
                        moved[c] = moved.get(c, 0) + share
                return
        self.exhausted += weight
        if moved is not None:
            moved[-1] = moved.get(-1, 0) + weight

    def eliminate(self, out: Sequence[int]) -> dict[int, Number]:
        moved: dict[int, Number] = {}
        for c in out:
            self.alive.discard(c)
        for c in out:
            for ranking, t, weight in self.piles.pop(c):
                # the same tier first: the other tied candidates still in the count share it
                self._place(ranking, t, weight, moved)
            del self.tally[c]
        return moved


class _Run:
    """One IRV count; fills rounds, ties and the winner."""

    def __init__(
        self, names: tuple[str, ...], counter: BallotCounter, breaker: TieBreaker, number: int
    ) -> None:
        self.names = names
        self.counter = counter
        self.breaker = breaker
        self.number = number
        self.rounds: list[dict[str, object]] = []
        self.lines: list[Message] = []
        self.ties: list[TieRecord] = []
        self.history: list[dict[int, Number]] = []
        self.winner: int | None = None
        self.open_tie: tuple[int, ...] | None = None

    @property
    def tally(self) -> dict[int, Number]:
        return self.counter.tally

    def _eliminate(self, out: Sequence[int]) -> dict[int, Number]:
        return self.counter.eliminate(out)

    def _where(self, round_no: int) -> Message:
        return Message(
            N_("IRV count for place {place}, round {round}"),
            {"place": self.number, "round": round_no},
        )

    def run(self) -> None:
        names_ = self.names
        round_no = 0
        while True:
            round_no += 1
            tally = self.tally
            self.history.append(dict(tally))
            active = sum(tally.values())
            record: dict[str, object] = {
                "round": round_no,
                "votes": {names_[c]: tally[c] for c in sorted(tally)},
                "exhausted": self.counter.exhausted,
            }
            self.rounds.append(record)
            top = max(tally.values())
            leaders = [c for c in sorted(tally) if tally[c] == top]
            if len(tally) == 1 or (len(leaders) == 1 and 2 * top > active):
                self.winner = leaders[0]
                record["winner"] = names_[leaders[0]]
                self.lines.append(
                    Message(
                        N_("Round {round}: {name} wins with {votes} of {active}."),
                        {
                            "round": round_no,
                            "name": names_[leaders[0]],
                            "votes": show(top),
                            "active": counted_votes(show(active)),
                        },
                    )
                )
                return
            if top == 0:  # nobody has a vote: the order among them is a tie
                everyone = sorted(tally)
                decided, tie = self.breaker.record(
                    "irv-elimination", self._where(round_no), [names_[c] for c in everyone]
                )
                self.ties.append(tie)
                if decided is None:
                    self.open_tie = tuple(everyone)
                    return
                self.winner = names_.index(decided[0])
                record["winner"] = decided[0]
                template = (
                    N_("Round {round}: no candidate has a vote; {name} wins by lot.")
                    if tie.rule == "lot"
                    else N_(
                        "Round {round}: no candidate has a vote; {name} wins by the chair's "
                        "casting vote."
                    )
                )
                self.lines.append(Message(template, {"round": round_no, "name": decided[0]}))
                return
            low = min(tally.values())
            lowest = [c for c in sorted(tally) if tally[c] == low]
            if low == 0 or len(lowest) == 1:
                out = lowest
            else:
                chosen = self._break_elimination(lowest, round_no)
                if chosen is None:
                    return
                out = [chosen]
            moved = self._eliminate(out)
            record["eliminated"] = [names_[c] for c in out]
            record["transfers"] = {names_[c]: v for c, v in sorted(moved.items()) if c >= 0}
            record["exhausted_now"] = moved.get(-1, 0)
            self.lines.append(
                Message(
                    N_("Round {round}: {names} eliminated with {votes}; {exhausted} exhausted."),
                    {
                        "round": round_no,
                        "names": names(names_[c] for c in out),
                        "votes": counted_votes(show(low)),
                        "exhausted": counted_votes(show(moved.get(-1, 0))),
                    },
                )
            )

    def _break_elimination(self, lowest: list[int], round_no: int) -> int | None:
        """The candidate to eliminate among `lowest`; None when the tie is left open."""
        names_ = self.names
        groups = by_earlier_rounds(lowest, self.history[:-1])
        if len(groups[-1]) == 1:
            order = tuple(n for group in groups for n in sorted(names_[c] for c in group))
            self.ties.append(
                TieRecord(
                    "irv-elimination",
                    self._where(round_no),
                    tuple(names_[c] for c in lowest),
                    "earlier-rounds",
                    None,
                    order,
                )
            )
            return groups[-1][0]
        bottom = groups[-1]
        decided, tie = self.breaker.record(
            "irv-elimination", self._where(round_no), [names_[c] for c in bottom]
        )
        self.ties.append(tie)
        if decided is None:
            self.open_tie = tuple(sorted(self.tally))
            return None
        return names_.index(decided[-1])


def irv(electorate: Electorate, breaker: TieBreaker) -> Outcome:
    """Count `electorate` by IRV, once per place, for the full order."""
    names_ = electorate.candidates
    remaining = list(range(len(names_)))
    order: list[tuple[str, ...]] = []
    ties: list[TieRecord] = []
    runs: list[dict[str, object]] = []
    open_tiers: set[int] = set()
    lines = [
        Message(
            N_(
                "Instant-runoff voting, once for each place: each ballot counts for its "
                "highest-ranked candidate still in the count; the candidate with the fewest "
                "votes is eliminated and their ballots move on, until a candidate has more "
                "than half of the votes still in play."
            )
        )
    ]
    table_counter = None
    if electorate.table is not None:  # a large file: count with numpy, same rules
        table_counter = fast.TableTally.start(electorate.table)  # None if sums could overflow
    while remaining:
        place = len(order) + 1
        counter: BallotCounter = (
            Piles(electorate, remaining)
            if table_counter is None
            else table_counter.restricted(remaining)
        )
        count = _Run(names_, counter, breaker, place)
        count.run()
        ties.extend(count.ties)
        runs.append(
            {
                "place": place,
                "candidates": [names_[c] for c in remaining],
                "rounds": count.rounds,
                "winner": None if count.winner is None else names_[count.winner],
            }
        )
        lines.append(Message(N_("Count for place {place}:"), {"place": place}))
        lines.extend(count.lines)
        if count.winner is None:
            open_tiers.add(len(order))
            order.append(tuple(names_[c] for c in remaining))
            break
        order.append((names_[count.winner],))
        remaining.remove(count.winner)
    data: dict[str, object] = {"candidates": list(names_), "runs": runs}
    return Outcome(
        tuple(order), tuple(ties), Explanation(tuple(lines), data), frozenset(open_tiers)
    )
