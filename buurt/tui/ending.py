"""Every way an app ends ends its process: quit, a closed browser tab, a stopped server, SIGTERM,
SIGHUP. Without this a browser session whose tab closed early lived on for good: the web driver
ends the app with `ExitApp` (not `App.exit`), so nothing told a worker waiting for the file to
stop, and an app whose server vanished never heard of it (its input simply ended).

`EndingWebDriver` (`buurt.tui.ending_web`) is Textual's web driver that also ends the app when
its input ends; `end_on_signals` turns SIGTERM and SIGHUP into a normal exit (the caller then
closes the file).
"""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any

from textual import messages
from textual.app import App
from textual.driver import Driver


def driver_class(app: App[Any], default: type[Driver]) -> type[Driver]:
    """`EndingWebDriver` where textual-serve asked for Textual's web driver. (Textual imports
    the web driver's module only then; a terminal's start does not load it for this.)"""
    web = sys.modules.get("textual.drivers.web_driver")
    if web is not None and default is web.WebDriver:
        from buurt.tui.ending_web import EndingWebDriver

        return EndingWebDriver
    return default


def end_on_signals(app: App[Any]) -> None:
    """SIGTERM and SIGHUP end the app like quitting does. Call it when the app is made: a
    signal may come while the app is still starting."""
    if sys.platform == "win32":
        return

    def handler(number: int, frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise SystemExit(0) from None  # not running yet: just stop (the caller closes)
        # What the web driver does on "quit" (`App.exit` while the first screen is still being
        # composed trips Textual up).
        loop.call_soon_threadsafe(app.post_message, messages.ExitApp())

    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, handler)
