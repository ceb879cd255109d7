"""The city overview over 100 neighbourhoods of demo size (issue 14).

Targets: from a folder of 100 files under 2 s; from a city database with 100 schemas under 1 s.
Best of three runs (a shared machine), in one process, as `buurt city` reads them.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from benchmarks.pg_server import scratch_database, server_url

COUNT = 100
TODAY = date(2026, 11, 29)


def _best(work: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def _files() -> float:
    from buurt.services.city import city_overview
    from buurt.services.demo import make_demo

    folder = Path(tempfile.mkdtemp(prefix="buurt-city-"))
    try:
        demo = make_demo(folder / "demo.tmp", today=TODAY)
        for n in range(COUNT):
            shutil.copyfile(demo, folder / f"buurt-{n:03}.sqlite")
        demo.unlink()
        overview = city_overview(folder, today=TODAY)
        assert len(overview.neighbourhoods) == COUNT
        assert all(n.status == "ok" for n in overview.neighbourhoods)
        return _best(lambda: city_overview(folder, today=TODAY))
    finally:
        shutil.rmtree(folder)


def _clone_schema(url: str, source: str, copies: int) -> None:
    """Copy the demo's schema `copies` times (tables and rows; enough for reading)."""
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": source}
            )
        ]
        for n in range(copies):
            schema = f"buurt_{n:03}"
            conn.execute(text(f"CREATE SCHEMA {schema}"))
            for table in tables:
                conn.execute(
                    text(
                        f'CREATE TABLE {schema}."{table}" (LIKE {source}."{table}" INCLUDING ALL);'
                        f'INSERT INTO {schema}."{table}" SELECT * FROM {source}."{table}"'
                    )
                )
    engine.dispose()


def _server(url: str) -> float:
    from buurt.services import open_database
    from buurt.services.city import city_overview
    from buurt.services.demo import load_demo

    with scratch_database(url) as city:
        db = open_database(city, neighbourhood="buurt_demo", create=True, actor="bench")
        load_demo(db, today=TODAY)
        db.close()
        _clone_schema(city, "buurt_demo", COUNT - 1)
        overview = city_overview(city, today=TODAY)
        assert len(overview.neighbourhoods) == COUNT
        assert all(n.status == "ok" for n in overview.neighbourhoods)
        return _best(lambda: city_overview(city, today=TODAY))


def main() -> int:
    files = _files()
    print(f"city overview, {COUNT} files:   {files:.2f} s (target < 2 s)")
    failed = files >= 2.0
    url = server_url()
    if url is not None:
        server = _server(url)
        print(f"city overview, {COUNT} schemas: {server:.2f} s (target < 1 s)")
        failed = failed or server >= 1.0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
