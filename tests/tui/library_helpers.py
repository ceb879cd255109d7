"""Helpers for the Pilot tests of the library screens (members, problems, actions, help, picker).

The suite has no async pytest plugin: `pilot_test` runs an `async def` test in its own event
loop, keeping the test's fixtures.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any


def pilot_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(app: Any, pilot: Any) -> None:
    """Let every service call (thread worker) finish and its result reach the screen."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
