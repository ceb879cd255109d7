"""The demo neighbourhood: `fixtures/demo.yaml`, replayed through the services.

Dates in the file are days relative to `today`, so the demo always looks current. Each past
meeting is replayed at its own time (`clock_at`), so histories, follow-ups and the audit trail
carry believable dates. Everything is written in one transaction: a demo file is whole or absent.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import AgendaSection, AttendanceStatus, ProblemStatus
from buurt.db.types import clock_at
from buurt.errors import FileProblem
from buurt.i18n import _, get_language, set_language
from buurt.services import actions, meetings, members, neighbourhood, priorities, problems, votes

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def demo_source() -> Path:
    """The demo's YAML: `fixtures/` of a source checkout, or the copy inside the package."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (
        package.parent / "fixtures" / "demo.yaml",
        package / "fixtures" / "demo.yaml",
    ):
        if candidate.exists():
            return candidate
    raise FileProblem(_("The demo neighbourhood is missing from this installation."))


def make_demo(target: Path, *, today: date | None = None, source: Path | None = None) -> Path:
    """Write a fresh demo neighbourhood to `target` (which must not exist yet)."""
    if target.exists():
        raise FileProblem(
            _("{file} already exists; choose another name for the demo.").format(file=target)
        )
    with neighbourhood.new_file(target, actor="demo") as db:
        load_demo(db, today=today, source=source)
    return target


def load_demo(db: Database, *, today: date | None = None, source: Path | None = None) -> None:
    """Fill an empty, migrated database with the demo neighbourhood."""
    data: dict[str, Any] = yaml.safe_load((source or demo_source()).read_text(encoding="utf-8"))
    # Texts the services write themselves (reasons, titles) are in the neighbourhood's
    # language, whatever language the person making the demo reads.
    language = get_language()
    set_language(data["neighbourhood"].get("language", "nl"))
    try:
        _load(db, data, today or date.today())
    finally:
        set_language(language)


@retry_on_conflict
def _load(db: Database, data: dict[str, Any], base: date) -> None:

    def on(days: int, clock: str = "12:00") -> datetime:
        moment = datetime.combine(base + timedelta(days=days), time.fromisoformat(clock))
        return moment.replace(tzinfo=AMSTERDAM).astimezone(UTC)

    with db.transaction():
        with clock_at(on(-400)):
            neighbourhood.create_neighbourhood(db, data["neighbourhood"])
            organisation_ids = {
                o.name: o.id
                for o in (members.add_organisation(db, entry) for entry in data["organisations"])
            }
            member_ids: dict[str, int] = {}
            for entry in data["members"]:
                record = {
                    "name": entry["name"],
                    "kind": entry["kind"],
                    "role": entry.get("role", "member"),
                    "function": entry.get("function", ""),
                    "organisation_id": organisation_ids.get(entry.get("organisation", "")),
                    "joined_on": base - timedelta(days=400),
                }
                if "consent_contact" in entry:
                    record["consent_contact_on"] = base + timedelta(days=entry["consent_contact"])
                if "consent_public" in entry:
                    record["consent_public_name_on"] = base + timedelta(
                        days=entry["consent_public"]
                    )
                member_ids[entry["name"]] = members.add_member(db, record).id
        period_ids = []
        for entry in data["periods"]:
            with clock_at(on(entry["start"] - 7)):
                period = priorities.add_period(
                    db,
                    {
                        "start_on": base + timedelta(days=entry["start"]),
                        "end_on": base + timedelta(days=entry["end"]),
                        "hours_available": entry["hours"],
                        "label": entry.get("label", ""),
                    },
                )
            period_ids.append((period.start_on, period.id))
        categories = {c.code: c.id for c in neighbourhood.list_categories(db)}
        problem_ids: dict[str, int] = {}
        pending = sorted(data["problems"], key=lambda p: p["day"])
        meeting_list = sorted(data["meetings"], key=lambda m: m["day"])
        action_ids: dict[str, int] = {}
        priority_ids: dict[str, int] = {}
        for meeting_data in meeting_list:
            while pending and pending[0]["day"] <= meeting_data["day"]:
                entry = pending.pop(0)
                _add_problem(db, entry, on, categories, member_ids, problem_ids)
            priority_ids.update(
                _replay_meeting(
                    db,
                    meeting_data,
                    on,
                    base,
                    member_ids,
                    organisation_ids,
                    problem_ids,
                    action_ids,
                    priority_ids,
                    period_ids,
                )
            )
        for entry in pending:
            _add_problem(db, entry, on, categories, member_ids, problem_ids)
        for entry in data.get("upcoming", []):
            with clock_at(on(entry["day"] - 20)):
                meetings.plan_meeting(
                    db,
                    {
                        "starts_at": on(entry["day"], entry.get("time", "19:30")),
                        "place": entry.get("place", ""),
                        "chair_id": member_ids.get(entry.get("chair", "")),
                        "minute_taker_id": member_ids.get(entry.get("minute_taker", "")),
                    },
                )


def _add_problem(
    db: Database,
    entry: dict[str, Any],
    on: Any,
    categories: dict[str | None, int],
    member_ids: dict[str, int],
    problem_ids: dict[str, int],
) -> None:
    with clock_at(on(entry["day"], "10:00")):
        problem = problems.add_problem(
            db,
            {
                "title": entry["title"],
                "description": entry.get("description", ""),
                "street": entry.get("street", ""),
                "category_id": categories.get(entry.get("category")),
                "source": entry.get("source", "meeting"),
                "raised_by_id": member_ids.get(entry.get("raised_by", "")),
            },
        )
    problem_ids[entry["ref"]] = problem.id


