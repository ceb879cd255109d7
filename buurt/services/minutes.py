"""The minutes from the record: build a `buurt.minutes` model from a meeting, then render and
export it (Markdown, HTML, DOCX, PDF).

The chair types nothing twice: attendance, follow-ups, decisions, triage, votes and new actions
are read from what the meeting recorded. The record is read as it stood when the meeting ended
(a follow-up reported at a later meeting does not change these minutes).

Privacy (DESIGN.md): residents are named only when they consented to being named in public
minutes, and only in the internal version; the public version (`anonymise=True`) calls every
resident "Bewoner 1..n" ("Resident 1..n"), consistently within one document, also inside free
text. Professionals keep their name and organisation. Contact details never appear: they are
not read into the model, and e-mail addresses and phone numbers typed into notes are removed.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from buurt.db.database import Database
from buurt.db.enums import (
    ActionKind,
    ActionStatus,
    AgendaSection,
    AttendanceStatus,
    Eligibility,
    MeetingKind,
    MeetingStatus,
    MemberKind,
    PriorityDecisionKind,
    PriorityStatus,
    ProblemStatus,
    VoteMethod,
    VoteStatus,
)
from buurt.db.models import (
    Action,
    ActionUpdate,
    Attendance,
    Category,
    Meeting,
    MeetingNote,
    Member,
    MinutesAmendment,
    Neighbourhood,
    Organisation,
    Priority,
    PriorityDecision,
    Problem,
    ProblemStatusChange,
    Vote,
)
from buurt.db.types import utcnow
from buurt.errors import FileProblem, InputError, NotFound
from buurt.i18n import N_, _, get_language
from buurt.minutes import model as m
from buurt.minutes.model import DocumentKind
from buurt.minutes.render import FORMATS, render
from buurt.services.base import get
from buurt.services.labels import label_of

OPEN_ACTION = {ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value, ActionStatus.BLOCKED.value}
TOOK_PLACE = (MeetingStatus.OPEN.value, MeetingStatus.CLOSED.value)

# How each method works, in words a resident can follow (the engine's own sentence is longer).
METHOD_TEXT = {
    VoteMethod.SCHULZE.value: N_(
        "Every pair of candidates is compared head to head on all ballots; a candidate comes "
        "first when no other candidate beats them, directly or through a chain of wins."
    ),
    VoteMethod.RANKED_PAIRS.value: N_(
        "Every pair of candidates is compared head to head on all ballots; the clearest wins "
        "are fixed first, and the order follows from the wins that were fixed."
    ),
    VoteMethod.BORDA.value: N_(
        "On each ballot a candidate gets one point for every candidate ranked below it "
        "(half a point for a tie); the most points come first."
    ),
    VoteMethod.IRV.value: N_(
        "For each place, the candidate with the fewest first choices drops out and those "
        "ballots go to their next choice, until one candidate has a majority."
    ),
    VoteMethod.STV.value: N_(
        "Single transferable vote (Scottish rules): a candidate who reaches the quota is "
        "elected; surplus votes and the votes of excluded candidates go to the next choice."
    ),
}
SCORE_LABEL = {
    VoteMethod.SCHULZE.value: N_("head-to-head wins"),
    VoteMethod.RANKED_PAIRS.value: N_("head-to-head wins"),
    VoteMethod.BORDA.value: N_("points"),
}
TIE_RULES = {
    "lot": N_("by lot"),
    "casting": N_("by the chair's casting vote"),
    "earlier-rounds": N_("by the earlier rounds"),
    "none": N_("left open"),
}
# Engine sentences the minutes leave out: they repeat the order table, or are per-pair detail
# that anyone can recompute from the ballots and the digest.
_DETAIL_TEMPLATES = ("Place {place}:", "{winner} to {other}:", "Locked: {winner}")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+-])(?:(?:\+31|0031)[\s-]?|0)(?:[\s-]?\d){9}(?![\w-])")


# --- who is named how -----------------------------------------------------------------------


@dataclass
class People:
    """Names as a document prints them: professionals by name (and organisation), residents by
    name only with consent in the internal version, else as "Resident n" numbered in order of
    first appearance (`generic`: as "a resident", for the public summary where numbers would
    mean nothing)."""

    members: dict[int, Member]
    organisations: dict[int, Organisation]
    anonymise: bool
    generic: bool = False
    pseudonyms: dict[int, str] = field(default_factory=dict)
    _patterns: list[tuple[re.Pattern[str], int | None]] | None = None

    def hidden(self, member: Member) -> bool:
        if member.kind != MemberKind.RESIDENT.value:
            return False
        return self.anonymise or member.consent_public_name_on is None

    def pseudonym(self, member_id: int) -> str:
        if self.generic:
            return _("a resident")
        if member_id not in self.pseudonyms:
            self.pseudonyms[member_id] = _("Resident {n}").format(n=len(self.pseudonyms) + 1)
        return self.pseudonyms[member_id]

    def organisation(self, organisation_id: int | None) -> str:
        found = self.organisations.get(organisation_id or -1)
        return found.name if found else ""

    def name(self, member_id: int | None, *, with_organisation: bool = False) -> str:
        """The name to print for a member ("" for none)."""
        member = self.members.get(member_id or -1)
        if member is None or member.id is None:
            return ""
        if self.hidden(member):
            return self.pseudonym(member.id)
        organisation = self.organisation(member.organisation_id)
        if with_organisation and organisation and member.kind == MemberKind.PROFESSIONAL.value:
            return f"{member.name} ({organisation})"
        return member.name

    def owner(self, member_id: int | None, organisation_id: int | None) -> str:
        """An action's owner as people say it: "Sandra Willems (Politie)", "Woonstad"."""
        person = self.name(member_id)
        organisation = self.organisation(organisation_id)
        if person and organisation:
            return f"{person} ({organisation})"
        return person or organisation

    def text(self, value: str) -> str:
        """Free text fit for this document: contact details removed, hidden residents' names
        replaced by their pseudonym."""
        if not value:
            return value
        value = self._contact_details(value)
        if not any(self.hidden(mem) for mem in self.members.values()):
            return value
        # Professionals' names are shielded first, so that a resident who shares a first name
        # with a professional does not eat into the professional's name.
        shields: dict[str, str] = {}
        for member in self.members.values():
            if not self.hidden(member) and member.name and member.name in value:
                key = f"\x00{len(shields)}\x00"
                shields[key] = member.name
                value = value.replace(member.name, key)
        for pattern, member_id in self._name_patterns():
            if member_id is None:
                value = pattern.sub(_("(a resident)"), value)
            elif pattern.search(value):
                value = pattern.sub(self.pseudonym(member_id).replace("\\", "\\\\"), value)
        for key, name in shields.items():
            value = value.replace(key, name)
        return value

    def _contact_details(self, value: str) -> str:
        for member in self.members.values():
            for detail in (member.email, member.phone):
                if detail and detail in value:
                    value = value.replace(detail, _("(contact details removed)"))
        value = EMAIL.sub(_("(contact details removed)"), value)
        return PHONE.sub(_("(contact details removed)"), value)

    def _name_patterns(self) -> list[tuple[re.Pattern[str], int | None]]:
        """Full names first (any case), then surnames and first names (as written, capitalised).
        A first name or surname two members share cannot be attributed: it becomes
        "(a resident)" (member id None)."""
        if self._patterns is not None:
            return self._patterns
        hidden = [mem for mem in self.members.values() if self.hidden(mem) and mem.id is not None]
        parts: dict[str, set[int]] = {}
        for member in self.members.values():
            words = member.name.split()
            if len(words) < 2 or member.id is None:
                continue
            for part in (words[0], " ".join(words[1:])):
                if len(part) >= 3:
                    parts.setdefault(part, set()).add(member.id)
        full: list[tuple[re.Pattern[str], int | None]] = []
        partial: list[tuple[re.Pattern[str], int | None]] = []
        for member in sorted(hidden, key=lambda mem: -len(mem.name)):
            full.append((_word(member.name, ignore_case=True), member.id))
            words = member.name.split()
            if len(words) < 2:
                continue
            for part in (" ".join(words[1:]), words[0]):
                if len(part) < 3:
                    continue
                owner = member.id if parts.get(part) == {member.id} else None
                variants = {part, part[0].upper() + part[1:]}
                partial.extend((_word(v, ignore_case=False), owner) for v in sorted(variants))
        partial.sort(key=lambda item: -len(item[0].pattern))
        self._patterns = full + partial
        return self._patterns


