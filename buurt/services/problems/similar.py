"""The likely-duplicate hint: open problems whose words overlap a new title."""

from __future__ import annotations

import re

from sqlmodel import col, select

from buurt.db.database import Database
from buurt.db.models import Problem
from buurt.services.problems.register import OPEN_STATUSES, ProblemRead, _category_names, _read

_WORD = re.compile(r"[a-zà-ÿ0-9]+")
_STOP = {
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "bij",
    "aan",
    "te",
    "voor",
    "met",
    "the",
    "a",
    "an",
    "of",
    "at",
    "on",
    "and",
    "to",
    "straat",
    "street",
    "weg",
}


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def similar_problems(
    db: Database, title: str, street: str = "", *, exclude_id: int | None = None, limit: int = 5
) -> list[ProblemRead]:
    """Open problems that look like the one being typed: shared words in the title (and the
    same street counts extra). Used to suggest likely duplicates while typing."""
    words = _words(title)
    if not words:
        return []
    with db.reading() as session:
        rows = session.exec(
            select(Problem).where(col(Problem.status).in_([s.value for s in OPEN_STATUSES]))
        ).all()
        scored = []
        for row in rows:
            if row.id == exclude_id:
                continue
            shared = words & _words(row.title)
            if not shared:
                continue
            score = len(shared) / len(words | _words(row.title))
            if street and row.street and street.strip().lower() == row.street.lower():
                score += 0.5
            if score >= 0.3:
                scored.append((score, row))
        scored.sort(key=lambda pair: (-pair[0], pair[1].id or 0))
        categories = _category_names(session)
        return [_read(session, row, categories) for _score, row in scored[:limit]]
