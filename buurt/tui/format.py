"""How dates and moments are shown: Dutch style day-month-year, moments in local time.

The app's short dates are CLDR's pattern "EEE d MMM y" ("do 12 mrt 2026", "Thu 12 Mar 2026").
Babel's `format_date` gives them, but loading its locale data costs more CPU than the rest of
buurt's first screen together (the dashboard shows the next meeting's date), so the two
languages' abbreviated day and month names are spelled out here; `tests/tui/test_format.py`
checks `long_day` against Babel's `format_date` on every day of several years, in both.
"""

from __future__ import annotations

from datetime import date, datetime

from buurt.i18n import get_language

# CLDR's abbreviated ("format" context) day names, Monday first, and month names, as Babel
# gives them for each of buurt's languages.
_DAYS = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def day(value: date) -> str:
    """12-03-2026: the way both Dutch and English committee members here write dates."""
    return f"{value:%d-%m-%Y}"


def long_day(value: date) -> str:
    """ "do 12 mrt 2026" / "Thu 12 Mar 2026"."""
    lang = get_language()  # one of i18n.LANGUAGES: each has its names here
    weekday, month = _DAYS[lang][value.weekday()], _MONTHS[lang][value.month - 1]
    return f"{weekday} {value.day} {month} {value.year}"


def moment(value: datetime) -> str:
    """A stored (UTC) moment in the local time zone: "do 12 mrt 2026 19:30"."""
    local = value.astimezone()
    return f"{long_day(local.date())} {local:%H:%M}"
