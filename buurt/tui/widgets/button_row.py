"""A row of buttons that wraps onto more rows when the screen is too narrow for all of them.

Textual's `Horizontal` cuts the buttons that do not fit (at 80 columns the follow-up's "Laten
vallen" read "Laten va" and "Vervangen" was gone). This row is a grid whose number of columns is
the most that fit in its width, so every button stays whole and in sight.
"""

from __future__ import annotations

from textual import events
from textual.containers import Container
from textual.widget import Widget


class ButtonRow(Container):
    """Buttons side by side, in as few rows as the width allows (the gap is one cell)."""

    DEFAULT_CSS = """
    ButtonRow {
        layout: grid;
        grid-size: 8;
        grid-columns: auto;
        grid-rows: auto;
        grid-gutter: 0 1;
        height: auto;
    }
    ButtonRow > Button { margin: 0; }
    """

    GAP = 1

    def on_mount(self) -> None:
        self.call_after_refresh(self.fit)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width)

    def _natural(self, widget: Widget) -> int:
        """The width the grid gives `widget` in an auto column (content, padding, border,
        within its min- and max-width)."""
        width = widget.get_content_width(self.size, self.app.size) + widget.styles.gutter.width
        styles = widget.styles
        if styles.min_width is not None and styles.min_width.is_cells:
            width = max(width, int(styles.min_width.value))
        if styles.max_width is not None and styles.max_width.is_cells:
            width = min(width, int(styles.max_width.value))
        return width

    def fit(self, width: int | None = None) -> None:
        """Use the most columns whose buttons fit side by side in `width` cells."""
        width = self.size.width if width is None else width
        buttons = [child for child in self.children if child.display]
        if not buttons or width <= 0:
            return
        widths = [self._natural(button) for button in buttons]
        columns = len(buttons)
        while columns > 1:
            # The grid fills row by row: column i holds buttons i, i + columns, ...
            needed = sum(max(widths[i::columns]) for i in range(columns))
            if needed + self.GAP * (columns - 1) <= width:
                break
            columns -= 1
        if self.styles.grid_size_columns != columns:
            self.styles.grid_size_columns = columns