def _replay_meeting(
    db: Database,
    entry: dict[str, Any],
    on: Any,
    base: date,
    member_ids: dict[str, int],
    organisation_ids: dict[str, int],
    problem_ids: dict[str, int],
    action_ids: dict[str, int],
    priority_ids: dict[str, int],
    period_ids: list[tuple[date, int]],
) -> dict[str, int]:
    starts = on(entry["day"], entry.get("time", "19:30"))
    new_priorities: dict[str, int] = {}
    with clock_at(starts - timedelta(days=21)):
        meeting = meetings.plan_meeting(
            db,
            {
                "starts_at": starts,
                "place": entry.get("place", ""),
                "chair_id": member_ids.get(entry.get("chair", "")),
                "minute_taker_id": member_ids.get(entry.get("minute_taker", "")),
            },
        )
    minute = timedelta(minutes=1)
    moment = starts
    with clock_at(moment):
        meetings.open_meeting(db, meeting.id)
        away = dict.fromkeys(entry.get("apologies", []), AttendanceStatus.APOLOGIES)
        away.update(dict.fromkeys(entry.get("absent", []), AttendanceStatus.ABSENT))
        for name, member_id in member_ids.items():
            status = away.get(name, AttendanceStatus.PRESENT)
            meetings.set_attendance(db, meeting.id, member_id, status)
        meetings.set_guests(db, meeting.id, entry.get("guests", 0))
    for section, text in entry.get("notes", {}).items():
        moment += minute
        with clock_at(moment):
            meetings.add_note(db, meeting.id, AgendaSection(section), text)
    for report in entry.get("follow_up", []):
        moment += minute
        with clock_at(moment):
            actions.report(
                db,
                action_ids[report["action"]],
                report["status"],
                report.get("note", ""),
                meeting_id=meeting.id,
                reported_by_id=member_ids.get(report.get("by", "")),
            )
    for decision in entry.get("decisions", []):
        moment += minute
        with clock_at(moment):
            priorities.decide(
                db,
                priority_ids[decision["priority"]],
                meeting.id,
                decision["decision"],
                note=decision.get("note", ""),
                new_criterion=decision.get("criterion", ""),
            )
    triage = entry.get("triage", {})
    moment += minute
    with clock_at(moment):
        for ref in triage.get("candidate", []):
            problems.set_problem_status(
                db, problem_ids[ref], ProblemStatus.CANDIDATE, meeting_id=meeting.id
            )
        for ref, reason in triage.get("parked", {}).items():
            problems.set_problem_status(
                db, problem_ids[ref], ProblemStatus.PARKED, reason=reason, meeting_id=meeting.id
            )
        for ref, to_whom in triage.get("referred", {}).items():
            problems.set_problem_status(
                db,
                problem_ids[ref],
                ProblemStatus.REFERRED,
                reason=_("One-off complaint: referred as a report (melding)."),
                referred_to=to_whom,
                meeting_id=meeting.id,
            )
    if "vote" in entry:
        moment += 10 * minute
        with clock_at(moment):
            new_priorities = _replay_vote(
                db, entry["vote"], meeting.id, member_ids, problem_ids, period_ids, starts.date()
            )
    for action in entry.get("actions", []):
        moment += minute
        with clock_at(moment):
            created = actions.add_action(
                db,
                {
                    "title": action["title"],
                    "priority_id": new_priorities.get(action.get("priority", ""))
                    or priority_ids.get(action.get("priority", "")),
                    "owner_member_id": member_ids.get(action.get("member", "")),
                    "owner_organisation_id": organisation_ids.get(action.get("organisation", "")),
                    "kind": action.get("kind", "professional"),
                    "due_on": base + timedelta(days=action["due"]) if "due" in action else None,
                    "hours": action.get("hours"),
                    "created_in_id": meeting.id,
                },
            )
            action_ids[action["title"]] = created.id
    moment += 5 * minute
    with clock_at(moment + timedelta(hours=1)):
        meetings.close_meeting(db, meeting.id)
    return new_priorities


def _replay_vote(
    db: Database,
    entry: dict[str, Any],
    meeting_id: int,
    member_ids: dict[str, int],
    problem_ids: dict[str, int],
    period_ids: list[tuple[date, int]],
    day: date,
) -> dict[str, int]:
    refs = entry["candidates"]
    vote = votes.create_vote(
        db,
        {
            "meeting_id": meeting_id,
            "title": entry.get("title", ""),
            "problem_ids": [problem_ids[r] for r in refs],
            "method": entry.get("method", "schulze"),
            "secret": entry.get("secret", False),
        },
    )
    votes.open_vote(db, vote.id)
    candidate_of = {c.problem_id: c.id for c in vote.candidates}
    voters = votes.voters(db, vote.id)
    for voter, ranking in zip(voters, entry["ballots"], strict=False):
        ranks: dict[int, int] = {}
        for position, item in enumerate(ranking, start=1):
            for ref in item if isinstance(item, list) else [item]:
                ranks[candidate_of[problem_ids[ref]]] = position
        votes.cast_ballot(db, vote.id, voter.member_id, ranks)
    counted = votes.close_vote(db, vote.id)
    result = votes.vote_result(db, counted.id)
    period_id = [pid for start, pid in period_ids if start <= day][-1]
    label_of = {c.label: c.problem_id for c in vote.candidates}
    ref_of = {problem_ids[r]: r for r in refs}
    criteria = {
        label: entry.get("criteria", {}).get(ref_of[label_of[label]], "")
        for label in result["winners"]
    }
    ids = priorities.confirm_top(db, vote.id, period_id=period_id, criteria=criteria)
    return {ref_of[label_of[label]]: pid for label, pid in zip(result["winners"], ids, strict=True)}
