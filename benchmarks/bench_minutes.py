"""How long the chair waits for the minutes of the demo's last meeting (issue 5).

Targets: Markdown and HTML under 0.3 s, DOCX and PDF under 1.5 s, each including building the
model from the database. Measured two ways, median of several runs:

* cold: in a fresh Python process, as `buurt minutes FILE --meeting latest --format F --out ...`
  runs it: the minutes' imports, building the model, rendering (for the PDF: loading the fonts)
  and writing the file. Opening the file, which every command pays, is shown apart ("open").
* warm: the same work again inside one process, as the TUI's export button does it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
TARGETS = {"md": 0.3, "html": 0.3, "docx": 1.5, "pdf": 1.5}

# In a fresh process: opening the file as every `buurt` command does (imports of the command
# line and the database layer, the schema check), then the minutes' own part (their imports,
# building the model, rendering, writing the file). The interpreter's start is in neither.
COLD = """
import sys, time
from pathlib import Path
started, cpu = time.perf_counter(), time.process_time()
from buurt.cli import run
from buurt.services import open_database
db = open_database(sys.argv[1])
opened, opened_cpu = time.perf_counter(), time.process_time()
from buurt.i18n import set_language
set_language("nl")
from buurt.services.minutes import export_document
export_document(db, "latest", Path(sys.argv[3]), fmt=sys.argv[2])
done, done_cpu = time.perf_counter(), time.process_time()
print(opened - started, done - opened, done_cpu - opened_cpu)
"""


def _cold(python: str, demo: Path, fmt: str, folder: Path) -> tuple[float, float, float]:
    """(opening the file, the minutes' own part, its CPU time), medians over fresh processes.

    On a shared machine the CPU time is the steadier figure: it leaves out waiting for other
    processes."""
    opening, own, cpu = [], [], []
    for run in range(RUNS):
        out = folder / f"cold-{run}.{fmt}"
        done = subprocess.run(
            [python, "-c", COLD, str(demo), fmt, str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        first, second, third = done.stdout.strip().splitlines()[-1].split()
        opening.append(float(first))
        own.append(float(second))
        cpu.append(float(third))
    return statistics.median(opening), statistics.median(own), statistics.median(cpu)


def _warm(demo: Path, fmt: str) -> float:
    from buurt.i18n import set_language
    from buurt.services import open_database
    from buurt.services.minutes import render_document

    set_language("nl")
    db = open_database(demo)
    try:
        render_document(db, "latest", fmt=fmt)  # first use: imports, fonts, templates
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            render_document(db, "latest", fmt=fmt)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        db.close()


def main() -> None:
    from buurt.services.demo import make_demo

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        demo = make_demo(folder / "demo.sqlite")
        print(f"minutes of the demo's last meeting, median of {RUNS} runs")
        print("open: opening the file in a fresh process (every buurt command pays it)")
        print("cold: then the minutes themselves (imports, model, render, write)")
        print("warm: the same again in the running app (the TUI's export button)")
        print("cpu:  the CPU time of 'cold' (steadier when the machine is busy)")
        print(f"{'format':<7}{'open':>9}{'cold':>9}{'cpu':>9}{'warm':>9}{'target':>9}")
        failed = []
        for fmt, target in TARGETS.items():
            opening, cold, cpu = _cold(sys.executable, demo, fmt, folder)
            warm = _warm(demo, fmt)
            slow = cold > target
            if slow:
                failed.append(fmt)
            mark = "  SLOW" if slow else ""
            print(
                f"{fmt:<7}{opening:>8.3f}s{cold:>8.3f}s{cpu:>8.3f}s{warm:>8.3f}s"
                f"{target:>8.1f}s{mark}"
            )
        if failed:
            print("over target (cold): " + ", ".join(failed))


if __name__ == "__main__":
    main()
