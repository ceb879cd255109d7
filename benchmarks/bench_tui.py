"""The app's speed as a chair feels it (issue 4).

1. Start to first painted dashboard on the demo file, against a bare Textual app started the same
   way (a fresh `python` process each time; median of several runs). Target: at most 1.5x.
2. A generated 10-year neighbourhood (5,000 problems, 250 meetings, 15,000 actions): the dashboard
   opens in under 1 s, and filtering problems takes under 100 ms a keystroke.

The big file is written with plain SQL inserts (a benchmark fixture, not a test: building it
through the services would take minutes) into a file migrated by Alembic, then read through the
services and the app exactly as a user's file would be.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

RUNS = 5

FIRST_PAINT = """
import sys
import time
from pathlib import Path
from buurt.i18n import set_language
set_language("nl")
# The command line's own path: check the file with sqlite3, paint, open the file in a thread.
from buurt.db.files import inspect_file
from buurt.tui.app import BuurtApp
from buurt.tui.screens.dashboard import DashboardScreen

path, started = Path(sys.argv[1]), float(sys.argv[2])
inspect_file(path)
mounted = DashboardScreen.on_mount
shown = DashboardScreen.show

def on_mount(self):
    mounted(self)
    self.call_after_refresh(lambda: print(f"frame {time.time() - started:.4f}", flush=True))

def show(self, data):
    shown(self, data)
    self.call_after_refresh(self.app.exit)

DashboardScreen.on_mount = on_mount
DashboardScreen.show = show

def opener():
    from buurt.services import open_database
    return open_database(path)

BuurtApp(opener=opener).run(headless=True, size=(100, 32))
"""

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Top 3")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True, size=(100, 32))
"""


