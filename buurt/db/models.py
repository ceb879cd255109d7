"""The tables. One class per thing in DESIGN.md's domain table.

Rules kept here so that every caller gets them for free: foreign keys everywhere, indexes on what
the screens filter by, CHECK constraints on every fixed vocabulary, moments stored as UTC. The
schema is created by Alembic only (`migrations/`); the app never calls `create_all`.

Secret ballots: `Ballot` rows carry no voter, no timestamp and a random primary key in a table
without rowid, so neither a column nor the physical row order links a ballot to a voter; who has
voted lives apart in `VoteParticipation`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Index, Integer, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapper, object_session
from sqlmodel import Field, SQLModel

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
    check,
)
from buurt.db.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


def _moment(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


def _text(*, nullable: bool = True) -> Column[str]:
    return Column(Text, nullable=nullable)


def _random_id() -> str:
    return uuid.uuid4().hex


def _version() -> Column[int]:
    """The row's version: 1 when written, one more at every change (see `_bump_version`). A form
    sends back the version it showed, and the service refuses the save when it differs."""
    return Column(Integer, nullable=False, server_default="1")


class Neighbourhood(SQLModel, table=True):
    """The one row of settings of this file's neighbourhood."""

    __tablename__ = "neighbourhood"
    __table_args__ = (
        CheckConstraint("language IN ('nl', 'en')", name="language"),
        CheckConstraint(check("default_method", VoteMethod), name="default_method"),
        CheckConstraint("quorum_percent BETWEEN 0 AND 100", name="quorum_percent"),
        CheckConstraint("max_priorities BETWEEN 1 AND 10", name="max_priorities"),
        CheckConstraint("period_months BETWEEN 1 AND 36", name="period_months"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    municipality: str = Field(default="", max_length=120)
    language: str = Field(default="nl", max_length=2)
    default_method: str = Field(default=VoteMethod.SCHULZE.value, max_length=20)
    quorum_percent: int = Field(default=50)
    period_months: int = Field(default=3)
    max_priorities: int = Field(default=3)
    professional_hours: int = Field(default=0)
    backups_keep: int = Field(default=10)
    retention_years: int = Field(default=0)
    theme: str = Field(default="", max_length=40)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint(check("kind", OrganisationKind), name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    kind: str = Field(default=OrganisationKind.OTHER.value, max_length=20)
    active: bool = Field(default=True)
    version: int = Field(default=1, sa_column=_version())


class Member(SQLModel, table=True):
    """A committee member. No home address is ever stored; contact details are optional and only
    kept with consent (`consent_contact_on`)."""

    __tablename__ = "member"
    __table_args__ = (
        CheckConstraint(check("kind", MemberKind), name="kind"),
        CheckConstraint(check("role", MemberRole), name="role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    kind: str = Field(max_length=20, index=True)
    role: str = Field(default=MemberRole.MEMBER.value, max_length=20)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    function: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)
    active: bool = Field(default=True, index=True)
    joined_on: date | None = None
    left_on: date | None = None
    consent_contact_on: date | None = None
    consent_public_name_on: date | None = None
    forgotten_at: datetime | None = Field(default=None, sa_column=_moment(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_moment())
    version: int = Field(default=1, sa_column=_version())


class Category(SQLModel, table=True):
    __tablename__ = "category"

    id: int | None = Field(default=None, primary_key=True)
    code: str | None = Field(default=None, max_length=40, unique=True)
    name: str = Field(max_length=80, unique=True)
    group: str = Field(default="other", max_length=40)
    position: int = Field(default=0)
    active: bool = Field(default=True)


class Period(SQLModel, table=True):
    """A stretch of time (typically three months). At most `max_priorities` priorities run at
    any time, over all periods (`buurt.services.priorities` keeps that rule). A period closed
    early keeps the day and the reason (`closed_on`, `closed_reason`); its `end_on` is moved to
    the day before."""

    __tablename__ = "period"
    __table_args__ = (
        CheckConstraint("end_on >= start_on", name="dates"),
        CheckConstraint("hours_available >= 0", name="hours"),
    )

    id: int | None = Field(default=None, primary_key=True)
    start_on: date = Field(index=True)
    end_on: date
    hours_available: int = Field(default=0)
    money_budget_cents: int = Field(default=0)
    label: str = Field(default="", max_length=80)
    closed_on: date | None = None
    closed_reason: str = Field(default="", sa_column=_text(nullable=False))


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint(check("kind", MeetingKind), name="kind"),
        CheckConstraint(check("status", MeetingStatus), name="status"),
        CheckConstraint(check("minutes_state", MinutesState), name="minutes_state"),
        CheckConstraint("guests >= 0", name="guests"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default=MeetingKind.REGULAR.value, max_length=20)
    status: str = Field(default=MeetingStatus.PLANNED.value, max_length=20, index=True)
    starts_at: datetime = Field(sa_column=_moment(index=True))
    place: str = Field(default="", max_length=200)
    chair_id: int | None = Field(default=None, foreign_key="member.id")
    minute_taker_id: int | None = Field(default=None, foreign_key="member.id")
    period_id: int | None = Field(default=None, foreign_key="period.id", index=True)
    guests: int = Field(default=0)
    opened_at: datetime | None = Field(default=None, sa_column=_moment(nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=_moment(nullable=True))
    minutes_state: str = Field(default=MinutesState.DRAFT.value, max_length=20)
    minutes_adopted_in_id: int | None = Field(default=None, foreign_key="meeting.id")
    minutes_adopted_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=_moment())
    version: int = Field(default=1, sa_column=_version())


class Attendance(SQLModel, table=True):
    __tablename__ = "attendance"
    __table_args__ = (CheckConstraint(check("status", AttendanceStatus), name="status"),)

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    member_id: int = Field(foreign_key="member.id", primary_key=True, index=True)
    status: str = Field(default=AttendanceStatus.ABSENT.value, max_length=20)


class MeetingNote(SQLModel, table=True):
    """A note the chair leaves in one agenda section of a meeting."""

    __tablename__ = "meeting_note"
    __table_args__ = (
        CheckConstraint(check("section", AgendaSection), name="section"),
        Index("ix_meeting_note_meeting_section", "meeting_id", "section"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    section: str = Field(max_length=30)
    position: int = Field(default=0)
    text: str = Field(sa_column=_text(nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_moment())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


class MinutesAmendment(SQLModel, table=True):
    """A correction to a meeting's minutes, made when the next meeting adopts them."""

    __tablename__ = "minutes_amendment"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    adopted_in_id: int | None = Field(default=None, foreign_key="meeting.id")
    text: str = Field(sa_column=_text(nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


class Problem(SQLModel, table=True):
    """A neighbourhood problem, located at street level (never a house number)."""

    __tablename__ = "problem"
    __table_args__ = (
        CheckConstraint(check("status", ProblemStatus), name="status"),
        CheckConstraint(check("source", ProblemSource), name="source"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200, index=True)
    description: str = Field(default="", sa_column=_text(nullable=False))
    category_id: int | None = Field(default=None, foreign_key="category.id", index=True)
    street: str = Field(default="", max_length=120, index=True)
    location_detail: str = Field(default="", max_length=200)
    source: str = Field(default=ProblemSource.MEETING.value, max_length=20)
    raised_by_id: int | None = Field(default=None, foreign_key="member.id")
    status: str = Field(default=ProblemStatus.NEW.value, max_length=20, index=True)
    referred_to: str = Field(default="", max_length=200)
    logged_in_id: int | None = Field(default=None, foreign_key="meeting.id")
    logged_at: datetime = Field(default_factory=utcnow, sa_column=_moment(index=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_moment())
    version: int = Field(default=1, sa_column=_version())


class ProblemStatusChange(SQLModel, table=True):
    """The life cycle of a problem: every change of status, with its reason."""

    __tablename__ = "problem_status_change"

    id: int | None = Field(default=None, primary_key=True)
    problem_id: int = Field(foreign_key="problem.id", index=True)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    reason: str = Field(default="", sa_column=_text(nullable=False))
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    changed_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


class Vote(SQLModel, table=True):
    """A ranked vote among the members on candidate problems."""

    __tablename__ = "vote"
    __table_args__ = (
        CheckConstraint(check("status", VoteStatus), name="status"),
        CheckConstraint(check("method", VoteMethod), name="method"),
        CheckConstraint(check("eligibility", Eligibility), name="eligibility"),
        CheckConstraint(check("tie_break", TieBreak), name="tie_break"),
        CheckConstraint("seats >= 1", name="seats"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    title: str = Field(default="", max_length=200)
    method: str = Field(default=VoteMethod.SCHULZE.value, max_length=20)
    seats: int = Field(default=3)
    secret: bool = Field(default=False)
    eligibility: str = Field(default=Eligibility.ALL.value, max_length=20)
    balance_groups: bool = Field(default=False)
    double_entry: bool = Field(default=False)
    tie_break: str = Field(default=TieBreak.LOT.value, max_length=20)
    seed: str = Field(default="", max_length=200)
    status: str = Field(default=VoteStatus.DRAFT.value, max_length=20, index=True)
    quorum_present: int | None = None
    quorum_required: int | None = None
    quorum_members: int | None = None
    opened_at: datetime | None = Field(default=None, sa_column=_moment(nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=_moment(nullable=True))
    digest: str = Field(default="", max_length=64)
    engine_version: str = Field(default="", max_length=40)
    result_json: str = Field(default="", sa_column=_text(nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


class VoteCandidate(SQLModel, table=True):
    __tablename__ = "vote_candidate"
    __table_args__ = (UniqueConstraint("vote_id", "problem_id", name="uq_vote_candidate_problem"),)

    id: int | None = Field(default=None, primary_key=True)
    vote_id: int = Field(foreign_key="vote.id", index=True)
    problem_id: int = Field(foreign_key="problem.id", index=True)
    position: int = Field(default=0)
    label: str = Field(default="", max_length=200)


class Ballot(SQLModel, table=True):
    """One ballot. Random id, no timestamp, no rowid: see the module docstring.

    `voter_id` is set only in an open (not secret) vote; `voter_group` only when the count
    weighs residents against professionals (elsewhere it would only help identify a ballot).
    """

    __tablename__ = "ballot"
    __table_args__ = (
        CheckConstraint("voter_group IN ('resident', 'professional')", name="voter_group"),
        {"sqlite_with_rowid": False},
    )

    id: str = Field(default_factory=_random_id, primary_key=True, max_length=32)
    vote_id: int = Field(foreign_key="vote.id", index=True)
    voter_id: int | None = Field(default=None, foreign_key="member.id")
    voter_group: str | None = Field(default=None, max_length=20)


class BallotRank(SQLModel, table=True):
    """A candidate's rank on a ballot (1 is first; equal ranks are a tie; unranked: no row)."""

    __tablename__ = "ballot_rank"
    __table_args__ = (CheckConstraint("rank >= 1", name="rank"), {"sqlite_with_rowid": False})

    ballot_id: str = Field(foreign_key="ballot.id", primary_key=True, max_length=32)
    candidate_id: int = Field(foreign_key="vote_candidate.id", primary_key=True)
    rank: int


class VoteParticipation(SQLModel, table=True):
    """Who has voted in a vote: kept apart from the ballots, without time or order."""

    __tablename__ = "vote_participation"
    __table_args__ = ({"sqlite_with_rowid": False},)

    vote_id: int = Field(foreign_key="vote.id", primary_key=True)
    member_id: int = Field(foreign_key="member.id", primary_key=True)


class Priority(SQLModel, table=True):
    """One of the top 3 of a period, with its success criterion ("done when ...")."""

    __tablename__ = "priority"
    __table_args__ = (
        CheckConstraint(check("status", PriorityStatus), name="status"),
        CheckConstraint("rank >= 1", name="rank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    problem_id: int = Field(foreign_key="problem.id", index=True)
    vote_id: int | None = Field(default=None, foreign_key="vote.id")
    rank: int
    success_criterion: str = Field(default="", sa_column=_text(nullable=False))
    status: str = Field(default=PriorityStatus.ACTIVE.value, max_length=20, index=True)
    closed_in_id: int | None = Field(default=None, foreign_key="meeting.id")
    closed_reason: str = Field(default="", sa_column=_text(nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


class PriorityDecision(SQLModel, table=True):
    """The committee's decision on a priority at a follow-up."""

    __tablename__ = "priority_decision"
    __table_args__ = (CheckConstraint(check("decision", PriorityDecisionKind), name="decision"),)

    id: int | None = Field(default=None, primary_key=True)
    priority_id: int = Field(foreign_key="priority.id", index=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    decision: str = Field(max_length=20)
    note: str = Field(default="", sa_column=_text(nullable=False))
    decided_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


class Action(SQLModel, table=True):
    """Who does what by when: owned by a member, an organisation, or both."""

    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint(check("kind", ActionKind), name="kind"),
        CheckConstraint(check("status", ActionStatus), name="status"),
        CheckConstraint(
            "owner_member_id IS NOT NULL OR owner_organisation_id IS NOT NULL", name="owner"
        ),
        CheckConstraint("hours IS NULL OR hours >= 0", name="hours"),
    )

    id: int | None = Field(default=None, primary_key=True)
    priority_id: int | None = Field(default=None, foreign_key="priority.id", index=True)
    problem_id: int | None = Field(default=None, foreign_key="problem.id", index=True)
    title: str = Field(sa_column=_text(nullable=False))
    owner_member_id: int | None = Field(default=None, foreign_key="member.id", index=True)
    owner_organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id", index=True
    )
    kind: str = Field(default=ActionKind.PROFESSIONAL.value, max_length=20)
    due_on: date | None = Field(default=None, index=True)
    hours: int | None = None
    status: str = Field(default=ActionStatus.OPEN.value, max_length=20, index=True)
    created_in_id: int | None = Field(default=None, foreign_key="meeting.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_moment())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_moment())
    version: int = Field(default=1, sa_column=_version())


class ActionUpdate(SQLModel, table=True):
    """A follow-up (terugkoppeling) on an action: its status and what the owner reported."""

    __tablename__ = "action_update"
    __table_args__ = (CheckConstraint(check("status", ActionStatus), name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    status: str = Field(max_length=20)
    note: str = Field(default="", sa_column=_text(nullable=False))
    reported_by_id: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


class AuditEvent(SQLModel, table=True):
    """Every write, as a chain: each event carries the hash of the one before it."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_moment(index=True))
    actor: str = Field(default="", max_length=120)
    action: str = Field(max_length=40)
    entity: str = Field(max_length=40, index=True)
    entity_id: str = Field(default="", max_length=40)
    summary: str = Field(default="", sa_column=_text(nullable=False))
    before_json: str = Field(default="", sa_column=_text(nullable=False))
    after_json: str = Field(default="", sa_column=_text(nullable=False))
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)


class ProjectorState(SQLModel, table=True):
    """What the room's screen shows: the one row the chair's app writes and every projector
    view only reads (`buurt project`, `buurt serve --projector`). `shown` false blanks the
    screen (a private agenda item); `section` is the agenda item the chair is on."""

    __tablename__ = "projector_state"
    __table_args__ = (
        CheckConstraint(f"section = '' OR {check('section', AgendaSection)}", name="section"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    section: str = Field(default="", max_length=30)
    shown: bool = Field(default=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_moment())


def _bump_version(_mapper: Mapper[object], _connection: object, target: object) -> None:
    """Every change to a versioned row makes it a new version, whoever makes it (a form, the
    command line, forget): a form still showing the old version can then no longer save."""
    session = object_session(target)
    if session is not None and session.is_modified(target, include_collections=False):
        target.version = (target.version or 1) + 1  # type: ignore[attr-defined]


for _versioned in (Member, Organisation, Problem, Meeting, Action):
    event.listen(_versioned, "before_update", _bump_version)
