"""Many committees writing at once to one city database (issue 14): bounded, localhost only.

50 clients (threads, each with its own connection) in 5 neighbourhoods of demo size write for
60 s (BUURT_BENCH_SECONDS to change it): each in turn logs a problem, casts a ballot in the
neighbourhood's open vote (while it has voters left) and records a follow-up on an action.
Reported: writes per second, and p50/p95 latency per kind of write. Then the same checks as the
concurrency test: every acknowledged write is stored, and every neighbourhood's audit chain is
intact. Needs a server on 127.0.0.1 (`make bench-pg` starts a throwaway one).
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import date

from benchmarks.pg_server import scratch_database, server_url

CLIENTS = 50
NEIGHBOURHOODS = ["Oude Westen", "Crooswijk", "Delfshaven", "Feijenoord", "Charlois"]
VOTERS = 300  # per neighbourhood; ballots stop when every voter has voted
TODAY = date(2026, 11, 29)
FAILURES: list[str] = []


@dataclass
class Neighbourhood:
    name: str
    vote_id: int = 0
    candidates: list[int] = field(default_factory=list)
    voters: list[int] = field(default_factory=list)
    actions: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    problems: list[str] = field(default_factory=list)  # acknowledged
    ballots: int = 0  # acknowledged

    def next_voter(self) -> int | None:
        with self.lock:
            return self.voters.pop() if self.voters else None


def _prepare(city: str) -> list[Neighbourhood]:
    from buurt.services import open_database
    from buurt.services.actions import list_actions
    from buurt.services.demo import load_demo
    from buurt.services.members import add_member
    from buurt.services.problems import add_problem
    from buurt.services.votes import create_vote, open_vote

    prepared = []
    for name in NEIGHBOURHOODS:
        db = open_database(city, neighbourhood=name, create=True, actor="bench")
        load_demo(db, today=TODAY)
        hood = Neighbourhood(name)
        problems = [add_problem(db, {"title": f"Kandidaat {n}"}).id for n in range(3)]
        vote = create_vote(db, {"title": "Belasting", "problem_ids": problems, "seats": 1})
        hood.candidates = [c.id for c in vote.candidates]
        hood.voters = [
            add_member(db, {"name": f"Stemmer {n:04}", "kind": "resident"}).id
            for n in range(VOTERS)
        ]
        open_vote(db, vote.id, ignore_quorum=True)
        hood.vote_id = vote.id
        hood.actions = [a.id for a in list_actions(db, open_only=True)]
        db.close()
        prepared.append(hood)
    return prepared


def _client(
    city: str, hood: Neighbourhood, number: int, stop: float, times: dict[str, list[float]]
) -> None:
    from buurt.services import open_database
    from buurt.services.actions import report
    from buurt.services.problems import add_problem
    from buurt.services.votes import cast_ballot

    db = open_database(city, neighbourhood=hood.name, actor=f"client {number}", migrate=False)
    step = 0
    try:
        while time.perf_counter() < stop and not FAILURES:
            kind = ("problem", "ballot", "follow-up")[step % 3]
            step += 1
            started = time.perf_counter()
            if kind == "problem":
                title = f"Melding {number}-{step}"
                add_problem(db, {"title": title, "street": "Gaffelstraat"})
                hood.problems.append(title)
            elif kind == "ballot":
                voter = hood.next_voter()
                if voter is None:
                    continue
                ranks = {c: 1 + (i + number) % 3 for i, c in enumerate(hood.candidates)}
                cast_ballot(db, hood.vote_id, voter, ranks)
                with hood.lock:
                    hood.ballots += 1
            else:
                action = hood.actions[(number + step) % len(hood.actions)]
                report(db, action, "in_progress", f"Stand van zaken {number}-{step}")
            times[kind].append(time.perf_counter() - started)
    except Exception as error:  # reported at the end; the benchmark then fails
        FAILURES.append(f"client {number}: {type(error).__name__}: {error}")
    finally:
        db.close()


def _check(city: str, hoods: list[Neighbourhood]) -> bool:
    from buurt.services import open_database
    from buurt.services.audit import verify_chain
    from buurt.services.problems import list_problems
    from buurt.services.votes import stored_ballots

    ok = True
    for hood in hoods:
        db = open_database(city, neighbourhood=hood.name, readonly=True, migrate=False)
        stored = {p.title for p in list_problems(db)}
        lost = [t for t in hood.problems if t not in stored]
        ballots = len(stored_ballots(db, hood.vote_id))
        chain = verify_chain(db)
        db.close()
        fine = not lost and ballots == hood.ballots and chain.intact
        ok = ok and fine
        print(
            f"  {hood.name:<12} problems lost: {len(lost)}, ballots {ballots}/{hood.ballots}, "
            f"audit chain {'intact' if chain.intact else 'BROKEN'} ({chain.events} events)"
        )
    return ok


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main() -> int:
    url = server_url()
    if url is None:
        return 0
    seconds = float(os.environ.get("BUURT_BENCH_SECONDS", "60"))
    with scratch_database(url) as city:
        hoods = _prepare(city)
        times: dict[str, list[float]] = {"problem": [], "ballot": [], "follow-up": []}
        per_thread = [{k: list[float]() for k in times} for _ in range(CLIENTS)]
        stop = time.perf_counter() + seconds
        threads = [
            threading.Thread(
                target=_client, args=(city, hoods[n % len(hoods)], n, stop, per_thread[n])
            )
            for n in range(CLIENTS)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        for own in per_thread:
            for kind, values in own.items():
                times[kind].extend(values)
        total = sum(len(v) for v in times.values())
        print(
            f"{CLIENTS} clients x {len(hoods)} neighbourhoods, {elapsed:.0f} s: "
            f"{total} writes, {total / elapsed:.1f} writes/s"
        )
        everything = [t for v in times.values() for t in v]
        for kind, values in [*times.items(), ("all", everything)]:
            if values:
                print(
                    f"  {kind:<10} {len(values):>6}  p50 {statistics.median(values) * 1000:7.1f} ms"
                    f"  p95 {_percentile(values, 0.95) * 1000:7.1f} ms"
                )
        for failure in FAILURES[:5]:
            print(f"  FAILED {failure}")
        return 0 if _check(city, hoods) and not FAILURES else 1


if __name__ == "__main__":
    raise SystemExit(main())