def _median_run(args: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _median_paint(python: str, path: Path) -> tuple[float, float]:
    """Median seconds from process start to the first painted dashboard, and to its data."""
    frames, totals = [], []
    for _ in range(RUNS):
        started = time.time()
        run = subprocess.run(
            [python, "-c", FIRST_PAINT, str(path), repr(started)],
            check=True,
            capture_output=True,
            text=True,
        )
        totals.append(time.time() - started)
        frames.append(float(run.stdout.split("frame ")[1].split()[0]))
    return statistics.median(frames), statistics.median(totals)


def _dashboard_calls(path: Path) -> str:
    """How many connections and SQL statements one dashboard read takes (issue 13: one read
    session, no query per row)."""
    from sqlalchemy import event

    from buurt.services import open_database
    from buurt.services.dashboard import dashboard

    db = open_database(path)
    dashboard(db)
    counts = {"connect": 0, "statements": 0}

    def connected(*_args: object) -> None:
        counts["connect"] += 1

    def executed(*_args: object) -> None:
        counts["statements"] += 1

    event.listen(db.engine, "connect", connected)
    event.listen(db.engine, "before_cursor_execute", executed)
    dashboard(db)
    db.close()
    return f"{counts['connect']} / {counts['statements']}"


def build_ten_years(path: Path) -> None:
    """A neighbourhood after ten years: 5,000 problems, 250 meetings, 15,000 actions."""
    from buurt.services import open_database
    from buurt.services.neighbourhood import create_neighbourhood

    db = open_database(path, create=True)
    create_neighbourhood(db, {"name": "Tien Jaar", "professional_hours": 200})
    db.close()
    rng = random.Random(2026)
    con = sqlite3.connect(path)
    start = datetime(2016, 12, 1, 18, 30, tzinfo=UTC)

    def stamp(moment: datetime) -> str:
        return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")

    con.executemany(
        "INSERT INTO organisation (name, kind, active) VALUES (?, ?, 1)",
        [(f"Organisatie {i}", "other") for i in range(8)],
    )
    con.executemany(
        "INSERT INTO member (name, kind, role, organisation_id, function, email, phone, active,"
        " created_at) VALUES (?, ?, 'member', ?, '', '', '', 1, ?)",
        [
            (
                f"Lid {i}",
                "resident" if i < 14 else "professional",
                None if i < 14 else i % 8 + 1,
                stamp(start),
            )
            for i in range(20)
        ],
    )
    streets = [f"Straat {i}" for i in range(60)]
    words = [
        "zwerfvuil",
        "drugs",
        "hardrijden",
        "jongeren",
        "graffiti",
        "parkeren",
        "inbraak",
        "fiets",
        "overlast",
    ]
    problems = []
    for i in range(5000):
        logged = start + timedelta(days=i * 3650 // 5000)
        title = f"{rng.choice(words).capitalize()} {rng.choice(words)} {i}"
        status = rng.choice(["new", "candidate", "parked", "referred", "solved", "dropped"])
        problems.append(
            (
                title,
                "",
                rng.randint(1, 16),
                rng.choice(streets),
                "",
                "meeting",
                status,
                "",
                stamp(logged),
                stamp(logged),
            )
        )
    con.executemany(
        "INSERT INTO problem (title, description, category_id, street, location_detail, source,"
        " status, referred_to, logged_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        problems,
    )
    meetings = []
    for i in range(250):
        moment = start + timedelta(days=i * 3650 // 250)
        meetings.append((stamp(moment), "closed" if i < 249 else "planned", stamp(moment)))
    con.executemany(
        "INSERT INTO meeting (kind, status, starts_at, place, guests, minutes_state, created_at)"
        " VALUES ('regular', ?, ?, 'Buurthuis', 0, 'draft', ?)",
        [(status, when, created) for when, status, created in meetings],
    )
    con.executemany(
        "INSERT INTO attendance (meeting_id, member_id, status) VALUES (?, ?, ?)",
        [
            (m, p, rng.choice(["present", "present", "apologies", "absent"]))
            for m in range(1, 251)
            for p in range(1, 21)
        ],
    )
    periods = []
    for i in range(40):
        first = date(2016, 12, 1) + timedelta(days=i * 91)
        periods.append((first.isoformat(), (first + timedelta(days=90)).isoformat(), 200))
    con.executemany(
        "INSERT INTO period (start_on, end_on, hours_available, money_budget_cents, label)"
        " VALUES (?, ?, ?, 0, '')",
        periods,
    )
    priorities = []
    for period in range(1, 41):
        for rank in (1, 2, 3):
            status = "active" if period == 40 else rng.choice(["achieved", "dropped", "continued"])
            if period < 40 and status == "continued":
                status = "achieved"
            priorities.append(
                (
                    period,
                    (period * 3 + rank) % 5000 + 1,
                    rank,
                    "Klaar als ...",
                    status,
                    "",
                    stamp(start),
                )
            )
    con.executemany(
        "INSERT INTO priority (period_id, problem_id, rank, success_criterion, status,"
        " closed_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        priorities,
    )
    actions = []
    for i in range(15000):
        created = start + timedelta(days=i * 3650 // 15000)
        due = (created + timedelta(days=rng.randint(7, 90))).date()
        status = rng.choice(["done", "done", "done", "dropped", "open", "in_progress", "blocked"])
        actions.append(
            (
                i % 120 + 1,
                f"Actie {i}",
                rng.randint(1, 20),
                "professional",
                due.isoformat(),
                rng.randint(0, 20),
                status,
                stamp(created),
                stamp(created),
            )
        )
    con.executemany(
        "INSERT INTO action (priority_id, title, owner_member_id, kind, due_on, hours, status,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        actions,
    )
    con.executemany(
        "INSERT INTO action_update (action_id, status, note, created_at) VALUES (?, ?, ?, ?)",
        [(rng.randint(1, 15000), "in_progress", "Bezig", stamp(start)) for _ in range(20000)],
    )
    con.commit()
    con.close()


def main() -> None:
    from buurt.services import open_database
    from buurt.services.dashboard import dashboard
    from buurt.services.demo import make_demo
    from buurt.services.problems import list_problems

    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        demo = make_demo(Path(folder) / "demo.sqlite")
        big = Path(folder) / "ten-years.sqlite"
        started = time.perf_counter()
        build_ten_years(big)
        built = time.perf_counter() - started

        calls = _dashboard_calls(demo)
        bare = _median_run([python, "-c", BARE])
        frame, ours = _median_paint(python, demo)
        _frame_big, ours_big = _median_paint(python, big)

        db = open_database(big)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            data = dashboard(db, today=date(2026, 11, 29))
            times.append(time.perf_counter() - start)
        dash = statistics.median(times)
        keystrokes = []
        typed = ""
        for letter in "zwerfvuil straat 1":
            typed += letter
            start = time.perf_counter()
            rows = list_problems(db, text=typed)
            keystrokes.append((typed, time.perf_counter() - start, len(rows)))
        db.close()

    print("\n## TUI (issue 4)")
    print(f"10-year file built in {built:.1f} s (5,000 problems, 250 meetings, 15,000 actions)")
    print(f"{'measurement':<58} {'seconds':>8}")
    print(f"{'bare Textual app: start to first paint (median of 5)':<58} {bare:>8.3f}")
    print(f"{'buurt, demo file: start to first painted dashboard':<58} {frame:>8.3f}")
    print(f"{'  ratio to the bare app (target <= 1.5)':<58} {frame / bare:>8.2f}")
    print(f"{'buurt, demo file: start to dashboard with its data':<58} {ours:>8.3f}")
    print(f"{'  ratio to the bare app (target <= 2)':<58} {ours / bare:>8.2f}")
    print(f"{'demo file: dashboard connections / SQL statements':<58} {calls:>8}")
    print(f"{'buurt, 10-year file: start to painted dashboard':<58} {ours_big:>8.3f}")
    print(f"{'10-year file: dashboard service (target < 1 s)':<58} {dash:>8.3f}")
    print(f"  ({len(data.overdue)} overdue actions, {data.open_actions} open)")
    worst = max(t for _, t, _ in keystrokes)
    print(f"{'10-year file: problem filter, worst keystroke (< 0.1 s)':<58} {worst:>8.3f}")
    for typed, seconds, found in keystrokes[:4] + keystrokes[-2:]:
        print(f"    {typed!r:<24} {seconds * 1000:7.1f} ms  {found:5d} rows")


if __name__ == "__main__":
    main()
