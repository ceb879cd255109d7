"""Shared by the snapshot tests of the library screens: wait until the screen has its data."""

from __future__ import annotations

from typing import Any

from settle import settle as wait


async def settle(pilot: Any) -> None:
    """Let every worker (debounce, then service call) finish and the screen show the result.

    A text cursor blinks on a timer, so a snapshot would catch it on or off by chance: the
    blinking is stopped (which hides the cursor)."""
    await wait(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


async def press(pilot: Any, *keys: str) -> None:
    """Press `keys` one by one, letting each one's work finish."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