def _word(text: str, *, ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", flags)


# --- reading the record ---------------------------------------------------------------------


@dataclass
class Record:
    """One meeting and what surrounds it, read in one session."""

    session: Session
    meeting: Meeting
    people: People
    end: datetime
    meetings: dict[int, Meeting]
    settings: Neighbourhood | None

    @property
    def meeting_id(self) -> int:
        assert self.meeting.id is not None
        return self.meeting.id

    def started(self, meeting_id: int | None) -> datetime | None:
        found = self.meetings.get(meeting_id or -1)
        return found.starts_at if found else None

    def before_this(self, meeting_id: int | None) -> bool:
        start = self.started(meeting_id)
        return start is not None and start < self.meeting.starts_at


def resolve_meeting(db: Database, ref: int | str) -> int:
    """A meeting's id from what a user typed: a number, or "latest" (the latest meeting that
    took place)."""
    text = str(ref).strip().lower()
    if text in ("latest", "laatste"):
        with db.reading() as session:
            row = session.exec(
                select(Meeting)
                .where(col(Meeting.status).in_(TOOK_PLACE))
                .order_by(col(Meeting.starts_at).desc())
            ).first()
            if row is None or row.id is None:
                raise NotFound(_("No meeting has taken place yet, so there are no minutes."))
            return row.id
    if not text.isdigit():
        raise InputError(
            _("'{value}' is not a meeting number; give a number or 'latest'.").format(value=ref),
            field="meeting",
        )
    with db.reading() as session:
        return get(session, Meeting, int(text), _("meeting")).id or 0


def _record(session: Session, meeting_id: int, *, anonymise: bool, generic: bool = False) -> Record:
    meeting = get(session, Meeting, meeting_id, _("meeting"))
    members = {mem.id: mem for mem in session.exec(select(Member)) if mem.id is not None}
    organisations = {o.id: o for o in session.exec(select(Organisation)) if o.id is not None}
    meetings = {row.id: row for row in session.exec(select(Meeting)) if row.id is not None}
    end = meeting.closed_at or utcnow()
    return Record(
        session=session,
        meeting=meeting,
        people=People(members, organisations, anonymise, generic),
        end=end,
        meetings=meetings,
        settings=session.exec(select(Neighbourhood)).first(),
    )


def _header(record: Record) -> m.Header:
    meeting = record.meeting
    people = record.people
    settings = record.settings
    return m.Header(
        neighbourhood=settings.name if settings else "",
        municipality=settings.municipality if settings else "",
        meeting_id=record.meeting_id,
        starts_at=meeting.starts_at.astimezone(),
        place=meeting.place,
        kind_label=label_of(MeetingKind, meeting.kind),
        chair=people.name(meeting.chair_id),
        minute_taker=people.name(meeting.minute_taker_id),
        opened_at=meeting.opened_at.astimezone() if meeting.opened_at else None,
        closed_at=meeting.closed_at.astimezone() if meeting.closed_at else None,
    )


def _local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def _attendance(record: Record) -> m.Attendance:
    people = record.people
    lines = record.session.exec(
        select(Attendance).where(Attendance.meeting_id == record.meeting_id)
    ).all()
    by_status: dict[str, list[Member]] = {s.value: [] for s in AttendanceStatus}
    for line in sorted(lines, key=lambda a: a.member_id):
        member = people.members.get(line.member_id)
        if member is not None:
            by_status.setdefault(line.status, []).append(member)
    # Residents get their numbers in the order of the attendance list: present, apologies,
    # absent, so "Resident 1" is the same person wherever the document mentions them.
    for status in AttendanceStatus:
        for member in by_status[status.value]:
            people.name(member.id)
    present = by_status[AttendanceStatus.PRESENT.value]
    members = len(lines) or sum(1 for mem in people.members.values() if mem.active)
    percent = record.settings.quorum_percent if record.settings else 50
    return m.Attendance(
        present_residents=_sorted(
            people.name(p.id) for p in present if p.kind == MemberKind.RESIDENT.value
        ),
        present_professionals=_sorted(
            people.name(p.id, with_organisation=True)
            for p in present
            if p.kind != MemberKind.RESIDENT.value
        ),
        apologies=_sorted(
            people.name(p.id, with_organisation=True)
            for p in by_status[AttendanceStatus.APOLOGIES.value]
        ),
        absent=_sorted(
            people.name(p.id, with_organisation=True)
            for p in by_status[AttendanceStatus.ABSENT.value]
        ),
        guests=record.meeting.guests,
        quorum_present=len(present),
        quorum_members=members,
        quorum_required=math.ceil(members * percent / 100),
    )


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def _sorted(names: Iterable[str]) -> list[str]:
    return sorted(names, key=_natural)


def _notes(record: Record) -> dict[str, list[str]]:
    rows = record.session.exec(
        select(MeetingNote).where(MeetingNote.meeting_id == record.meeting_id)
    ).all()
    notes: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda n: (n.position, n.id or 0)):
        notes.setdefault(row.section, []).append(record.people.text(row.text))
    order = {s.value: i for i, s in enumerate(AgendaSection)}
    return dict(sorted(notes.items(), key=lambda item: order.get(item[0], 99)))


