"""Waiting for the app in Pilot tests: for its background work and for focus, never for time.

    await settle(pilot)                          # every worker done, the screen caught up
    await settle(pilot, "problem-list")          # only these worker groups (see buurt.tui.work)
    await settle(pilot, focus="#what")           # ... and then the keyboard is in #what
    await settle(pilot, until=lambda: len(app.screen.query(".add-action")) == 3)  # a state

A service call's answer may start new calls (a saved form reloads its list): `settle` waits
until a round of waiting starts nothing new. A worker cancelled by a newer one (a stale answer)
or one that failed (the app reports it) ends the wait for that worker like any other end.
`pilot_test` runs an `async def` test (the suite has no async plugin); a snapshot test's
`run_before` uses `snap_settle`/`snap_press`, which also stop text cursors blinking and let
scrolling come to rest, so the picture is the same on every run.
Typing goes to the focused widget, so a test that types waits for focus first (`focus=`), or a
keystroke can land in the widget that had the keyboard before.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget

# Rounds of "wait for the screen" before a focus or state that never comes fails the test. A
# round is not a time: on a slow machine each round simply takes longer.
ROUNDS = 500


# Textual's Pilot gives up when a screen has not handled its pending messages within 30 s
# (WaitForScreenTimeout). On a machine loaded by several test runs at once that is no hang, only
# slow: a Pilot in these tests waits up to ten times as long before it calls it one.
_wait_for_screen = Pilot._wait_for_screen


async def _patient_wait_for_screen(self: Pilot[Any], timeout: float = 300.0) -> bool:
    return await _wait_for_screen(self, timeout)


Pilot._wait_for_screen = _patient_wait_for_screen  # type: ignore[method-assign]


def pilot_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an `async def` Pilot test in its own event loop (the suite has no async plugin),
    keeping the test's fixtures."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def _running(app: Any, groups: tuple[str, ...]) -> list[Any]:
    return [
        worker
        for worker in app.workers
        if not worker.is_finished and (not groups or worker.group in groups)
    ]


async def settle(
    pilot: Any,
    *groups: str,
    focus: str | None = None,
    until: Callable[[], bool] | None = None,
) -> None:
    """Wait until no worker of `groups` (of any group when none is named) is running and the
    screen has handled what they sent; then, with `focus`, until that widget has the keyboard,
    and with `until`, until that state is reached (e.g. the rows of a list are there)."""
    app = pilot.app
    while True:
        await pilot.pause()
        running = _running(app, groups)
        if not running:
            # Once more for what the last answers posted (a failure handed up to the app).
            await pilot.pause()
            if not _running(app, groups):
                break
            continue
        # A worker's task ends when its work and its answer are done (or it was cancelled).
        tasks = [worker._task for worker in running if worker._task is not None]
        if tasks:
            await asyncio.wait(tasks)
    if focus is not None:
        await _reach(pilot, groups, lambda: _focused(app, focus), f"{focus} to get the keyboard")
    if until is not None:
        await _reach(pilot, groups, until, "the state the test waits for")


def _focused(app: Any, selector: str) -> bool:
    focused = app.focused
    return isinstance(focused, Widget) and focused in app.screen.query(selector)


async def _reach(pilot: Any, groups: tuple[str, ...], state: Callable[[], bool], what: str) -> None:
    for _ in range(ROUNDS):
        if state():
            return
        await pilot.pause()
        if _running(pilot.app, groups):
            await settle(pilot, *groups)
    raise AssertionError(f"waited in vain for {what}\n{_where(pilot.app)}")


def record_notifications(app: Any) -> None:
    """Keep every notification's words in `app.told`: on screen a notification fades after its
    timeout, which on a loaded machine can pass before a test looks (`told(app)` reads them)."""
    app.told = []
    shown = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        app.told.append(message)
        shown(message, **kwargs)

    app.notify = notify


def told(app: Any) -> list[str]:
    """Every notification the app showed, the faded ones too (see `record_notifications`)."""
    recorded = getattr(app, "told", None)
    if recorded is not None:
        return list(recorded)
    return [str(n.message) for n in app._notifications]


def _where(app: Any) -> str:
    """What the app shows, for a test that waited in vain: the screen, the keyboard, the
    notifications and the form's messages."""
    errors = [str(w.render()) for w in app.screen.query(".field-error, #form-error") if w.display]
    return (
        f"screen {type(app.screen).__name__}, keyboard on {app.focused!r}, "
        f"notifications {told(app)}, form messages {errors}"
    )


async def snap_settle(pilot: Any) -> None:
    """Settle, then stop text cursors blinking (a snapshot would catch them on or off)."""
    await settle(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    # A field that took focus scrolls itself into view (an animation): the picture is taken
    # once every scroll has come to rest.
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def snap_press(pilot: Any, *keys: str) -> None:
    """Press keys one by one, each one's work finished, for a snapshot."""
    for key in keys:
        await pilot.press(key)
        await snap_settle(pilot)
