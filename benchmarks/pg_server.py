"""The PostgreSQL server a benchmark uses: BUURT_TEST_PG_URL (`make bench-pg` starts a throwaway
one on 127.0.0.1 through .ci/with-postgres). Only a server on this machine is used."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool


def server_url() -> str | None:
    url = os.environ.get("BUURT_TEST_PG_URL", "")
    if not url:
        print("skipped: no PostgreSQL server (run `make bench-pg`, or set BUURT_TEST_PG_URL)")
        return None
    if make_url(url).host not in ("127.0.0.1", "localhost", "::1"):
        print("skipped: the benchmark only runs against a server on this machine")
        return None
    return url


@contextmanager
def scratch_database(url: str) -> Iterator[str]:
    """A new database for the benchmark, dropped afterwards."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
