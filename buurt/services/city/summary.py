"""One neighbourhood's summary as the city sees it: read through the services (a file, or a
schema read on its own), or made from parts read for the whole city at once (`server`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import text

from buurt.db.database import Database
from buurt.db.enums import ActionStatus
from buurt.db.files import head_revision, known_revisions
from buurt.errors import FileProblem
from buurt.i18n import _
from buurt.services.actions import list_actions
from buurt.services.actions.overview import OPEN_ACTION, ActionRead
from buurt.services.city.models import OK, NeighbourhoodSummary, OverdueAction, TopPriority
from buurt.services.meetings import next_meeting
from buurt.services.neighbourhood import get_neighbourhood
from buurt.services.priorities import current_period, current_priorities


class NeedsUpgrade(Exception):
    pass


def status_only(label: str, status: str, problem: str) -> NeighbourhoodSummary:
    return NeighbourhoodSummary(source=label, name=label, status=status, problem=problem)


def read_neighbourhood(
    db: Database, label: str, day: date, now: datetime
) -> tuple[NeighbourhoodSummary, list[OverdueAction]]:
    """One neighbourhood through the services, as of `day` (its next meeting from `now`)."""
    # Plain SQL is not mapped to the neighbourhood's schema: name it.
    table = f'"{db.schema}".alembic_version' if db.schema else "alembic_version"
    with db.reading() as session:
        revision = session.execute(text(f"SELECT version_num FROM {table}")).scalar()
    if revision not in known_revisions():
        raise FileProblem(_("made by a newer version of buurt"))
    if revision != head_revision():
        raise NeedsUpgrade
    # The dashboard's parts the city needs, no more (it reads many neighbourhoods).
    neighbourhood = get_neighbourhood(db)
    period = current_period(db, today=day)
    meeting = next_meeting(db, now=now)
    return summarise(
        label,
        neighbourhood.name,
        day,
        hours_available=period.hours_available if period else neighbourhood.professional_hours,
        priorities=[(p.id, p.rank, p.title, p.street) for p in current_priorities(db, today=day)],
        actions=list_actions(db),
        meeting=(meeting.starts_at.date(), meeting.place) if meeting else None,
    )


def summarise(
    label: str,
    name: str,
    day: date,
    *,
    hours_available: int,
    priorities: list[tuple[int, int, str, str]],
    actions: Sequence[ActionRead | CityAction],
    meeting: tuple[date, str] | None,
) -> tuple[NeighbourhoodSummary, list[OverdueAction]]:
    """One neighbourhood's summary and overdue actions from its parts: the running priorities
    (id, rank, title, street) by rank, every action by due date, the next meeting (day, place)."""
    ranks: dict[int | None, str] = {pid: title for pid, _rank, title, _street in priorities}
    live = [a for a in actions if a.status != ActionStatus.DROPPED.value]
    top3 = []
    for pid, rank, title, street in priorities:
        own = [a for a in live if a.priority_id == pid]
        top3.append(
            TopPriority(
                rank=rank,
                title=title,
                street=street,
                actions=len(own),
                done=sum(1 for a in own if a.status == ActionStatus.DONE.value),
                overdue=sum(1 for a in own if a.is_overdue(day)),
            )
        )
    overdue = [a for a in actions if a.is_overdue(day) and a.due_on is not None]
    late = [
        OverdueAction(
            neighbourhood=name,
            title=action.title,
            owner=action.owner_organisation or action.owner_member,
            priority=ranks.get(action.priority_id, action.problem),
            due_on=action.due_on,
            days_overdue=(day - action.due_on).days,
        )
        for action in overdue
        if action.due_on is not None
    ]
    summary = NeighbourhoodSummary(
        source=label,
        name=name,
        status=OK,
        top3=top3,
        hours_committed=sum(a.hours or 0 for a in live if a.priority_id in ranks),
        hours_available=hours_available,
        next_meeting=meeting[0] if meeting else None,
        next_meeting_place=meeting[1] if meeting else "",
        open_actions=sum(1 for a in actions if a.is_open),
        overdue_actions=len(overdue),
    )
    return summary, late


class CityAction:
    """An action as the city overview needs it (the parts of `ActionRead` it reads)."""

    def __init__(
        self,
        title: str,
        status: str,
        priority_id: int | None,
        hours: int | None,
        due_on: date | None,
        owner_member: str,
        owner_organisation: str,
        problem: str,
    ) -> None:
        self.title, self.status, self.priority_id, self.hours = title, status, priority_id, hours
        self.due_on, self.problem = due_on, problem
        self.owner_member, self.owner_organisation = owner_member, owner_organisation

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today
