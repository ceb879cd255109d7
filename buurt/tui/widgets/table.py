"""A table of records: one row per stored thing, keyed by its id.

Built for long lists (thousands of problems): every column has a set width, a refresh clears the
table and adds all rows in one go, and the cursor stays on the record it was on when that record
is still listed. The columns use the width the table has (`RecordTable.fit_columns`): text
columns take the room the others leave, as far as their texts need it; on a narrow terminal
every column gives up room, so none falls off the edge, and a cut text ends in "…".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from buurt.i18n import _
from buurt.text import has_control, visible


@dataclass(frozen=True)
class Column:
    """A column: its key, its English heading (marked with `N_`) and its width in cells.

    When a table has `flex` columns (texts), they take up the room the other columns leave, each
    as far as its longest text needs (the rest is shared out evenly). On a narrow terminal every
    column first gives up the room its texts do not use, then the columns shrink to two thirds
    from the right, the first column (what the row is) last, then all in proportion; `keep`
    columns (dates) are never cut, and a column with `least` (a name that must stay readable)
    keeps that many cells, or what its longest text needs when that is less.
    """

    key: str
    heading: str
    width: int
    flex: bool = False
    keep: bool = False
    least: int = 0


# Columns never get narrower than this when a narrow terminal squeezes them.
MIN_WIDTH = 3
# A row of a wrapping table takes at most this many lines.
WRAP_LINES = 3


def cell(value: object) -> object:
    """A table cell from data, shown as the text it is: a string is never read as markup (a
    member called "Piet [/] Jansen" is a name, not a closing tag), and control characters are
    shown as a placeholder instead of reaching the terminal. Other renderables pass, but a
    `Text` made from data loses its control characters too."""
    if isinstance(value, str):
        return Text(visible(value, multiline=True), end="", overflow="ellipsis")
    if isinstance(value, Text) and has_control(value.plain.replace("\n", "")):
        return Text(
            visible(value.plain, multiline=True), style=value.style, end="", overflow="ellipsis"
        )
    if isinstance(value, Text) and value.overflow is None:
        # A text cut by a narrow column ends in "…", so the chair sees that there is more.
        value = value.copy()
        value.overflow = "ellipsis"
    return value


def text_width(value: object) -> int | None:
    """How many cells a cell's text takes on its longest line (None: not a text)."""
    if isinstance(value, Text):
        value = value.plain
    if not isinstance(value, str):
        return None
    return max((cell_len(line) for line in value.split("\n")), default=0)


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

    def __init__(
        self, columns: Sequence[Column], *, id: str | None = None, wrap: bool = False
    ) -> None:
        """`wrap`: a text too long for its column goes on over more lines of its row (for
        short lists of long texts, such as the owners' reports at the follow-up)."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.spec = list(columns)
        self.wrap = wrap
        # The longest text (and heading) of each column in the rows shown (set by `fill`).
        self.natural: dict[str, int] = {}
        # The rows of a wrapping table, added again when the columns change width (a row's
        # height is measured when it is added).
        self._rows: list[tuple[object, Sequence[Any]]] = []

    def on_mount(self) -> None:
        for column in self.spec:
            self.add_column(_(column.heading), width=column.width, key=column.key)

    def on_resize(self) -> None:
        self.fit_columns(self.size.width)

    def widths(self, width: int) -> dict[str, int]:
        """Each column's width in a table `width` cells wide (see `Column`)."""
        # Room for the cell padding and a vertical scrollbar, shown or not, so that a table
        # that grows a scrollbar does not start to scroll sideways.
        room = width - 2 * self.cell_padding * len(self.spec) - self.styles.scrollbar_size_vertical
        # A date's heading is never cut either.
        widths = {
            c.key: max(c.width, cell_len(_(c.heading))) if c.keep else c.width for c in self.spec
        }
        if room <= 0:
            return widths
        natural = {c.key: self.natural.get(c.key, c.width) for c in self.spec}
        flexible = [c.key for c in self.spec if c.flex]
        total = sum(widths.values())
        if room >= total:
            extra = room - total
            # Texts that need more than is left take the room other columns do not use
            # (a name column wider than its longest name).
            wanted = sum(max(0, natural[key] - widths[key]) for key in flexible)
            if wanted > extra:
                for column in self.spec:
                    if column.key in self.natural and natural[column.key] < widths[column.key]:
                        extra += widths[column.key] - natural[column.key]
                        widths[column.key] = natural[column.key]
            # A short label (a status) one or two cells too long for its column is whole
            # as soon as there is room (by at most half its width).
            for column in self.spec:
                if not column.flex and extra > 0:
                    wanted = min(natural[column.key], column.width * 3 // 2)
                    give = min(extra, wanted - widths[column.key])
                    if give > 0:
                        widths[column.key] += give
                        extra -= give
            # Texts first get what they need (evenly among those that still need more) ...
            while extra > 0:
                needing = [key for key in flexible if natural[key] > widths[key]]
                if not needing:
                    break
                share = max(1, extra // len(needing))
                for key in needing:
                    give = min(share, natural[key] - widths[key], extra)
                    widths[key] += give
                    extra -= give
            # ... and what is left is shared out, so the table spans its width.
            if flexible and extra > 0:
                share, rest = divmod(extra, len(flexible))
                for key in flexible:
                    widths[key] += share
                widths[flexible[0]] += rest
            return widths
        deficit = total - room
        # 1. Room a column's texts do not use (known once rows are shown).
        for column in self.spec:
            if column.key in self.natural and deficit > 0:
                give = min(deficit, widths[column.key] - max(MIN_WIDTH, natural[column.key]))
                if give > 0:
                    widths[column.key] -= give
                    deficit -= give
        # 2. The other columns from the right (the less important ones), then the first (what
        # the row is: a name, a title), each down to two thirds (or to its `least`); dates
        # (`keep`) are never cut.
        order = [c for c in reversed(self.spec[1:]) if not c.keep] + self.spec[:1]
        for column in order:
            if deficit > 0 and not column.keep:
                floor = max(MIN_WIDTH, column.width * 2 // 3, self._least(column))
                give = min(deficit, widths[column.key] - floor)
                if give > 0:
                    widths[column.key] -= give
                    deficit -= give
        # 3. Every column but the `keep` ones and those at their `least`, in proportion.
        squeezable = [c.key for c in self.spec if not c.keep and widths[c.key] > self._least(c)]
        pool = sum(widths[key] for key in squeezable)
        if deficit > 0 and pool > deficit:
            for key in squeezable:
                widths[key] = max(MIN_WIDTH, widths[key] * (pool - deficit) // pool)
        return widths

    def _least(self, column: Column) -> int:
        """The width a column keeps when others are squeezed: its `least`, or less when its
        longest text (known once rows are shown) needs less."""
        if not column.least:
            return 0
        return min(column.least, self.natural.get(column.key, column.least))

    def fit_columns(self, width: int) -> None:
        """Share `width` cells among the columns (see `Column`)."""
        widths = self.widths(width)
        changed = False
        for column_key, table_column in self.columns.items():
            new = widths.get(column_key.value or "")
            if new is not None and table_column.width != new:
                table_column.width = new
                changed = True
        if changed:
            self._clear_caches()
            self._require_update_dimensions = True
            if self.wrap and self._rows:
                self._add_rows(self._rows)
            self.refresh()

    def fill(self, rows: Iterable[tuple[object, Sequence[Any]]]) -> None:
        """Replace every row; `rows` are (id, cells). The cursor keeps its record if it can."""
        listed = list(rows)
        natural = {c.key: cell_len(_(c.heading)) for c in self.spec}
        keys = [c.key for c in self.spec]
        for _key, cells in listed:
            for key, value in zip(keys, cells, strict=False):
                measured = text_width(value)
                if measured is not None and measured > natural[key]:
                    natural[key] = measured
        self.natural = natural
        self._rows = listed if self.wrap else []
        if self.size.width:
            widths = self.widths(self.size.width)
            for table_key, table_column in self.columns.items():
                table_column.width = widths.get(table_key.value or "", table_column.width)
            self._clear_caches()
        self._add_rows(listed)

    def _add_rows(self, rows: Sequence[tuple[object, Sequence[Any]]]) -> None:
        keep = self.current_key
        self.clear()
        for key, cells in rows:
            shown = self._clipped(cells) if self.wrap else cells
            self.add_row(*shown, key=str(key), height=self._height(shown))
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False, scroll=True)

    def _height(self, cells: Sequence[Any]) -> int:
        """A row's height: one line, or in a wrapping table the lines its longest text takes
        in its column, at most `WRAP_LINES` (a long report must not push the rest off a small
        screen)."""
        if not self.wrap:
            return 1
        lines = 1
        for table_column, value in zip(self.ordered_columns, cells, strict=False):
            text = cell(value)
            if isinstance(text, Text) and table_column.width > 0:
                wrapped = text.wrap(self.app.console, table_column.width, overflow="fold")
                lines = max(lines, len(wrapped))
        return min(lines, WRAP_LINES)

    def _clipped(self, cells: Sequence[Any]) -> list[Any]:
        """A wrapping row's cells, each text wrapped to its column and cut after
        `WRAP_LINES` lines with "…", so the chair sees that a report goes on."""
        clipped: list[Any] = []
        for table_column, value in zip(self.ordered_columns, cells, strict=False):
            text = cell(value)
            width = table_column.width
            if not isinstance(text, Text) or width <= 1:
                clipped.append(value)
                continue
            lines = text.wrap(self.app.console, width, overflow=text.overflow or "ellipsis")
            if len(lines) <= WRAP_LINES:
                clipped.append(value)
                continue
            last = lines[WRAP_LINES - 1].copy()
            last.rstrip()
            if last.plain.endswith("…"):  # a word too long for the column, already cut
                last.right_crop(1)
            last.truncate(width - 1, overflow="crop")
            last.append("…")
            kept = [*list(lines)[: WRAP_LINES - 1], last]
            clipped.append(Text("\n", end="", overflow="ellipsis").join(kept))
        clipped.extend(cells[len(clipped) :])
        return clipped

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
