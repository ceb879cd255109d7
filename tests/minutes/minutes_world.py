"""A small neighbourhood with two meetings, built through the services, for the minutes tests.

Meeting 1 (4 Oct 2026): attendance, two new problems referred and parked, a secret Schulze vote
on four candidates whose 3rd place is a tie decided by lot, the top 3 confirmed, actions.
Meeting 2 (1 Nov 2026): follow-ups on those actions, one priority achieved, one continued, a
new problem raised by a resident, new actions, and the minutes of meeting 1 adopted with one
correction. Meeting 3 (6 Dec 2026) is planned.

Residents: Anna de Boer and Daan Evers consented to their names in public minutes; Bram Claes,
Carla Dekker and Eva Fontein did not. Notes mention residents by name and hold contact details,
so the privacy rules have something to bite on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from buurt.db.types import clock_at
from buurt.services import Database, actions, meetings, members, priorities, problems, votes

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIRST = date(2026, 10, 4)
SECOND = date(2026, 11, 1)
THIRD = date(2026, 12, 6)
CONSENTED = ["Anna de Boer", "Daan Evers"]
NOT_CONSENTED = ["Bram Claes", "Carla Dekker", "Eva Fontein"]
RESIDENTS = CONSENTED + NOT_CONSENTED
PROFESSIONALS = {"Hanna Ilic": "Politie Rotterdam", "Ivo Jansen": "Gemeente Rotterdam"}
CONTACT = {"Bram Claes": ("bram.claes@example.nl", "06-12345678")}
CANDIDATES = [
    ("Zwerfvuil bij de containers", "Gaffelstraat"),
    ("Te hard rijden", "Kruiskade"),
    ("Hangjongeren bij het speelveld", "Josephstraat"),
    ("Graffiti op de gevels", "Adrianastraat"),
]


def at(day: date, clock: str = "19:30") -> datetime:
    moment = datetime.combine(day, time.fromisoformat(clock)).replace(tzinfo=AMSTERDAM)
    return moment.astimezone(UTC)


@dataclass
class World:
    member: dict[str, int] = field(default_factory=dict)
    organisation: dict[str, int] = field(default_factory=dict)
    problem: dict[str, int] = field(default_factory=dict)
    priority: dict[str, int] = field(default_factory=dict)
    action: dict[str, int] = field(default_factory=dict)
    meetings: list[int] = field(default_factory=list)
    vote_id: int = 0
    winners: list[str] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.meetings[0]

    @property
    def second(self) -> int:
        return self.meetings[1]

    @property
    def third(self) -> int:
        return self.meetings[2]


def _people(db: Database, world: World) -> None:
    for org in sorted(set(PROFESSIONALS.values())):
        world.organisation[org] = members.add_organisation(db, {"name": org}).id
    for name in RESIDENTS:
        record: dict[str, object] = {"name": name, "kind": "resident"}
        if name in CONSENTED:
            record["consent_public_name_on"] = date(2026, 1, 1)
        if name in CONTACT:
            record["email"], record["phone"] = CONTACT[name]
            record["consent_contact_on"] = date(2026, 1, 1)
        world.member[name] = members.add_member(db, record).id
    for name, org in PROFESSIONALS.items():
        world.member[name] = members.add_member(
            db,
            {
                "name": name,
                "kind": "professional",
                "organisation_id": world.organisation[org],
                "email": f"{name.split()[0].lower()}@example.org",
            },
        ).id


def _attend(db: Database, world: World, meeting_id: int, away: dict[str, str]) -> None:
    meetings.open_meeting(db, meeting_id)
    for name, member_id in world.member.items():
        meetings.set_attendance(db, meeting_id, member_id, away.get(name, "present"))


def _first_meeting(db: Database, world: World, period_id: int) -> None:
    start = at(FIRST)
    with clock_at(start - timedelta(days=14)):
        meeting = meetings.plan_meeting(
            db,
            {
                "starts_at": start,
                "place": "Buurthuis De Gaffel",
                "chair_id": world.member["Anna de Boer"],
                "minute_taker_id": world.member["Bram Claes"],
            },
        )
        world.meetings.append(meeting.id)
        for title, street in CANDIDATES:
            world.problem[title] = problems.add_problem(
                db, {"title": title, "street": street, "raised_by_id": world.member["Daan Evers"]}
            ).id
    minute = timedelta(minutes=1)
    with clock_at(start):
        _attend(db, world, meeting.id, {"Eva Fontein": "apologies"})
        meetings.set_guests(db, meeting.id, 2)
    with clock_at(start + minute):
        meetings.add_note(db, meeting.id, "opening", "Welkom aan twee nieuwe bewoners.")
        meetings.add_note(
            db,
            meeting.id,
            "situation",
            "Wijkagent Hanna Ilic: meer meldingen van inbraak. Bram Claes zag 's nachts "
            "scooters; bel hem op 06-12345678 of mail bram.claes@example.nl.",
        )
        meetings.add_note(db, meeting.id, "aob", "Carla vraagt naar de kerstborrel.")
        for title in world.problem:
            problems.set_problem_status(
                db, world.problem[title], "candidate", meeting_id=meeting.id
            )
        lamp = problems.add_problem(
            db,
            {
                "title": "Kapotte lantaarnpaal",
                "street": "Drievriendenstraat",
                "raised_by_id": world.member["Carla Dekker"],
                "logged_in_id": meeting.id,
            },
        )
        problems.set_problem_status(
            db,
            lamp.id,
            "referred",
            reason="Eenmalige klacht.",
            referred_to="Gemeente: melding 2026-41877",
            meeting_id=meeting.id,
        )
        dogs = problems.add_problem(
            db, {"title": "Hondenpoep op de stoep", "street": "Bloemkwekersstraat"}
        )
        problems.set_problem_status(
            db, dogs.id, "parked", reason="Eerst de nieuwe afvalbakken.", meeting_id=meeting.id
        )
    with clock_at(start + 10 * minute):
        ids = [world.problem[title] for title, _street in CANDIDATES]
        vote = votes.create_vote(
            db,
            {
                "meeting_id": meeting.id,
                "title": "Top 3 najaar",
                "problem_ids": ids,
                "secret": True,
                "seed": "oude-westen-2026",
            },
        )
        votes.open_vote(db, vote.id)
        candidate = {c.problem_id: c.id for c in vote.candidates}
        # Zwerfvuil and hard rijden clearly first and second; jongeren and graffiti tie.
        rankings = [
            [0, 1, 2, 3],
            [0, 1, 3, 2],
            [1, 0, 2, 3],
            [1, 0, 3, 2],
            [0, 1, 2, 3],
            [0, 1, 3, 2],
        ]
        for voter, ranking in zip(votes.voters(db, vote.id), rankings, strict=False):
            ranks = {candidate[ids[index]]: place for place, index in enumerate(ranking, 1)}
            votes.cast_ballot(db, vote.id, voter.member_id, ranks)
        votes.close_vote(db, vote.id)
        result = votes.vote_result(db, vote.id)
        world.vote_id = vote.id
        world.winners = list(result["winners"])
        criteria = {label: f"Klaar als {label.lower()} opgelost is." for label in world.winners}
        new = priorities.confirm_top(db, vote.id, period_id=period_id, criteria=criteria)
        world.priority = dict(zip(world.winners, new, strict=True))
    plans = [
        (0, "Extra handhaving bij de containers", "Hanna Ilic", "Politie Rotterdam", 20),
        (0, "Schoonmaakactie met bewoners", "Bram Claes", None, None),
        (1, "Snelheidsmeting op de Kruiskade", "Ivo Jansen", "Gemeente Rotterdam", 12),
        (2, "Gesprek met de groep", None, "Gemeente Rotterdam", 6),
    ]
    with clock_at(start + 20 * minute):
        for rank, title, owner, org, hours in plans:
            world.action[title] = actions.add_action(
                db,
                {
                    "title": title,
                    "priority_id": world.priority[world.winners[rank]],
                    "owner_member_id": world.member[owner] if owner else None,
                    "owner_organisation_id": world.organisation[org] if org else None,
                    "kind": "resident" if owner in RESIDENTS else "professional",
                    "due_on": FIRST + timedelta(days=21),
                    "hours": hours,
                    "created_in_id": meeting.id,
                },
            ).id
    with clock_at(start + timedelta(hours=2)):
        meetings.close_meeting(db, meeting.id)


def _second_meeting(db: Database, world: World) -> None:
    start = at(SECOND)
    with clock_at(start - timedelta(days=14)):
        meeting = meetings.plan_meeting(
            db,
            {
                "starts_at": start,
                "place": "Wijkcentrum Het Open Huis",
                "chair_id": world.member["Anna de Boer"],
                "minute_taker_id": world.member["Daan Evers"],
            },
        )
        world.meetings.append(meeting.id)
    minute = timedelta(minutes=1)
    with clock_at(start):
        _attend(db, world, meeting.id, {"Carla Dekker": "apologies", "Ivo Jansen": "absent"})
        meetings.set_guests(db, meeting.id, 1)
    with clock_at(start + minute):
        actions.report(
            db,
            world.action["Extra handhaving bij de containers"],
            "done",
            "Vier boetes; Bram Claes hielp met de controle.",
            meeting_id=meeting.id,
            reported_by_id=world.member["Hanna Ilic"],
        )
        actions.report(
            db,
            world.action["Schoonmaakactie met bewoners"],
            "done",
            "Twintig bewoners deden mee; Eva Fontein regelde de koffie.",
            meeting_id=meeting.id,
            reported_by_id=world.member["Bram Claes"],
        )
        actions.report(
            db,
            world.action["Snelheidsmeting op de Kruiskade"],
            "blocked",
            "Meetapparatuur pas in december beschikbaar.",
            meeting_id=meeting.id,
        )
        priorities.decide(
            db,
            world.priority[world.winners[0]],
            meeting.id,
            "achieved",
            note="Bij drie schouwen geen bijplaatsing meer.",
        )
        priorities.decide(db, world.priority[world.winners[1]], meeting.id, "continue")
        rats = problems.add_problem(
            db,
            {
                "title": "Ratten bij de afvalbakken",
                "street": "Gaffelstraat",
                "raised_by_id": world.member["Eva Fontein"],
                "logged_in_id": meeting.id,
            },
        )
        world.problem["Ratten bij de afvalbakken"] = rats.id
        problems.set_problem_status(db, rats.id, "candidate", meeting_id=meeting.id)
        meetings.add_note(db, meeting.id, "aob", "Daan Evers vraagt om een extra bank.")
        meetings.add_note(db, meeting.id, "closing", "Dank aan Eva voor de koffie.")
    with clock_at(start + 20 * minute):
        world.action["Rattenbestrijding"] = actions.add_action(
            db,
            {
                "title": "Rattenbestrijding aanvragen",
                "priority_id": world.priority[world.winners[1]],
                "owner_organisation_id": world.organisation["Gemeente Rotterdam"],
                "due_on": SECOND + timedelta(days=14),
                "hours": 4,
                "created_in_id": meeting.id,
            },
        ).id
    with clock_at(start + timedelta(hours=2)):
        meetings.close_meeting(db, meeting.id)


def build(db: Database, *, adopt_first: bool = True) -> World:
    """The whole world; `adopt_first`: meeting 2 adopted the minutes of meeting 1."""
    world = World()
    with clock_at(at(date(2026, 1, 1), "12:00")):
        _people(db, world)
        period_id = priorities.add_period(
            db,
            {"start_on": date(2026, 9, 1), "end_on": date(2026, 12, 31), "hours_available": 200},
        ).id
    _first_meeting(db, world, period_id)
    _second_meeting(db, world)
    with clock_at(at(SECOND, "22:00")):
        world.meetings.append(
            meetings.plan_meeting(
                db,
                {"starts_at": at(THIRD), "place": "Wijkcentrum Het Open Huis"},
            ).id
        )
    if adopt_first:
        adopt_first_minutes(db, world)
    return world


def adopt_first_minutes(db: Database, world: World) -> None:
    """Meeting 2 adopts the minutes of meeting 1, with one correction."""
    from buurt.services.minutes_approval import adopt_minutes

    with clock_at(at(SECOND, "19:40")):
        adopt_minutes(
            db,
            world.first,
            world.second,
            ["De schoonmaakactie is op 18 oktober, niet op 11 oktober."],
        )
