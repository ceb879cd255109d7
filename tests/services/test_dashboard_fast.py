"""The dashboard's plain-SQL read says exactly what the ORM services say (issue 13).

The dashboard reads with five plain statements (`buurt.services.dashboard.read_dashboard`), at
start on the file with sqlite3 and on every refresh through the open `Database`. Its rules must
stay the services' own: the current period and top 3, an action counted for its priority
unless dropped, overdue = open and due before today, the hours, the next and the latest
meeting, the problems by status and the open actions. Each case below compares the read with
what `current_period`, `current_priorities`, `list_actions`, `next_meeting`, `latest_meeting`,
`count_problems` and `count_open_actions` give: on the demo, on ten generated years, and on
hostile data (no period, no priorities, dropped, done and overdue actions, replaced
priorities, meetings past and future, today and now on a boundary, names full of markup).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from buurt.db.enums import ActionStatus, MeetingStatus, PriorityStatus
from buurt.errors import FileProblem
from buurt.services import Database, open_database
from buurt.services import dashboard as fast
from buurt.services.actions import OPEN_ACTION, count_open_actions, list_actions
from buurt.services.meetings import MeetingRead, latest_meeting, next_meeting
from buurt.services.neighbourhood import get_neighbourhood
from buurt.services.priorities import current_period, current_priorities
from buurt.services.problems import count_problems

DEMO_TODAY = date(2026, 11, 29)
DEMO_NOW = datetime(2026, 11, 29, 18, 32, tzinfo=UTC)


def _meeting(read: MeetingRead | None) -> fast.MeetingShown | None:
    if read is None:
        return None
    return fast.MeetingShown(read.id, read.kind, read.status, read.starts_at, read.place)


def by_services(db: Database, day: date, now: datetime) -> fast.Dashboard:
    """What the ORM services say the dashboard shows (the dashboard's former read)."""
    neighbourhood = get_neighbourhood(db)
    period = current_period(db, today=day)
    priorities = current_priorities(db, today=day)
    actions = list_actions(db, priority_ids=[p.id for p in priorities])
    progress = []
    for priority in priorities:
        live = [
            a
            for a in actions
            if a.priority_id == priority.id and a.status != ActionStatus.DROPPED.value
        ]
        progress.append(
            fast.PriorityProgress(
                priority=fast.PriorityShown(
                    priority.id,
                    priority.rank,
                    priority.title,
                    priority.street,
                    priority.success_criterion,
                ),
                actions=len(live),
                done=sum(1 for a in live if a.status == ActionStatus.DONE.value),
                overdue=sum(1 for a in live if a.is_overdue(day)),
                hours=sum(a.hours or 0 for a in live),
            )
        )
    overdue = list_actions(db, overdue_on=day, limit=fast.OVERDUE_SHOWN)
    assert all(a.due_on is not None and a.is_overdue(day) for a in overdue)
    return fast.Dashboard(
        neighbourhood=fast.NeighbourhoodShown(
            neighbourhood.name, neighbourhood.professional_hours, neighbourhood.theme
        ),
        period=None
        if period is None
        else fast.PeriodShown(period.id, period.start_on, period.end_on, period.hours_available),
        priorities=tuple(progress),
        overdue=tuple(
            fast.OverdueAction(
                a.id, a.title, a.owner_member, a.owner_organisation, a.due_on or date.min
            )
            for a in overdue
        ),
        overdue_total=count_open_actions(db, overdue_on=day),
        hours_committed=sum(p.hours for p in progress),
        hours_available=period.hours_available if period else neighbourhood.professional_hours,
        next_meeting=_meeting(next_meeting(db, now=now)),
        last_meeting=_meeting(latest_meeting(db)),
        problems_by_status=count_problems(db),
        open_actions=count_open_actions(db),
        today=day,
    )


def assert_same(db: Database, day: date = DEMO_TODAY, now: datetime = DEMO_NOW) -> fast.Dashboard:
    """The fast read, through the open Database and (on a file) on the file alone, equals what
    the services say; also each overdue action's owner and days late."""
    expected = by_services(db, day, now)
    found = fast.dashboard(db, today=day, now=now)
    assert found == expected
    if db.path is not None:
        assert fast.dashboard_of_file(db.path, today=day, now=now) == expected
    by_id = {a.id: a for a in list_actions(db, overdue_on=day, limit=fast.OVERDUE_SHOWN)}
    for action in found.overdue:
        assert action.owner == by_id[action.id].owner
        assert action.days_overdue(day) == by_id[action.id].days_overdue(day)
    return found


def change(db: Database, *statements: str, **params: object) -> None:
    """Hostile data written straight into the tables (what no screen would make)."""
    with db.transaction() as session:
        for statement in statements:
            session.execute(text(statement), params)


def test_the_vocabulary_spelled_in_the_sql_is_the_enums() -> None:
    assert "(" + ", ".join(f"'{s}'" for s in OPEN_ACTION) + ")" == fast._OPEN
    assert f"'{ActionStatus.DONE.value}'" == fast._DONE
    assert f"'{ActionStatus.DROPPED.value}'" == fast._DROPPED
    running = (PriorityStatus.ACTIVE.value, PriorityStatus.CONTINUED.value)
    assert "(" + ", ".join(f"'{s}'" for s in running) + ")" == fast._RUNNING
    for status in ("open", "planned", "closed"):
        assert MeetingStatus(status).value in fast._MEETINGS


def test_the_demo_shows_what_the_services_say(demo_db: Database) -> None:
    found = assert_same(demo_db)
    assert [p.priority.rank for p in found.priorities] == [1, 2, 3]
    assert found.overdue_total == len(found.overdue) == 3
    assert found.next_meeting is not None
    assert found.last_meeting is not None


@pytest.mark.parametrize(
    ("day", "now"),
    [
        (date(2000, 1, 1), datetime(2000, 1, 1, tzinfo=UTC)),  # before everything
        (date(2026, 11, 11), datetime(2026, 11, 11, 18, 30, tzinfo=UTC)),  # a period's first day
        (date(2026, 11, 10), datetime(2026, 11, 10, 23, 59, tzinfo=UTC)),  # the day before
        (date(2026, 10, 3), DEMO_NOW),  # an action's due day: not yet overdue
        (date(2026, 10, 4), DEMO_NOW),  # the day after: overdue
        (DEMO_TODAY, datetime(2026, 12, 9, 18, 30, tzinfo=UTC)),  # now = a meeting's start
        (DEMO_TODAY, datetime(2026, 12, 9, 18, 30, 0, 1, tzinfo=UTC)),  # just after it
        (date(2040, 1, 1), datetime(2040, 1, 1, tzinfo=UTC)),  # after everything
    ],
)
def test_every_day_and_moment_on_a_boundary(demo_db: Database, day: date, now: datetime) -> None:
    assert_same(demo_db, day, now)


def test_a_new_neighbourhood_has_no_period_priorities_meetings_or_problems(db: Database) -> None:
    found = assert_same(db)
    assert (found.period, found.priorities, found.next_meeting, found.last_meeting) == (
        None,
        (),
        None,
        None,
    )


def test_dropped_done_blocked_and_undated_actions(demo_db: Database) -> None:
    change(
        demo_db,
        "UPDATE action SET status = 'dropped' WHERE id = 2",  # was overdue
        "UPDATE action SET status = 'blocked', due_on = '2026-01-01' WHERE id = 1",
        "UPDATE action SET status = 'in_progress', due_on = NULL, hours = NULL WHERE id = 3",
        "UPDATE action SET status = 'done', due_on = '2025-01-01' WHERE id = 4",
        "UPDATE action SET owner_member_id = 1, owner_organisation_id = NULL WHERE id = 6",
    )
    found = assert_same(demo_db)
    assert 2 not in {a.id for a in found.overdue}


def test_no_running_priorities(demo_db: Database) -> None:
    change(demo_db, "UPDATE priority SET status = 'achieved'")
    found = assert_same(demo_db)
    assert found.priorities == ()
    assert found.hours_committed == 0


def test_replaced_and_continued_priorities(demo_db: Database) -> None:
    change(
        demo_db,
        "UPDATE priority SET status = 'dropped' WHERE rank = 1",
        "UPDATE priority SET status = 'continued' WHERE rank = 2",
    )
    found = assert_same(demo_db)
    assert [p.priority.rank for p in found.priorities] == [2, 3]


def test_no_period_then_the_neighbourhoods_hours(demo_db: Database) -> None:
    found = assert_same(demo_db, date(2001, 1, 1), datetime(2001, 1, 1, tzinfo=UTC))
    assert found.period is None
    assert found.hours_available == 200


def test_an_open_meeting_comes_before_the_planned_one(demo_db: Database) -> None:
    change(demo_db, "UPDATE meeting SET status = 'open' WHERE id = 3")
    found = assert_same(demo_db)
    assert found.next_meeting is not None
    assert found.next_meeting.status == "open"
    change(demo_db, "UPDATE meeting SET status = 'closed'")
    found = assert_same(demo_db)
    assert found.next_meeting is None


def test_more_overdue_actions_than_shown(demo_db: Database) -> None:
    # Every action overdue on one day: the shown ones follow (due day, id), the total is all.
    change(demo_db, "UPDATE action SET status = 'open', due_on = '2026-01-05'")
    for _ in range(3):
        change(
            demo_db,
            "INSERT INTO action (priority_id, problem_id, owner_member_id, owner_organisation_id,"
            " kind, title, due_on, hours, status, created_in_id, created_at, updated_at,"
            " version) SELECT priority_id, problem_id, owner_member_id, owner_organisation_id,"
            " kind, title, due_on, hours, status, created_in_id, created_at, updated_at, version"
            " FROM action",
        )
    found = assert_same(demo_db)
    assert len(found.overdue) == fast.OVERDUE_SHOWN < found.overdue_total


HOSTILE = "[bold red]Kees[/] \x1b[31m\u202e <script>x</script> 100% {name} :today"


def test_hostile_names_come_back_as_they_were_written(demo_db: Database) -> None:
    change(
        demo_db,
        "UPDATE member SET name = :hostile || id",  # names are unique
        "UPDATE organisation SET name = :hostile || id",
        "UPDATE problem SET title = :hostile || id, street = :hostile",
        "UPDATE action SET title = :hostile",
        "UPDATE priority SET success_criterion = :hostile",
        "UPDATE meeting SET place = :hostile",
        hostile=HOSTILE,
    )
    found = assert_same(demo_db)
    assert found.priorities[0].priority.title.startswith(HOSTILE)
    assert found.overdue[0].owner.startswith(HOSTILE)
    assert found.overdue[0].title == HOSTILE
    assert found.next_meeting is not None
    assert found.next_meeting.place == HOSTILE


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from benchmarks.bench_tui import build_ten_years

    path = tmp_path_factory.mktemp("big") / "ten-years.sqlite"
    build_ten_years(path)
    return path


@pytest.mark.parametrize("day", [date(2017, 6, 1), date(2026, 11, 29), date(2030, 1, 1)], ids=str)
def test_ten_generated_years(ten_years: Path, day: date) -> None:
    db = open_database(ten_years, readonly=True)
    try:
        found = assert_same(db, day, datetime.combine(day, datetime.min.time(), UTC))
    finally:
        db.close()
    assert found.open_actions > 0


def test_the_read_at_start_needs_no_orm(demo_path: Path) -> None:
    """Read on the file alone, the dashboard loads neither SQLAlchemy, SQLModel nor pydantic."""
    code = (
        "import sys\n"
        "from datetime import date, datetime, UTC\n"
        "from pathlib import Path\n"
        "from buurt.services.dashboard import dashboard_of_file\n"
        f"data = dashboard_of_file(Path({str(demo_path)!r}), today=date(2026, 11, 29),"
        " now=datetime(2026, 11, 29, 18, 32, tzinfo=UTC))\n"
        "print(len(data.priorities), sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "3 []"


def test_a_file_that_cannot_be_read_alone_is_left_to_the_opener(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    with pytest.raises(sqlite3.Error):
        fast.dashboard_of_file(missing, today=DEMO_TODAY, now=DEMO_NOW)
    assert fast.first_dashboard(missing, today=DEMO_TODAY, now=DEMO_NOW) is None
    assert not missing.exists()


def test_a_read_that_fails_is_one_sentence_and_the_first_look_steps_aside(db: Database) -> None:
    change(db, "ALTER TABLE meeting RENAME TO meeting_elsewhere")
    with pytest.raises(FileProblem) as refused:
        fast.dashboard(db, today=DEMO_TODAY, now=DEMO_NOW)
    assert "meeting" in refused.value.message
    if db.path is not None:
        assert str(db.path) in refused.value.message
        assert fast.first_dashboard(db.path, today=DEMO_TODAY, now=DEMO_NOW) is None
