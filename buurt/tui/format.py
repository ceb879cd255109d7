"""How dates and moments are shown: Dutch style day-month-year, moments in local time."""

from __future__ import annotations

from datetime import date, datetime

from buurt.i18n import get_language

_MONTHS = {
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
_DAYS = {
    "nl": ["ma", "di", "wo", "do", "vr", "za", "zo"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}


def day(value: date) -> str:
    """12-03-2026: the way both Dutch and English committee members here write dates."""
    return f"{value:%d-%m-%Y}"


def long_day(value: date) -> str:
    """ "do 12 mrt 2026" / "Thu 12 Mar 2026"."""
    lang = get_language()
    return (
        f"{_DAYS[lang][value.weekday()]} {value.day} {_MONTHS[lang][value.month - 1]} {value.year}"
    )


def moment(value: datetime) -> str:
    """A stored (UTC) moment in the local time zone: "do 12 mrt 2026 19:30"."""
    local = value.astimezone()
    return f"{long_day(local.date())} {local:%H:%M}"
