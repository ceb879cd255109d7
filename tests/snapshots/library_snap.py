"""Shared by the snapshot tests of the library screens: wait until the screen has its data."""

from __future__ import annotations

import contextlib
from typing import Any

from textual.worker import WorkerCancelled, WorkerFailed


async def settle(pilot: Any) -> None:
    """Let every worker (debounce, then service call) finish and the screen show the result.

    A text cursor blinks on a timer, so a snapshot would catch it on or off by chance: the
    blinking is stopped (which hides the cursor)."""
    for _ in range(3):
        # One by one: a debounce worker cancelled by a newer one must not stop the waiting.
        for worker in list(pilot.app.workers):
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
        await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


async def press(pilot: Any, *keys: str) -> None:
    """Press `keys` one by one, letting each one's work finish."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
