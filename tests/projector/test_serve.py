"""`buurt serve` without a browser: the token on a non-local address (page and websocket), one
tab at a time may change the file, and bad input in one sentence with exit code 2."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from buurt.cli import run
from buurt.cli.serve import CHAIR_LOCK, app_command

# A loopback address that is not 127.0.0.1: "non-local" for buurt, reachable only from here.
OTHER_HOST = "127.0.0.2"


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@pytest.fixture
def guarded(demo_path: Path) -> Iterator[tuple[int, str]]:
    """`buurt serve` on a non-local address; yields its port and the printed token."""
    port = _free_port(OTHER_HOST)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "buurt",
            "serve",
            str(demo_path),
            "--host",
            OTHER_HOST,
            "--port",
            str(port),
            "--lang",
            "en",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.search(r"\?token=([\w-]+)", line)
        assert found, line
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection((OTHER_HOST, port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)  # a short wait between looks at the port
        yield port, found.group(1)
    finally:
        server.terminate()
        server.wait(15)


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(OTHER_HOST, port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    return connection.getresponse()


WEBSOCKET = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}


def test_a_non_local_server_needs_its_token_on_the_page_and_the_websocket(
    guarded: tuple[int, str],
) -> None:
    port, token = guarded
    assert _get(port, "/").status == 403
    assert _get(port, "/?token=wrong").status == 403
    page = _get(port, f"/?token={token}")
    assert page.status == 200
    cookie = page.getheader("Set-Cookie") or ""
    assert token in cookie
    assert "HttpOnly" in cookie
    assert _get(port, "/ws?width=80&height=24", WEBSOCKET).status == 403
    with_cookie = {**WEBSOCKET, "Cookie": f"buurt_token={token}"}
    assert _get(port, "/ws?width=80&height=24", with_cookie).status == 101


def test_a_local_server_needs_no_token(demo_path: Path) -> None:
    port = _free_port("127.0.0.1")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "buurt",
            "serve",
            str(demo_path),
            "--port",
            str(port),
            "--lang",
            "en",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert "this computer only" in line
        assert "?token=" not in line
    finally:
        server.terminate()
        server.wait(15)


def _takes_chair(lock: Path) -> subprocess.Popen[str]:
    """A process that takes the chair (or not), says which, and waits for its stdin to close."""
    code = (
        "import sys; from buurt.cli.serve import take_chair; "
        "print(take_chair(), flush=True); sys.stdin.read()"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, CHAIR_LOCK: str(lock)},
    )


def test_one_tab_at_a_time_may_change_the_file(tmp_path: Path) -> None:
    lock = tmp_path / "chair.lock"
    first = _takes_chair(lock)
    assert first.stdout is not None
    assert first.stdout.readline().strip() == "True"  # the first tab holds the chair...
    second = _takes_chair(lock)
    try:
        assert second.stdout is not None
        assert second.stdout.readline().strip() == "False"  # ...so the next one only looks
    finally:
        for process in (first, second):
            process.communicate("")
    # The first tab's process ended: the next tab may change the file again.
    third = _takes_chair(lock)
    assert third.communicate("")[0].strip() == "True"


def test_each_tab_runs_buurt_itself_not_a_shell_around_it(tmp_path: Path) -> None:
    command = app_command(tmp_path / "my file.sqlite", projector=True, lang="nl")
    assert command.startswith("exec ")
    assert "project" in command
    assert "'" in command  # the path with a space is quoted


def test_serving_a_missing_file_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["serve", str(tmp_path / "nowhere.sqlite"), "--lang", "en"]) == 2
    assert "nowhere.sqlite" in capsys.readouterr().err


def test_projecting_a_missing_file_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["project", str(tmp_path / "nowhere.sqlite"), "--lang", "en"]) == 2
    assert "nowhere.sqlite" in capsys.readouterr().err
