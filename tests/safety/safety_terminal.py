"""A real terminal for the crash tests: runs `buurt` in a child process on a pseudo-terminal,
types keys into it and reads the screen back through a minimal VT100 screen model (enough for
Textual, which positions the cursor and writes text; colours are ignored)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

ESCAPE = re.compile(
    r"\x1b\[(?P<params>[0-9;?<>=]*)(?P<inter>[ -/]*)(?P<final>[@-~])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[()][0-9A-Za-z]"
    r"|\x1b[=>78cDEHM]"
)


class Screen:
    """The characters on a `rows` x `columns` terminal."""

    def __init__(self, rows: int, columns: int) -> None:
        self.rows, self.columns = rows, columns
        self.grid = [[" "] * columns for _ in range(rows)]
        self.y = self.x = 0
        self.pending = ""

    def feed(self, text: str) -> None:
        text = self.pending + text
        self.pending = ""
        # Keep an escape sequence cut in half for the next chunk.
        cut = text.rfind("\x1b")
        if cut >= 0 and not ESCAPE.match(text, cut) and len(text) - cut < 64:
            text, self.pending = text[:cut], text[cut:]
        position = 0
        for match in ESCAPE.finditer(text):
            self._write(text[position : match.start()])
            if match.group("final"):
                self._control(match.group("params"), match.group("final"))
            position = match.end()
        self._write(text[position:])

    def _control(self, params: str, final: str) -> None:
        numbers = [int(p) if p.isdigit() else 0 for p in params.lstrip("?").split(";")]
        if final in "Hf":
            row = numbers[0] if numbers and numbers[0] else 1
            col = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.y, self.x = min(row, self.rows) - 1, min(col, self.columns) - 1
        elif final == "K":
            self.grid[self.y][self.x :] = [" "] * (self.columns - self.x)
        elif final == "J" and numbers and numbers[0] == 2:
            self.grid = [[" "] * self.columns for _ in range(self.rows)]

    def _write(self, text: str) -> None:
        for char in text:
            if char == "\r":
                self.x = 0
            elif char == "\n":
                self.y = min(self.y + 1, self.rows - 1)
            elif char == "\b":
                self.x = max(self.x - 1, 0)
            elif char >= " ":
                if self.x < self.columns:
                    self.grid[self.y][self.x] = char
                self.x += 1

    def text(self) -> str:
        return "\n".join("".join(row) for row in self.grid)


class Terminal:
    """`buurt ARGS` running on a pseudo-terminal of `rows` x `columns`."""

    def __init__(self, args: list[str], *, env: dict[str, str], rows: int = 32, columns: int = 100):
        self.screen = Screen(rows, columns)
        pid, fd = pty.fork()
        if pid == 0:  # the child: become buurt
            os.environ.update(env, TERM="xterm-256color", COLUMNS=str(columns), LINES=str(rows))
            os.execv(sys.executable, [sys.executable, "-m", "buurt", *args])
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        self.screen.feed(chunk.decode("utf-8", "replace"))
        return True

    def wait_for(self, *texts: str, gone: tuple[str, ...] = (), timeout: float = 30.0) -> str:
        """Read the child's output until every one of `texts` is on the screen and none of
        `gone` is (a dialog closing: the screen below it may show its change first)."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen.text()
            if all(t in shown for t in texts) and not any(t in shown for t in gone):
                return shown
            if time.monotonic() > deadline or not self._read(0.1):
                raise AssertionError(
                    f"never shown: {texts!r} without {gone!r}\n--- screen ---\n{shown}"
                )

    def press(self, *keys: str) -> None:
        codes = {
            "enter": "\r",
            "escape": "\x1b",
            "down": "\x1b[B",
            "up": "\x1b[A",
            "tab": "\t",
            "space": " ",
            "ctrl+s": "\x13",
            "f3": "\x1bOR",
        }
        for key in keys:
            os.write(self.fd, codes.get(key, key).encode())
            self._read(0)

    def kill(self) -> int:
        """SIGKILL: no clean-up, no atexit, no flushing; as when the laptop's battery dies."""
        os.kill(self.pid, signal.SIGKILL)
        _pid, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return status

    def quit(self, *, pin: str | None = None) -> None:
        """ctrl+q, then the chair's `pin` when the app asks for it (a locked booth); the app
        must end within 120 s, or the test fails (the process is killed, never waited on)."""
        os.write(self.fd, b"\x11")  # ctrl+q
        if pin is not None:
            self.wait_for("The chair's PIN")
            self.press(*pin, "enter")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self._read(0.1):
            if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                os.close(self.fd)
                return
        # The terminal may close (end of output) a moment before the process has ended (it
        # still closes its database): wait for the end itself, until the deadline.
        ended, _status = os.waitpid(self.pid, os.WNOHANG)
        if ended == 0:
            process = os.pidfd_open(self.pid)
            try:
                select.select([process], [], [], max(0.0, deadline - time.monotonic()))
            finally:
                os.close(process)
            ended, _status = os.waitpid(self.pid, os.WNOHANG)
        if ended == 0:
            shown = self.screen.text()
            self.kill()
            raise AssertionError(f"the app did not quit\n--- screen ---\n{shown}")
        os.close(self.fd)


def child_env(tmp: Path) -> dict[str, str]:
    return {"BUURT_LOG_DIR": str(tmp / "log"), "TZ": "Europe/Amsterdam"}
