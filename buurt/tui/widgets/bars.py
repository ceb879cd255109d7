"""A horizontal bar chart: one line per candidate, the bar as long as its share of the largest
value, the number beside it. Winners are drawn in the success colour."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from buurt.i18n import get_language


def number(value: Any) -> float | None:
    """A number from an explanation (int, Fraction, float, or a stored fraction with its
    float)."""
    if isinstance(value, dict):
        value = value.get("float")
    if isinstance(value, bool) or value is None:
        return None
    return float(value) if isinstance(value, int | float | Fraction) else None


def show_number(value: Any) -> str:
    """A number as people read it: whole numbers plain, else two decimals (a comma in Dutch)."""
    figure = number(value)
    if figure is None:
        return ""
    if figure == int(figure):
        return str(int(figure))
    text = f"{figure:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if get_language() == "nl" else text


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class BarChart(Widget):
    """Bars for (label, value) pairs; `highlight` labels are shown as winners."""

    DEFAULT_CSS = """
    BarChart { height: auto; }
    BarChart > .bars--bar { color: $primary; }
    BarChart > .bars--winner { color: $success; text-style: bold; }
    BarChart > .bars--value { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"bars--bar", "bars--winner", "bars--value"}

    def __init__(
        self,
        items: Sequence[tuple[str, Any]],
        *,
        highlight: Sequence[str] = (),
        label_width: int = 30,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.items = list(items)
        self.highlight = set(highlight)
        self.label_width = label_width

    def render(self) -> Table:
        width = max(self.size.width - self.label_width - 10, 10)
        top = max((number(v) or 0.0 for _label, v in self.items), default=0.0) or 1.0
        bar = self.get_component_rich_style("bars--bar")
        winner = self.get_component_rich_style("bars--winner")
        muted = self.get_component_rich_style("bars--value")
        table = Table.grid(padding=(0, 1))
        table.add_column(width=self.label_width, no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for label, value in self.items:
            figure = number(value) or 0.0
            cells = round(width * figure / top * 2) / 2
            blocks = "█" * int(cells) + ("▌" if cells % 1 else "")
            style = winner if label in self.highlight else bar
            table.add_row(
                Text(
                    shorten(label, self.label_width),
                    style=winner if label in self.highlight else "",
                ),
                Text(blocks or "▏", style=style),
                Text(show_number(value), style=muted),
            )
        return table

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return len(self.items)
