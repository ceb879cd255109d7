"""The actions overview, the per-organisation view and the action forms (demo, 100x32)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from settle import snap_press

from buurt.services import Database


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_actions_show_overdue_ones_in_the_warning_colour(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "a")

    assert snap_compare(make_app(demo_db, lang), terminal_size=(100, 32), run_before=run_before)


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_per_organisation_view_says_what_each_owes_and_since_when(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "a", "o")

    assert snap_compare(make_app(demo_db, lang), terminal_size=(100, 32), run_before=run_before)


def test_action_form_shows_what_who_when_and_hours(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "a", "e")

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=(100, 32), run_before=run_before)


def test_follow_up_form_shows_the_earlier_follow_ups(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "a", "f")

    assert snap_compare(make_app(demo_db, "en"), terminal_size=(100, 32), run_before=run_before)
