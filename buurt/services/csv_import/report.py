"""One import while it runs and the report it gives: every row added, skipped or refused;
each row written inside its own savepoint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlmodel import Session

from buurt.db.database import Database
from buurt.errors import InputError
from buurt.services.base import ReadModel
from buurt.services.csv_import.table import Table
from buurt.services.privacy import PrivacyWarning, scan_text


class ImportRow(ReadModel):
    """One row of the file and what the import does with it."""

    line: int
    outcome: str  # "add", "skip" or "refuse"
    label: str = ""
    column: str = ""
    reason: str = ""
    warnings: list[PrivacyWarning] = []


class ImportReport(ReadModel):
    """What an import did (or, in a dry run or when rows were refused, would do)."""

    file: str
    kind: str
    dry_run: bool
    applied: bool
    rows: list[ImportRow]
    ignored_columns: list[str] = []

    @property
    def added(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome == "add"]

    @property
    def skipped(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome == "skip"]

    @property
    def refused(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome == "refuse"]

    @property
    def warnings(self) -> list[tuple[int, PrivacyWarning]]:
        return [(r.line, w) for r in self.rows for w in r.warnings]


# -- the import ---------------------------------------------------------------------------------


class _Rollback(Exception):
    """Raised inside the import's transaction to leave the file as it was."""


@dataclass
class _Run:
    """The state of one import while its rows are handled."""

    db: Database
    session: Session
    table: Table
    rows: list[ImportRow] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)

    def scan(self, *texts: str) -> list[PrivacyWarning]:
        return [
            w
            for text in texts
            if text
            for w in scan_text(text, self.names, known_phrases=self.known)
        ]


def _each_row(run: _Run) -> Iterator[tuple[int, list[str]]]:
    yield from run.table.rows


def _attempt(run: _Run, line: int, label: str, write: Callable[[], object]) -> bool:
    """Write one row inside a savepoint: a refusal undoes only that row. True when written."""
    try:
        with run.session.begin_nested():
            write()
    except InputError as error:
        run.rows.append(
            ImportRow(
                line=line,
                outcome="refuse",
                label=label,
                column=error.field or "",
                reason=error.message,
            )
        )
        return False
    return True
