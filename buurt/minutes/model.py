"""The minutes of a meeting as data: what every format (Markdown, HTML, DOCX, PDF) is made from.

`buurt.services.minutes` builds these models from the database; `buurt.minutes.render` turns
them into documents. Everything a reader sees is already decided here: names are the names to
print (a resident may already be "Bewoner 3"), stored values come with their translated label,
and no contact details are ever part of a model. Dates and moments stay typed: the renderer
formats them in the document's language.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DocumentKind(StrEnum):
    """The documents made from a meeting's record."""

    MINUTES = "minutes"
    ACTIONS = "actions"
    SUMMARY = "summary"


class Part(BaseModel):
    model_config = ConfigDict(frozen=True)


class Header(Part):
    """Who met, where and when."""

    neighbourhood: str
    municipality: str = ""
    meeting_id: int
    starts_at: datetime
    place: str = ""
    kind_label: str = ""
    chair: str = ""
    minute_taker: str = ""
    opened_at: datetime | None = None
    closed_at: datetime | None = None


class Approval(Part):
    """Draft until the next meeting adopts the minutes; `amendments` are the corrections made
    then."""

    state: str = "draft"
    adopted_on: date | None = None
    adopted_in_date: date | None = None
    amendments: list[str] = Field(default_factory=list)

    @property
    def adopted(self) -> bool:
        return self.state == "adopted"


class Attendance(Part):
    present_residents: list[str] = Field(default_factory=list)
    present_professionals: list[str] = Field(default_factory=list)
    apologies: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    guests: int = 0
    quorum_present: int = 0
    quorum_members: int = 0
    quorum_required: int = 0

    @property
    def present(self) -> int:
        return len(self.present_residents) + len(self.present_professionals)

    @property
    def quorum_met(self) -> bool:
        return self.quorum_present >= self.quorum_required


class PreviousMinutes(Part):
    """The minutes of the meeting before this one, as this meeting dealt with them."""

    meeting_date: date
    state: str
    adopted_here: bool = False
    amendments: list[str] = Field(default_factory=list)


class FollowUp(Part):
    """One action's follow-up (terugkoppeling) at this meeting."""

    action: str
    owner: str
    status: str
    status_label: str
    note: str = ""
    reported_by: str = ""


class PriorityFollowUp(Part):
    """One priority at the follow-up: its actions' reports and the committee's decision."""

    rank: int
    title: str
    street: str = ""
    criterion: str = ""
    follow_ups: list[FollowUp] = Field(default_factory=list)
    decision: str = ""
    decision_label: str = ""
    decision_note: str = ""


class ProblemLine(Part):
    """A problem as the minutes mention it: added, referred, parked or closed."""

    title: str
    street: str = ""
    category: str = ""
    raised_by: str = ""
    status: str = ""
    status_label: str = ""
    note: str = ""


class Place(Part):
    """One tier of a vote's order: a place and the candidates on it (more than one: a tie)."""

    place: int
    names: list[str]
    score: str = ""


class TieNote(Part):
    """A tie and how it was decided."""

    tied: list[str]
    rule: str
    rule_label: str
    where: str = ""
    seed: str = ""
    order: list[str] = Field(default_factory=list)


class VoteRecord(Part):
    """A counted vote, in words anyone can check."""

    title: str
    method: str
    method_label: str
    method_text: str
    seats: int
    ballots: int
    secret: bool
    paper: bool = False
    balance_groups: bool
    eligibility_label: str = ""
    quorum_present: int | None = None
    quorum_members: int | None = None
    quorum_required: int | None = None
    order: list[Place] = Field(default_factory=list)
    score_label: str = ""
    matrix_names: list[str] = Field(default_factory=list)
    matrix: list[list[str]] = Field(default_factory=list)
    summary: list[str] = Field(default_factory=list)
    ties: list[TieNote] = Field(default_factory=list)
    winners: list[str] = Field(default_factory=list)
    digest: str = ""
    engine_version: str = ""
    status: str = ""
    status_label: str = ""

    @property
    def quorum(self) -> str:
        """ "9/14": members present of the members counted when the vote opened."""
        if self.quorum_present is None or self.quorum_members is None:
            return ""
        return f"{self.quorum_present}/{self.quorum_members}"


class TopItem(Part):
    """One of the top 3."""

    rank: int
    title: str
    street: str = ""
    criterion: str = ""
    status: str = ""
    status_label: str = ""


class ActionLine(Part):
    """An action: what, who, by when."""

    title: str
    owner: str
    kind_label: str = ""
    due_on: date | None = None
    hours: int | None = None
    status: str = ""
    status_label: str = ""
    priority_rank: int | None = None
    priority: str = ""
    # The action's priority is no longer running (achieved, dropped, replaced): its rank may
    # have gone to a new priority, so its actions are listed under its title, not its number.
    priority_closed: bool = False
    overdue: bool = False
    last_note: str = ""

    @property
    def rank_group(self) -> tuple[int, int, str]:
        """The group an action is listed in: the running priorities by rank, then each earlier
        priority by title, then the actions without a priority (a rank of None cannot be
        sorted against another None)."""
        if self.priority_rank is None:
            return (2, 0, "")
        if self.priority_closed:
            return (1, 0, self.priority)
        return (0, self.priority_rank, "")


class NextMeeting(Part):
    starts_at: datetime
    place: str = ""


class Document(Part):
    """What every document shares: its kind, language, header and whether it is public."""

    kind: DocumentKind
    language: str
    anonymised: bool
    header: Header


class Minutes(Document):
    """The minutes (verslag) of one meeting, section by section in agenda order.

    `notes` holds the chair's notes per agenda section (`AgendaSection` values as keys)."""

    kind: DocumentKind = DocumentKind.MINUTES
    approval: Approval = Field(default_factory=Approval)
    attendance: Attendance = Field(default_factory=Attendance)
    previous: PreviousMinutes | None = None
    notes: dict[str, list[str]] = Field(default_factory=dict)
    follow_up: list[PriorityFollowUp] = Field(default_factory=list)
    other_follow_up: list[FollowUp] = Field(default_factory=list)
    problems_added: list[ProblemLine] = Field(default_factory=list)
    problems_referred: list[ProblemLine] = Field(default_factory=list)
    problems_parked: list[ProblemLine] = Field(default_factory=list)
    problems_closed: list[ProblemLine] = Field(default_factory=list)
    votes: list[VoteRecord] = Field(default_factory=list)
    top3: list[TopItem] = Field(default_factory=list)
    top3_confirmed: bool = False
    new_actions: list[ActionLine] = Field(default_factory=list)
    next_meeting: NextMeeting | None = None

    def section_notes(self, section: str) -> list[str]:
        return self.notes.get(section, [])


class ActionList(Document):
    """The open actions with owners and due dates, as of `today`."""

    kind: DocumentKind = DocumentKind.ACTIONS
    today: date
    actions: list[ActionLine] = Field(default_factory=list)
    next_meeting: NextMeeting | None = None


class Summary(Document):
    """ "You said, we did": one public page for the wider neighbourhood."""

    kind: DocumentKind = DocumentKind.SUMMARY
    anonymised: bool = True
    top3: list[TopItem] = Field(default_factory=list)
    done: list[FollowUp] = Field(default_factory=list)
    solved: list[ProblemLine] = Field(default_factory=list)
    coming: list[ActionLine] = Field(default_factory=list)
    next_meeting: NextMeeting | None = None
    residents_present: int = 0
    guests: int = 0


AnyDocument = Minutes | ActionList | Summary
