"""The problems screen, the problem form with its hints, triage and the dossier (demo, 100x32)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from settle import snap_press, snap_settle

from buurt.services import Database


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_problems_lists_open_problems_newest_first(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "p")

    assert snap_compare(make_app(demo_db, lang), terminal_size=(100, 32), run_before=run_before)


def test_problems_stay_usable_at_80_by_24(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "p", "slash")
        await pilot.press(*"straat")
        await snap_settle(pilot)

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_problem_form_suggests_a_duplicate_and_warns_about_a_name(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "p", "n")
        await pilot.press(*"Zwerfvuil bij containers, zegt Henk de Vries")
        await snap_settle(pilot)

    assert snap_compare(make_app(demo_db, lang), terminal_size=(100, 32), run_before=run_before)


def test_triage_asks_for_the_new_status_and_a_reason(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "p", "t")

    assert snap_compare(make_app(demo_db, "nl"), terminal_size=(100, 32), run_before=run_before)


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_dossier_tells_a_candidate_problems_story(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    # Not a priority: the reason the vote service writes for a new priority is stored in the
    # language the demo file happened to be made in, which differs between test processes.
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "p", "slash")
        await pilot.press(*"rijden kruiskade")
        await snap_settle(pilot)
        await snap_press(pilot, "enter", "enter")

    assert snap_compare(make_app(demo_db, lang), terminal_size=(100, 32), run_before=run_before)
