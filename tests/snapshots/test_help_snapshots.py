"""The help screen: every key of every screen (demo, 100x32), Dutch and English."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from settle import snap_press

from buurt.services import Database


# Dutch only: the English help has the same layout (the Dutch words are the longer ones).
@pytest.mark.parametrize("lang", ["nl"])
def test_help_lists_the_keys_screen_by_screen(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "question_mark")

    assert snap_compare(make_app(demo_db, lang), terminal_size=(100, 32), run_before=run_before)
