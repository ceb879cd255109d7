"""The app's short dates are spelled out without Babel (its locale data is the costliest part of
the first screen's start): they must read exactly as Babel's `format_date` writes them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from babel.dates import format_date

from buurt.i18n import LANGUAGES, get_language, set_language
from buurt.tui.format import long_day, moment


@pytest.fixture
def language():
    before = get_language()
    yield set_language
    set_language(before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_long_day_reads_as_babel_writes_it(language, lang: str) -> None:
    language(lang)
    first = date(2023, 1, 1)  # three years, a leap day among them
    for offset in range(3 * 366):
        value = first + timedelta(days=offset)
        assert long_day(value) == format_date(value, "EEE d MMM y", locale=lang)
    for value in (date(1, 1, 1), date(999, 9, 9), date(9999, 12, 31)):
        assert long_day(value) == format_date(value, "EEE d MMM y", locale=lang)


def test_a_moment_in_each_language(language) -> None:
    at = datetime(2026, 3, 12, 18, 30, tzinfo=UTC).astimezone()
    language("nl")
    assert moment(at) == f"do 12 mrt 2026 {at:%H:%M}"
    language("en")
    assert moment(at) == f"Thu 12 Mar 2026 {at:%H:%M}"
