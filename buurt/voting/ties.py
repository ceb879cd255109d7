"""Ties: how they are decided, and the record every decided (or open) tie leaves.

No tie is ever broken silently. Each one leaves a `TieRecord`: the stage, the tied candidates,
the rule that decided it, the seed (for a lot) and the order it produced.

Rules, in the order they are tried:

* ``earlier-rounds`` (IRV and STV only, part of the method as in the Scottish rules): among
  candidates tied at the current round, the one with fewer votes at the latest earlier round
  where the tied ones differed goes first (narrowing further back while some remain tied).
* ``casting``: the chair's casting vote, an explicit preference order given by the caller. It
  decides a tie when it names all tied candidates, or all but one (who then comes last).
* ``lot``: the tied candidates are put in ascending order of
  ``SHA-256(seed + name)`` (UTF-8, lowercase hex, compared as text); the first is the best.
  The seed defaults to the canonical digest of the ballot set, so anyone can redo the draw.
* ``none``: the tie is reported and left open; nothing is picked.

The tie-break setting is `lot` or `none`: what decides a tie the casting vote (if any) does not.
`casting` is accepted as a synonym of `none` for callers that only use the casting vote.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from buurt.voting.ballots import Number
from buurt.voting.messages import Message

TieBreak: TypeAlias = Literal["lot", "none", "casting"]
TIE_BREAKS: tuple[TieBreak, ...] = ("lot", "none", "casting")
Rule: TypeAlias = Literal["earlier-rounds", "casting", "lot", "none"]


def lot_order(seed: str, tied: Sequence[str]) -> tuple[str, ...]:
    """The tied candidates ordered by lot: ascending SHA-256(seed + name), best first."""

    def ticket(name: str) -> tuple[str, str]:
        return hashlib.sha256((seed + name).encode("utf-8")).hexdigest(), name

    return tuple(sorted(tied, key=ticket))


@dataclass(frozen=True, slots=True)
class TieRecord:
    """One tie: where it happened, who was tied, which rule decided it and the order it gave.

    `stage` is a key (`order`, `irv-elimination`, `stv-exclusion`, `stv-surplus`,
    `ranked-pairs`); `where` says it in a sentence. `order` lists the tied candidates best
    first as decided (for an elimination the last one goes out), or is None when the tie was
    left open (rule `none`). Under `earlier-rounds`, candidates still equal at every earlier
    round are listed by name. `seed` is set only for a lot.
    """

    stage: str
    where: Message
    tied: tuple[str, ...]
    rule: Rule
    seed: str | None
    order: tuple[str, ...] | None

    @property
    def decided(self) -> bool:
        """True when the tie was decided (by any rule but `none`)."""
        return self.order is not None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "stage": self.stage,
            "where": self.where.to_dict(),
            "tied": list(self.tied),
            "rule": self.rule,
            "seed": self.seed,
            "order": None if self.order is None else list(self.order),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> TieRecord:
        """Inverse of `to_dict`."""
        where = data["where"]
        tied = data["tied"]
        order = data.get("order")
        rule = str(data["rule"])
        if not isinstance(where, Mapping) or not isinstance(tied, list):
            raise TypeError("bad tie record")
        if rule not in ("earlier-rounds", "casting", "lot", "none"):
            raise TypeError(f"unknown tie rule {rule}")
        seed = data.get("seed")
        return cls(
            stage=str(data["stage"]),
            where=Message.from_dict(where),
            tied=tuple(str(n) for n in tied),
            rule=rule,  # type: ignore[arg-type]
            seed=None if seed is None else str(seed),
            order=None if not isinstance(order, list) else tuple(str(n) for n in order),
        )


@dataclass(frozen=True, slots=True)
class TieBreaker:
    """Decides ties that the method itself leaves: casting vote first, then `rule`."""

    rule: TieBreak
    seed: str
    casting: tuple[str, ...] | None = None

    def decide(self, tied: Sequence[str]) -> tuple[tuple[str, ...] | None, Rule]:
        """The tied candidates ordered best first, and the rule used; (None, "none") if open."""
        if self.casting is not None:
            place = {name: i for i, name in enumerate(self.casting)}
            missing = [name for name in tied if name not in place]
            if len(missing) <= 1:
                return tuple(sorted(tied, key=lambda n: place.get(n, len(place)))), "casting"
        if self.rule == "lot":
            return lot_order(self.seed, tied), "lot"
        return None, "none"

    def record(
        self, stage: str, where: Message, tied: Sequence[str]
    ) -> tuple[tuple[str, ...] | None, TieRecord]:
        """Decide `tied` and return the order with the record of it."""
        order, rule = self.decide(tied)
        seed = self.seed if rule == "lot" else None
        return order, TieRecord(stage, where, tuple(tied), rule, seed, order)

    def open(self) -> TieBreaker:
        """The same breaker with nothing to break ties: gives the order before tie-breaking."""
        return TieBreaker("none", self.seed, None)


def by_earlier_rounds(
    tied: Sequence[int], history: Sequence[Mapping[int, Number]]
) -> list[list[int]]:
    """Groups of `tied`, best first, by their votes at the latest round where they differ.

    The key of a candidate is its tally at each recorded round, latest first; comparing keys
    narrows the tie at the latest round where the tied candidates differ, then further back
    among those still tied (Scottish STV rules 49 and 51). Candidates with equal keys stay in
    one group, kept in the order of `tied`.
    """

    def key(c: int) -> tuple[Number, ...]:
        return tuple(snapshot.get(c, 0) for snapshot in reversed(history))

    groups: list[list[int]] = []
    for c in sorted(tied, key=key, reverse=True):
        if groups and key(groups[-1][0]) == key(c):
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups
