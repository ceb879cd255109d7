"""Row versions: a form's save never silently overwrites a change made elsewhere.

A versioned row (member, organisation, problem, meeting, action) goes up one version at every
change, whoever makes it (see `buurt.db.models._bump_version`). Its read model carries the
version; the form sends back the version it showed; `edit_row` refuses the save with
`ChangedElsewhere` when the row changed since (another copy of the app, the command line,
`buurt forget`). The check runs on the row as read inside the save's own transaction, so two
saves can never both pass it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlmodel import Session, SQLModel

from buurt.db.types import utcnow
from buurt.errors import ChangedElsewhere
from buurt.i18n import _
from buurt.services import audit
from buurt.services.base import InputModel, assign, get, merged_input

R = TypeVar("R", bound=SQLModel)
M = TypeVar("M", bound=InputModel)


@dataclass(frozen=True, slots=True)
class Versioned(Generic[R, M]):
    """How the rows of one table are edited from a form: the table, its audit entity, the
    noun that names a missing row and the sentence that refuses a stale save (both marked with
    `N_`, translated when used), the input model of the form, and the table's own rules:
    `allowed` refuses editing a row at all (a forgotten member, adopted minutes), `check`
    refuses bad input (a taken name, a missing reference), `summary` names the row in the
    audit trail."""

    table: type[R]
    entity: str
    what: str
    changed: str
    form: type[M]
    check: Callable[[Session, M, int], None] | None = None
    allowed: Callable[[Session, R], None] | None = None
    summary: Callable[[R], str] | None = None


def check_version(kind: Versioned[R, M], row: R, version: int | None) -> None:
    """Refuse when `row` is no longer the `version` a form showed (None: no form, no check)."""
    if version is not None and getattr(row, "version") != version:  # noqa: B009
        raise ChangedElsewhere(_(kind.changed))


def edit_row(
    session: Session,
    actor: str,
    kind: Versioned[R, M],
    row_id: int,
    changes: dict[str, object],
    version: int | None,
) -> R:
    """Apply `changes` (validated as the form's input on top of the row's current values) to
    one row, in the caller's transaction, with an audit event of what changed. `version`: the
    version the form showed (`ChangedElsewhere` when the row moved on since)."""
    row = get(session, kind.table, row_id, _(kind.what))
    check_version(kind, row, version)
    if kind.allowed is not None:
        kind.allowed(session, row)
    before = audit.snapshot(row)
    values = merged_input(kind.form, row, changes)
    if kind.check is not None:
        kind.check(session, values, row_id)
    assign(row, values)
    if hasattr(row, "updated_at"):
        row.updated_at = utcnow()
    audit.record_update(
        session,
        actor=actor,
        row=row,
        before=before,
        entity=kind.entity,
        summary=kind.summary(row) if kind.summary is not None else "",
    )
    return row