def _approval(record: Record) -> m.Approval:
    meeting = record.meeting
    amendments = record.session.exec(
        select(MinutesAmendment)
        .where(MinutesAmendment.meeting_id == record.meeting_id)
        .order_by(col(MinutesAmendment.id))
    ).all()
    adopted_in = record.started(meeting.minutes_adopted_in_id)
    return m.Approval(
        state=meeting.minutes_state,
        adopted_on=meeting.minutes_adopted_on,
        adopted_in_date=_local_day(adopted_in) if adopted_in else None,
        amendments=[record.people.text(a.text) for a in amendments],
    )


def _previous_meeting(record: Record) -> Meeting | None:
    earlier = [
        row
        for row in record.meetings.values()
        if row.starts_at < record.meeting.starts_at and row.status in TOOK_PLACE
    ]
    return max(earlier, key=lambda row: row.starts_at) if earlier else None


def _previous(record: Record) -> m.PreviousMinutes | None:
    previous = _previous_meeting(record)
    if previous is None:
        return None
    amendments = record.session.exec(
        select(MinutesAmendment)
        .where(MinutesAmendment.meeting_id == previous.id)
        .where(MinutesAmendment.adopted_in_id == record.meeting_id)
        .order_by(col(MinutesAmendment.id))
    ).all()
    return m.PreviousMinutes(
        meeting_date=_local_day(previous.starts_at),
        state=previous.minutes_state,
        adopted_here=previous.minutes_adopted_in_id == record.meeting_id,
        amendments=[record.people.text(a.text) for a in amendments],
    )


