"""Periods: when a top 3 runs and how many professional hours it has."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import Field, model_validator
from sqlmodel import col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.models import Neighbourhood, Period
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.base import InputModel, ReadModel, get, parse, require


class PeriodInput(InputModel):
    start_on: date = Field(title=N_("Start"))
    end_on: date = Field(title=N_("End"))
    hours_available: int = Field(default=0, ge=0, title=N_("Professional hours available"))
    money_budget_cents: int = Field(default=0, ge=0, title=N_("Budget"))
    label: str = Field(default="", max_length=80, title=N_("Name"))

    @model_validator(mode="after")
    def _order(self) -> PeriodInput:
        if self.end_on < self.start_on:
            raise ValueError(_("A period cannot end before it starts."))
        return self


class PeriodRead(ReadModel):
    id: int
    start_on: date
    end_on: date
    hours_available: int
    money_budget_cents: int
    label: str
    closed_on: date | None = None
    closed_reason: str = ""


@retry_on_conflict
def add_period(db: Database, data: PeriodInput | dict[str, object]) -> PeriodRead:
    """Add a period; periods may not overlap."""
    values = parse(PeriodInput, data)
    with db.transaction() as session:
        overlapping = session.exec(
            select(Period)
            .where(col(Period.start_on) <= values.end_on)
            .where(col(Period.end_on) >= values.start_on)
        ).first()
        require(
            overlapping is None,
            _("This period overlaps the period {start} - {end}.").format(
                start=f"{overlapping.start_on:%d-%m-%Y}" if overlapping else "",
                end=f"{overlapping.end_on:%d-%m-%Y}" if overlapping else "",
            ),
            field="start_on",
        )
        row = Period(**values.model_dump())
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="period",
            entity_id=row.id,
            after=audit.snapshot(row),
        )
        return PeriodRead.model_validate(row)


def list_periods(db: Database) -> list[PeriodRead]:
    with db.reading() as session:
        rows = session.exec(select(Period).order_by(col(Period.start_on).desc()))
        return [PeriodRead.model_validate(r) for r in rows]


def current_period(db: Database, *, today: date | None = None) -> PeriodRead | None:
    """The period that holds today; else the latest one that started before today."""
    day = today or date.today()
    with db.reading() as session:
        row = session.exec(
            select(Period).where(col(Period.start_on) <= day).order_by(col(Period.start_on).desc())
        ).first()
        return None if row is None else PeriodRead.model_validate(row)


def _months_later(start: date, months: int) -> date:
    """The day before the same day `months` later (a period of 3 months from 1 March ends on
    31 May); a day that does not exist in the target month falls back to its last day."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = start.day
    while True:
        try:
            return date(year, month, day) - timedelta(days=1)
        except ValueError:
            day -= 1


@retry_on_conflict
def close_period(db: Database, period_id: int, *, closed_on: date, reason: str) -> PeriodRead:
    """Close a period early, on `closed_on`, with a reason: it ends the day before, so that a
    new period can start that day. Its running priorities keep running (a vote replaces them)."""
    reason = reason.strip()
    with db.transaction() as session:
        row = get(session, Period, period_id, _("period"))
        require(row.closed_on is None, _("This period is already closed."))
        require(
            reason,
            _("Say why the period {start} – {end} ends early.").format(
                start=f"{row.start_on:%d-%m-%Y}", end=f"{row.end_on:%d-%m-%Y}"
            ),
            field="close_reason",
        )
        require(
            closed_on <= row.end_on,
            _("This period already ended on {end}.").format(end=f"{row.end_on:%d-%m-%Y}"),
        )
        require(
            closed_on > row.start_on,
            _("A period cannot be closed on the day it starts; change its dates instead."),
        )
        before = audit.snapshot(row)
        row.end_on = closed_on - timedelta(days=1)
        row.closed_on = closed_on
        row.closed_reason = reason
        session.add(row)
        session.flush()
        old, new = audit.changes(before, audit.snapshot(row))
        audit.record(
            session,
            actor=db.actor,
            action="close",
            entity="period",
            entity_id=row.id,
            before=old,
            after=new,
            summary=reason,
        )
        return PeriodRead.model_validate(row)


def start_period(db: Database, start_on: date) -> PeriodRead:
    """A new period from `start_on`, as long as the neighbourhood's period length, with its
    professional hours per period."""
    with db.reading() as session:
        settings = session.exec(select(Neighbourhood)).first()
    months = settings.period_months if settings else 3
    hours = settings.professional_hours if settings else 0
    return add_period(
        db,
        {
            "start_on": start_on,
            "end_on": _months_later(start_on, months),
            "hours_available": hours,
        },
    )


def running_period(db: Database, today: date) -> PeriodRead | None:
    """The period that holds `today` (None when the last one has ended or none started)."""
    period = current_period(db, today=today)
    return period if period is not None and period.end_on >= today else None
