"""Reading a CSV file as a table: the text (UTF-8 or Windows-1252), the separator, the header,
the cells of a row, and the values spreadsheets write (dates, yes/no).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from buurt import voting
from buurt.errors import InputError
from buurt.i18n import _
from buurt.services import votes
from buurt.services.base import parse_date
from buurt.voting import formats

MAX_BYTES = 20 * 1024 * 1024


# -- reading the table -------------------------------------------------------------------------


@dataclass
class Table:
    """A CSV file as header cells and rows, each row with the line it starts on."""

    name: str
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    delimiter: str = ";"


def _engine_error(error: voting.VotingError) -> InputError:
    """The engine's sentence as an InputError that locates the problem in the file."""
    line = getattr(error, "line", None)
    column = getattr(error, "column", None)
    params = dict(error.params)
    # The file's line and column are the error's own attributes (a re-raised error may still
    # carry the placeholder of the row it was first raised for).
    if line is not None and "line" in params:
        params["line"] = line
    if column is not None and "column" in params:
        params["column"] = column
    return InputError(
        votes.engine_message(voting.Message(error.template, params)),
        line=line,
        column=None if column is None else str(column),
    )


def decode_text(data: bytes, name: str) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else Windows-1252."""
    if len(data) > MAX_BYTES:
        raise InputError(
            _("{file} is too large to import (more than {mb} MB).").format(
                file=name, mb=MAX_BYTES // (1024 * 1024)
            )
        )
    try:
        return formats.decode(data, name)
    except voting.BallotFileError as error:
        raise _engine_error(error) from None


def read_table(data: bytes, name: str) -> Table:
    """Read a CSV file into a `Table`; blank rows are dropped. Refuses (InputError) a file
    that is not text, is empty, or whose quotes do not match."""
    text = decode_text(data, name)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise InputError(_("{file} is empty.").format(file=name), line=1)
    sep = formats.text_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    rows: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
    except csv.Error as error:
        raise InputError(
            _("{file}, line {line}: this line cannot be read as CSV ({reason}).").format(
                file=name, line=previous + 1, reason=error
            ),
            line=previous + 1,
        ) from None
    if not rows:
        raise InputError(_("{file} is empty.").format(file=name), line=1)
    (header_line, header), *body = rows
    return Table(name=name, header=header, header_line=header_line, rows=body, delimiter=sep)


def _key(header: str) -> str:
    """A header cell reduced to letters and digits: "E-mail adres" -> "emailadres"."""
    return re.sub(r"[^0-9a-z]", "", header.strip().lower())


YES = frozenset({"ja", "yes", "j", "y", "x", "waar", "true", "1"})
NO = frozenset({"nee", "no", "n", "onwaar", "false", "0", ""})


class RowRefused(Exception):
    """A row that cannot be imported: `reason` (translated), in `column` (the file's header)."""

    def __init__(self, reason: str, column: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column


def _columns(table: Table, wanted: dict[str, tuple[str, ...]]) -> tuple[dict[str, int], list[str]]:
    """Which column holds which field; the header cells that are ignored."""
    found: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(table.header):
        key = _key(cell)
        fields = [f for f, names in wanted.items() if key in names and f not in found]
        if not key:
            if cell.strip():
                ignored.append(cell.strip())
            continue
        if not fields:
            if any(key in names for names in wanted.values()):
                raise InputError(
                    _("{file}, line {line}: the column {column} appears twice.").format(
                        file=table.name, line=table.header_line, column=cell.strip()
                    ),
                    line=table.header_line,
                    column=cell.strip(),
                )
            ignored.append(cell.strip())
            continue
        found[fields[0]] = index
    return found, ignored


def _require_column(table: Table, found: dict[str, int], field_name: str, names: str) -> None:
    if field_name not in found:
        raise InputError(
            _("{file}: the header has no column {names}; found: {header}.").format(
                file=table.name,
                names=names,
                header=", ".join(c.strip() for c in table.header if c.strip()) or "-",
            ),
            line=table.header_line,
        )


def _cells(
    table: Table, cells: list[str], found: dict[str, int], line: int
) -> tuple[dict[str, str], dict[str, str]]:
    """A row as {field: text} and {field: the header of its column}."""
    if len(cells) > len(table.header) and any(c.strip() for c in cells[len(table.header) :]):
        raise RowRefused(
            _("this row has {cells} cells but the header has {columns}.").format(
                cells=len(cells), columns=len(table.header)
            )
        )
    values = {f: (cells[i].strip() if i < len(cells) else "") for f, i in found.items()}
    headers = {f: table.header[i].strip() for f, i in found.items()}
    return values, headers


def _date(value: str, column: str) -> date | None:
    text = value.strip().split(" ")[0].split("T")[0]
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        raise RowRefused(str(error), column) from None


def _consent(value: str, column: str, today: date) -> date | None:
    lowered = value.strip().lower()
    if lowered in YES:
        return today
    if lowered in NO:
        return None
    return _date(value, column)