def _updates(record: Record) -> list[ActionUpdate]:
    """Follow-ups known when the meeting ended, oldest first."""
    rows = record.session.exec(
        select(ActionUpdate).order_by(col(ActionUpdate.created_at), col(ActionUpdate.id))
    ).all()
    return [
        row
        for row in rows
        if row.meeting_id == record.meeting_id
        or (row.meeting_id is None and row.created_at <= record.end)
        or record.before_this(row.meeting_id)
    ]


def _actions(record: Record) -> list[Action]:
    """Actions agreed before this meeting ended."""
    rows = record.session.exec(select(Action).order_by(col(Action.id))).all()
    return [
        row
        for row in rows
        if row.created_in_id == record.meeting_id
        or record.before_this(row.created_in_id)
        or (row.created_in_id is None and row.created_at <= record.end)
    ]


def _status_then(action: Action, updates: list[ActionUpdate]) -> str:
    mine = [u for u in updates if u.action_id == action.id]
    return mine[-1].status if mine else ActionStatus.OPEN.value


def _priority_exists(record: Record, priority: Priority, votes: dict[int, Vote]) -> bool:
    """Was this priority chosen by the end of this meeting?"""
    vote = votes.get(priority.vote_id or -1)
    if vote is not None and vote.meeting_id is not None:
        start = record.started(vote.meeting_id)
        return start is not None and start <= record.meeting.starts_at
    return priority.created_at <= record.end


def _priority_state(
    record: Record, priority: Priority, decisions: list[PriorityDecision]
) -> str | None:
    """The priority's status as this meeting left it; None when it was closed earlier."""
    if priority.closed_in_id is not None and record.before_this(priority.closed_in_id):
        return None
    mine = [
        d
        for d in decisions
        if d.priority_id == priority.id
        and (d.meeting_id == record.meeting_id or record.before_this(d.meeting_id))
    ]
    if not mine:
        return PriorityStatus.ACTIVE.value
    last = mine[-1].decision
    if last == PriorityDecisionKind.ACHIEVED.value:
        return PriorityStatus.ACHIEVED.value
    if last == PriorityDecisionKind.DROP.value:
        return PriorityStatus.DROPPED.value
    return PriorityStatus.CONTINUED.value


@dataclass
class _Priorities:
    rows: list[Priority]
    problems: dict[int, Problem]
    decisions: list[PriorityDecision]
    votes: dict[int, Vote]


def _load_priorities(record: Record) -> _Priorities:
    session = record.session
    return _Priorities(
        rows=list(session.exec(select(Priority).order_by(col(Priority.rank), col(Priority.id)))),
        problems={p.id: p for p in session.exec(select(Problem)) if p.id is not None},
        decisions=list(
            session.exec(
                select(PriorityDecision).order_by(
                    col(PriorityDecision.decided_at), col(PriorityDecision.id)
                )
            )
        ),
        votes={v.id: v for v in session.exec(select(Vote)) if v.id is not None},
    )


def _top3(record: Record, data: _Priorities) -> list[m.TopItem]:
    """The priorities in force when the meeting ended (and those it closed), by rank."""
    items = []
    for priority in data.rows:
        if not _priority_exists(record, priority, data.votes):
            continue
        state = _priority_state(record, priority, data.decisions)
        if state is None:
            continue
        problem = data.problems.get(priority.problem_id)
        items.append(
            m.TopItem(
                rank=priority.rank,
                title=record.people.text(problem.title if problem else ""),
                street=problem.street if problem else "",
                criterion=record.people.text(priority.success_criterion),
                status=state,
                status_label=label_of(PriorityStatus, state),
            )
        )
    return items


def _follow_up(
    record: Record, data: _Priorities, actions: list[Action], updates: list[ActionUpdate]
) -> tuple[list[m.PriorityFollowUp], list[m.FollowUp]]:
    """Per priority in force when the meeting began: its actions (open then, or reported on
    now) with this meeting's reports, and the committee's decision."""
    people = record.people
    here = [u for u in updates if u.meeting_id == record.meeting_id]
    before = [u for u in updates if u.meeting_id != record.meeting_id]
    reported: dict[int, ActionUpdate] = {u.action_id: u for u in here}

    def line(action: Action) -> m.FollowUp:
        report = reported.get(action.id or -1)
        status = _status_then(action, updates)
        return m.FollowUp(
            action=people.text(action.title),
            owner=people.owner(action.owner_member_id, action.owner_organisation_id),
            status=status,
            status_label=label_of(ActionStatus, status),
            note=people.text(report.note) if report else "",
            reported_by=people.name(report.reported_by_id) if report else "",
        )

    def followed(action: Action) -> bool:
        if action.created_in_id == record.meeting_id:
            return False
        return action.id in reported or _status_then(action, before) in OPEN_ACTION

    result = []
    seen: set[int] = set()
    for priority in data.rows:
        if priority.vote_id is not None and (
            data.votes.get(priority.vote_id) is not None
            and data.votes[priority.vote_id].meeting_id == record.meeting_id
        ):
            continue
        if not _priority_exists(record, priority, data.votes):
            continue
        if priority.closed_in_id is not None and record.before_this(priority.closed_in_id):
            continue
        decision = next(
            (
                d
                for d in reversed(data.decisions)
                if d.priority_id == priority.id and d.meeting_id == record.meeting_id
            ),
            None,
        )
        mine = [a for a in actions if a.priority_id == priority.id and followed(a)]
        seen.update(a.id for a in mine if a.id is not None)
        if not mine and decision is None:
            continue
        problem = data.problems.get(priority.problem_id)
        result.append(
            m.PriorityFollowUp(
                rank=priority.rank,
                title=people.text(problem.title if problem else ""),
                street=problem.street if problem else "",
                criterion=people.text(priority.success_criterion),
                follow_ups=[line(a) for a in mine],
                decision=decision.decision if decision else "",
                decision_label=(
                    label_of(PriorityDecisionKind, decision.decision) if decision else ""
                ),
                decision_note=people.text(decision.note) if decision else "",
            )
        )
    others = [line(a) for a in actions if a.id not in seen and a.id in reported]
    return result, others


