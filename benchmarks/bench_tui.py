"""The app's speed as a chair feels it (issue 4).

1. Start to the dashboard showing the demo file's data (`buurt FILE`, as the console script runs
   it), against a bare Textual app's start to its first paint: each a fresh `python` process in
   a 100x32 pseudo-terminal, taken in turns, median of several runs; the ratio of the times
   (target, issue 13: at most 2x) and of the CPU seconds used by then (on a busy machine, what
   a quiet one would show). Also where the import time goes (`python -X importtime`), before
   and after the dashboard's frame painted. Only this part: `python -m benchmarks.bench_tui
   start`; `... start --against FOLDER` also measures another version's source in the same
   turns (`git archive main buurt migrations | tar -x -C FOLDER`).
   On a file at the newest schema the dashboard's first data is read with plain sqlite3
   (`services.dashboard.dashboard_of_file`) before the app loads SQLAlchemy to open the file,
   so "data" comes before any ORM import; the import breakdown shows what is left.
2. A generated 10-year neighbourhood (5,000 problems, 250 meetings, 15,000 actions): the dashboard
   opens in under 1 s, and filtering problems takes under 100 ms a keystroke.

The big file is written with plain SQL inserts (a benchmark fixture, not a test: building it
through the services would take minutes) into a file migrated by Alembic, then read through the
services and the app exactly as a user's file would be.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import random
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

RUNS = 7

# Part 1 runs each app the way a chair starts it: a fresh `python` process in a terminal (a
# pseudo-terminal of 100x32, so Textual's real driver draws, not the headless one). The child
# writes how long after the parent started it the moment came, into a report file.
REPORT = """
import sys
import time

started, report = float(sys.argv[1]), open(sys.argv[2], "w", buffering=1)


def mark(what):
    seconds, cpu = time.time() - started, time.process_time()
    report.write(f"{what} {seconds:.4f} {cpu:.4f} {','.join(sys.modules)}\\n")
"""

BARE = (
    REPORT
    + """
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Top 3")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        mark("frame")
        self.exit()


Bare().run()
"""
)

# `buurt FILE` exactly as the console script runs it (`buurt.cli.main`), with the dashboard
# screen's class patched as its module is first imported, so nothing is imported earlier than
# the command line itself imports it: "frame" when the dashboard first paints, "data" when
# the painted dashboard shows the file's data.
BUURT = (
    REPORT
    + """
import importlib.machinery


def patch(screen):
    mounted, shown = screen.on_mount, screen.show

    def on_mount(self):
        mounted(self)
        self.call_after_refresh(mark, "frame")

    def show(self, data):
        shown(self, data)
        self.call_after_refresh(mark, "data")
        self.call_after_refresh(self.app.exit)

    screen.on_mount, screen.show = on_mount, show


class PatchDashboard:
    @staticmethod
    def find_spec(name, path, target=None):
        if name != "buurt.tui.screens.dashboard":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            patch(module.DashboardScreen)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, PatchDashboard)
sys.argv = ["buurt", *sys.argv[3:]]
from buurt.cli import main

