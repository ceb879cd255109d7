"""Every way a served app ends ends its process, and leaves the file closed: the browser tab
closed before the dashboard's data came (the server sends "quit"), the server gone (stdin closes),
SIGTERM, SIGHUP. Before, a worker waiting for the file kept such a process alive for good."""

from __future__ import annotations

import signal
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from projector_endings import ServedApp

LIMIT = 10  # generous: a loaded test machine; the 2 s target is measured in benchmarks/


@pytest.fixture
def served(demo_path: Path) -> Iterator[Callable[..., ServedApp]]:
    apps: list[ServedApp] = []

    def start(*words: str) -> ServedApp:
        app = ServedApp(*words, str(demo_path))
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.stop()


def _file_is_whole(path: Path) -> bool:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()


ENDINGS: dict[str, Callable[[ServedApp], None]] = {
    "tab closed (quit)": lambda app: app.send_meta({"type": "quit"}),
    "server gone (stdin closed)": lambda app: app.close_input(),
    "SIGTERM": lambda app: app.process.send_signal(signal.SIGTERM),
    "SIGHUP": lambda app: app.process.send_signal(signal.SIGHUP),
}


@pytest.mark.parametrize("ending", list(ENDINGS))
@pytest.mark.parametrize("words", [("open",)], ids=["app"])
def test_every_ending_ends_the_process_early_and_cleanly(
    served: Callable[..., ServedApp], demo_path: Path, words: tuple[str, ...], ending: str
) -> None:
    # Ended as soon as the dashboard is drawn: its data may still be on the way.
    app = served(*words)
    app.wait_shown(b"Top 3")
    ENDINGS[ending](app)
    assert app.ended_within(LIMIT) is not None, f"{ending}: the process is still running"
    assert app.process.returncode == 0, app.process.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
    assert _file_is_whole(demo_path)