def _problems(record: Record) -> dict[str, list[m.ProblemLine]]:
    session = record.session
    people = record.people
    categories = {c.id: _(c.name) for c in session.exec(select(Category)) if c.id is not None}
    changes = session.exec(
        select(ProblemStatusChange).order_by(
            col(ProblemStatusChange.changed_at), col(ProblemStatusChange.id)
        )
    ).all()
    here: dict[int, ProblemStatusChange] = {}
    earlier: set[int] = set()
    for change in changes:
        if change.meeting_id == record.meeting_id:
            here[change.problem_id] = change
        elif record.before_this(change.meeting_id):
            earlier.add(change.problem_id)
    previous = _previous_meeting(record)
    since = (previous.closed_at or previous.starts_at) if previous is not None else None
    problems = session.exec(select(Problem).order_by(col(Problem.logged_at), col(Problem.id))).all()

    def line(problem: Problem, change: ProblemStatusChange | None) -> m.ProblemLine:
        status = change.to_status if change else ProblemStatus.NEW.value
        note = change.reason if change else ""
        if status == ProblemStatus.REFERRED.value and problem.referred_to:
            note = problem.referred_to
        return m.ProblemLine(
            title=people.text(problem.title),
            street=problem.street,
            category=categories.get(problem.category_id or -1, ""),
            raised_by=people.name(problem.raised_by_id, with_organisation=True),
            status=status,
            status_label=label_of(ProblemStatus, status),
            note=people.text(note),
        )

    added = []
    for problem in problems:
        logged_here = problem.logged_in_id == record.meeting_id
        logged_between = (
            problem.logged_in_id is None
            and problem.id not in earlier
            and problem.logged_at <= record.end
            and (since is None or problem.logged_at > since)
        )
        if logged_here or logged_between:
            added.append(line(problem, here.get(problem.id or -1)))
    by_status: dict[str, list[m.ProblemLine]] = {}
    for problem in problems:
        found = here.get(problem.id or -1)
        if found is not None:
            by_status.setdefault(found.to_status, []).append(line(problem, found))
    closed = by_status.get(ProblemStatus.SOLVED.value, []) + by_status.get(
        ProblemStatus.DROPPED.value, []
    )
    return {
        "added": added,
        "referred": by_status.get(ProblemStatus.REFERRED.value, []),
        "parked": by_status.get(ProblemStatus.PARKED.value, []),
        "closed": closed,
    }


def _number(value: object) -> Fraction:
    if isinstance(value, dict) and "fraction" in value:
        return Fraction(str(value["fraction"]))
    if isinstance(value, int | float | str):
        return Fraction(str(value))
    return Fraction(0)


def _show(value: Fraction) -> str:
    from buurt import voting  # only minutes with a vote need the engine

    text = voting.show(value)
    return text.replace(".", ",") if get_language() == "nl" else text


def _scores(method: str, data: dict[str, Any], candidates: list[str]) -> dict[str, str]:
    if method == VoteMethod.BORDA.value and isinstance(data.get("scores"), dict):
        return {name: _show(_number(v)) for name, v in data["scores"].items()}
    matrix = data.get("pairwise")
    names = data.get("candidates", candidates)
    if method in SCORE_LABEL and isinstance(matrix, list) and isinstance(names, list):
        wins = {}
        for i, name in enumerate(names):
            wins[str(name)] = str(
                sum(
                    1
                    for j in range(len(names))
                    if i != j and _number(matrix[i][j]) > _number(matrix[j][i])
                )
            )
        return wins
    return {}


MATRIX_LIMIT = 10  # a head-to-head table wider than this does not fit a page


def _matrix(
    method: str, data: dict[str, Any], ranking: list[str]
) -> tuple[list[str], list[list[str]]]:
    """The pairwise table of a Schulze or Ranked Pairs count, rows and columns in the order of
    the result: cell (i, j) is how many ballots put candidate i above candidate j."""
    matrix = data.get("pairwise")
    names = data.get("candidates")
    if (
        method not in SCORE_LABEL
        or method == VoteMethod.BORDA.value
        or not isinstance(matrix, list)
        or not isinstance(names, list)
        or len(names) > MATRIX_LIMIT
    ):
        return [], []
    index = {str(name): i for i, name in enumerate(names)}
    order = [name for name in ranking if name in index]
    rows = []
    for row in order:
        cells = []
        for column in order:
            value = matrix[index[row]][index[column]]
            cells.append("" if row == column or value is None else _show(_number(value)))
        rows.append(cells)
    return order, rows


