"""What the chair sees on opening a neighbourhood: everything the dashboard shows, read in one
session (one connection, one view of the data), the helpers sharing it through
`Database.snapshot`."""

from __future__ import annotations

from datetime import date

from buurt.db.database import Database
from buurt.db.enums import ActionStatus
from buurt.services.actions import ActionRead, count_open_actions, list_actions
from buurt.services.base import ReadModel
from buurt.services.meetings import MeetingRead, latest_meeting, next_meeting
from buurt.services.neighbourhood import NeighbourhoodRead, get_neighbourhood
from buurt.services.priorities import PeriodRead, PriorityRead, current_period, current_priorities
from buurt.services.problems import count_problems

OVERDUE_SHOWN = 25


class PriorityProgress(ReadModel):
    priority: PriorityRead
    actions: int
    done: int
    overdue: int
    hours: int

    @property
    def fraction(self) -> float:
        return self.done / self.actions if self.actions else 0.0


class Dashboard(ReadModel):
    neighbourhood: NeighbourhoodRead
    period: PeriodRead | None
    priorities: list[PriorityProgress]
    overdue: list[ActionRead]
    overdue_total: int
    hours_committed: int
    hours_available: int
    next_meeting: MeetingRead | None
    last_meeting: MeetingRead | None
    problems_by_status: dict[str, int]
    open_actions: int
    today: date

    @property
    def over_budget(self) -> int:
        """How many hours more are committed than the period has (0 when within)."""
        return max(0, self.hours_committed - self.hours_available)

    @property
    def open_problems(self) -> int:
        return sum(self.problems_by_status.get(s, 0) for s in ("new", "candidate", "parked"))


def dashboard(db: Database, *, today: date | None = None) -> Dashboard:
    """The dashboard's data, in one call and one read session (the screen runs it in a
    worker)."""
    with db.snapshot():
        return _dashboard(db, today or date.today())


def _dashboard(db: Database, day: date) -> Dashboard:
    neighbourhood = get_neighbourhood(db)
    period = current_period(db, today=day)
    priorities = current_priorities(db, today=day)
    actions = list_actions(db, priority_ids=[p.id for p in priorities])
    progress = []
    for priority in priorities:
        own = [a for a in actions if a.priority_id == priority.id]
        live = [a for a in own if a.status != ActionStatus.DROPPED.value]
        progress.append(
            PriorityProgress(
                priority=priority,
                actions=len(live),
                done=sum(1 for a in live if a.status == ActionStatus.DONE.value),
                overdue=sum(1 for a in live if a.is_overdue(day)),
                hours=sum(a.hours or 0 for a in live),
            )
        )
    # The longest overdue first; the dashboard shows a handful and the total.
    overdue = list_actions(db, overdue_on=day, limit=OVERDUE_SHOWN)
    hours_available = period.hours_available if period else neighbourhood.professional_hours
    return Dashboard(
        neighbourhood=neighbourhood,
        period=period,
        priorities=progress,
        overdue=overdue,
        hours_committed=sum(p.hours for p in progress),
        hours_available=hours_available,
        next_meeting=next_meeting(db),
        last_meeting=latest_meeting(db),
        problems_by_status=count_problems(db),
        open_actions=count_open_actions(db),
        overdue_total=count_open_actions(db, overdue_on=day),
        today=day,
    )
