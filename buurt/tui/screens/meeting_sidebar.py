"""The meeting's sidebar: the agenda, numbered, and below it the ways to other screens."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from buurt.i18n import _
from buurt.services.labels import AgendaSection, label
from buurt.tui.app import NAVIGATION


def entry(mark: str, text: str) -> Table:
    """One line of the sidebar: a number (or arrow) and its text. A text that wraps goes on
    under the text, not under the number, so the numbers stay a column of their own."""
    grid = Table.grid()
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(mark), Text(text))
    return grid


class AgendaList(OptionList):
    """The agenda items in `order` (their ids are the sections' values), then the other
    screens (ids `mode-<name>`)."""

    def __init__(self, order: list[AgendaSection], *, id: str | None = None) -> None:
        super().__init__(
            *(
                Option(entry(f"{i:>2} ", label(s)), id=s.value)
                for i, s in enumerate(order, start=1)
            ),
            None,
            *(
                Option(entry(" → ", _(name)), id=f"mode-{mode}")
                for mode, _key, name in NAVIGATION
                if mode != "meeting"
            ),
            id=id,
        )
