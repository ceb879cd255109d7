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
from textual.binding import BindingType

from buurt.i18n import N_, _
from buurt.tui.format import day
from buurt.tui.list_picker import ListPickerApp, picker_bindings
from buurt.tui.widgets.table import Column

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


class CityPickerApp(ListPickerApp["NeighbourhoodSummary", str]):
    """Choose a neighbourhood of a city database; returns its schema, or None when the chair
    quits."""

    COLUMNS = COLUMNS
    TABLE_ID = "neighbourhoods"
    SOURCE_ID = "database"
    BINDINGS: ClassVar[list[BindingType]] = picker_bindings("city_picker")

    def __init__(
        self,
        url: str,
        *,
        today: date | None = None,
        now: datetime | None = None,
        shown_as: str = "",
    ) -> None:
        self.url = url
        self.today, self.now = today, now
        if not shown_as:
            from buurt.services.city import database_label

            shown_as = database_label(url)
        self.shown_as = shown_as
        super().__init__(
            intro=_("Choose a neighbourhood and press Enter; Escape quits."),
            source=_("City database: {name}").format(name=shown_as),
            empty=_(
                "This database holds no neighbourhood yet: make one with "
                "buurt create URL --neighbourhood NAME."
            ),
            sub_title=_("Choose a neighbourhood"),
        )

    def service_argument(self) -> str:
        """What `ask` hands every call (see `buurt.tui.work`): the city database's URL."""
        return self.url

    def load(self) -> None:
        self.ask(
            city_neighbourhoods, self.today, self.now, then=self.show_items, group="city-picker"
        )

    def key(self, item: NeighbourhoodSummary) -> str:
        return item.source

    def row(self, item: NeighbourhoodSummary) -> list[Text]:
        return _row(item)

    def problem(self, item: NeighbourhoodSummary) -> str:
        return _problem(item)

    def result_of(self, item: NeighbourhoodSummary) -> str:
        return item.source


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
