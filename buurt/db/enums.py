"""The fixed vocabularies of the domain (DESIGN.md's glossary). Stored as their string values,
guarded by CHECK constraints; shown through `buurt.services.labels` in the user's language."""

from __future__ import annotations

from enum import StrEnum


class MemberKind(StrEnum):
    RESIDENT = "resident"
    PROFESSIONAL = "professional"


class MemberRole(StrEnum):
    CHAIR = "chair"
    SECRETARY = "secretary"
    MEMBER = "member"


class OrganisationKind(StrEnum):
    POLICE = "police"
    MUNICIPALITY = "municipality"
    CITY_WARDENS = "city_wardens"
    HOUSING = "housing"
    YOUTH_WORK = "youth_work"
    WELFARE = "welfare"
    RESIDENTS = "residents"
    OTHER = "other"


class ProblemStatus(StrEnum):
    NEW = "new"
    CANDIDATE = "candidate"
    PRIORITY = "priority"
    PARKED = "parked"
    REFERRED = "referred"
    SOLVED = "solved"
    DROPPED = "dropped"


class ProblemSource(StrEnum):
    MEETING = "meeting"
    RESIDENT = "resident"
    PROFESSIONAL = "professional"
    REPORT = "report"
    SURVEY = "survey"
    OTHER = "other"


class MeetingKind(StrEnum):
    REGULAR = "regular"
    EXTRA = "extra"
    PUBLIC = "public"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class AgendaSection(StrEnum):
    """The agenda of a meeting, in the order it runs (DESIGN.md, "The meeting")."""

    OPENING = "opening"
    AGENDA = "agenda"
    ANNOUNCEMENTS = "announcements"
    PREVIOUS_MINUTES = "previous_minutes"
    FOLLOW_UP = "follow_up"
    SITUATION = "situation"
    NEW_PROBLEMS = "new_problems"
    VOTE = "vote"
    ACTIONS = "actions"
    AOB = "aob"
    NEXT_MEETING = "next_meeting"
    CLOSING = "closing"


class MinutesState(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"


class VoteStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class VoteMethod(StrEnum):
    SCHULZE = "schulze"
    RANKED_PAIRS = "ranked-pairs"
    BORDA = "borda"
    IRV = "irv"
    STV = "stv"


class Eligibility(StrEnum):
    ALL = "all"
    RESIDENTS = "residents"


class TieBreak(StrEnum):
    LOT = "lot"
    NONE = "none"
    CASTING = "casting"


class PriorityStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    CONTINUED = "continued"
    DROPPED = "dropped"


class PriorityDecisionKind(StrEnum):
    CONTINUE = "continue"
    ADJUST = "adjust"
    ACHIEVED = "achieved"
    DROP = "drop"
    REPLACED = "replaced"


class ActionKind(StrEnum):
    RESIDENT = "resident"
    PROFESSIONAL = "professional"
    JOINT = "joint"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    DROPPED = "dropped"


def check(column: str, enum: type[StrEnum]) -> str:
    """The SQL of a CHECK constraint that keeps `column` within `enum`'s values."""
    values = ", ".join(f"'{item.value}'" for item in enum)
    return f"{column} IN ({values})"
