"""An app process as textual-serve runs it (Textual's web driver on stdin/stdout), to end it in
every way a browser session ends: the server's "quit", stdin closed, SIGTERM, SIGHUP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

STARTED = b"__GANGLION__\n"


class ServedApp:
    """`python -m buurt WORDS FILE` with the web driver; stdout is drained in a thread."""

    def __init__(self, *words: str) -> None:
        env = dict(os.environ)
        env.update(
            TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
            COLUMNS="100",
            ROWS="32",
            TEXTUAL_FPS="60",
            BUURT_SERVED="1",  # what `buurt serve` sets for its tabs
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "buurt", *words],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.output = bytearray()
        self._started = threading.Event()
        self._pause = threading.Event()  # never set
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        while chunk := self.process.stdout.read1(65536):
            self.output += chunk
            if STARTED in self.output:
                self._started.set()
        self._started.set()

    def wait_started(self, limit: float = 30) -> None:
        """Until the app has started its driver (the web driver's first line)."""
        assert self._started.wait(limit), "the app did not start"

    def wait_shown(self, text: bytes, limit: float = 30) -> None:
        """Until the app has drawn `text` (polling its output)."""
        deadline = time.monotonic() + limit
        while text not in self.output:
            assert self.process.poll() is None, "the app ended"
            assert time.monotonic() < deadline, f"{text!r} never shown"
            self._pause.wait(0.02)  # a short wait between looks, not a synchronisation

    def send_meta(self, data: dict[str, object]) -> None:
        payload = json.dumps(data).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"M" + len(payload).to_bytes(4, "big") + payload)
        self.process.stdin.flush()

    def close_input(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()

    def ended_within(self, limit: float) -> float | None:
        """Seconds until the process ended, or None if it still runs after `limit`."""
        start = time.monotonic()
        try:
            self.process.wait(limit)
        except subprocess.TimeoutExpired:
            return None
        return time.monotonic() - start

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None and not stream.closed:
                stream.close()


def wal_left(path: Path) -> bool:
    """A write-ahead log left beside the file (a connection that was not closed)."""
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0
