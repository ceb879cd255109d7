"""Helpers for the Pilot tests of the library screens (members, problems, actions, help, picker).

The suite has no async pytest plugin: `pilot_test` runs an `async def` test in its own event
loop, keeping the test's fixtures.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from settle import settle as wait


def pilot_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(app: Any, pilot: Any) -> None:
    """`settle.settle` in the (app, pilot) form these tests use."""
    await wait(pilot)
