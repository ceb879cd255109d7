"""A small committee built through the services, for the meeting and vote tests.

Nine members (seven residents, two professionals), four candidate problems and a meeting planned
on 6 December 2026 at 19:30 (Amsterdam); `previous_cycle` adds the meeting before it, with a
counted vote, the top 3 of the current period and their actions.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from settle import pilot_test as pilot_test  # the meeting tests import these from here
from settle import settle
from settle import snap_press as snap_press
from settle import snap_settle as snap_settle

from buurt.services import Database, actions, meetings, members, priorities, problems, votes
from buurt.services.meetings import MeetingRead

# Meetings opened by these helpers open at the moment the tests' app clock says (conftest's
# DEMO_NOW), never at the wall clock: the opening time is on screen and in the minutes.
OPENED_AT = datetime(2026, 11, 29, 18, 32, tzinfo=UTC)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MEETING_DAY = date(2026, 12, 6)
RESIDENTS = ["Anna Berg", "Bram Claes", "Carla Dekker", "Daan Evers", "Eva Fontein"]
RESIDENTS += ["Fenna Groen", "Gerrit Hol"]
PROFESSIONALS = [("Hanna Ilic", "Politie"), ("Ivo Jansen", "Gemeente")]
CANDIDATES = [
    ("Zwerfvuil bij de containers", "Gaffelstraat"),
    ("Te hard rijden", "Kruiskade"),
    ("Hangjongeren bij het speelveld", "Josephstraat"),
    ("Graffiti op de gevels", "Adrianastraat"),
]


@dataclass
class Committee:
    member: dict[str, int] = field(default_factory=dict)
    organisation: dict[str, int] = field(default_factory=dict)
    problem: dict[str, int] = field(default_factory=dict)
    meeting: MeetingRead | None = None
    previous: MeetingRead | None = None
    priority: dict[str, int] = field(default_factory=dict)
    action: dict[str, int] = field(default_factory=dict)
    period_id: int | None = None

    @property
    def meeting_id(self) -> int:
        assert self.meeting is not None
        return self.meeting.id


def at(day: date, clock: str = "19:30") -> datetime:
    return (
        datetime.combine(day, time.fromisoformat(clock)).replace(tzinfo=AMSTERDAM).astimezone(UTC)
    )


def committee(db: Database, *, candidates: list[tuple[str, str]] | None = None) -> Committee:
    """The members, the candidate problems, and the meeting of 6 December (planned)."""
    world = Committee()
    for org in ("Politie", "Gemeente"):
        world.organisation[org] = members.add_organisation(db, {"name": org}).id
    for name in RESIDENTS:
        world.member[name] = members.add_member(db, {"name": name, "kind": "resident"}).id
    for name, org in PROFESSIONALS:
        world.member[name] = members.add_member(
            db,
            {"name": name, "kind": "professional", "organisation_id": world.organisation[org]},
        ).id
    for title, street in candidates if candidates is not None else CANDIDATES:
        problem = problems.add_problem(db, {"title": title, "street": street})
        problems.set_problem_status(db, problem.id, "candidate")
        world.problem[title] = problem.id
    world.meeting = meetings.plan_meeting(
        db,
        {
            "starts_at": at(MEETING_DAY),
            "place": "Buurthuis De Gaffel",
            "chair_id": world.member["Anna Berg"],
            "minute_taker_id": world.member["Bram Claes"],
        },
    )
    return world


def open_with_attendance(
    db: Database, world: Committee, *, away: dict[str, str] | None = None
) -> None:
    """Open the planned meeting with everyone present except `away` (name: status)."""
    meetings.open_meeting(db, world.meeting_id, at=OPENED_AT)
    for name, member_id in world.member.items():
        status = (away or {}).get(name, "present")
        meetings.set_attendance(db, world.meeting_id, member_id, status)


def meeting_underway(db: Database, *, previous: bool = False) -> Committee:
    """The committee (with `previous`, also the cycle before: priorities and their actions),
    and the meeting of 6 December open with everyone present."""
    world = committee(db)
    if previous:
        previous_cycle(db, world)
    open_with_attendance(db, world)
    return world


def secret_vote_open(db: Database, world: Committee, **settings: Any) -> votes.VoteRead:
    """An open secret vote "Top 3" on all of `world`'s candidate problems at its meeting (which
    is open); `settings` adds to or overrides the vote's settings."""
    vote = votes.create_vote(
        db,
        {
            "meeting_id": world.meeting_id,
            "problem_ids": list(world.problem.values()),
            "secret": True,
            "title": "Top 3",
            **settings,
        },
    )
    votes.open_vote(db, vote.id)
    return vote


