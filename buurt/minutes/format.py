"""Dates and times as the minutes print them, in the document's language."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

from buurt.i18n import get_language


def _day_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def long_date(value: date | datetime | None) -> str:
    """ "zondag 8 november 2026" / "Sunday 8 November 2026"."""
    if value is None:
        return ""
    return format_date(_day_of(value), "EEEE d MMMM y", locale=get_language())


def short_date(value: date | datetime | None) -> str:
    """ "08-11-2026": how committee members here write dates, in both languages."""
    if value is None:
        return ""
    return f"{_day_of(value):%d-%m-%Y}"


def clock(value: datetime | None) -> str:
    """ "19:30" (the moment is already in local time)."""
    return "" if value is None else f"{value:%H:%M}"