main()
"""
)


# Every app runs as an installed one does, from compiled modules (pip compiles them on install;
# `make bench` allows them too): where the environment says not to write them, buurt's own
# modules, unlike Textual's, would be compiled afresh in every run (~25 ms of CPU).
_INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _in_terminal(
    code: str, *args: str, source: Path | None = None
) -> dict[str, tuple[float, float, list[str]]]:
    """Run `python -c code` in a fresh process on a 100x32 pseudo-terminal; return the moments
    it reported: seconds after this process started it, the CPU seconds it had used by then
    (all threads), and the modules imported by then. `source`: a folder holding another
    version of the `buurt` package, run instead of this one (to compare before and after)."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.txt"
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
        env = {**_INSTALLED, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "32"}
        if source is not None:
            env["PYTHONPATH"] = str(source)
        started = time.time()
        child = subprocess.Popen(
            [sys.executable, "-c", code, repr(started), str(report), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=folder,  # not this checkout: `python -c` puts the working folder first
            start_new_session=True,
        )
        os.close(slave)

        def drain() -> None:  # the terminal's output, read so the child never blocks writing
            with contextlib.suppress(OSError):
                while os.read(master, 65536):
                    pass

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            child.wait(timeout=120)
        finally:
            if child.poll() is None:
                child.kill()
            os.close(master)
        moments = {}
        for line in report.read_text().splitlines():
            what, seconds, cpu, modules = line.split(" ", 3)
            moments[what] = (float(seconds), float(cpu), modules.split(","))
        if child.returncode != 0 or not moments:
            raise RuntimeError(f"the app ended with {child.returncode}, having reported {moments}")
        return moments


def start_to_data(path: Path, runs: int = RUNS, against: Path | None = None) -> dict[str, float]:
    """Medians over `runs` fresh processes, taken in turns so every app sees the same load:
    the bare app's start to first paint ("bare"), buurt's start to its painted dashboard
    frame ("frame") and to the dashboard showing the file's data ("data"); and the CPU seconds
    each process had used by then ("bare cpu", "frame cpu", "data cpu": on a busy machine the
    ratio of these says what a quiet one would show). With `against` (another version's
    source folder), that version's too ("old frame", "old data", ...)."""
    _in_terminal(BARE)  # once each first: the disk cache and buurt's daily backup are warm
    _in_terminal(BUURT, str(path))
    if against is not None:
        _in_terminal(BUURT, str(path), source=against)
    runs_of: dict[str, list[float]] = {}
    for _ in range(runs):
        moments = {"bare": _in_terminal(BARE)["frame"], **_in_terminal(BUURT, str(path))}
        if against is not None:
            old = _in_terminal(BUURT, str(path), source=against)
            moments.update({f"old {what}": moment for what, moment in old.items()})
        for what, (seconds, cpu, _modules) in moments.items():
            runs_of.setdefault(what, []).append(seconds)
            runs_of.setdefault(f"{what} cpu", []).append(cpu)
    return {what: statistics.median(values) for what, values in runs_of.items()}


IMPORT_ALL = """
import importlib
import sys

for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        pass  # a module that exists only as another's attribute (e.g. os.path), or `__main__`
"""


def import_breakdown(path: Path, source: Path | None = None) -> dict[str, tuple[int, int]]:
    """Where one `buurt FILE` start to data spends import time, per package: microseconds
    (CPU and disk, from `python -X importtime`) of the modules imported before the dashboard's
    frame painted, and of those imported after it, until its data showed.

    The app imports in two threads at once (the frame in the main thread, the file's layers in
    the worker), which garbles `-X importtime`'s own accounting; so the run only records which
    modules it imported by each moment, and a second fresh process imports the same modules
    in the same order, alone, under `-X importtime`."""
    moments = _in_terminal(BUURT, str(path), source=source)
    before = set(moments["frame"][2])
    every = moments["data"][2]
    timed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", IMPORT_ALL, *every],
        capture_output=True,
        text=True,
        check=True,
        env={**_INSTALLED, "PYTHONPATH": str(source or "")},
        cwd=path.parent,
    )
    per_package: dict[str, tuple[int, int]] = {}
    for line in timed.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        own, _total, name = line.removeprefix("import time:").split("|")
        name = name.strip()
        parts = name.split(".")
        package = ".".join(parts[:2] if parts[0] == "buurt" else parts[:1])
        early, late = per_package.get(package, (0, 0))
        if name in before:
            early += int(own)
        else:
            late += int(own)
        per_package[package] = (early, late)
    return per_package


