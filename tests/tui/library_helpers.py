"""Helpers for the Pilot tests of the library screens (members, problems, actions, help, picker).

The suite has no async pytest plugin: `pilot_test` runs an `async def` test in its own event
loop, keeping the test's fixtures.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual.worker import WorkerCancelled, WorkerFailed


def pilot_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(app: Any, pilot: Any) -> None:
    """Let every worker finish (a debounce wait, then the service call it starts in a thread)
    and its result reach the screen. A debounce worker cancelled by a newer one is fine."""
    for _ in range(3):
        # One by one: a debounce worker cancelled by a newer one must not stop the waiting.
        for worker in list(app.workers):
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
        await pilot.pause()
