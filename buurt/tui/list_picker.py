"""A small app that lists things to open and ends with the chosen one.

Both pickers are one: `buurt` without a file lists the neighbourhood files of the data folder
(`buurt.tui.picker`), `buurt URL` on a city database lists its neighbourhoods
(`buurt.tui.screens.neighbourhoods`). A line says what to do, a line says where the list comes
from, the table lists the things (loaded by a service in the background; r loads them again),
and below it stands why the highlighted one cannot be opened, when it cannot. Enter on one that
opens ends the app with it; on one that does not, the reason is shown as an error and the app
stays. Escape quits: the app returns None.

A picker names its table's columns and id and says, for one listed thing, its key, its row,
its problem ("" when it opens) and what choosing it returns; it starts the loading in `load`.
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker

from buurt.i18n import N_
from buurt.tui.base import translate_bindings
from buurt.tui.keymap import use_keymap
from buurt.tui.themes import THEMES
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.table import Column, RecordTable
from buurt.tui.work import Asker, report_failed_worker

Item = TypeVar("Item")
R = TypeVar("R")


def picker_bindings(prefix: str) -> list[BindingType]:
    """A picker's keys to load the list again and to quit (ids `<prefix>.refresh`,
    `<prefix>.quit`, which a keymap file rebinds)."""
    return [
        Binding("r", "refresh", N_("Refresh"), id=f"{prefix}.refresh"),
        Binding("escape,ctrl+q", "quit", N_("Quit"), id=f"{prefix}.quit"),
    ]


class ListPickerApp(Asker, App[R | None], Generic[Item, R]):
    """Lists `Item`s, returns what choosing one gives (`R`), or None when the chair quits."""

    TITLE = "buurt"
    DEFAULT_CSS = """
    ListPickerApp #intro { padding: 1 1 0 1; height: auto; }
    ListPickerApp .source { padding: 0 1 1 1; color: $text-muted; height: auto; }
    ListPickerApp .choices { height: 1fr; }
    ListPickerApp #problem { padding: 0 1; color: $text-warning; height: auto; }
    """
    COLUMNS: ClassVar[list[Column]]
    TABLE_ID: ClassVar[str]  # the table's id
    SOURCE_ID: ClassVar[str]  # the id of the line that says where the list comes from

    def __init__(self, *, intro: str, source: str, empty: str, sub_title: str) -> None:
        """`intro`: what to do; `source`: where the list comes from; `empty`: what the intro
        says instead when the list is empty."""
        super().__init__()
        translate_bindings(self)
        for theme in THEMES:
            self.register_theme(theme)
        self.intro, self.source, self.empty = intro, source, empty
        self.listed: dict[str, Item] = {}
        self.sub_title = sub_title

    # What a picker says of the things it lists.
    def load(self) -> None:
        """Start loading the list: `self.ask(service, ..., then=self.show_items)`."""
        raise NotImplementedError

    def key(self, item: Item) -> str:
        raise NotImplementedError

    def row(self, item: Item) -> list[Text]:
        raise NotImplementedError

    def problem(self, item: Item) -> str:
        """Why `item` cannot be opened ("" when it can)."""
        raise NotImplementedError

    def result_of(self, item: Item) -> R:
        """What the app returns when the chair chooses `item` (which opens)."""
        raise NotImplementedError

    def started(self) -> None:
        """What the app does once it runs: load the list."""
        self.load()

    # The picker itself.
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.intro, id="intro")
        yield Static(self.source, id=self.SOURCE_ID, classes="source")
        table = RecordTable(self.COLUMNS, id=self.TABLE_ID)
        table.add_class("choices")
        yield table
        yield Static("", id="problem")
        yield BuurtFooter()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    def on_mount(self) -> None:
        use_keymap(self)
        self.started()

    def action_refresh(self) -> None:
        self.load()

    def show_items(self, items: list[Item]) -> None:
        """Show the loaded list, the keyboard on it."""
        self.listed = {self.key(item): item for item in items}
        table = self.query_one(RecordTable)
        table.fill((self.key(item), self.row(item)) for item in items)
        if not items:
            self.query_one("#intro", Static).update(self.empty)
        table.focus()

    def _current(self) -> Item | None:
        return self.listed.get(self.query_one(RecordTable).current_key or "")

    @on(DataTable.RowHighlighted, ".choices")
    def _highlighted(self) -> None:
        current = self._current()
        self.query_one("#problem", Static).update(
            self.problem(current) if current is not None else ""
        )

    @on(DataTable.RowSelected, ".choices")
    def _chose(self) -> None:
        current = self._current()
        if current is None:
            return
        problem = self.problem(current)
        if problem:
            self.notify(problem, severity="error", timeout=8)
            return
        self.exit(self.result_of(current))
