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
class Versioned(Generic[R]):
    """A table whose rows forms edit: its audit entity, the noun that names a missing row and
    the sentence that refuses a stale save (both marked with `N_`, translated when used)."""

    table: type[R]
    entity: str
    what: str
    changed: str


def check_version(kind: Versioned[R], row: R, version: int | None) -> None:
    """Refuse when `row` is no longer the `version` a form showed (None: no form, no check)."""
    if version is not None and getattr(row, "version") != version:  # noqa: B009
        raise ChangedElsewhere(_(kind.changed))


def edit_row(
    session: Session,
    *,
    actor: str,
    kind: Versioned[R],
    row_id: int,
    changes: dict[str, object],
    version: int | None,
    form: type[M],
    allowed: Callable[[R], None] | None = None,
    check: Callable[[M], None] | None = None,
    summary: Callable[[R], str] | None = None,
) -> R:
    """Apply `changes` (validated as `form` on top of the row's current values) to one row, in
    the caller's transaction, with an audit event of what changed. `version`: the version the
    form showed (`ChangedElsewhere` when it moved on); `allowed` refuses editing this row at all
    (a forgotten member, adopted minutes); `check` refuses bad references."""
    row = get(session, kind.table, row_id, _(kind.what))
    check_version(kind, row, version)
    if allowed is not None:
        allowed(row)
    before = audit.snapshot(row)
    values = merged_input(form, row, changes)
    if check is not None:
        check(values)
    assign(row, values)
    if hasattr(row, "updated_at"):
        row.updated_at = utcnow()
    audit.record_update(
        session,
        actor=actor,
        row=row,
        before=before,
        entity=kind.entity,
        summary=summary(row) if summary is not None else "",
    )
    return row
