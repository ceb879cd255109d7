"""The app and the projector view in a real Chromium, served by `buurt serve`.

Without chromium or playwright these tests skip (one line says why), except under CI=true,
where they must run (`.ci/run` installs chromium; playwright is in the test extra)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_session import Terminal, app_processes, chair, launch, missing, serve, wait_until

WHY = missing()
if WHY is not None and os.environ.get("CI") != "true":
    pytest.skip(WHY, allow_module_level=True)

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

GONE = 10.0  # seconds to wait (polling) for app processes to end


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)


@pytest.fixture
def served(demo_path: Path) -> Iterator[tuple[Path, int]]:
    server, port = serve(demo_path)
    yield demo_path, port
    _stop(server)


@pytest.fixture
def projected(demo_path: Path) -> Iterator[tuple[Path, int]]:
    server, port = serve(demo_path, "--projector")
    yield demo_path, port
    _stop(server)


def _wait_gone(browser: Browser, file: Path) -> None:
    """Poll (from a page of its own: the app's page may be closed) until no app process is
    left on `file`."""
    page = browser.new_page()
    try:
        wait_until(page, lambda: not app_processes(file), "every app process ended", GONE)
    finally:
        page.close()


def test_the_dashboard_loads_and_keys_reach_the_app(
    browser: Browser, served: tuple[Path, int], tmp_path: Path
) -> None:
    file, port = served
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    terminal = Terminal(page)
    page.goto(f"http://127.0.0.1:{port}/")
    terminal.wait_for("Klaar als:")  # the top 3's success criteria: the dashboard's data
    page.screenshot(path=str(tmp_path / "dashboard.png"))
    mark = terminal.mark()
    page.focus("textarea.xterm-helper-textarea")
    page.keyboard.press("p")
    terminal.wait_for("Fietsendiefstal bij het station", since=mark)  # the problems list
    page.screenshot(path=str(tmp_path / "problems.png"))
    assert (tmp_path / "problems.png").stat().st_size > 0
    page.close()
    _wait_gone(browser, file)


def test_a_tab_closed_before_the_data_came_leaves_no_process(
    browser: Browser, served: tuple[Path, int]
) -> None:
    file, port = served
    page = browser.new_page()
    terminal = Terminal(page)
    page.goto(f"http://127.0.0.1:{port}/")
    terminal.wait_until(lambda: bool(app_processes(file)), "the tab's app process started")
    assert "Klaar als:" not in terminal.text
    page.close()
    _wait_gone(browser, file)


def test_stopping_the_server_ends_every_tab(browser: Browser, demo_path: Path) -> None:
    server, port = serve(demo_path)
    try:
        pages = [browser.new_page() for _ in range(2)]
        terminals = [Terminal(page) for page in pages]
        for page in pages:
            page.goto(f"http://127.0.0.1:{port}/")
        terminals[0].wait_until(lambda: len(app_processes(demo_path)) == 2, "two tabs running")
        terminals[1].wait_for("alleen kijken")  # the second tab is read-only and says so
    finally:
        _stop(server)
    _wait_gone(browser, demo_path)


def test_the_projector_follows_a_vote_run_by_another_process(
    browser: Browser, projected: tuple[Path, int], tmp_path: Path
) -> None:
    file, port = projected
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    terminal = Terminal(page)
    page.goto(f"http://127.0.0.1:{port}/")
    terminal.wait_for("De bijeenkomst is nog niet begonnen.")
    mark = terminal.mark()
    chair(file, "vote")
    chair(file, "cast", "3")
    terminal.wait_for("3 van 14 stemgerechtigde leden hebben gestemd", since=mark)
    page.screenshot(path=str(tmp_path / "projector-vote.png"))
    mark = terminal.mark()
    chair(file, "close")
    terminal.wait_for("3 stembiljetten geteld", since=mark)
    page.screenshot(path=str(tmp_path / "projector-result.png"))
