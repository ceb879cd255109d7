"""The tables behind an explanation, typed: what a reader of a stored result may rely on.

A method keeps its tables in `Explanation.data` as plain structures (that is what is stored);
`Tables.from_data` reads them into the dataclasses below, so the minutes, `buurt tally` and the
result screen read one shape instead of walking dictionaries each in their own way. A table a
method does not make is empty (`pairwise == ()`, `scores == {}`, ...). Numbers are exact
(`int` or `Fraction`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from buurt.voting.ballots import Number

Matrix = tuple[tuple[Number | None, ...], ...]


def _number(value: object) -> Number:
    """A stored number: an int, a `Fraction`, or its JSON form ``{"fraction": "3/2", ...}``."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | Fraction):
        return value
    if isinstance(value, Mapping) and "fraction" in value:
        return Fraction(str(value["fraction"]))
    if isinstance(value, float | str):
        return Fraction(str(value))
    return 0


def _numbers(value: object) -> dict[str, Number]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): _number(v) for k, v in value.items()}


def _names(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v) for v in value)


def _matrix(value: object) -> Matrix:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(
        tuple(None if cell is None else _number(cell) for cell in row)
        for row in value
        if isinstance(row, list | tuple)
    )


def _dicts(value: object) -> list[Mapping[str, object]]:
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _int(value: object, default: int = 0) -> int:
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Round:
    """One round of an instant-runoff count: votes per remaining candidate, and the ballots
    that ranked none of them (exhausted)."""

    round: int
    votes: Mapping[str, Number]
    exhausted: Number = 0


@dataclass(frozen=True, slots=True)
class Run:
    """The instant-runoff count for one place, among the candidates still remaining."""

    place: int
    candidates: tuple[str, ...]
    rounds: tuple[Round, ...]
    winner: str | None


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of an STV count: first choices, a surplus transferred, or an exclusion;
    the votes of each continuing candidate at its end."""

    stage: int
    kind: str  # "first", "surplus" or "exclusion"
    candidate: str | None
    excluded: tuple[str, ...]
    votes: Mapping[str, Number]
    non_transferable: Number = 0


@dataclass(frozen=True, slots=True)
class Tables:
    """Every table of an explanation (empty where the method makes none).

    * `pairwise[a][b]`: the (weighted) ballots ranking candidate a above b (Schulze, Ranked
      Pairs), in the order of `candidates`; `strongest_paths` likewise (Schulze).
    * `scores`: points per candidate (Borda).
    * `runs`: one instant-runoff count per place (IRV).
    * `stages` and `quota`: the STV count.
    * `weights`: the weight of one ballot per group (`resident`, `professional`, `none`).
    """

    candidates: tuple[str, ...] = ()
    pairwise: Matrix = ()
    strongest_paths: Matrix = ()
    scores: Mapping[str, Number] = field(default_factory=dict)
    runs: tuple[Run, ...] = ()
    stages: tuple[Stage, ...] = ()
    quota: Number | None = None
    weights: Mapping[str, Number] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Tables:
        """The tables of `Explanation.data` (plain or in its JSON form)."""
        runs = tuple(
            Run(
                place=_int(run.get("place")),
                candidates=_names(run.get("candidates")),
                rounds=tuple(
                    Round(
                        round=_int(r.get("round")),
                        votes=_numbers(r.get("votes")),
                        exhausted=_number(r.get("exhausted")),
                    )
                    for r in _dicts(run.get("rounds"))
                ),
                winner=None if run.get("winner") is None else str(run.get("winner")),
            )
            for run in _dicts(data.get("runs"))
        )
        stages = tuple(
            Stage(
                stage=_int(s.get("stage")),
                kind=str(s.get("kind", "")),
                candidate=None if s.get("candidate") is None else str(s.get("candidate")),
                excluded=_names(s.get("excluded")),
                votes=_numbers(s.get("votes")),
                non_transferable=_number(s.get("non_transferable")),
            )
            for s in _dicts(data.get("stages"))
        )
        quota = data.get("quota")
        return cls(
            candidates=_names(data.get("candidates")),
            pairwise=_matrix(data.get("pairwise")),
            strongest_paths=_matrix(data.get("strongest_paths")),
            scores=_numbers(data.get("scores")),
            runs=runs,
            stages=stages,
            quota=None if quota is None else _number(quota),
            weights=_numbers(data.get("weights")),
        )
