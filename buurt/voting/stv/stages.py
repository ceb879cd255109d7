"""The stages of a single transferable vote count under the Scottish rules: Droop quota,
fractional transfers, and when the count ends.

Source: The Scottish Local Government Elections Order 2007 (SSI 2007/42), schedule 1, rules
45-52 (https://www.legislation.gov.uk/ssi/2007/42, text as made); as `stv_scottish` in
pref_voting. Rule by rule:

* Quota (rule 46): floor(total / (seats + 1)) + 1, where total is the weight of all ballots.
* First stage (rule 45): every ballot goes to its first preference. A ballot with several
  candidates in its best tier is split equally among them (the statute has no tied
  preferences); when one of them is elected or excluded, the papers it moves go to the others
  of that tier still continuing first (pref_voting moves them to the next tier instead).
* Rule 47(1): "Where, at any stage of the count, the number of votes for a candidate equals or
  exceeds the quota, the candidate is deemed to be elected."
* Rules 48 and 49: surpluses are transferred one at a time, largest first (rule 49(1); equal
  surpluses go by "the highest number of votes at the end of the most recent preceding stage at
  which they had unequal numbers of votes", rule 49(2), then by lot, rule 49(3), or the casting
  vote). Every ballot paper of the elected candidate moves on at transfer value = surplus x its
  value / the candidate's total, "to five decimal places (any remainder being ignored)" (rule
  48(3)); papers with no continuing preference are non-transferable. Each surplus is
  transferred once (pref_voting re-transfers a truncation residue; that never changes who is
  elected). After each transfer, candidates reaching the quota are elected.
* Rule 50: when no surplus is left to transfer, "the candidate with the then lowest number of
  votes" is excluded and all their papers move on at their current value (rule 50(4));
  exclusion ties go by the earlier stages (the fewest votes at the end of the most recent stage
  where they differed, rule 51(2)(a)), then the lot (rule 51(2)(b)) or the casting vote.
  Candidates with no votes are excluded together when enough candidates remain.
* The end of the count, rule 52 ("Filling of last vacancies"): "(1) Where the number of
  continuing candidates is equal to the number of vacancies remaining unfilled, the continuing
  candidates are deemed to be elected. (2) Where the last vacancies can be filled under this
  rule, no further transfer shall be made." So when an exclusion leaves as many continuing
  candidates as seats, the excluded candidate's papers stay where they are, and a surplus not
  yet transferred is not transferred.

  The 2007 Order has no other rule that ends the count early: unlike the Irish rules (Electoral
  Act 1992, s. 124(2)) and the Northern Irish ones (SI 1985/454, rule 52(2)), it has no "one
  continuing candidate has at least the votes of all the others together with any surplus not
  transferred" rule. Rule 48(1) requires a surplus to be transferred while "one or more
  vacancies remain to be filled", and rule 50(1) then an exclusion. The published Glasgow 2007
  counts stop earlier, where the remaining votes can no longer change who is elected
  (Anderston after stage 6, Calton after stage 7); this count records that stage (`decided`)
  and goes on as the rules require. The elected set is the same either way.

The order of election is in `buurt.voting.stv.order`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import floor

from buurt.voting.ballots import Electorate, Number, Ranking
from buurt.voting.messages import N_, Message, Param, names
from buurt.voting.messages import votes as counted_votes
from buurt.voting.result import show
from buurt.voting.ties import TieBreaker, TieRecord, by_earlier_rounds

SCALE = 100_000  # transfer values are truncated to 5 decimals (rule 48(3))
QUOTA = "quota"  # elected by reaching the quota (rule 47)
LAST_VACANCIES = "last-vacancies"  # deemed elected as the last continuing candidates (rule 52)


@dataclass(slots=True)
class _Paper:
    """Ballot papers that travel together: same ranking, same tier, same value."""

    ranking: Ranking
    tier: int
    papers: Number  # how many ballot papers (a tied first tier splits them)
    value: Number  # their total value


@dataclass(frozen=True, slots=True)
class Election:
    """Candidates elected at one stage (more votes first), and how: QUOTA or LAST_VACANCIES."""

    stage: int
    candidates: tuple[int, ...]
    rule: str


class Count:
    """One count in progress: piles, votes per stage, the elected and the excluded."""

    def __init__(self, electorate: Electorate, seats: int, breaker: TieBreaker) -> None:
        self.names = electorate.candidates
        self.seats = seats
        self.breaker = breaker
        n = len(self.names)
        self.continuing = set(range(n))
        self.piles: dict[int, list[_Paper]] = {c: [] for c in range(n)}
        self.elections: list[Election] = []
        self.excluded: list[list[int]] = []
        self.pending: list[int] = []  # elected, surplus not yet transferred
        self.history: list[dict[int, Number]] = []  # votes at the end of each stage
        self.stages: list[dict[str, object]] = []
        self.lines: list[Message] = []
        self.ties: list[TieRecord] = []
        self.open_tie = False
        self.decided: dict[str, object] | None = None
        self.ended: dict[str, object] | None = None
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

    def named(self, group: list[int] | tuple[int, ...]) -> list[str]:
        return [self.names[c] for c in group]

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
        return self.seats - sum(len(e.candidates) for e in self.elections)

    def _elect(self, chosen: list[int], rule: str) -> Election:
        stage = len(self.stages)
        election = Election(stage, tuple(sorted(chosen, key=lambda c: (-self.votes(c), c))), rule)
        self.continuing.difference_update(chosen)
        self.elections.append(election)
        record = self.stages[-1]
        earlier = record.get("elected")
        named = self.named(election.candidates)
        record["elected"] = [*(earlier if isinstance(earlier, list) else []), *named]
        return election

    def elect_reaching_quota(self) -> None:
        """Rule 47(1): every continuing candidate with at least the quota is elected."""
        reached = [c for c in sorted(self.continuing) if self.votes(c) >= self.quota]
        if not reached:
            return
        election = self._elect(reached, QUOTA)
        self.pending.extend(election.candidates)
        self.lines.append(
            Message(
                N_("Stage {stage}: elected, with at least the quota of {quota}: {names}."),
                {
                    "stage": election.stage,
                    "names": names(self.named(election.candidates)),
                    "quota": self.quota,
                },
            )
        )

    def elect_last_vacancies(self) -> None:
        """Rule 52: as many continuing candidates as seats left: all are elected, and no
        further transfer is made (a surplus not yet transferred stays where it is)."""
        if not self.continuing:
            return
        election = self._elect(sorted(self.continuing), LAST_VACANCIES)
        self.lines.append(
            Message(
                N_(
                    "Stage {stage}: elected: the remaining votes cannot change the result: "
                    "{names} (rule 52: the continuing candidates are as many as the seats "
                    "left; no further transfer is made)."
                ),
                {"stage": election.stage, "names": names(self.named(election.candidates))},
            )
        )

    def note_decided(self) -> None:
        """Record the first stage after which the remaining votes cannot change who is
        elected while the rules still require the count to go on (see the module docstring):
        the continuing candidate who would take the last seat has more votes than all the
        continuing candidates below together with every surplus not yet transferred, so none
        of them can ever pass that candidate (votes only move down from there)."""
        left = self.seats_left()
        if self.decided is not None or len(self.continuing) <= left:
            return
        ranked = sorted(self.continuing, key=lambda c: (-self.votes(c), c))
        last = self.votes(ranked[left - 1])
        below = sum((self.votes(c) for c in ranked[left:]), Fraction(0))
        surplus = sum((max(self.votes(c) - self.quota, 0) for c in self.pending), Fraction(0))
        rest = below + surplus
        if last <= rest:
            return
        stage = len(self.stages)
        top = self.named(ranked[:left])
        self.decided = {"stage": stage, "candidates": top, "votes": last, "rest": rest}
        self.lines.append(
            Message(
                N_(
                    "After stage {stage} the remaining votes cannot change the result: {names} "
                    "will be elected ({votes} for the last of them; at most {rest} for "
                    "anyone below, surpluses not yet transferred included). Some published "
                    "counts stop here, but the Scottish rules have no rule for it: they "
                    "transfer every surplus while a seat is unfilled (rule 48) and exclude the "
                    "lowest (rule 50) until the continuing candidates are as many as the seats "
                    "left (rule 52), so the count goes on."
                ),
                {
                    "stage": stage,
                    "names": names(top),
                    "votes": counted_votes(show(last)),
                    "rest": show(rest),
                },
            )
        )

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
        """Exclude the continuing candidate(s) with the fewest votes; False if a tie is open.

        When the exclusion leaves as many continuing candidates as seats, the last seats are
        filled (rule 52(1)) and the excluded papers are not transferred (rule 52(2))."""
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
        self.continuing.difference_update(out)
        self.out.update(out)
        last = len(self.continuing) <= self.seats_left()
        kept: Number = 0
        for c in out:
            if last:
                kept += self.tally[c]
            else:
                for paper in self.piles[c]:
                    self._forward(paper, moved)
            self.piles[c] = []
            self.tally[c] = 0
        self.excluded.append(out)
        extra: dict[str, object] = {"excluded": self.named(out)}
        if last:
            extra["not_transferred"] = kept
        self._stage("exclusion", out[0] if len(out) == 1 else None, moved, **extra)
        params: dict[str, Param] = {
            "stage": len(self.stages),
            "names": names(self.named(out)),
            "votes": counted_votes(show(low)),
        }
        if last:
            template = N_(
                "Stage {stage}: {names} excluded with {votes}; their papers are not "
                "transferred, as the last seats are now filled (rule 52(2))."
            )
        else:
            template = N_("Stage {stage}: {names} excluded with {votes}; {lost} non-transferable.")
            params["lost"] = show(moved.get(-1, 0))
        self.lines.append(Message(template, params))
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
            self.elect_reaching_quota()
            if self.seats_left() == 0:
                self._end(QUOTA)
                return
            if len(self.continuing) <= self.seats_left():
                self.elect_last_vacancies()
                self._end(LAST_VACANCIES)
                return
            self.note_decided()
            if self.transfer_surplus():
                continue
            if self.open_tie or not self.exclude_lowest():
                return

    def _end(self, rule: str) -> None:
        stage = len(self.stages)
        self.ended = {"stage": stage, "rule": rule}
        if rule == QUOTA:
            template = N_(
                "The count ends at stage {stage}: every seat is filled by a candidate with the "
                "quota (rule 47)."
            )
        else:
            template = N_(
                "The count ends at stage {stage}: the continuing candidates are as many as the "
                "seats left, so they are elected (rule 52)."
            )
        self.lines.append(Message(template, {"stage": stage}))


def _exact(value: Number, parts: int) -> Number:
    if parts == 1:
        return value
    return Fraction(value) / parts