def _message(raw: object) -> str:
    if isinstance(raw, dict) and "template" in raw:
        from buurt import voting

        return voting.Message.from_dict(raw).render(_)
    return str(raw or "")


def _vote(record: Record, vote: Vote) -> m.VoteRecord:
    people = record.people
    result: dict[str, Any] = json.loads(vote.result_json) if vote.result_json else {}
    method = str(result.get("method", vote.method))
    explanation = result.get("explanation") or {}
    data = explanation.get("data") or {}
    candidates = [str(c) for c in result.get("candidates", [])]
    scores = _scores(method, data, candidates)
    order = []
    place = 1
    for tier in result.get("ranking", []):
        names = [str(n) for n in tier]
        order.append(
            m.Place(
                place=place,
                names=[people.text(n) for n in names],
                score=scores.get(names[0], "") if names else "",
            )
        )
        place += len(names)
    matrix_names, matrix = _matrix(
        method, data, [str(n) for tier in result.get("ranking", []) for n in tier]
    )
    summary = [
        people.text(_message(line))
        for line in (explanation.get("lines") or [])[1:]
        if not str(line.get("template", "")).startswith(_DETAIL_TEMPLATES)
    ]
    ties = [
        m.TieNote(
            tied=[people.text(str(n)) for n in tie.get("tied", [])],
            rule=str(tie.get("rule", "")),
            rule_label=_(TIE_RULES.get(str(tie.get("rule", "")), str(tie.get("rule", "")))),
            where=people.text(_message(tie.get("where"))),
            seed=str(tie.get("seed") or ""),
            order=[people.text(str(n)) for n in tie.get("order") or []],
        )
        for tie in result.get("ties", [])
    ]
    return m.VoteRecord(
        title=people.text(vote.title),
        method=method,
        method_label=label_of(VoteMethod, method),
        method_text=_(METHOD_TEXT.get(method, "")) if method in METHOD_TEXT else "",
        seats=int(result.get("seats", vote.seats)),
        ballots=int(result.get("ballots", 0)),
        secret=vote.secret,
        balance_groups=vote.balance_groups,
        eligibility_label=label_of(Eligibility, vote.eligibility),
        quorum_present=vote.quorum_present,
        quorum_members=vote.quorum_members,
        quorum_required=vote.quorum_required,
        order=order,
        score_label=_(SCORE_LABEL[method]) if method in SCORE_LABEL else "",
        matrix_names=[people.text(n) for n in matrix_names],
        matrix=matrix,
        summary=summary,
        ties=ties,
        winners=[people.text(str(w)) for w in result.get("winners", [])],
        digest=str(result.get("digest", vote.digest)),
        engine_version=str(result.get("engine_version", vote.engine_version)),
        status=vote.status,
        status_label=label_of(VoteStatus, vote.status),
    )


def _action_line(
    record: Record,
    action: Action,
    status: str,
    priorities: dict[int, Priority],
    problems: dict[int, Problem],
    *,
    today: date | None = None,
    note: str = "",
) -> m.ActionLine:
    priority = priorities.get(action.priority_id or -1)
    problem = problems.get(priority.problem_id if priority else action.problem_id or -1)
    return m.ActionLine(
        title=record.people.text(action.title),
        owner=record.people.owner(action.owner_member_id, action.owner_organisation_id),
        kind_label=label_of(ActionKind, action.kind),
        due_on=action.due_on,
        hours=action.hours,
        status=status,
        status_label=label_of(ActionStatus, status),
        priority_rank=priority.rank if priority else None,
        priority=record.people.text(problem.title) if problem else "",
        overdue=bool(
            today is not None
            and status in OPEN_ACTION
            and action.due_on is not None
            and action.due_on < today
        ),
        last_note=record.people.text(note),
    )


def _next_meeting(record: Record) -> m.NextMeeting | None:
    later = [row for row in record.meetings.values() if row.starts_at > record.meeting.starts_at]
    if not later:
        return None
    row = min(later, key=lambda r: r.starts_at)
    return m.NextMeeting(starts_at=row.starts_at.astimezone(), place=row.place)


def _document(record: Record) -> dict[str, Any]:
    return {
        "language": get_language(),
        "anonymised": record.people.anonymise,
        "header": _header(record),
    }


# --- the three documents --------------------------------------------------------------------


