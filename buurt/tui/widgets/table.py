"""A table of records: one row per stored thing, keyed by its id.

Built for long lists (thousands of problems): every column has a fixed width (nothing is measured
per cell), a refresh clears the table and adds all rows in one go, and the cursor stays on the
record it was on when that record is still listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from buurt.i18n import _


@dataclass(frozen=True)
class Column:
    """A column: its key, its English heading (marked with `N_`) and its width in cells."""

    key: str
    heading: str
    width: int


class RecordTable(DataTable[Any]):
    """A row-cursor DataTable whose row keys are record ids (as strings)."""

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.spec = list(columns)

    def on_mount(self) -> None:
        for column in self.spec:
            self.add_column(_(column.heading), width=column.width, key=column.key)

    def fill(self, rows: Iterable[tuple[object, Sequence[Any]]]) -> None:
        """Replace every row; `rows` are (id, cells). The cursor keeps its record if it can."""
        keep = self.current_key
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=str(key))
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False, scroll=True)

    @property
    def current_key(self) -> str | None:
        """The id of the record under the cursor, or None when the table is empty."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None

    @property
    def current_id(self) -> int | None:
        key = self.current_key
        return int(key) if key is not None and key.isdigit() else None

    def set_heading(self, key: str, heading: str | Text) -> None:
        """Change a column's heading (to show the sort order, for instance)."""
        for column_key, column in self.columns.items():
            if column_key.value == key:
                column.label = heading if isinstance(heading, Text) else Text(heading)
        self._require_update_dimensions = True
        self.refresh()
