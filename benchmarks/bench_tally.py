"""`buurt tally` end to end, side by side with pref_voting 1.18.2 (issue 3).

Ballots: truncated random orders (impartial culture; each voter ranks a random number, 1 to all,
of the candidates in random order), written as a CSV file; 1,000 and 100,000 ballots, 10 and 30
candidates; Schulze, Borda and IRV.

* buurt: `buurt tally FILE --method M --json` in a fresh process (best of RUNS), with the
  child's peak memory (`os.wait4`'s rusage). "w/o imports" leaves out what the same process
  spends starting Python and importing the command line and `buurt.services.tally` (measured
  apart, printed once) before it reads a byte.
* pref_voting: building a `ProfileWithTies` from the same distinct ballots with their counts,
  `use_extended_strict_preference()` (buurt's truncation rule), then `beat_path`,
  `borda_for_profile_with_ties` or `instant_runoff(score_method="split")`. Its profile build
  takes minutes at 100,000 x 30, so that case is timed on the first 10,000 ballots and scaled
  by 10 (marked ~; the build is linear in the ballots) unless BENCH_FULL=1; Borda and IRV on
  100,000 ballots are not run (pref_voting's per-ballot Python loops take many minutes).
* "same": buurt's first tier (before tie-breaking) equals pref_voting's winners, on the ballots
  pref_voting counted (for the 10,000-ballot sample, buurt counts that sample too).

Targets: 100,000 x 30 Schulze under 1.0 s end to end, at least 10x faster than pref_voting,
peak memory under 200 MB.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

RUNS = 3
SIZES = [(1_000, 10), (1_000, 30), (100_000, 10), (100_000, 30)]
METHODS = ["schulze", "borda", "irv"]
SAMPLE = 10_000
FULL = os.environ.get("BENCH_FULL") == "1"
BUURT = str(Path(sys.executable).parent / "buurt")
IMPORTS = "import buurt.cli, buurt.services.tally"


def write_ballots(path: Path, ballots: int, candidates: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    names = [f"Kandidaat {i + 1:02d}" for i in range(candidates)]
    lines = [",".join(names)]
    for _ in range(ballots):
        chosen = rng.sample(range(candidates), rng.randint(1, candidates))
        cells = [""] * candidates
        for rank, c in enumerate(chosen, start=1):
            cells[c] = str(rank)
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed_child(argv: Sequence[str]) -> tuple[float, float, str]:
    """Seconds, peak memory (MB) and stdout of one child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            raise RuntimeError(err.read().decode())
        return elapsed, usage.ru_maxrss / 1024, out.read().decode()


def buurt_tally(path: Path, method: str) -> tuple[float, float, dict[str, Any]]:
    runs = [
        timed_child([BUURT, "tally", str(path), "--method", method, "--json", "--lang", "en"])
        for _ in range(RUNS)
    ]
    seconds = min(r[0] for r in runs)  # the least disturbed run: the machine is shared
    return seconds, max(r[1] for r in runs), json.loads(runs[0][2])


PREF_VOTING = """
import json, sys, time
from pref_voting.iterative_methods import instant_runoff
from pref_voting.margin_based_methods import beat_path
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.scoring_methods import borda_for_profile_with_ties
from buurt.voting.formats import read_ballots

profile = read_ballots(sys.argv[1])
method = sys.argv[2]
rankings = [{c: level for level, tier in enumerate(e.ranking, 1) for c in tier}
            for e in profile.entries]
counts = [e.count for e in profile.entries]
started = time.perf_counter()
prof = ProfileWithTies(rankings, rcounts=counts, candidates=list(range(len(profile.candidates))))
prof.use_extended_strict_preference()
if method == "schulze":
    winners = beat_path(prof)
elif method == "borda":
    winners = borda_for_profile_with_ties(prof)
else:
    winners = instant_runoff(prof, score_method="split")
seconds = time.perf_counter() - started
print(json.dumps([seconds, [profile.candidates[c] for c in winners]]))
"""


def pref_voting_count(path: Path, method: str) -> tuple[float, list[str]]:
    """Seconds for pref_voting's profile and method on the file (in a child process, so this
    one stays small and the children's memory is their own), and its winners by name."""
    _elapsed, _peak, out = timed_child([sys.executable, "-c", PREF_VOTING, str(path), method])
    seconds, winners = json.loads(out)
    return float(seconds), list(winners)


def sample_file(path: Path, folder: Path) -> Path:
    lines = path.read_text(encoding="utf-8").splitlines()
    sample = folder / f"sample-{path.name}"
    sample.write_text("\n".join(lines[: SAMPLE + 1]) + "\n", encoding="utf-8")
    return sample


def main() -> int:
    rows: list[list[str]] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        imports = min(timed_child([sys.executable, "-c", IMPORTS])[0] for _ in range(RUNS))
        print(f"starting Python and importing the command: {imports:.2f} s", flush=True)
        for ballots, candidates in SIZES:
            path = folder / f"ballots-{ballots}x{candidates}.csv"
            write_ballots(path, ballots, candidates)
            for method in METHODS:
                seconds, peak, result = buurt_tally(path, method)
                reference = "-"
                speedup = "-"
                same = "-"
                small = ballots <= 1_000
                if small or method == "schulze":
                    sampled = not small and candidates == 30 and not FULL
                    counted = sample_file(path, folder) if sampled else path
                    theirs, their_winners = pref_voting_count(counted, method)
                    ours = buurt_tally(counted, method)[2] if sampled else result
                    if sampled:
                        theirs *= ballots / SAMPLE
                    elimination_tie = any(
                        t["stage"] == "irv-elimination" and t["where"]["params"]["place"] == 1
                        for t in ours["ties"]
                    )
                    agree = sorted(ours["ranking"][0]) == sorted(their_winners)
                    same = "n/a (tie)" if elimination_tie else ("yes" if agree else "NO")
                    if same == "NO":
                        problems.append(f"{ballots}x{candidates} {method}")
                    reference = f"{'~' if sampled else ''}{theirs:.2f}"
                    speedup = f"{theirs / seconds:.0f}x"
                rows.append(
                    [
                        f"{ballots:,}",
                        str(candidates),
                        method,
                        f"{seconds:.2f}",
                        f"{seconds - imports:.2f}",
                        f"{peak:.0f}",
                        reference,
                        speedup,
                        same,
                    ]
                )
                print("  ".join(rows[-1]), flush=True)
    headers = [
        "ballots",
        "cands",
        "method",
        "buurt s",
        "w/o imports",
        "peak MB",
        "pref_voting s",
        "faster",
        "same",
    ]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    print()
    for row in [headers, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)))
    if problems:
        print("winners differ from pref_voting:", ", ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
