"""`EndingWebDriver`: Textual's web driver that also ends the app when its input ends (see
`buurt.tui.ending`; loaded only under textual-serve, by `driver_class`)."""

from __future__ import annotations

import asyncio

from textual import messages
from textual.drivers.web_driver import WebDriver


class EndingWebDriver(WebDriver):
    """The web driver, ending the app once the server stops talking to it."""

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        finally:
            # Input ends when the server sent "quit" (the app is closing anyway) or when the
            # server went away (stdin closed): in both cases the app must end.
            loop = getattr(self._app, "_loop", None)
            if loop is not None and not loop.is_closed():
                asyncio.run_coroutine_threadsafe(self._app._post_message(messages.ExitApp()), loop)
