"""What the city overview holds: each neighbourhood's summary and the overdue actions of every
organisation across the city."""

from __future__ import annotations

from datetime import date

from buurt.services.base import ReadModel

OK, NEEDS_UPGRADE, UNREADABLE = "ok", "needs_upgrade", "unreadable"


class TopPriority(ReadModel):
    rank: int
    title: str
    street: str
    actions: int
    done: int
    overdue: int


class NeighbourhoodSummary(ReadModel):
    """One neighbourhood as the city sees it; `status` says whether its data could be read."""

    source: str  # the file's name or the schema
    name: str
    status: str
    problem: str = ""
    top3: list[TopPriority] = []
    hours_committed: int = 0
    hours_available: int = 0
    next_meeting: date | None = None
    next_meeting_place: str = ""
    open_actions: int = 0
    overdue_actions: int = 0


class OverdueAction(ReadModel):
    neighbourhood: str
    title: str
    owner: str
    priority: str
    due_on: date
    days_overdue: int


class OrganisationOverdue(ReadModel):
    """Everything one organisation owes across the city, the longest overdue first."""

    organisation: str
    actions: list[OverdueAction]

    @property
    def since(self) -> date:
        return min(a.due_on for a in self.actions)


class CityOverview(ReadModel):
    source: str
    today: date
    neighbourhoods: list[NeighbourhoodSummary]
    organisations: list[OrganisationOverdue]


Results = list[tuple[NeighbourhoodSummary, list[OverdueAction]]]
