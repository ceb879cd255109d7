"""How dates and moments are shown: Dutch style day-month-year, moments in local time."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

from buurt.i18n import get_language


def day(value: date) -> str:
    """12-03-2026: the way both Dutch and English committee members here write dates."""
    return f"{value:%d-%m-%Y}"


def long_day(value: date) -> str:
    """ "do 12 mrt 2026" / "Thu 12 Mar 2026"."""
    return format_date(value, "EEE d MMM y", locale=get_language())


def moment(value: datetime) -> str:
    """A stored (UTC) moment in the local time zone: "do 12 mrt 2026 19:30"."""
    local = value.astimezone()
    return f"{long_day(local.date())} {local:%H:%M}"
