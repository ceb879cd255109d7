"""The import as a whole: a file of a kind, all or nothing, with a dry run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Literal

from buurt.db.database import Database, retry_on_conflict
from buurt.errors import FileProblem, InputError
from buurt.i18n import _
from buurt.services import audit
from buurt.services.csv_import.ballot_rows import _import_ballots
from buurt.services.csv_import.member_rows import _import_members
from buurt.services.csv_import.problem_rows import _import_problems
from buurt.services.csv_import.report import ImportReport, ImportRow, _Rollback, _Run
from buurt.services.csv_import.table import read_table
from buurt.services.privacy import known_names

Kind = Literal["members", "problems", "ballots"]
KINDS: tuple[Kind, ...] = ("members", "problems", "ballots")


@retry_on_conflict
def import_csv(
    db: Database,
    kind: str,
    data: bytes,
    name: str = "<csv>",
    *,
    vote_id: int | None = None,
    dry_run: bool = False,
    today: date | None = None,
) -> ImportReport:
    """Import `data` (the bytes of a CSV file called `name`) as members, problems or ballots.

    Returns the report of every row. Nothing is written when `dry_run` is set or when any row
    is refused. Raises `InputError` for a file that cannot be read at all (not text, no
    header, a required column missing, quotes that do not match, an unknown vote)."""
    if kind not in KINDS:
        raise InputError(
            _("Unknown kind of import '{kind}': choose members, problems or ballots.").format(
                kind=kind
            )
        )
    if kind == "ballots" and vote_id is None:
        raise InputError(_("Say which vote the ballots are for (--vote ID)."), field="vote_id")
    day = today or date.today()
    table = read_table(data, name)
    handlers: dict[str, Callable[[_Run], list[str]]] = {
        "members": lambda run: _import_members(run, day),
        "problems": lambda run: _import_problems(run),
        "ballots": lambda run: _import_ballots(run, data, vote_id or 0),
    }
    names, known = known_names(db)
    rows: list[ImportRow] = []
    ignored: list[str] = []
    applied = False
    try:
        with db.transaction() as session:
            run = _Run(db=db, session=session, table=table, names=names, known=known)
            ignored = handlers[kind](run)
            rows = run.rows
            refused = [r for r in rows if r.outcome == "refuse"]
            if dry_run or refused:
                raise _Rollback
            added = [r for r in rows if r.outcome == "add"]
            audit.record(
                session,
                actor=db.actor,
                action="import",
                entity=kind,
                summary=name,
                after={
                    "file": name,
                    "added": len(added),
                    "skipped": len(rows) - len(added),
                    **({"vote": vote_id} if vote_id is not None else {}),
                },
            )
            applied = True
    except _Rollback:
        applied = False
    return ImportReport(
        file=name,
        kind=kind,
        dry_run=dry_run,
        applied=applied,
        rows=rows,
        ignored_columns=ignored,
    )


def import_csv_file(
    db: Database,
    kind: str,
    path: str | Path,
    *,
    vote_id: int | None = None,
    dry_run: bool = False,
    today: date | None = None,
) -> ImportReport:
    """`import_csv` on the file at `path` (a missing file or a folder is one sentence)."""
    file = Path(path).expanduser()
    if not str(path).strip():
        raise InputError(_("Say which CSV file to import."), field="path")
    if file.is_dir():
        raise FileProblem(_("{file} is a folder, not a CSV file.").format(file=file))
    try:
        data = file.read_bytes()
    except OSError as error:
        raise FileProblem(
            _("{file} cannot be read: {reason}").format(file=file, reason=error.strerror)
        ) from None
    return import_csv(db, kind, data, str(file), vote_id=vote_id, dry_run=dry_run, today=today)
