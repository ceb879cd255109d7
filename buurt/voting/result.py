"""The result of a count: order, winners, ties, digest, explanation and settings; JSON form.

In the JSON form (`Result.to_dict`) whole numbers stay numbers; a fraction becomes
``{"fraction": "3/2", "float": 1.5}``: the exact value as text, which decides, and a float for
display only. `Result.from_dict` turns that back into the same `Result`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from buurt.voting.ballots import Number
from buurt.voting.messages import Message
from buurt.voting.tables import Tables
from buurt.voting.ties import TIE_BREAKS, TieBreak, TieRecord

Tiers = tuple[tuple[str, ...], ...]


def to_json(value: object) -> object:
    """Explanation data to JSON-ready values (fractions as exact text plus a float)."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str | float):
        return value
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return value.numerator
        return {"fraction": f"{value.numerator}/{value.denominator}", "float": float(value)}
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Message):
        return value.to_dict()
    raise TypeError(f"cannot store {type(value).__name__} in an explanation")


def from_json(value: object) -> object:
    """Inverse of `to_json` (lists stay lists, fractions come back as `Fraction`)."""
    if isinstance(value, Mapping):
        if set(value) == {"fraction", "float"}:
            return Fraction(str(value["fraction"]))
        return {str(k): from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def show(value: Number) -> str:
    """A number for a sentence: whole numbers as such, fractions as a decimal.

    Exact decimals (up to 5 places, as STV transfer values are) are shown exactly; other
    fractions rounded to 2 places with a leading `~`.
    """
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    scaled = value * 100_000
    if scaled.denominator == 1:
        whole, rest = divmod(abs(scaled.numerator), 100_000)
        sign = "-" if value < 0 else ""
        return f"{sign}{whole}.{rest:05d}".rstrip("0")
    return f"~{float(value):.2f}"


@dataclass(frozen=True, slots=True)
class Explanation:
    """What a committee reads: sentences (`lines`) and the tables behind them (`data`).

    `data` holds plain structures (dicts, lists, numbers as `int` or `Fraction`, names):
    pairwise matrices, scores or rounds, depending on the method.
    """

    lines: tuple[Message, ...]
    data: Mapping[str, object] = field(default_factory=dict)

    @property
    def tables(self) -> Tables:
        """The tables of `data`, typed."""
        return Tables.from_data(self.data)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"lines": [m.to_dict() for m in self.lines], "data": to_json(self.data)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Explanation:
        """Inverse of `to_dict`."""
        lines = data.get("lines") or []
        raw = from_json(data.get("data") or {})
        if not isinstance(lines, list) or not isinstance(raw, dict):
            raise TypeError("bad explanation")
        return cls(tuple(Message.from_dict(m) for m in lines), raw)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting a count depends on; stored with the ballots it is enough to recount."""

    method: str = "schulze"
    seats: int = 3
    tie_break: TieBreak = "lot"
    seed: str | None = None
    balance_groups: bool = False
    casting: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "method": self.method,
            "seats": self.seats,
            "tie_break": self.tie_break,
            "seed": self.seed,
            "balance_groups": self.balance_groups,
            "casting": None if self.casting is None else list(self.casting),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Settings:
        """Inverse of `to_dict`; missing keys take the defaults."""
        tie_break = str(data.get("tie_break", "lot"))
        if tie_break not in TIE_BREAKS:
            raise ValueError(f"unknown tie-break {tie_break}")
        casting = data.get("casting")
        seed = data.get("seed")
        seats = data.get("seats", 3)
        return cls(
            method=str(data.get("method", "schulze")),
            seats=seats if isinstance(seats, int) else int(str(seats)),
            tie_break=tie_break,
            seed=None if seed is None else str(seed),
            balance_groups=bool(data.get("balance_groups", False)),
            casting=tuple(str(c) for c in casting) if isinstance(casting, list) else None,
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a method returns to `count`: its order (tiers, after the ties it had to decide
    during the count), those ties, and its explanation. `open_tiers` are indices of tiers
    already reported as open ties (so they are not reported twice)."""

    order: Tiers
    ties: tuple[TieRecord, ...]
    explanation: Explanation
    open_tiers: frozenset[int] = frozenset()

    @property
    def decided_ties(self) -> bool:
        """True when the count used a casting vote or a lot (so its order is after breaking)."""
        return any(t.rule in ("casting", "lot") for t in self.ties)


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of a count.

    * `ranking`: the full order as tiers before tie-breaking (candidates in one tier are tied;
      for IRV, STV and Ranked Pairs a tie the count could not decide without a lot or casting
      vote leaves the candidates it concerns in one tier).
    * `winners`: `seats` candidates in order after tie-breaking, or fewer when a tie that
      touches them was left open (`tie_break="none"`).
    * `ties`: every tie met, in the order met, with the rule that decided it.
    * `digest`: SHA-256 of the canonical ballot set; `seed`: the seed used for any lot.
    """

    method: str
    seats: int
    candidates: tuple[str, ...]
    ranking: Tiers
    winners: tuple[str, ...]
    ties: tuple[TieRecord, ...]
    digest: str
    explanation: Explanation
    settings: Settings
    ballots: int
    seed: str
    engine_version: str

    def tie_break_summary(self) -> dict[str, object] | None:
        """None without ties; else the first tie that needed a rule beyond the method's own
        (or the first tie) as rule, seed, tied and order, plus every tie under `ties`."""
        if not self.ties:
            return None
        main = next((t for t in self.ties if t.rule != "earlier-rounds"), self.ties[0])
        return {
            "rule": main.rule,
            "seed": main.seed,
            "tied": list(main.tied),
            "order": None if main.order is None else list(main.order),
            "stage": main.stage,
            "ties": [t.to_dict() for t in self.ties],
        }

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (see the module docstring for numbers)."""
        return {
            "engine_version": self.engine_version,
            "method": self.method,
            "seats": self.seats,
            "ballots": self.ballots,
            "candidates": list(self.candidates),
            "ranking": [list(t) for t in self.ranking],
            "winners": list(self.winners),
            "tie_break": self.tie_break_summary(),
            "ties": [t.to_dict() for t in self.ties],
            "digest": self.digest,
            "seed": self.seed,
            "settings": self.settings.to_dict(),
            "explanation": self.explanation.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Result:
        """Inverse of `to_dict`."""

        def strings(value: object) -> tuple[str, ...]:
            if not isinstance(value, list):
                raise TypeError("expected a list of names")
            return tuple(str(v) for v in value)

        ranking = data["ranking"]
        ties = data.get("ties") or []
        settings = data["settings"]
        explanation = data["explanation"]
        if not (
            isinstance(ranking, list)
            and isinstance(ties, list)
            and isinstance(settings, Mapping)
            and isinstance(explanation, Mapping)
        ):
            raise TypeError("not a stored result")
        seats = data["seats"]
        ballots = data["ballots"]
        return cls(
            method=str(data["method"]),
            seats=seats if isinstance(seats, int) else int(str(seats)),
            candidates=strings(data["candidates"]),
            ranking=tuple(strings(t) for t in ranking),
            winners=strings(data["winners"]),
            ties=tuple(TieRecord.from_dict(t) for t in ties),
            digest=str(data["digest"]),
            explanation=Explanation.from_dict(explanation),
            settings=Settings.from_dict(settings),
            ballots=ballots if isinstance(ballots, int) else int(str(ballots)),
            seed=str(data["seed"]),
            engine_version=str(data["engine_version"]),
        )
