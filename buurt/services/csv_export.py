"""Every CSV buurt writes goes through `csv_text`: fields quoted, and no cell that a spreadsheet
would run as a formula.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is what Excel and
LibreOffice read as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`); such a cell gets a
leading apostrophe, so the spreadsheet shows it as the text it is (the OWASP rule against
CSV injection). Every field is quoted, so a delimiter, a quote or a line break inside a name
stays inside its cell instead of splitting the row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    """The cell as text a spreadsheet shows and never evaluates."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, delimiter: str = ";"
) -> str:
    """A whole CSV file (CRLF line ends, as Excel writes them) with every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


__all__ = ["FORMULA_START", "csv_text", "neutralise"]
