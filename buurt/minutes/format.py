"""Dates and times as the minutes print them, in the document's language."""

from __future__ import annotations

from datetime import date, datetime

from buurt.i18n import get_language

_MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_DAYS = {
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def _day_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def long_date(value: date | datetime | None) -> str:
    """ "zondag 8 november 2026" / "Sunday 8 November 2026"."""
    if value is None:
        return ""
    day = _day_of(value)
    lang = get_language() if get_language() in _MONTHS else "en"
    return f"{_DAYS[lang][day.weekday()]} {day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def short_date(value: date | datetime | None) -> str:
    """ "08-11-2026": how committee members here write dates, in both languages."""
    if value is None:
        return ""
    return f"{_day_of(value):%d-%m-%Y}"


def clock(value: datetime | None) -> str:
    """ "19:30" (the moment is already in local time)."""
    return "" if value is None else f"{value:%H:%M}"
