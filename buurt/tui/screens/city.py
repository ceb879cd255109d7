"""The city overview: every neighbourhood's top 3, hours and next meeting, and what each
organisation owes across the city (overdue actions, the longest overdue first). Read-only.

`CityApp` hands every service the folder or URL (it is the `ServiceHost`); the screen asks
`city_overview` in the background like every screen of buurt (`buurt.tui.work`): a second
refresh drops the first one's answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker

from buurt.i18n import N_, _, ngettext
from buurt.tui.base import translate_bindings
from buurt.tui.format import day
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.table import TextTable
from buurt.tui.work import Asker, report_failed_worker

if TYPE_CHECKING:
    from buurt.errors import BuurtError
    from buurt.services.city import CityOverview, NeighbourhoodSummary


class CityScreen(Asker, Screen[None]):
    CSS_PATH = "city.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", N_("Refresh"), id="city.refresh"),
        Binding("q", "app.quit", N_("Quit"), id="city.quit"),
    ]

    def __init__(self, organisation: str | None, today: date) -> None:
        super().__init__()
        self.organisation = organisation
        self.today = today
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Neighbourhoods"), classes="panel-title", id="city-title")
        yield TextTable(id="neighbourhoods", cursor_type="row", zebra_stripes=True)
        yield Static(_("Overdue actions by organisation"), classes="panel-title", id="owed-title")
        yield TextTable(id="owed", cursor_type="row", zebra_stripes=True)
        yield BuurtFooter()

    def on_mount(self) -> None:
        self.title = _("City overview")
        table = self.query_one("#neighbourhoods", DataTable)
        table.add_column(_("Neighbourhood"), width=16, key="name")
        table.add_column(_("Top 3 (actions done)"), width=46, key="top3")
        table.add_column(_("Hours"), width=8, key="hours")
        table.add_column(_("Next meeting"), width=20, key="next")
        owed = self.query_one("#owed", DataTable)
        owed.add_column(_("Organisation"), width=20, key="organisation")
        owed.add_column(_("Action"), width=34, key="action")
        owed.add_column(_("Neighbourhood"), width=16, key="where")
        owed.add_column(_("Since"), width=11, key="since")
        owed.add_column(_("Overdue"), width=8, key="late")
        table.loading = True
        self.action_refresh()

    def action_refresh(self) -> None:
        from buurt.services.city import city_overview

        self.ask(
            city_overview,
            organisation=self.organisation,
            today=self.today,
            then=self._show,
            failed=self._refused,
            group="city",
        )

    def _refused(self, error: BuurtError) -> None:
        self.query_one("#neighbourhoods", DataTable).loading = False
        self.notify(error.message, severity="error", timeout=10)

    def _show(self, overview: CityOverview) -> None:
        table = self.query_one("#neighbourhoods", DataTable)
        table.loading = False
        self.sub_title = overview.source
        self.query_one("#city-title", Static).update(
            ngettext(
                "{n} neighbourhood", "{n} neighbourhoods", len(overview.neighbourhoods)
            ).format(n=len(overview.neighbourhoods))
        )
        table.clear()
        for item in overview.neighbourhoods:
            table.add_row(*_neighbourhood_row(item), height=max(1, len(item.top3)))
        owed = self.query_one("#owed", DataTable)
        owed.clear()
        total = sum(len(o.actions) for o in overview.organisations)
        self.query_one("#owed-title", Static).update(
            _("Overdue actions by organisation ({n})").format(n=total)
            if total
            else _("Overdue actions by organisation: none")
        )
        for organisation in overview.organisations:
            for number, action in enumerate(organisation.actions):
                owed.add_row(
                    Text(organisation.organisation, style="bold") if number == 0 else "",
                    Text(action.title),
                    Text(action.neighbourhood),
                    day(action.due_on),
                    ngettext("{n} day", "{n} days", action.days_overdue).format(
                        n=action.days_overdue
                    ),
                )


def _neighbourhood_row(item: NeighbourhoodSummary) -> tuple[object, ...]:
    name = Text(item.name, style="bold")
    if item.status == "needs_upgrade":
        return (name, Text(_("needs an upgrade"), style="italic"), "", "")
    if item.status != "ok":
        return (name, Text(item.problem, style="italic"), "", "")
    top3 = Text("\n".join(f"{p.rank}. {_short(p.title)} ({p.done}/{p.actions})" for p in item.top3))
    if not item.top3:
        top3 = Text(_("no priorities yet"), style="italic")
    hours = f"{item.hours_committed}/{item.hours_available}"
    meeting = day(item.next_meeting) if item.next_meeting else "-"
    return (name, top3, hours, meeting)


def _short(title: str, room: int = 34) -> str:
    """A title that leaves room for its count in the top 3 column."""
    return title if len(title) <= room else title[: room - 1] + "…"


class CityApp(App[None]):
    """`buurt city`: the overview on its own, without a neighbourhood open; every service it
    asks gets the folder or the city database URL."""

    def __init__(
        self, source: Path | str, *, organisation: str | None = None, today: date | None = None
    ) -> None:
        super().__init__()
        self.source = source
        self.organisation = organisation
        self.today = today or date.today()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    def service_argument(self) -> Path | str:
        """What `ask` hands every call (see `buurt.tui.work`): the folder or the URL."""
        return self.source

    def on_mount(self) -> None:
        self.push_screen(CityScreen(self.organisation, self.today))
