"""The words the user sees for each stored value, in the current language."""

from __future__ import annotations

from enum import StrEnum

from buurt.db.enums import (
    ActionKind,
    ActionStatus,
    AgendaSection,
    AttendanceStatus,
    Eligibility,
    MeetingKind,
    MeetingStatus,
    MemberKind,
    MemberRole,
    MinutesState,
    OrganisationKind,
    PriorityDecisionKind,
    PriorityStatus,
    ProblemSource,
    ProblemStatus,
    TieBreak,
    VoteMethod,
    VoteStatus,
)
from buurt.i18n import N_, _

_LABELS: list[tuple[StrEnum, str]] = [
    (MemberKind.RESIDENT, N_("resident")),
    (MemberKind.PROFESSIONAL, N_("professional")),
    (MemberRole.CHAIR, N_("chair")),
    (MemberRole.SECRETARY, N_("secretary")),
    (MemberRole.MEMBER, N_("member")),
    (OrganisationKind.POLICE, N_("police")),
    (OrganisationKind.MUNICIPALITY, N_("municipality")),
    (OrganisationKind.CITY_WARDENS, N_("city wardens")),
    (OrganisationKind.HOUSING, N_("housing corporation")),
    (OrganisationKind.YOUTH_WORK, N_("youth work")),
    (OrganisationKind.WELFARE, N_("welfare")),
    (OrganisationKind.RESIDENTS, N_("residents' group")),
    (OrganisationKind.OTHER, N_("other")),
    (ProblemStatus.NEW, N_("new")),
    (ProblemStatus.CANDIDATE, N_("candidate")),
    (ProblemStatus.PRIORITY, N_("priority")),
    (ProblemStatus.PARKED, N_("parked")),
    (ProblemStatus.REFERRED, N_("referred")),
    (ProblemStatus.SOLVED, N_("solved")),
    (ProblemStatus.DROPPED, N_("dropped")),
    (ProblemSource.MEETING, N_("meeting")),
    (ProblemSource.RESIDENT, N_("resident")),
    (ProblemSource.PROFESSIONAL, N_("professional")),
    (ProblemSource.REPORT, N_("report (melding)")),
    (ProblemSource.SURVEY, N_("survey")),
    (ProblemSource.OTHER, N_("other")),
    (MeetingKind.REGULAR, N_("regular meeting")),
    (MeetingKind.EXTRA, N_("extra meeting")),
    (MeetingKind.PUBLIC, N_("public meeting")),
    (MeetingStatus.PLANNED, N_("planned")),
    (MeetingStatus.OPEN, N_("open")),
    (MeetingStatus.CLOSED, N_("closed")),
    (AttendanceStatus.PRESENT, N_("present")),
    (AttendanceStatus.APOLOGIES, N_("apologies")),
    (AttendanceStatus.ABSENT, N_("absent")),
    (AgendaSection.OPENING, N_("Opening")),
    (AgendaSection.AGENDA, N_("Agenda")),
    (AgendaSection.ANNOUNCEMENTS, N_("Announcements and apologies")),
    (AgendaSection.PREVIOUS_MINUTES, N_("Previous minutes")),
    (AgendaSection.FOLLOW_UP, N_("Follow-up")),
    (AgendaSection.SITUATION, N_("Situation update")),
    (AgendaSection.NEW_PROBLEMS, N_("New problems")),
    (AgendaSection.VOTE, N_("Vote")),
    (AgendaSection.ACTIONS, N_("Actions")),
    (AgendaSection.AOB, N_("Any other business")),
    (AgendaSection.NEXT_MEETING, N_("Next meeting")),
    (AgendaSection.CLOSING, N_("Closing")),
    (MinutesState.DRAFT, N_("draft")),
    (MinutesState.ADOPTED, N_("adopted")),
    (VoteStatus.DRAFT, N_("being prepared")),
    (VoteStatus.OPEN, N_("open")),
    (VoteStatus.CLOSED, N_("counted")),
    (VoteStatus.CONFIRMED, N_("confirmed")),
    (VoteStatus.CANCELLED, N_("cancelled")),
    (VoteMethod.SCHULZE, N_("Schulze")),
    (VoteMethod.RANKED_PAIRS, N_("Ranked Pairs")),
    (VoteMethod.BORDA, N_("Borda count")),
    (VoteMethod.IRV, N_("Instant runoff (IRV)")),
    (VoteMethod.STV, N_("Single transferable vote (STV)")),
    (Eligibility.ALL, N_("all members")),
    (Eligibility.RESIDENTS, N_("residents only, professionals advise")),
    (TieBreak.LOT, N_("by lot")),
    (TieBreak.NONE, N_("left open")),
    (TieBreak.CASTING, N_("chair's casting vote")),
    (PriorityStatus.ACTIVE, N_("active")),
    (PriorityStatus.ACHIEVED, N_("achieved")),
    (PriorityStatus.CONTINUED, N_("continued")),
    (PriorityStatus.DROPPED, N_("dropped")),
    (PriorityDecisionKind.CONTINUE, N_("continue")),
    (PriorityDecisionKind.ADJUST, N_("adjust")),
    (PriorityDecisionKind.ACHIEVED, N_("achieved")),
    (PriorityDecisionKind.DROP, N_("drop")),
    (PriorityDecisionKind.REPLACED, N_("replaced")),
    (ActionKind.RESIDENT, N_("resident")),
    (ActionKind.PROFESSIONAL, N_("professional")),
    (ActionKind.JOINT, N_("joint")),
    (ActionStatus.OPEN, N_("open")),
    (ActionStatus.IN_PROGRESS, N_("in progress")),
    (ActionStatus.DONE, N_("done")),
    (ActionStatus.BLOCKED, N_("blocked")),
    (ActionStatus.DROPPED, N_("dropped")),
]


# StrEnum members hash like their strings, so "closed" of a meeting and of a vote would collide
# as plain keys: look words up by (vocabulary, value).
_BY_KIND: dict[tuple[type[StrEnum], str], str] = {
    (type(member), member.value): word for member, word in _LABELS
}


def label(value: StrEnum) -> str:
    """The translated word for a stored value (`label(ProblemStatus.PARKED)` -> "geparkeerd")."""
    return _(_BY_KIND.get((type(value), value.value), value.value))


def label_of(enum: type[StrEnum], value: str) -> str:
    """The translated word for a raw stored string of `enum`."""
    try:
        return label(enum(value))
    except ValueError:
        return value


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """(label, value) pairs for a select box, in the enum's order."""
    return [(label(item), item.value) for item in enum]


__all__ = [
    "ActionKind",
    "ActionStatus",
    "AgendaSection",
    "AttendanceStatus",
    "Eligibility",
    "MeetingKind",
    "MeetingStatus",
    "MemberKind",
    "MemberRole",
    "MinutesState",
    "OrganisationKind",
    "PriorityDecisionKind",
    "PriorityStatus",
    "ProblemSource",
    "ProblemStatus",
    "TieBreak",
    "VoteMethod",
    "VoteStatus",
    "choices",
    "label",
    "label_of",
]
