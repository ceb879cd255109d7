"""The city picker: `buurt URL` on a city database, in a terminal, without --neighbourhood.

It lists the neighbourhoods of the database (one schema each) with each one's name, the name
`--neighbourhood` takes and the next meeting, as the file picker lists the files of the data
folder; Enter opens the chosen one, Escape quits. A neighbourhood that cannot be opened (an older
schema, no access) is listed with the reason, never a crash. The list is the city overview's
(`buurt.services.city`): a few queries for the whole city.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker

from buurt.i18n import N_, _
from buurt.tui.base import translate_bindings
from buurt.tui.format import day
from buurt.tui.keymap import use_keymap
from buurt.tui.themes import THEMES
from buurt.tui.widgets.table import Column, RecordTable
from buurt.tui.work import Asker, report_failed_worker

if TYPE_CHECKING:
    from buurt.services.city import NeighbourhoodSummary

COLUMNS = [
    Column("name", N_("Neighbourhood"), 28, flex=True),
    Column("schema", N_("--neighbourhood"), 18),
    Column("meeting", N_("Next meeting"), 44),
]


def city_neighbourhoods(
    url: str, today: date | None = None, now: datetime | None = None
) -> list[NeighbourhoodSummary]:
    """The neighbourhoods of a city database, readable ones first, by name."""
    from buurt.services.city import city_overview

    return city_overview(url, today=today, now=now).neighbourhoods


class CityPickerApp(Asker, App[str | None]):
    """Choose a neighbourhood of a city database; returns its schema, or None when the chair
    quits."""

    TITLE = "buurt"
    DEFAULT_CSS = """
    CityPickerApp #intro { padding: 1 1 0 1; height: auto; }
    CityPickerApp #database { padding: 0 1 1 1; color: $text-muted; height: auto; }
    CityPickerApp #neighbourhoods { height: 1fr; }
    CityPickerApp #problem { padding: 0 1; color: $text-warning; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", N_("Refresh"), id="city_picker.refresh"),
        Binding("escape,ctrl+q", "quit", N_("Quit"), id="city_picker.quit"),
    ]

    def __init__(
        self,
        url: str,
        *,
        today: date | None = None,
        now: datetime | None = None,
        shown_as: str = "",
    ) -> None:
        super().__init__()
        translate_bindings(self)
        for theme in THEMES:
            self.register_theme(theme)
        self.url = url
        self.today, self.now = today, now
        if not shown_as:
            from buurt.services.city import database_label

            shown_as = database_label(url)
        self.shown_as = shown_as
        self.choices: dict[str, NeighbourhoodSummary] = {}
        self.sub_title = _("Choose a neighbourhood")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Choose a neighbourhood and press Enter; Escape quits."), id="intro")
        yield Static(_("City database: {name}").format(name=self.shown_as), id="database")
        yield RecordTable(COLUMNS, id="neighbourhoods")
        yield Static("", id="problem")
        yield Footer()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    def on_mount(self) -> None:
        use_keymap(self)
        self.action_refresh()

    def service_argument(self) -> str:
        """What `ask` hands every call (see `buurt.tui.work`): the city database's URL."""
        return self.url

    def action_refresh(self) -> None:
        self.ask(city_neighbourhoods, self.today, self.now, then=self._show, group="city-picker")

    def _show(self, items: list[NeighbourhoodSummary]) -> None:
        self.choices = {item.source: item for item in items}
        table = self.query_one("#neighbourhoods", RecordTable)
        table.fill((item.source, _row(item)) for item in items)
        if not items:
            self.query_one("#intro", Static).update(
                _(
                    "This database holds no neighbourhood yet: make one with "
                    "buurt create URL --neighbourhood NAME."
                )
            )
        table.focus()

    def _current(self) -> NeighbourhoodSummary | None:
        return self.choices.get(self.query_one("#neighbourhoods", RecordTable).current_key or "")

    @on(DataTable.RowHighlighted, "#neighbourhoods")
    def _highlighted(self) -> None:
        current = self._current()
        self.query_one("#problem", Static).update(_problem(current) if current else "")

    @on(DataTable.RowSelected, "#neighbourhoods")
    def _chosen(self) -> None:
        current = self._current()
        if current is None:
            return
        if current.status != "ok":
            self.notify(_problem(current), severity="error", timeout=8)
            return
        self.exit(current.source)


def _problem(item: NeighbourhoodSummary) -> str:
    if item.status == "needs_upgrade":
        return _(
            "{name} needs an upgrade: its owner runs buurt upgrade URL --neighbourhood {name}."
        ).format(name=item.source)
    return item.problem if item.status != "ok" else ""


def _row(item: NeighbourhoodSummary) -> list[Text]:
    if item.status != "ok":
        reason = _("needs an upgrade") if item.status == "needs_upgrade" else _("cannot be opened")
        return [Text(item.name, style="bold"), Text(item.source), Text(reason, style="italic")]
    meeting = _("none planned")
    if item.next_meeting is not None:
        meeting = day(item.next_meeting)
        if item.next_meeting_place:
            meeting += f", {item.next_meeting_place}"
    return [Text(item.name, style="bold"), Text(item.source), Text(meeting)]


def pick_city_neighbourhood(url: str) -> str | None:
    """Let the chair choose a neighbourhood of the city database `url`; its schema, or None."""
    return CityPickerApp(url).run()
