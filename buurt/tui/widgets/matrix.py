"""Tables of a count: the pairwise matrix (coloured wins and losses) and the rounds of an
instant-runoff or STV count (votes per candidate per round)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from buurt.i18n import _
from buurt.tui.widgets.bars import number, shorten, show_number


class PairwiseMatrix(Widget):
    """Row beats column: the number of voters who put the row's candidate above the column's.

    A cell is green when the row wins the pair, red when it loses, yellow when they are level.
    Columns are numbered after the rows, so long candidate names fit."""

    DEFAULT_CSS = """
    PairwiseMatrix { height: auto; }
    PairwiseMatrix > .matrix--win { color: $success; text-style: bold; }
    PairwiseMatrix > .matrix--loss { color: $error; }
    PairwiseMatrix > .matrix--level { color: $warning; }
    PairwiseMatrix > .matrix--head { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"matrix--win", "matrix--loss", "matrix--level", "matrix--head"}

    def __init__(
        self,
        candidates: Sequence[str],
        matrix: Sequence[Sequence[Any]],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.candidates = list(candidates)
        self.matrix = [list(row) for row in matrix]

    def render(self) -> Table:
        head = self.get_component_rich_style("matrix--head")
        styles = {
            1: self.get_component_rich_style("matrix--win"),
            -1: self.get_component_rich_style("matrix--loss"),
            0: self.get_component_rich_style("matrix--level"),
        }
        n = len(self.candidates)
        label_width = max(16, min(34, self.size.width - 6 * n - 4))
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style=head)
        table.add_column(_("beats →"), width=label_width, no_wrap=True)
        for column in range(n):
            table.add_column(str(column + 1), justify="right", width=4)
        for row, name in enumerate(self.candidates):
            cells: list[Text] = []
            for column in range(n):
                if row == column:
                    cells.append(Text("·", style=head))
                    continue
                mine = number(self.matrix[row][column]) or 0.0
                theirs = number(self.matrix[column][row]) or 0.0
                sign = (mine > theirs) - (mine < theirs)
                cells.append(Text(show_number(self.matrix[row][column]), style=styles[sign]))
            table.add_row(Text(f"{row + 1} {shorten(name, label_width - 2)}"), *cells)
        return table

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return len(self.candidates) + 1


class RoundsTable(Widget):
    """Votes per candidate at each round (IRV) or stage (STV); elected candidates in bold,
    eliminated ones dimmed from the round they go out."""

    DEFAULT_CSS = """
    RoundsTable { height: auto; margin-bottom: 1; }
    RoundsTable > .rounds--elected { color: $success; text-style: bold; }
    RoundsTable > .rounds--out { color: $text-disabled; }
    RoundsTable > .rounds--head { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"rounds--elected", "rounds--out", "rounds--head"}

    def __init__(
        self,
        candidates: Sequence[str],
        rounds: Sequence[Mapping[str, Any]],
        *,
        headings: Sequence[str],
        elected: Sequence[str] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.candidates = list(candidates)
        self.rounds = list(rounds)
        self.headings = list(headings)
        self.elected = set(elected)

    def render(self) -> Table:
        head = self.get_component_rich_style("rounds--head")
        elected = self.get_component_rich_style("rounds--elected")
        out = self.get_component_rich_style("rounds--out")
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style=head)
        columns = len(self.rounds)
        label_width = max(16, min(34, self.size.width - 8 * columns - 4))
        table.add_column("", width=label_width, no_wrap=True)
        for heading in self.headings:
            table.add_column(heading, justify="right", min_width=5, no_wrap=True)
        for name in self.candidates:
            cells: list[Text] = []
            gone = False
            for votes in self.rounds:
                if name not in votes:
                    gone = True
                cells.append(
                    Text("–" if gone else show_number(votes.get(name)), style=out if gone else "")
                )
            style = elected if name in self.elected else ""
            table.add_row(Text(shorten(name, label_width), style=style), *cells)
        return table

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return len(self.candidates) + 1