def build_minutes(db: Database, meeting_id: int | str, *, anonymise: bool = False) -> m.Minutes:
    """The minutes of a meeting, from its record, in the current language.

    `anonymise=True` makes the public version: every resident is "Resident n"."""
    meeting_id = resolve_meeting(db, meeting_id)
    with db.reading() as session:
        record = _record(session, meeting_id, anonymise=anonymise)
        header = _header(record)
        attendance = _attendance(record)
        data = _load_priorities(record)
        actions = _actions(record)
        updates = _updates(record)
        follow_up, other_follow_up = _follow_up(record, data, actions, updates)
        problems = _problems(record)
        votes = [
            _vote(record, v)
            for v in data.votes.values()
            if v.meeting_id == meeting_id
            and v.status in (VoteStatus.CLOSED.value, VoteStatus.CONFIRMED.value)
        ]
        priorities = {p.id: p for p in data.rows if p.id is not None}
        new_actions = [
            _action_line(record, a, _status_then(a, updates), priorities, data.problems)
            for a in sorted(
                (a for a in actions if a.created_in_id == meeting_id),
                key=lambda a: (
                    priorities[a.priority_id].rank if a.priority_id in priorities else 99,
                    a.id or 0,
                ),
            )
        ]
        confirmed = any(
            v.meeting_id == meeting_id and v.status == VoteStatus.CONFIRMED.value
            for v in data.votes.values()
        )
        return m.Minutes(
            language=get_language(),
            anonymised=anonymise,
            header=header,
            approval=_approval(record),
            attendance=attendance,
            previous=_previous(record),
            notes=_notes(record),
            follow_up=follow_up,
            other_follow_up=other_follow_up,
            problems_added=problems["added"],
            problems_referred=problems["referred"],
            problems_parked=problems["parked"],
            problems_closed=problems["closed"],
            votes=votes,
            top3=_top3(record, data),
            top3_confirmed=confirmed,
            new_actions=new_actions,
            next_meeting=_next_meeting(record),
        )


def build_action_list(
    db: Database, meeting_id: int | str, *, anonymise: bool = False, today: date | None = None
) -> m.ActionList:
    """The open actions (as of `today`) with owners and due dates, by priority and due date,
    headed by the meeting they follow."""
    day = today or date.today()
    meeting_id = resolve_meeting(db, meeting_id)
    with db.reading() as session:
        record = _record(session, meeting_id, anonymise=anonymise)
        _attendance(record)  # number the residents as the minutes do
        data = _load_priorities(record)
        priorities = {p.id: p for p in data.rows if p.id is not None}
        notes: dict[int, str] = {}
        for update in session.exec(select(ActionUpdate).order_by(col(ActionUpdate.created_at))):
            if update.note:
                notes[update.action_id] = update.note
        rows = session.exec(select(Action).where(col(Action.status).in_(sorted(OPEN_ACTION)))).all()
        lines = [
            _action_line(
                record,
                a,
                a.status,
                priorities,
                data.problems,
                today=day,
                note=notes.get(a.id or -1, ""),
            )
            for a in rows
        ]
        lines.sort(
            key=lambda a: (
                a.priority_rank is None,
                a.priority_rank or 0,
                a.due_on is None,
                a.due_on or date.max,
                a.title.lower(),
            )
        )
        return m.ActionList(
            **_document(record), today=day, actions=lines, next_meeting=_next_meeting(record)
        )


def build_summary(db: Database, meeting_id: int | str) -> m.Summary:
    """ "You said, we did": the top 3, what was done (reported at this meeting), what comes
    next, and the next meeting. Always anonymised: it is for the whole neighbourhood."""
    meeting_id = resolve_meeting(db, meeting_id)
    with db.reading() as session:
        record = _record(session, meeting_id, anonymise=True, generic=True)
        attendance = _attendance(record)
        data = _load_priorities(record)
        priorities = {p.id: p for p in data.rows if p.id is not None}
        actions = _actions(record)
        updates = _updates(record)
        by_id = {a.id: a for a in actions}
        done = []
        for update in updates:
            action = by_id.get(update.action_id)
            if (
                update.meeting_id != meeting_id
                or action is None
                or update.status not in (ActionStatus.DONE.value, ActionStatus.IN_PROGRESS.value)
            ):
                continue
            done.append(
                m.FollowUp(
                    action=record.people.text(action.title),
                    owner=record.people.owner(action.owner_member_id, action.owner_organisation_id),
                    status=update.status,
                    status_label=label_of(ActionStatus, update.status),
                    note=record.people.text(update.note),
                )
            )
        meeting_day = _local_day(record.meeting.starts_at)
        coming = [
            _action_line(record, a, status, priorities, data.problems, today=meeting_day)
            for a in actions
            if (status := _status_then(a, updates)) in OPEN_ACTION
        ]
        coming.sort(key=lambda a: (a.due_on is None, a.due_on or date.max, a.title.lower()))
        return m.Summary(
            **_document(record),
            top3=[t for t in _top3(record, data) if t.status in _IN_FORCE],
            done=done,
            solved=_problems(record)["closed"],
            coming=coming,
            next_meeting=_next_meeting(record),
            residents_present=len(attendance.present_residents),
            guests=attendance.guests,
        )


_IN_FORCE = (PriorityStatus.ACTIVE.value, PriorityStatus.CONTINUED.value)


def build_document(
    db: Database,
    meeting_id: int | str,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    *,
    anonymise: bool = False,
    today: date | None = None,
) -> m.Minutes | m.ActionList | m.Summary:
    """One of the three documents of a meeting."""
    which = check_kind(kind)
    if which == DocumentKind.ACTIONS:
        return build_action_list(db, meeting_id, anonymise=anonymise, today=today)
    if which == DocumentKind.SUMMARY:
        return build_summary(db, meeting_id)
    return build_minutes(db, meeting_id, anonymise=anonymise)


