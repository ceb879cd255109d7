"""Planning an action: who does what by when, checked (owners, dates, hours against the
period), with warnings the chair may overrule.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field
from sqlmodel import Session, col, func, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import ActionKind, ActionStatus
from buurt.db.models import Action, Meeting, Member, Organisation, Period, Priority, Problem
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.actions.overview import ActionRead, _read
from buurt.services.base import (
    InputModel,
    ReadModel,
    parse,
    require,
    require_refs,
)
from buurt.services.row_versions import Versioned, edit_row


class ActionInput(InputModel):
    title: str = Field(min_length=1, max_length=1000, title=N_("What"))
    priority_id: int | None = Field(default=None, title=N_("Priority"))
    problem_id: int | None = Field(default=None, title=N_("Problem"))
    owner_member_id: int | None = Field(default=None, title=N_("Owner"))
    owner_organisation_id: int | None = Field(default=None, title=N_("Organisation"))
    kind: ActionKind = Field(
        default=ActionKind.PROFESSIONAL, title=N_("Resident, professional or joint")
    )
    due_on: date | None = Field(default=None, title=N_("Due"))
    hours: int | None = Field(default=None, ge=0, le=100000, title=N_("Hours"))
    created_in_id: int | None = Field(default=None, title=N_("Meeting"))


def _validate(session: Session, values: ActionInput) -> None:
    require(
        values.owner_member_id is not None or values.owner_organisation_id is not None,
        _("An action needs an owner: a member, an organisation, or both."),
        field="owner_member_id",
    )
    require_refs(
        session,
        values,
        {
            "owner_member_id": (Member, _("That member does not exist.")),
            "owner_organisation_id": (Organisation, _("That organisation does not exist.")),
            "priority_id": (Priority, _("That priority does not exist.")),
            "problem_id": (Problem, _("That problem does not exist.")),
        },
    )
    if values.created_in_id is not None:
        meeting = session.get(Meeting, values.created_in_id)
        require(meeting is not None, _("That meeting does not exist."), field="created_in_id")
        if meeting is not None and values.due_on is not None:
            meeting_day = meeting.starts_at.astimezone().date()
            require(
                values.due_on >= meeting_day,
                _("The due date {due} is before the meeting of {day}.").format(
                    due=f"{values.due_on:%d-%m-%Y}", day=f"{meeting_day:%d-%m-%Y}"
                ),
                field="due_on",
            )


class ActionWarning(ReadModel):
    """Something the chair should look at before saving an action; saving is still allowed."""

    field: str
    message: str


def action_warnings(
    db: Database, data: ActionInput | dict[str, object], *, action_id: int | None = None
) -> list[ActionWarning]:
    """What does not fit the period of the action's priority (hours over the budget, a due date
    after the period's end) or the kind of action (a resident's action with an organisation or
    professional hours). `action_id` is the action being edited (its old hours are not counted
    twice). Warnings only: the committee may decide otherwise."""
    values = parse(ActionInput, data)
    found: list[ActionWarning] = []
    if values.kind == ActionKind.RESIDENT and values.owner_organisation_id is not None:
        found.append(
            ActionWarning(
                field="owner_organisation_id",
                message=_(
                    "A resident's action has no organisation: make it a joint action, or "
                    "leave the organisation out."
                ),
            )
        )
    if values.kind == ActionKind.RESIDENT and values.hours:
        found.append(
            ActionWarning(
                field="hours",
                message=_(
                    "Professional hours go to professional or joint actions, not to a "
                    "resident's action."
                ),
            )
        )
    if values.priority_id is None:
        return found
    with db.reading() as session:
        priority = session.get(Priority, values.priority_id)
        period = session.get(Period, priority.period_id) if priority else None
        if period is None:
            return found
        if values.due_on is not None and values.due_on > period.end_on:
            found.append(
                ActionWarning(
                    field="due_on",
                    message=_("Due after the period ends ({end}).").format(
                        end=f"{period.end_on:%d-%m-%Y}"
                    ),
                )
            )
        if values.hours:
            in_period = select(Priority.id).where(Priority.period_id == period.id)
            others = session.exec(
                select(func.coalesce(func.sum(Action.hours), 0))
                .where(col(Action.priority_id).in_(in_period))
                .where(Action.status != ActionStatus.DROPPED.value)
                .where(Action.id != (action_id if action_id is not None else -1))
            ).one()
            total = int(others or 0) + values.hours
            if total > period.hours_available:
                found.append(
                    ActionWarning(
                        field="hours",
                        message=_(
                            "With these hours {total} of the period's {available} hours are "
                            "committed: {over} over."
                        ).format(
                            total=total,
                            available=period.hours_available,
                            over=total - period.hours_available,
                        ),
                    )
                )
    return found


@retry_on_conflict
def add_action(db: Database, data: ActionInput | dict[str, object]) -> ActionRead:
    """Agree an action: what, by whom, by when, and how many professional hours."""
    values = parse(ActionInput, data)
    with db.transaction() as session:
        _validate(session, values)
        row = Action(**values.model_dump(mode="json"))
        if values.due_on is not None:
            row.due_on = values.due_on
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="action",
            entity_id=row.id,
            after=audit.snapshot(row),
            summary=row.title,
        )
        return _read(session, row)


ACTION = Versioned(
    Action,
    "action",
    N_("action"),
    N_("This action was changed elsewhere; reload to see the change."),
    ActionInput,
    check=lambda session, values, _row_id: _validate(session, values),
    summary=lambda row: row.title,
)


@retry_on_conflict
def update_action(
    db: Database, action_id: int, changes: dict[str, object], *, version: int | None = None
) -> ActionRead:
    """Change what an action says, its owner, due date or hours (status: `report`).
    `version`: the version the form showed; a change made elsewhere since is never
    overwritten (`ChangedElsewhere`)."""
    with db.transaction() as session:
        row = edit_row(session, db.actor, ACTION, action_id, changes, version)
        return _read(session, row)