@asynccontextmanager
async def meeting_mode(app: Any, size: tuple[int, int] = (100, 32)) -> AsyncIterator[Any]:
    """Run `app` (a Pilot) and go to meeting mode, its work done: `async with meeting_mode(app)
    as pilot:`."""
    async with app.run_test(size=size) as pilot:
        await press(pilot, "v")
        yield pilot


def counted_vote(
    db: Database,
    meeting_id: int,
    problem_ids: list[int],
    rankings: list[list[int | list[int]]],
    *,
    method: str = "schulze",
    seats: int = 3,
    tie_break: str = "lot",
    secret: bool = False,
) -> votes.VoteRead:
    """A vote on `problem_ids` with one ballot per ranking (positions into `problem_ids`; a
    list is a tie), cast by the present voters in name order, then closed."""
    vote = votes.create_vote(
        db,
        {
            "meeting_id": meeting_id,
            "problem_ids": problem_ids,
            "method": method,
            "seats": seats,
            "tie_break": tie_break,
            "secret": secret,
            "title": "Top 3",
        },
    )
    votes.open_vote(db, vote.id)
    candidate_of = {c.problem_id: c.id for c in vote.candidates}
    for voter, ranking in zip(votes.voters(db, vote.id), rankings, strict=False):
        ranks: dict[int, int] = {}
        for place, item in enumerate(ranking, start=1):
            for index in item if isinstance(item, list) else [item]:
                ranks[candidate_of[problem_ids[index]]] = place
        votes.cast_ballot(db, vote.id, voter.member_id, ranks)
    return votes.close_vote(db, vote.id)


def previous_cycle(db: Database, world: Committee) -> None:
    """The meeting four weeks before: a vote made three problems the priorities of the current
    period (1 Nov 2026 - 31 Jan 2027), each with actions; the meeting is closed."""
    day = MEETING_DAY - timedelta(days=28)
    world.period_id = priorities.add_period(
        db, {"start_on": date(2026, 11, 1), "end_on": date(2027, 1, 31), "hours_available": 200}
    ).id
    earlier = [
        ("Drugshandel in portieken", "Schietbaanstraat"),
        ("Foutparkeren op de stoep", "Gouvernestraat"),
        ("Kapotte straatverlichting", "Drievriendenstraat"),
    ]
    ids = []
    for title, street in earlier:
        problem = problems.add_problem(db, {"title": title, "street": street})
        problems.set_problem_status(db, problem.id, "candidate")
        world.problem[title] = problem.id
        ids.append(problem.id)
    previous = meetings.plan_meeting(
        db,
        {
            "starts_at": at(day),
            "place": "Buurthuis De Gaffel",
            "chair_id": world.member["Anna Berg"],
        },
    )
    meetings.open_meeting(db, previous.id, at=at(day))
    for member_id in world.member.values():
        meetings.set_attendance(db, previous.id, member_id, "present")
    vote = counted_vote(db, previous.id, ids, [[0, 1, 2]] * 5 + [[1, 0, 2]] * 2)
    result = votes.vote_result(db, vote.id)
    new = priorities.confirm_top(
        db,
        vote.id,
        period_id=world.period_id,
        criteria={label: f"Klaar als {label.lower()} weg is." for label in result["winners"]},
    )
    for label, priority_id in zip(result["winners"], new, strict=True):
        world.priority[label] = priority_id
    plans = [
        ("Drugshandel in portieken", "Extra surveillance in de avond", "Hanna Ilic", "Politie"),
        ("Drugshandel in portieken", "Portiekdeuren laten sluiten", None, "Gemeente"),
        ("Foutparkeren op de stoep", "Handhaving op de stoep", "Ivo Jansen", "Gemeente"),
        ("Kapotte straatverlichting", "Lantaarns laten maken", None, "Gemeente"),
    ]
    for priority, title, owner, org in plans:
        world.action[title] = actions.add_action(
            db,
            {
                "title": title,
                "priority_id": world.priority[priority],
                "owner_member_id": world.member[owner] if owner else None,
                "owner_organisation_id": world.organisation[org],
                "due_on": day + timedelta(days=21),
                "hours": 10,
                "created_in_id": previous.id,
            },
        ).id
    meetings.close_meeting(db, previous.id)
    world.previous = meetings.get_meeting(db, previous.id)


