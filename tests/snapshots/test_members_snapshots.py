"""The members screen and form on the demo neighbourhood (100x32), Dutch and English."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from settle import snap_press

from buurt.services import Database


@pytest.mark.parametrize("lang", ["nl"])  # English: same layout
def test_members_lists_residents_and_professionals_with_their_consents(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "m", "down")

    assert snap_compare(make_app(demo_db, lang), terminal_size=(100, 32), run_before=run_before)


def test_member_form_shows_a_professional_with_organisation_and_consent(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    async def run_before(pilot: Any) -> None:
        await snap_press(pilot, "m", "down", "e")

    assert snap_compare(make_app(demo_db, "en"), terminal_size=(100, 32), run_before=run_before)
