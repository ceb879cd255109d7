"""The room's screen: what the projector shows of the open meeting, and the chair's switch.

The chair's app writes one row (`projector_state`: the meeting, the agenda item the chair is
on, shown or blank); every projector view only reads (`projector_view`). During a vote the room
sees how many ballots were cast against how many members may vote, never who voted nor how; the
result and its explanation only once the chair has closed the vote.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import ActionStatus, AgendaSection, AttendanceStatus, MeetingStatus, VoteStatus
from buurt.db.models import Meeting, ProjectorState
from buurt.db.types import utcnow
from buurt.i18n import _
from buurt.services import audit
from buurt.services.actions import list_actions
from buurt.services.base import ReadModel, get, require
from buurt.services.meetings import Quorum, attendance, list_notes, next_meeting, quorum
from buurt.services.neighbourhood import get_neighbourhood
from buurt.services.priorities import current_priorities
from buurt.services.vote_words import joined_names
from buurt.services.votes import VoteRead, list_votes, vote_outcome, voters

# What the screen shows, one word each (the view picks its layout by it).
BLANK = "blank"
WAITING = "waiting"
ITEM = "item"
VOTE = "vote"
RESULT = "result"
PLAN = "plan"

ACTIONS_SHOWN = 8
EXPLANATION_LINES = 3
# Agenda items where the room looks at the top 3 and who does what.
PLAN_SECTIONS = {AgendaSection.FOLLOW_UP.value, AgendaSection.ACTIONS.value}


class ProjectorStateRead(ReadModel):
    meeting_id: int | None
    section: str
    shown: bool
    updated_at: datetime


class BallotCount(ReadModel):
    """A running vote as the room sees it: counts only."""

    title: str
    secret: bool
    cast: int
    voters: int


class ResultBoard(ReadModel):
    """A counted vote: the winners in order and the explanation in plain words."""

    title: str
    ballots: int
    winners: list[str]
    lines: list[str]
    ties: list[str] = []


class PriorityLine(ReadModel):
    rank: int
    title: str
    success_criterion: str


class ActionLine(ReadModel):
    title: str
    owner: str
    due_on: date | None
    status: str
    agreed_here: bool


class ProjectorView(ReadModel):
    """Everything the projector shows at one moment; `state` says which layout."""

    state: str
    neighbourhood: str
    meeting_starts_at: datetime | None = None
    meeting_place: str = ""
    next_starts_at: datetime | None = None
    next_place: str = ""
    section: str = ""
    notes: list[str] = []
    quorum: Quorum | None = None
    apologies: int = 0
    count: BallotCount | None = None
    result: ResultBoard | None = None
    priorities: list[PriorityLine] = []
    actions: list[ActionLine] = []
    actions_more: int = 0


def _state_row(session: Session) -> ProjectorState | None:
    return session.exec(select(ProjectorState).order_by(col(ProjectorState.id)).limit(1)).first()


def projector_state(db: Database) -> ProjectorStateRead:
    """The chair's switch as stored (shown, no item, when the chair never touched it)."""
    with db.reading() as session:
        row = _state_row(session)
        if row is None:
            return ProjectorStateRead(meeting_id=None, section="", shown=True, updated_at=utcnow())
        return ProjectorStateRead.model_validate(row)


@retry_on_conflict
def set_projector(
    db: Database,
    *,
    meeting_id: int | None = None,
    section: AgendaSection | str | None = None,
    shown: bool | None = None,
) -> ProjectorStateRead:
    """Record what the room's screen shows: the agenda item the chair is on (`meeting_id` and
    `section`) and/or whether it is shown or blank. Values left None stay as they are; nothing
    is written (and no audit event made) when nothing changes."""
    where = ""
    if section is not None:
        try:
            where = AgendaSection(section).value
        except ValueError:
            require(False, _("Unknown agenda section: {section}.").format(section=section))
    with db.transaction() as session:
        if meeting_id is not None:
            get(session, Meeting, meeting_id, _("meeting"))
        row = _state_row(session)
        if row is None:
            row = ProjectorState()
            session.add(row)
        before = audit.snapshot(row) if row.id is not None else None
        changes: dict[str, object] = {}
        if meeting_id is not None and row.meeting_id != meeting_id:
            changes["meeting_id"] = meeting_id
        if section is not None and row.section != where:
            changes["section"] = where
        if shown is not None and row.shown != shown:
            changes["shown"] = shown
        if not changes and row.id is not None:
            return ProjectorStateRead.model_validate(row)
        for key, value in changes.items():
            setattr(row, key, value)
        row.updated_at = utcnow()
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="update" if before else "create",
            entity="projector_state",
            entity_id=row.id,
            before=before,
            after=audit.snapshot(row),
            summary=_("projector shown") if row.shown else _("projector blank"),
        )
        return ProjectorStateRead.model_validate(row)


