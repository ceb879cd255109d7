"""The app's short dates and moments read as a Dutch or English committee member writes them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from buurt.i18n import get_language, set_language
from buurt.tui.format import moment


@pytest.fixture
def language():
    before = get_language()
    yield set_language
    set_language(before)


def test_a_moment_in_each_language(language) -> None:
    at = datetime(2026, 3, 12, 18, 30, tzinfo=UTC).astimezone()
    language("nl")
    assert moment(at) == f"do 12 mrt 2026 {at:%H:%M}"
    language("en")
    assert moment(at) == f"Thu 12 Mar 2026 {at:%H:%M}"
