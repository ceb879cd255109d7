"""What every service shares: read models, input validation with translated sentences, lookups."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlmodel import Session, SQLModel, col, select

from buurt.errors import InputError, NotFound
from buurt.i18n import _

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T", bound=SQLModel)


class ReadModel(BaseModel):
    """A plain, frozen copy of stored data handed to screens (never a live ORM object)."""

    model_config = ConfigDict(from_attributes=True, frozen=True)


class InputModel(BaseModel):
    """Input to a service. Each field's `title` is its label in messages (English; translated)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


def _label(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    title = info.title if info is not None and info.title else name.replace("_", " ")
    return _(title)


def parse(model: type[M], data: M | dict[str, Any]) -> M:
    """Validate `data` against `model`; a problem becomes an `InputError` naming the field."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        label = _label(model, name)
        kind = first["type"]
        ctx = first.get("ctx") or {}
        if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
            message = _("{field} is required.").format(field=label)
        elif kind == "string_too_short":
            message = _("{field} is too short (at least {n} characters).").format(
                field=label, n=ctx.get("min_length")
            )
        elif kind == "string_too_long":
            message = _("{field} is too long (at most {n} characters).").format(
                field=label, n=ctx.get("max_length")
            )
        elif kind in ("int_parsing", "int_type", "int_from_float"):
            message = _("{field} must be a whole number.").format(field=label)
        elif kind in ("greater_than_equal", "greater_than"):
            message = _("{field} must be at least {n}.").format(
                field=label, n=ctx.get("ge", ctx.get("gt"))
            )
        elif kind in ("less_than_equal", "less_than"):
            message = _("{field} must be at most {n}.").format(
                field=label, n=ctx.get("le", ctx.get("lt"))
            )
        elif kind.startswith(("date", "datetime")):
            message = _("{field} is not a valid date (use dd-mm-yyyy).").format(field=label)
        elif kind in ("enum", "literal_error"):
            message = _("{field} has a value that is not allowed: {value}.").format(
                field=label, value=first.get("input")
            )
        elif kind == "extra_forbidden":
            message = _("Unknown field: {field}.").format(field=name)
        elif kind == "value_error" and "error" in ctx:
            message = str(ctx["error"])
        else:
            message = _("{field} is not valid.").format(field=label)
        raise InputError(message, field=name or None) from None


def merged_input(model: type[M], row: SQLModel, changes: dict[str, Any]) -> M:
    """`row`'s current values with `changes` on top, validated as `model` (for an edit)."""
    current = {k: v for k, v in row.model_dump().items() if k in model.model_fields}
    return parse(model, {**current, **changes})


def assign(row: SQLModel, values: BaseModel, *, exclude: set[str] | None = None) -> None:
    """Copy validated input onto a row (vocabulary values stored as their strings)."""
    for key, value in values.model_dump(mode="python", exclude=exclude).items():
        setattr(row, key, value.value if hasattr(value, "value") else value)


def require_refs(
    session: Session, values: BaseModel, refs: dict[str, tuple[type[SQLModel], str]]
) -> None:
    """Refuse input whose reference fields (field -> (table, sentence)) name no stored row;
    a field left empty is fine."""
    for field, (table, message) in refs.items():
        key = getattr(values, field)
        if key is not None:
            require(session.get(table, key) is not None, message, field=field)


def require(condition: object, message: str, *, field: str | None = None) -> None:
    """Refuse input with a translated `message` (naming `field` for the form) unless true."""
    if not condition:
        raise InputError(message, field=field)


def get(session: Session, table: type[T], key: object, what: str) -> T:
    """A row by primary key, or `NotFound` saying which `what` (translated noun) is missing."""
    row = session.get(table, key)
    if row is None:
        raise NotFound(_("There is no {what} with number {id}.").format(what=what, id=key))
    return row


def prefetch(session: Session, table: type[T], keys: Iterable[int | None]) -> dict[int, T]:
    """The rows of `table` with these primary keys, loaded in one query (per 500 keys).

    Keep the returned dict while reading: the session holds loaded rows only weakly, and as
    long as they live, the `session.get` calls that follow find them without asking again."""
    wanted = sorted({key for key in keys if key is not None})
    found: dict[int, T] = {}
    primary = getattr(table, "id")  # noqa: B009 - every table of ours has an `id` key
    for start in range(0, len(wanted), 500):
        query = select(table).where(col(primary).in_(wanted[start : start + 500]))
        found.update((row.id, row) for row in session.exec(query))  # type: ignore[attr-defined]
    return found


def parse_date(text: str) -> date:
    """A date as people type it: dd-mm-yyyy (Dutch), d-m-yyyy, dd/mm/yyyy or yyyy-mm-dd."""
    value = text.strip()
    for sep in ("-", "/", "."):
        parts = value.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            a, b, c = (int(p) for p in parts)
            if len(parts[0]) == 4:
                year, month, day = a, b, c
            elif len(parts[2]) == 4:
                year, month, day = c, b, a
            else:
                break
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(_no_such_day(value, year, month)) from None
    raise ValueError(_("'{text}' is not a date (use dd-mm-yyyy).").format(text=text))


def _no_such_day(text: str, year: int, month: int) -> str:
    """The message for a date written the right way that is not in the calendar."""
    if not 1 <= month <= 12:
        return _("'{text}' does not exist: there is no month {month}.").format(
            text=text, month=month
        )
    days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    return _("'{text}' does not exist: that month has {days} days.").format(text=text, days=days)
