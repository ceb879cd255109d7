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
from buurt.text import has_control, visible


@dataclass(frozen=True)
class Column:
    """A column: its key, its English heading (marked with `N_`) and its width in cells.

    When a table has `flex` columns, they take up the room the other columns leave, and on a
    narrow terminal every column gives up room in proportion, so no column falls off the edge;
    except `keep` columns (dates), which are never cut.
    """

    key: str
    heading: str
    width: int
    flex: bool = False
    keep: bool = False


# Columns never get narrower than this when a narrow terminal squeezes them.
MIN_WIDTH = 3


def cell(value: object) -> object:
    """A table cell from data, shown as the text it is: a string is never read as markup (a
    member called "Piet [/] Jansen" is a name, not a closing tag), and control characters are
    shown as a placeholder instead of reaching the terminal. Other renderables pass, but a
    `Text` made from data loses its control characters too."""
    if isinstance(value, str):
        return Text(visible(value, multiline=True), end="")
    if isinstance(value, Text) and has_control(value.plain.replace("\n", "")):
        return Text(visible(value.plain, multiline=True), style=value.style, end="")
    return value


class TextTable(DataTable[Any]):
    """A DataTable whose cells go through `cell`: the one door for data into a table."""

    def add_row(
        self,
        *cells: Any,
        height: int | None = 1,
        key: str | None = None,
        label: Any = None,
    ) -> Any:
        return super().add_row(*(cell(c) for c in cells), height=height, key=key, label=label)

    def add_rows(self, rows: Iterable[Iterable[Any]]) -> list[Any]:
        return super().add_rows([cell(c) for c in row] for row in rows)

    def update_cell(
        self, row_key: Any, column_key: Any, value: Any, *, update_width: bool = False
    ) -> None:
        super().update_cell(row_key, column_key, cell(value), update_width=update_width)

    def update_cell_at(self, coordinate: Any, value: Any, *, update_width: bool = False) -> None:
        super().update_cell_at(coordinate, cell(value), update_width=update_width)


class RecordTable(TextTable):
    """A row-cursor DataTable whose row keys are record ids (as strings)."""

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.spec = list(columns)

    def on_mount(self) -> None:
        for column in self.spec:
            self.add_column(_(column.heading), width=column.width, key=column.key)

    def on_resize(self) -> None:
        if any(column.flex for column in self.spec):
            self.fit_columns(self.size.width)

    def fit_columns(self, width: int) -> None:
        """Share `width` cells among the columns (see `Column`)."""
        # Room for the cell padding and a vertical scrollbar, shown or not, so that a table
        # that grows a scrollbar does not start to scroll sideways.
        room = width - 2 * self.cell_padding * len(self.spec) - self.styles.scrollbar_size_vertical
        widths = {c.key: c.width for c in self.spec}
        flexible = [c for c in self.spec if c.flex]
        total = sum(widths.values())
        if room <= 0 or not flexible:
            return
        if room >= total:
            extra, rest = divmod(room - total, len(flexible))
            for column in flexible:
                widths[column.key] += extra
            widths[flexible[0].key] += rest
        else:
            # Squeeze the flexible columns to two thirds first, then the others (but `keep`)
            # in proportion.
            deficit = total - room
            for column in flexible:
                give = min(deficit, column.width - max(MIN_WIDTH, column.width * 2 // 3))
                widths[column.key] -= give
                deficit -= give
            squeezable = [c.key for c in self.spec if not c.keep]
            pool = sum(widths[key] for key in squeezable)
            if deficit > 0 and pool > deficit:
                for key in squeezable:
                    widths[key] = max(MIN_WIDTH, widths[key] * (pool - deficit) // pool)
        for column_key, table_column in self.columns.items():
            if column_key.value in widths:
                table_column.width = widths[column_key.value]
        self._clear_caches()
        self._require_update_dimensions = True
        self.refresh()

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
