"""The problem register: logging and editing a problem, reading one, listing and counting
them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field
from sqlalchemy import asc, desc
from sqlmodel import Session, col, func, or_, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import ProblemSource, ProblemStatus
from buurt.db.models import Category, Meeting, Member, Problem, ProblemStatusChange
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.base import InputModel, ReadModel, get, parse, require_refs
from buurt.services.row_versions import Versioned, edit_row

OPEN_STATUSES = (
    ProblemStatus.NEW,
    ProblemStatus.CANDIDATE,
    ProblemStatus.PRIORITY,
    ProblemStatus.PARKED,
)


class ProblemInput(InputModel):
    MULTILINE: ClassVar[frozenset[str]] = frozenset({"description"})
    title: str = Field(min_length=1, max_length=200, title=N_("Title"))
    description: str = Field(default="", max_length=5000, title=N_("Description"))
    category_id: int | None = Field(default=None, title=N_("Category"))
    street: str = Field(default="", max_length=120, title=N_("Street"))
    location_detail: str = Field(default="", max_length=200, title=N_("Location"))
    source: ProblemSource = Field(default=ProblemSource.MEETING, title=N_("Source"))
    raised_by_id: int | None = Field(default=None, title=N_("Raised by"))
    logged_in_id: int | None = Field(default=None, title=N_("Meeting"))
    logged_at: datetime | None = Field(default=None, title=N_("Logged on"))


class ProblemRead(ReadModel):
    id: int
    title: str
    description: str
    category_id: int | None
    category: str = ""
    street: str
    location_detail: str
    source: str
    raised_by_id: int | None
    raised_by: str = ""
    status: str
    referred_to: str
    logged_in_id: int | None
    logged_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.status in {s.value for s in OPEN_STATUSES}


def _category_names(session: Session) -> dict[int, str]:
    return {c.id: _(c.name) for c in session.exec(select(Category)) if c.id is not None}


def _read(session: Session, row: Problem, categories: dict[int, str] | None = None) -> ProblemRead:
    names = categories if categories is not None else _category_names(session)
    data = row.model_dump()
    data["category"] = names.get(row.category_id or -1, "")
    if row.raised_by_id is not None:
        member = session.get(Member, row.raised_by_id)
        data["raised_by"] = member.name if member else ""
    return ProblemRead.model_validate(data)


def _check_refs(session: Session, values: ProblemInput) -> None:
    require_refs(
        session,
        values,
        {
            "category_id": (Category, _("That category does not exist.")),
            "raised_by_id": (Member, _("That member does not exist.")),
            "logged_in_id": (Meeting, _("That meeting does not exist.")),
        },
    )


@retry_on_conflict
def add_problem(db: Database, data: ProblemInput | dict[str, object]) -> ProblemRead:
    """Log a new problem (status `new`)."""
    values = parse(ProblemInput, data)
    with db.transaction() as session:
        _check_refs(session, values)
        row = Problem(**values.model_dump(mode="json", exclude={"logged_at"}))
        if values.logged_at is not None:
            row.logged_at = values.logged_at
        session.add(row)
        session.flush()
        assert row.id is not None
        session.add(
            ProblemStatusChange(
                problem_id=row.id,
                from_status=None,
                to_status=row.status,
                meeting_id=values.logged_in_id,
            )
        )
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="problem",
            entity_id=row.id,
            after=audit.snapshot(row),
            summary=row.title,
        )
        return _read(session, row)


PROBLEM = Versioned(
    Problem,
    "problem",
    N_("problem"),
    N_("This problem was changed elsewhere; reload to see the change."),
    ProblemInput,
    check=lambda session, values, _row_id: _check_refs(session, values),
    summary=lambda row: row.title,
)


@retry_on_conflict
def update_problem(
    db: Database, problem_id: int, changes: dict[str, object], *, version: int | None = None
) -> ProblemRead:
    """Edit a problem's text, category or location (its status changes go through
    `set_problem_status`). `version`: the version the form showed; a change made elsewhere
    since is never overwritten (`ChangedElsewhere`)."""
    if changes.get("logged_at", "") is None:  # left empty in the form: keep the logged moment
        changes = {k: v for k, v in changes.items() if k != "logged_at"}
    with db.transaction() as session:
        row = edit_row(session, db.actor, PROBLEM, problem_id, changes, version)
        return _read(session, row)


def get_problem(db: Database, problem_id: int) -> ProblemRead:
    with db.reading() as session:
        return _read(session, get(session, Problem, problem_id, _("problem")))


def list_problems(
    db: Database,
    *,
    text: str = "",
    statuses: list[str] | None = None,
    category_id: int | None = None,
    order_by: str = "logged_at",
    descending: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> list[ProblemRead]:
    """Problems matching a search. `text` matches title, description, street and category name
    (every word must match somewhere); `statuses` limits the status."""
    with db.reading() as session:
        categories = _category_names(session)
        query = select(Problem)
        if statuses:
            query = query.where(col(Problem.status).in_(statuses))
        if category_id is not None:
            query = query.where(Problem.category_id == category_id)
        for word in text.split():
            pattern = f"%{word.lower()}%"
            matching_categories = [
                cid for cid, n in categories.items() if word.lower() in n.lower()
            ]
            query = query.where(
                or_(
                    func.lower(Problem.title).like(pattern),
                    func.lower(Problem.street).like(pattern),
                    func.lower(Problem.description).like(pattern),
                    col(Problem.category_id).in_(matching_categories),
                )
            )
        # Words sort without regard to case; lower() is an expression, not a column, so the
        # sort keys are built as expressions (col() refuses a function).
        columns: dict[str, Any] = {
            "id": col(Problem.id),
            "title": func.lower(col(Problem.title)),
            "street": func.lower(col(Problem.street)),
            "status": col(Problem.status),
            "category": col(Problem.category_id),
            "logged_at": col(Problem.logged_at),
        }
        column = columns.get(order_by, columns["logged_at"])
        query = query.order_by(desc(column) if descending else asc(column), col(Problem.id))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        members = {m.id: m.name for m in session.exec(select(Member))}
        result = []
        for row in session.exec(query):
            data = row.model_dump()
            data["category"] = categories.get(row.category_id or -1, "")
            data["raised_by"] = members.get(row.raised_by_id or -1, "")
            result.append(ProblemRead.model_validate(data))
        return result


def count_problems(db: Database) -> dict[str, int]:
    """How many problems have each status."""
    with db.reading() as session:
        rows = session.exec(select(Problem.status, func.count()).group_by(Problem.status))
        return {str(status): int(n) for status, n in rows.all()}
