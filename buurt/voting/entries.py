"""The index form of ballots and the head of the canonical ballot set: the small vocabulary that
`ballots` (profiles, the digest) and `fast` (the vectorised reader) share, so neither needs
the other to say what a ballot entry is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeAlias

Group: TypeAlias = Literal["resident", "professional"]
GROUPS: tuple[Group, ...] = ("resident", "professional")
Number: TypeAlias = int | Fraction
Ranking: TypeAlias = tuple[tuple[int, ...], ...]
CANONICAL_HEADER = "buurt-ballots/1"
GROUP_CODES: dict[Group | None, int] = {None: 0, "resident": 1, "professional": 2}


@dataclass(frozen=True, slots=True)
class Entry:
    """A distinct ballot in index form: tiers of candidate indices, the group, the count."""

    ranking: Ranking
    group: Group | None
    count: int


def canonical_header(candidates: Sequence[str]) -> bytes:
    """The first two lines of the canonical ballot set: version and sorted candidate names."""
    names = json.dumps(sorted(candidates), ensure_ascii=False, separators=(",", ":"))
    return f"{CANONICAL_HEADER}\n{names}\n".encode()
