"""A real browser on `buurt serve`: Debian's chromium driven by Playwright.

The terminal is drawn on a canvas, so what the app shows is read from the websocket frames
(ANSI escapes stripped). Playwright's sync API delivers frames only during its own calls, so
waiting is a loop of `page.wait_for_timeout` that checks a condition each time round.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
LIMIT = 30.0  # seconds: generous, the machine is shared; speed is measured in benchmarks/
ANSI = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>]"
)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(file: Path, *extra: str) -> tuple[subprocess.Popen[bytes], int]:
    """`buurt serve FILE` on a free 127.0.0.1 port, once it accepts connections."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "buurt", "serve", str(file), "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + LIMIT
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server, port
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("buurt serve did not start") from None
            time.sleep(0.05)  # a short wait between looks at the port, not a synchronisation


def app_processes(file: Path) -> list[int]:
    """The app processes (one per browser tab) running on `file`: not the server."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        text = [w.decode(errors="replace") for w in words]
        if str(file) in text and "buurt" in text and "serve" not in text:
            found.append(int(entry.name))
    return found


def wait_until(page: Any, condition: Callable[[], bool], what: str, limit: float = LIMIT) -> float:
    """Poll (letting Playwright deliver frames) until `condition`; seconds it took."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > limit:
            raise AssertionError(f"never happened within {limit:.0f} s: {what}")
        page.wait_for_timeout(50)
    return time.monotonic() - start


class Terminal:
    """What one page's app has sent so far, as plain text."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.parts: list[str] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: Any) -> None:
        if isinstance(payload, bytes):
            payload = payload.decode("utf-8", "replace")
        self.parts.append(ANSI.sub("", payload))

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def mark(self) -> int:
        return len(self.parts)

    def since(self, mark: int) -> str:
        return "".join(self.parts[mark:])

    def wait_until(self, condition: Callable[[], bool], what: str, limit: float = LIMIT) -> float:
        return wait_until(self.page, condition, what, limit)

    def wait_for(self, text: str, since: int = 0, limit: float = LIMIT) -> float:
        return self.wait_until(lambda: text in self.since(since), repr(text), limit)


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
    )


def chair(file: Path, *step: str) -> None:
    """A second process changes the file through the services, as the chair's app would."""
    here = Path(__file__).parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(here.parent), str(here)]))
    subprocess.run(
        [sys.executable, str(here / "browser_chair.py"), str(file), *step], check=True, env=env
    )