@retry_on_conflict
def toggle_projector(db: Database) -> ProjectorStateRead:
    """Blank the room's screen when it is shown, show it when it is blank."""
    with db.transaction():
        return set_projector(db, shown=not projector_state(db).shown)


def _open_meeting(session: Session) -> Meeting | None:
    return session.exec(select(Meeting).where(Meeting.status == MeetingStatus.OPEN.value)).first()


def _meeting_vote(db: Database, meeting_id: int) -> VoteRead | None:
    """The vote the room follows: an open one, else the last counted one of this meeting."""
    votes = [v for v in list_votes(db, meeting_id=meeting_id) if v.status != VoteStatus.DRAFT]
    running = [v for v in votes if v.status == VoteStatus.OPEN.value]
    if running:
        return running[-1]
    counted = [
        v
        for v in votes
        if v.status in (VoteStatus.CLOSED.value, VoteStatus.CONFIRMED.value) and v.closed_at
    ]
    counted.sort(key=lambda v: v.closed_at or utcnow())
    return counted[-1] if counted else None


def projector_view(db: Database, *, now: datetime | None = None) -> ProjectorView:
    """What the room's screen shows at `now` (read-only; blank shows nothing at all)."""
    state = projector_state(db)
    name = get_neighbourhood(db).name
    if not state.shown:
        return ProjectorView(state=BLANK, neighbourhood=name)
    with db.reading() as session:
        meeting = _open_meeting(session)
        meeting_id = meeting.id if meeting is not None else None
        starts_at = meeting.starts_at if meeting is not None else None
        place = meeting.place if meeting is not None else ""
    if meeting_id is None:
        upcoming = next_meeting(db, now=now)
        return ProjectorView(
            state=WAITING,
            neighbourhood=name,
            next_starts_at=upcoming.starts_at if upcoming else None,
            next_place=upcoming.place if upcoming else "",
        )
    # The chair's item counts only for the meeting it was recorded in.
    section = state.section if state.meeting_id == meeting_id and state.section else "opening"
    rows = attendance(db, meeting_id)
    view = ProjectorView(
        state=ITEM,
        neighbourhood=name,
        meeting_starts_at=starts_at,
        meeting_place=place,
        section=section,
        quorum=quorum(db, meeting_id),
        apologies=sum(1 for r in rows if r.status == AttendanceStatus.APOLOGIES.value),
    )
    vote = _meeting_vote(db, meeting_id)
    if vote is not None and vote.status == VoteStatus.OPEN.value:
        count = BallotCount(
            title=vote.title,
            secret=vote.secret,
            cast=vote.ballots,
            voters=len(voters(db, vote.id)),
        )
        return view.model_copy(update={"state": VOTE, "count": count})
    if vote is not None and section == AgendaSection.VOTE.value:
        outcome = vote_outcome(db, vote.id)
        board = ResultBoard(
            title=vote.title,
            ballots=outcome.ballots,
            winners=outcome.winners,
            lines=outcome.lines[:EXPLANATION_LINES],
            ties=[_tie_sentence(tie.rule, tie.tied) for tie in outcome.decided_ties],
        )
        return view.model_copy(update={"state": RESULT, "result": board})
    if section in PLAN_SECTIONS:
        return view.model_copy(update={"state": PLAN, **_plan(db, meeting_id)})
    notes = [n.text for n in list_notes(db, meeting_id) if n.section == section]
    return view.model_copy(update={"notes": notes})


def _tie_sentence(rule: str, tied: list[str]) -> str:
    """How a tie that touched the places was decided, in one sentence for the room."""
    names = joined_names(tied)
    if rule == "casting":
        return _("Tie between {names}: decided by the chair's casting vote.").format(names=names)
    return _("Tie between {names}: decided by lot.").format(names=names)


def _plan(db: Database, meeting_id: int) -> dict[str, object]:
    """The running top 3 and their actions, the ones agreed at this meeting first."""
    priorities = current_priorities(db)
    actions = [
        a
        for a in list_actions(db, priority_ids=[p.id for p in priorities])
        if a.status != ActionStatus.DROPPED.value
    ]
    actions.sort(key=lambda a: (a.created_in_id != meeting_id, a.priority_rank or 99))
    return {
        "priorities": [
            PriorityLine(rank=p.rank, title=p.title, success_criterion=p.success_criterion)
            for p in priorities
        ],
        "actions": [
            ActionLine(
                title=a.title,
                owner=a.owner,
                due_on=a.due_on,
                status=a.status,
                agreed_here=a.created_in_id == meeting_id,
            )
            for a in actions[:ACTIONS_SHOWN]
        ],
        "actions_more": max(0, len(actions) - ACTIONS_SHOWN),
    }
