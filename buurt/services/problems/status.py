"""Triage and status changes, each with its history and, where the rule asks, a reason."""

from __future__ import annotations

from sqlmodel import Session

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import ProblemStatus
from buurt.db.models import Problem, ProblemStatusChange
from buurt.db.types import utcnow
from buurt.errors import InputError
from buurt.i18n import _
from buurt.services import audit
from buurt.services.base import clean_text, get, require
from buurt.services.labels import label
from buurt.services.problems.register import ProblemRead, _read

# Statuses a problem may leave only with a reason (the minutes say why).
NEEDS_REASON = (
    ProblemStatus.PARKED,
    ProblemStatus.REFERRED,
    ProblemStatus.SOLVED,
    ProblemStatus.DROPPED,
)


def change_status(
    session: Session,
    actor: str,
    row: Problem,
    status: ProblemStatus,
    *,
    reason: str = "",
    meeting_id: int | None = None,
    referred_to: str = "",
) -> None:
    """Move a problem to `status` inside the caller's transaction, with history and audit."""
    before = audit.snapshot(row)
    previous = row.status
    row.status = status.value
    if status == ProblemStatus.REFERRED:
        row.referred_to = referred_to
    row.updated_at = utcnow()
    session.add(row)
    assert row.id is not None
    session.add(
        ProblemStatusChange(
            problem_id=row.id,
            from_status=previous,
            to_status=status.value,
            reason=reason,
            meeting_id=meeting_id,
        )
    )
    old, new = audit.changes(before, audit.snapshot(row))
    audit.record(
        session,
        actor=actor,
        action="status",
        entity="problem",
        entity_id=row.id,
        before=old,
        after=new,
        summary=reason,
    )


@retry_on_conflict
def set_problem_status(
    db: Database,
    problem_id: int,
    status: ProblemStatus | str,
    *,
    reason: str = "",
    meeting_id: int | None = None,
    referred_to: str = "",
) -> ProblemRead:
    """Triage or close a problem. Parking, referring, solving and dropping need a reason;
    referring needs to say to whom (the report number of the melding, for instance)."""
    try:
        target = ProblemStatus(status)
    except ValueError:
        raise InputError(
            _("Unknown problem status: {status}.").format(status=status), field="status"
        ) from None
    reason = clean_text(reason, multiline=True).strip()
    referred_to = clean_text(referred_to).strip()
    require(
        target not in NEEDS_REASON or reason,
        _("Say why the problem is {status}.").format(status=label(target)),
        field="reason",
    )
    require(
        target != ProblemStatus.REFERRED or referred_to,
        _("Say to whom the problem is referred (for example: municipality, report 2026-123)."),
        field="referred_to",
    )
    require(
        target != ProblemStatus.PRIORITY,
        _("A problem becomes a priority only by confirming a vote's top 3."),
        field="status",
    )
    with db.transaction() as session:
        row = get(session, Problem, problem_id, _("problem"))
        require(
            row.status != target.value,
            _("The problem already has that status."),
            field="status",
        )
        change_status(
            session,
            db.actor,
            row,
            target,
            reason=reason,
            meeting_id=meeting_id,
            referred_to=referred_to,
        )
        session.flush()
        return _read(session, row)