async def press(pilot: Any, *keys: str) -> None:
    """Press keys one by one, each one's work finished before the next (a key that opens a
    dialog after a service call must not let the next key reach the screen behind it)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    if not keys:
        await settle(pilot)


async def type_text(pilot: Any, text: str, *, into: str | None = None) -> None:
    """Type `text`; with `into` (a selector), first wait until that field has the keyboard, so
    no keystroke lands in the widget that had it before (a form still opening)."""
    if into is not None:
        await settle(pilot, focus=into)
    await pilot.press(*[c if c != " " else "space" for c in text])


def demo_meeting(db: Database) -> MeetingRead:
    """Open the demo's planned meeting (6 December) with everyone present."""
    planned = next(m for m in meetings.list_meetings(db) if m.status == "planned")
    meetings.open_meeting(db, planned.id, at=OPENED_AT)
    for row in meetings.attendance(db, planned.id):
        meetings.set_attendance(db, planned.id, row.member_id, "present")
    return meetings.get_meeting(db, planned.id)


# Five of the demo's candidate problems, and eleven ballots over them (positions, best first).
DEMO_CANDIDATES = [
    "Dealen in de groenstrook",
    "Onveilige oversteek voor schoolkinderen",
    "Ratten bij de afvalbakken",
    "Scooters op de stoep",
    "Speeltuin vernield",
]
DEMO_RANKINGS: list[list[int | list[int]]] = [
    [0, 1, 2, 3],
    [0, 1, 2, 3],
    [0, 1, 2, 3],
    [0, 1, 2, 3],
    [1, 2, 0],
    [1, 2, 0],
    [1, 2, 0],
    [2, 1, 3],
    [2, 1, 3],
    [3, 2],
    [4, 0],
]


def demo_vote(
    db: Database,
    *,
    method: str = "schulze",
    rankings: list[list[int | list[int]]] | None = None,
    tie_break: str = "lot",
    secret: bool = True,
) -> votes.VoteRead:
    """A counted vote at the demo's meeting of 6 December on `DEMO_CANDIDATES`."""
    meeting = demo_meeting(db)
    ids = {p.title: p.id for p in problems.list_problems(db)}
    return counted_vote(
        db,
        meeting.id,
        [ids[title] for title in DEMO_CANDIDATES],
        rankings if rankings is not None else DEMO_RANKINGS,
        method=method,
        tie_break=tie_break,
        secret=secret,
    )


def demo_open_vote(db: Database, *, secret: bool = True, double_entry: bool = False) -> int:
    """An open vote at the demo's meeting of 6 December on `DEMO_CANDIDATES` (no ballots)."""
    meeting = demo_meeting(db)
    ids = {p.title: p.id for p in problems.list_problems(db)}
    vote = votes.create_vote(
        db,
        {
            "meeting_id": meeting.id,
            "problem_ids": [ids[title] for title in DEMO_CANDIDATES],
            "secret": secret,
            "double_entry": double_entry,
            "title": "Top 3 winter",
        },
    )
    votes.open_vote(db, vote.id)
    return vote.id