def _dashboard_calls(path: Path) -> str:
    """How many connections and SQL statements one dashboard read takes on the open file
    (issue 13: one read transaction, joins instead of a query per row). The read goes through
    the engine's DB-API connection, so the statements are counted by SQLite's own trace (the
    connection's pragmas, BEGIN and ROLLBACK included)."""
    from sqlalchemy import event

    from buurt.services import open_database
    from buurt.services.dashboard import dashboard

    db = open_database(path)
    dashboard(db)
    counts = {"connect": 0, "statements": 0}

    def traced(_statement: str) -> None:
        counts["statements"] += 1

    def connected(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        counts["connect"] += 1
        dbapi_connection.set_trace_callback(traced)

    event.listen(db.engine, "connect", connected)
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
        "INSERT INTO period (start_on, end_on, hours_available, money_budget_cents, label,"
        " closed_reason) VALUES (?, ?, ?, 0, '', '')",
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


def report_start(demo: Path, big: Path | None = None, against: Path | None = None) -> None:
    """Part 1: start to data on screen, side by side with a bare Textual app, and where the
    import time goes. `against`: another version's source folder, measured in the same turns
    (before/after a change)."""
    t = start_to_data(demo, against=against)
    print(f"\n## Start to the first useful screen (median of {RUNS} fresh processes, 100x32 pty)")
    print(f"{'measurement':<56} {'seconds':>8} {'CPU s':>7}")
    rows = [("bare Textual app: start to first paint", "bare")]
    for version in ("old ", "") if against is not None else ("",):
        name = f"buurt FILE ({'before' if version else 'this version'})"
        rows += [
            (f"{name}: start to dashboard frame", f"{version}frame"),
            (f"{name}: start to dashboard data", f"{version}data"),
        ]
    for label, what in rows:
        print(f"{label:<56} {t[what]:>8.3f} {t[what + ' cpu']:>7.3f}")
        if what.endswith("data"):
            ratio, cpu_ratio = t[what] / t["bare"], t[what + " cpu"] / t["bare cpu"]
            print(f"{'  ratio data / bare app (target <= 2)':<56} {ratio:>8.2f} {cpu_ratio:>7.2f}")
    if big is not None:
        data_big = start_to_data(big, runs=3)["data"]
        print(f"{'buurt FILE, 10-year file: start to data (median of 3)':<56} {data_big:>8.3f}")
    for version in (against, None) if against is not None else (None,):
        per_package = import_breakdown(demo, source=version)
        early = sum(e for e, _l in per_package.values()) / 1000
        late = sum(lt for _e, lt in per_package.values()) / 1000
        print(
            f"\nImports of one start to data{' (before)' if version else ''} (python -X importtime,"
            " ms; before the frame paints /"
        )
        print("after it, until the data shows; the latter run in the worker, beside the painting):")
        print(f"    {'all':<28} {early:7.1f} {late:7.1f}")
        largest = sorted(per_package.items(), key=lambda item: -sum(item[1]))
        for name, (e, lt) in largest[:20]:
            print(f"    {name:<28} {e / 1000:7.1f} {lt / 1000:7.1f}")


def main() -> None:
    from buurt.services import open_database
    from buurt.services.dashboard import dashboard
    from buurt.services.demo import make_demo
    from buurt.services.problems import list_problems

    with tempfile.TemporaryDirectory() as folder:
        demo = make_demo(Path(folder) / "demo.sqlite")
        big = Path(folder) / "ten-years.sqlite"
        started = time.perf_counter()
        build_ten_years(big)
        built = time.perf_counter() - started

        calls = _dashboard_calls(demo)
        report_start(demo, big)

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

    print("\n## The dashboard and the problem filter on a big file (issue 4)")
    print(f"10-year file built in {built:.1f} s (5,000 problems, 250 meetings, 15,000 actions)")
    print(f"{'demo file: dashboard connections / SQL statements':<58} {calls:>8}")
    print(f"{'10-year file: dashboard service (target < 1 s)':<58} {dash:>8.3f}")
    print(f"  ({len(data.overdue)} overdue actions, {data.open_actions} open)")
    worst = max(t for _, t, _ in keystrokes)
    print(f"{'10-year file: problem filter, worst keystroke (< 0.1 s)':<58} {worst:>8.3f}")
    for typed, seconds, found in keystrokes[:4] + keystrokes[-2:]:
        print(f"    {typed!r:<24} {seconds * 1000:7.1f} ms  {found:5d} rows")


if __name__ == "__main__":
    # `python -m benchmarks.bench_tui start [--against FOLDER]`: only part 1, on a fresh demo
    # file (see the module's doc).
    if sys.argv[1:2] == ["start"]:
        from buurt.services.demo import make_demo

        against = Path(sys.argv[3]) if sys.argv[2:3] == ["--against"] else None
        with tempfile.TemporaryDirectory() as folder:
            report_start(make_demo(Path(folder) / "demo.sqlite"), against=against)
    else:
        main()
