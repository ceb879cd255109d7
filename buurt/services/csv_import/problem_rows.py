"""Problems from a CSV file: title, description, category, location, source and the day
it was logged.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from buurt.db.enums import ProblemSource
from buurt.db.models import Category, Member, Problem
from buurt.i18n import _, catalog
from buurt.services import problems
from buurt.services.csv_import.report import ImportRow, _attempt, _each_row, _Run
from buurt.services.csv_import.table import RowRefused, _cells, _columns, _date, _require_column

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PROBLEM_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("titel", "title", "probleem", "problem", "onderwerp", "subject"),
    "description": ("omschrijving", "description", "beschrijving", "toelichting", "details"),
    "category": ("categorie", "category", "soort", "type"),
    "street": ("straat", "street", "straatnaam"),
    "location_detail": ("locatie", "location", "plek", "place", "waar", "where"),
    "source": ("bron", "source", "herkomst"),
    "raised_by": ("ingebrachtdoor", "raisedby", "gemelddoor", "reportedby", "door"),
    "logged_on": ("datum", "date", "gemeldop", "loggedon", "ingebrachtop", "gemeld"),
}
SOURCE_VALUES = {
    "vergadering": ProblemSource.MEETING,
    "bijeenkomst": ProblemSource.MEETING,
    "meeting": ProblemSource.MEETING,
    "bewoner": ProblemSource.RESIDENT,
    "resident": ProblemSource.RESIDENT,
    "professional": ProblemSource.PROFESSIONAL,
    "melding": ProblemSource.REPORT,
    "report": ProblemSource.REPORT,
    "enquete": ProblemSource.SURVEY,
    "enquête": ProblemSource.SURVEY,
    "survey": ProblemSource.SURVEY,
    "anders": ProblemSource.OTHER,
    "overig": ProblemSource.OTHER,
    "other": ProblemSource.OTHER,
    "": ProblemSource.OTHER,
}


# -- problems -----------------------------------------------------------------------------------


def _category_lookup(session: Session) -> dict[str, int]:
    table: dict[str, int] = {}
    dutch = catalog("nl")
    for category in session.exec(select(Category)):
        if category.id is None:
            continue
        for text in (
            category.code or "",
            category.name,
            _(category.name),
            dutch.get(category.name, ""),
        ):
            if text:
                table.setdefault(text.strip().lower(), category.id)
    return table


def _import_problems(run: _Run) -> list[str]:
    found, ignored = _columns(run.table, PROBLEM_COLUMNS)
    _require_column(run.table, found, "title", "titel/title")
    session = run.session
    categories = _category_lookup(session)
    people = {m.name.lower(): m.id for m in session.exec(select(Member)) if m.id is not None}
    existing = {
        (title.lower(), street.lower())
        for title, street in session.exec(select(Problem.title, Problem.street))
    }
    for line, cells in _each_row(run):
        label = ""
        try:
            values, headers = _cells(run.table, cells, found, line)
            label = values.get("title", "")
            if not label:
                raise RowRefused(_("the title is empty."), headers.get("title", ""))
            street = values.get("street", "")
            if (label.lower(), street.lower()) in existing:
                run.rows.append(
                    ImportRow(
                        line=line,
                        outcome="skip",
                        label=label,
                        reason=_("the same problem is already logged for this street."),
                    )
                )
                continue
            record = _problem_record(values, headers, categories, people)
        except RowRefused as refused:
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="refuse",
                    label=label,
                    column=refused.column,
                    reason=refused.reason,
                )
            )
            continue
        warnings = run.scan(label, values.get("description", ""), values.get("location_detail", ""))
        if _attempt(run, line, label, partial(problems.add_problem, run.db, record)):
            existing.add((label.lower(), street.lower()))
            run.rows.append(ImportRow(line=line, outcome="add", label=label, warnings=warnings))
        elif run.rows[-1].column:
            field_name = run.rows[-1].column
            key = {"category_id": "category", "raised_by_id": "raised_by"}.get(
                field_name, field_name
            )
            run.rows[-1] = run.rows[-1].model_copy(update={"column": headers.get(key, key)})
    return ignored


def _problem_record(
    values: dict[str, str],
    headers: dict[str, str],
    categories: dict[str, int],
    people: dict[str, int],
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "title": values["title"],
        "description": values.get("description", ""),
        "street": values.get("street", ""),
        "location_detail": values.get("location_detail", ""),
    }
    category = values.get("category", "")
    if category:
        if category.lower() not in categories:
            raise RowRefused(
                _("unknown category '{value}'.").format(value=category), headers["category"]
            )
        record["category_id"] = categories[category.lower()]
    source = values.get("source", "").lower()
    if source not in SOURCE_VALUES:
        raise RowRefused(
            _(
                "unknown source '{value}'; use bijeenkomst, bewoner, professional, melding, "
                "enquête or anders."
            ).format(value=values["source"]),
            headers["source"],
        )
    record["source"] = (
        SOURCE_VALUES[source] if "source" in values else ProblemSource.MEETING
    ).value
    raised_by = values.get("raised_by", "")
    if raised_by:
        if raised_by.lower() not in people:
            raise RowRefused(
                _("there is no member called {name}.").format(name=raised_by),
                headers["raised_by"],
            )
        record["raised_by_id"] = people[raised_by.lower()]
    logged = _date(values.get("logged_on", ""), headers.get("logged_on", ""))
    if logged is not None:
        record["logged_at"] = datetime.combine(logged, time(12), AMSTERDAM).astimezone(UTC)
    return record
