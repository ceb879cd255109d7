"""Single transferable vote under the Scottish rules: Droop quota, fractional transfers.

Source: The Scottish Local Government Elections Order 2007 (SSI 2007/42), schedule 1, rules
45-52 (https://www.legislation.gov.uk/ssi/2007/42); as `stv_scottish` in pref_voting.

* Quota (rule 46): floor(total / (seats + 1)) + 1, where total is the weight of all ballots.
* First stage: every ballot goes to its first preference. A ballot with several candidates in
  its best tier is split equally among them (the statute has no tied preferences); when one of
  them is elected or excluded, the papers it moves go to the others of that tier still
  continuing first (pref_voting moves them to the next tier instead).
* A continuing candidate whose votes reach the quota is elected (rule 47). Surpluses are
  transferred one at a time, largest first (rule 49; equal surpluses go by the earlier stages,
  then the casting vote or the lot). Every ballot paper of the elected candidate moves on at
  transfer value = surplus x its value / the candidate's total, truncated to 5 decimals
  (rule 48(3)); papers with no continuing preference are non-transferable. Each surplus is
  transferred once (pref_voting re-transfers a truncation residue; that never changes who is
  elected). After each transfer, candidates reaching the quota are elected first.
* When no surplus is left, the candidate with the fewest votes is excluded and all their papers
  move on at their current value (rule 50); exclusion ties go by the earlier stages (the
  fewest votes at the latest stage where they differed, rule 51), then the casting vote or the
  lot. Candidates with no votes are excluded together when enough candidates remain.
* When the continuing candidates are no more than the seats left, they are all elected
  (rule 52). The count ends when every seat is filled.

Order: the elected by the stage they were elected at (at one stage, more votes first), then the
candidates still continuing by their votes, then the excluded, last excluded first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from buurt.voting.ballots import Electorate, Number, Ranking
from buurt.voting.messages import N_, Message, names
from buurt.voting.result import Explanation, Outcome, show
from buurt.voting.ties import TieBreaker, TieRecord, by_earlier_rounds

SCALE = 100_000  # transfer values are truncated to 5 decimals (rule 48(3))


@dataclass(slots=True)
class _Paper:
    """Ballot papers that travel together: same ranking, same tier, same value."""

    ranking: Ranking
    tier: int
    papers: Number  # how many ballot papers (a tied first tier splits them)
    value: Number  # their total value


class _Count:
    def __init__(self, electorate: Electorate, seats: int, breaker: TieBreaker) -> None:
        self.names = electorate.candidates
        self.seats = seats
        self.breaker = breaker
        n = len(self.names)
        self.continuing = set(range(n))
        self.piles: dict[int, list[_Paper]] = {c: [] for c in range(n)}
        self.elected: list[list[int]] = []  # per stage of election, more votes first
        self.excluded: list[list[int]] = []
        self.pending: list[int] = []  # elected, surplus not yet transferred
        self.history: list[dict[int, Number]] = []
        self.stages: list[dict[str, object]] = []
        self.lines: list[Message] = []
        self.ties: list[TieRecord] = []
        self.open_tie = False
        self.non_transferable: Number = 0
        self.tally: dict[int, Number] = dict.fromkeys(range(n), 0)
        self.out: set[int] = set()  # excluded
        total = electorate.total_weight
        self.quota: int = floor(Fraction(total) / (seats + 1)) + 1
        moved: dict[int, Number] = {}
        for ranking, count, weight in electorate.ballots:
            self._forward(_Paper(ranking, 0, count, count * weight), moved)
        self._stage("first", None, moved)

    # -- moving papers --------------------------------------------------------------------
    def _forward(self, paper: _Paper, moved: dict[int, Number]) -> None:
        """Give `paper` to its most preferred continuing candidates from its tier on (the
        candidate it leaves is no longer continuing), or make it non-transferable."""
        ranking = paper.ranking
        for t in range(paper.tier, len(ranking)):
            here = [c for c in ranking[t] if c in self.continuing]
            if not here:
                continue
            k = len(here)
            for c in here:
                part = _Paper(ranking, t, _exact(paper.papers, k), _exact(paper.value, k))
                self.piles[c].append(part)
                self.tally[c] += part.value
                moved[c] = moved.get(c, 0) + part.value
            return
        self.non_transferable += paper.value
        moved[-1] = moved.get(-1, 0) + paper.value

    def votes(self, c: int) -> Number:
        return self.tally[c]

    def _stage(self, kind: str, who: int | None, moved: dict[int, Number], **extra: object) -> None:
        snapshot = {c: v for c, v in self.tally.items() if v}
        self.history.append(snapshot)
        record: dict[str, object] = {
            "stage": len(self.stages) + 1,
            "kind": kind,
            "candidate": None if who is None else self.names[who],
            "transfers": {self.names[c]: v for c, v in sorted(moved.items()) if c >= 0},
            "non_transferable": moved.get(-1, 0),
            "votes": {
                self.names[c]: self.tally[c] for c in range(len(self.names)) if c not in self.out
            },
        }
        record.update(extra)
        self.stages.append(record)

    def _where(self, kind: str) -> Message:
        stage = len(self.stages) + 1
        if kind == "surplus":
            return Message(
                N_("STV stage {stage}: which surplus to transfer first"), {"stage": stage}
            )
        return Message(N_("STV stage {stage}: exclusion"), {"stage": stage})

    # -- the count --------------------------------------------------------------------------
    def seats_left(self) -> int:
        return self.seats - sum(len(group) for group in self.elected)

    def elect_reaching_quota(self) -> bool:
        reached = [c for c in sorted(self.continuing) if self.votes(c) >= self.quota]
        if not reached:
            return False
        reached.sort(key=self.votes, reverse=True)
        reached = reached[: self.seats_left()] if len(reached) > self.seats_left() else reached
        for c in reached:
            self.continuing.discard(c)
            self.pending.append(c)
        self.elected.append(reached)
        self.stages[-1]["elected"] = [self.names[c] for c in reached]
        self.lines.append(
            Message(
                N_("Stage {stage}: elected, with at least the quota of {quota}: {names}."),
                {
                    "stage": len(self.stages),
                    "names": names(self.names[c] for c in reached),
                    "quota": self.quota,
                },
            )
        )
        return True

    def transfer_surplus(self) -> bool:
        """Transfer the largest pending surplus; False when none is left (or a tie is open)."""
        surplus = {c: self.votes(c) - self.quota for c in self.pending}
        self.pending = [c for c in self.pending if surplus[c] > 0]
        if not self.pending:
            return False
        largest = max(surplus[c] for c in self.pending)
        tied = [c for c in self.pending if surplus[c] == largest]
        chosen = tied[0] if len(tied) == 1 else self._break(tied, "surplus", best=True)
        if chosen is None:
            return False
        self.pending.remove(chosen)
        total = self.votes(chosen)
        excess = surplus[chosen]
        moved: dict[int, Number] = {}
        kept: list[_Paper] = []
        for paper in self.piles[chosen]:
            per_paper = paper.value / paper.papers
            transfer_value = Fraction(floor(excess * per_paper * SCALE / total), SCALE)
            drain = min(paper.papers * transfer_value, paper.value)
            if drain > 0:
                self._forward(_Paper(paper.ranking, paper.tier, paper.papers, drain), moved)
            kept.append(_Paper(paper.ranking, paper.tier, paper.papers, paper.value - drain))
            self.tally[chosen] -= drain
        self.piles[chosen] = kept
        self._stage("surplus", chosen, moved, surplus=excess)
        self.lines.append(
            Message(
                N_(
                    "Stage {stage}: surplus of {name} ({surplus}) transferred; "
                    "{lost} non-transferable."
                ),
                {
                    "stage": len(self.stages),
                    "name": self.names[chosen],
                    "surplus": show(excess),
                    "lost": show(moved.get(-1, 0)),
                },
            )
        )
        return True

    def exclude_lowest(self) -> bool:
        """Exclude the continuing candidate(s) with the fewest votes; False if a tie is open."""
        votes = {c: self.votes(c) for c in sorted(self.continuing)}
        low = min(votes.values())
        lowest = [c for c in votes if votes[c] == low]
        if (low == 0 and len(self.continuing) - len(lowest) >= self.seats_left()) or len(
            lowest
        ) == 1:
            out = lowest
        else:
            chosen = self._break(lowest, "exclusion", best=False)
            if chosen is None:
                return False
            out = [chosen]
        moved: dict[int, Number] = {}
        for c in out:
            self.continuing.discard(c)
            self.out.add(c)
        for c in out:
            for paper in self.piles[c]:
                self._forward(paper, moved)
            self.piles[c] = []
            self.tally[c] = 0
        self.excluded.append(out)
        self._stage(
            "exclusion",
            out[0] if len(out) == 1 else None,
            moved,
            excluded=[self.names[c] for c in out],
        )
        self.lines.append(
            Message(
                N_("Stage {stage}: {names} excluded with {votes} votes; {lost} non-transferable."),
                {
                    "stage": len(self.stages),
                    "names": names(self.names[c] for c in out),
                    "votes": show(low),
                    "lost": show(moved.get(-1, 0)),
                },
            )
        )
        return True

    def _break(self, tied: list[int], kind: str, best: bool) -> int | None:
        """Rules 49 and 51: earlier stages, then casting vote or lot."""
        names_ = self.names
        stage = "stv-surplus" if kind == "surplus" else "stv-exclusion"
        groups = by_earlier_rounds(tied, self.history)
        edge = groups[0] if best else groups[-1]
        if len(edge) == 1:
            self.ties.append(
                TieRecord(
                    stage,
                    self._where(kind),
                    tuple(names_[c] for c in tied),
                    "earlier-rounds",
                    None,
                    tuple(n for group in groups for n in sorted(names_[c] for c in group)),
                )
            )
            return edge[0]
        decided, tie = self.breaker.record(stage, self._where(kind), [names_[c] for c in edge])
        self.ties.append(tie)
        if decided is None:
            self.open_tie = True
            return None
        return names_.index(decided[0] if best else decided[-1])

    def run(self) -> None:
        while self.seats_left() > 0:
            if self.elect_reaching_quota() and self.seats_left() == 0:
                return
            if len(self.continuing) <= self.seats_left():
                rest = sorted(self.continuing, key=self.votes, reverse=True)
                if rest:
                    self.elected.append(rest)
                    self.continuing.clear()
                    self.lines.append(
                        Message(
                            N_("{names} elected: no more candidates continue than seats are left."),
                            {"names": names(self.names[c] for c in rest)},
                        )
                    )
                return
            if self.transfer_surplus():
                continue
            if self.open_tie or not self.exclude_lowest():
                return

    def order(self) -> tuple[list[tuple[str, ...]], set[int]]:
        """Tiers: elected by stage (equal votes tied), continuing by votes, excluded reversed."""
        names_ = self.names
        order: list[tuple[str, ...]] = []
        open_tiers: set[int] = set()

        def by_votes(group: Sequence[int]) -> None:
            values = sorted({self.votes(c) for c in group}, reverse=True)
            for v in values:
                order.append(tuple(names_[c] for c in sorted(group) if self.votes(c) == v))

        for group in self.elected:
            by_votes(group)
        if self.continuing:
            if self.open_tie:
                open_tiers.add(len(order))
                order.append(tuple(names_[c] for c in sorted(self.continuing)))
            else:
                by_votes(sorted(self.continuing))
        for group in reversed(self.excluded):
            order.append(tuple(names_[c] for c in sorted(group)))
        return order, open_tiers


def _exact(value: Number, parts: int) -> Number:
    if parts == 1:
        return value
    return Fraction(value) / parts


def stv(electorate: Electorate, breaker: TieBreaker, seats: int) -> Outcome:
    """Count `electorate` by STV under the Scottish rules for `seats` seats."""
    count = _Count(electorate, seats, breaker)
    count.lines.insert(
        0,
        Message(
            N_(
                "Single transferable vote (Scottish rules) for {seats} seats: quota {quota} "
                "(Droop: total votes {total} divided by seats + 1, rounded down, plus 1)."
            ),
            {"seats": seats, "quota": count.quota, "total": show(electorate.total_weight)},
        ),
    )
    count.run()
    order, open_tiers = count.order()
    data: dict[str, object] = {
        "candidates": list(electorate.candidates),
        "quota": count.quota,
        "stages": count.stages,
    }
    return Outcome(
        tuple(order),
        tuple(count.ties),
        Explanation(tuple(count.lines), data),
        frozenset(open_tiers),
    )