# --- exporting ------------------------------------------------------------------------------


def check_kind(kind: DocumentKind | str) -> DocumentKind:
    """The document kind, or an `InputError` listing the ones there are."""
    try:
        return DocumentKind(str(kind).strip().lower())
    except ValueError:
        raise InputError(
            _("Unknown document '{kind}': choose minutes, actions or summary.").format(kind=kind),
            field="kind",
        ) from None


def check_format(fmt: str) -> str:
    """The format name, or an `InputError` listing the ones there are."""
    value = fmt.strip().lower().lstrip(".")
    if value == "markdown":
        value = "md"
    if value not in FORMATS:
        raise InputError(
            _("Unknown format '{format}': choose md, html, docx or pdf.").format(format=fmt),
            field="format",
        )
    return value


def minutes_markdown(
    db: Database,
    meeting_id: int | str,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    *,
    anonymise: bool = False,
    today: date | None = None,
) -> str:
    """A document as Markdown (the TUI previews this)."""
    document = build_document(db, meeting_id, kind, anonymise=anonymise, today=today)
    return render(document, "md").decode("utf-8")


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "buurt"


FILE_WORDS = {
    DocumentKind.MINUTES: N_("minutes"),
    DocumentKind.ACTIONS: N_("action-list"),
    DocumentKind.SUMMARY: N_("you-said-we-did"),
}


def suggested_filename(
    db: Database,
    meeting_id: int | str,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    fmt: str = "pdf",
    *,
    anonymise: bool = False,
) -> str:
    """A file name people recognise: "verslag-oude-westen-2026-11-08.pdf"."""
    meeting_id = resolve_meeting(db, meeting_id)
    which = check_kind(kind)
    with db.reading() as session:
        meeting = get(session, Meeting, meeting_id, _("meeting"))
        settings = session.exec(select(Neighbourhood)).first()
        day = _local_day(meeting.starts_at)
    name = settings.name if settings else ""
    parts = [_(FILE_WORDS[which]), _slug(name), day.isoformat()]
    if anonymise and which != DocumentKind.SUMMARY:
        parts.append(_("public"))
    return "-".join(p for p in parts if p) + "." + check_format(fmt)


def default_folder() -> Path:
    """Where exports go unless the user says otherwise: Documents, else the home folder."""
    try:
        from platformdirs import user_documents_dir

        documents = Path(user_documents_dir())
        if documents.is_dir():
            return documents
    except Exception:  # platformdirs may not know this system; the home folder will do
        pass
    return Path.home()


def write_file(path: Path, content: bytes) -> Path:
    """Write `content` to `path` whole (through a temporary file beside it), or raise a
    `FileProblem` that names the file."""
    path = path.expanduser()
    if path.is_dir():
        raise FileProblem(_("{file} is a folder; give a file name.").format(file=path))
    if not path.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=path.parent))
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise FileProblem(
            _("{file} cannot be written: {reason}").format(
                file=path, reason=error.strerror or error
            )
        ) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise FileProblem(
            _("{file} cannot be written: {reason}").format(
                file=path, reason=error.strerror or error
            )
        ) from error
    return path


def render_document(
    db: Database,
    meeting_id: int | str,
    *,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    fmt: str = "md",
    anonymise: bool = False,
    today: date | None = None,
    templates: Path | None = None,
) -> bytes:
    """A document of a meeting in a format, as bytes."""
    chosen = check_format(fmt)
    document = build_document(db, meeting_id, kind, anonymise=anonymise, today=today)
    if templates is not None and not templates.is_dir():
        raise FileProblem(
            _("The template folder {folder} does not exist.").format(folder=templates)
        )
    return render(document, chosen, templates=templates)


def export_document(
    db: Database,
    meeting_id: int | str,
    path: Path,
    *,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    fmt: str | None = None,
    anonymise: bool = False,
    today: date | None = None,
    templates: Path | None = None,
) -> Path:
    """Write a document of a meeting to `path` (format from `fmt`, else from the file's
    extension, else Markdown). A folder as `path` gets the suggested file name inside it."""
    chosen = check_format(fmt or path.suffix or "md")
    path = path.expanduser()
    if path.is_dir():
        path = path / suggested_filename(db, meeting_id, kind, chosen, anonymise=anonymise)
    content = render_document(
        db,
        meeting_id,
        kind=kind,
        fmt=chosen,
        anonymise=anonymise,
        today=today,
        templates=templates,
    )
    return write_file(path, content)


def taken_place(db: Database) -> list[tuple[int, datetime, str]]:
    """Meetings that have minutes (open or closed), newest first: (id, local start, place)."""
    with db.reading() as session:
        rows = session.exec(
            select(Meeting)
            .where(col(Meeting.status).in_(TOOK_PLACE))
            .order_by(col(Meeting.starts_at).desc())
        ).all()
        return [(r.id or 0, r.starts_at.astimezone(), r.place) for r in rows]
