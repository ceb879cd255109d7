"""The dashboard: the current top 3 with their actions' progress, overdue actions, professional
hours against the budget, the next meeting and the open problems. Every part is one key away.

At start on a SQLite file (`BuurtApp.first_look_file`) its first data is read from the file on
its own, before the data layer is loaded, and only then does the app open the file for real
(`BuurtApp.start_opening`): the chair's first useful screen comes first (issue 13). Every later
showing (refresh, coming back) asks the open file, with the same read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, ProgressBar, Static

from buurt.i18n import N_, _, ngettext
from buurt.services.labels import MeetingKind, ProblemStatus, label_of
from buurt.tui.base import BuurtScreen
from buurt.tui.format import day, moment
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.plain import Plain
from buurt.tui.widgets.table import Column, RecordTable

if TYPE_CHECKING:
    from buurt.services.dashboard import Dashboard, PriorityProgress

# The texts take what the dates and day counts leave: on 80 columns every column is in sight,
# on 160 the titles and owners are whole.
OVERDUE_COLUMNS = [
    Column("action", N_("Action"), 26, flex=True),
    Column("owner", N_("Owner"), 18, flex=True),
    Column("due", N_("Due"), 10, keep=True),
    Column("late", N_("Overdue"), 9, keep=True),
]


class PriorityCard(Vertical):
    """One of the top 3: its rank, title, success criterion and a progress bar of its actions."""

    DEFAULT_CSS = """
    PriorityCard { height: auto; padding: 0 1; margin-bottom: 1; border-left: thick $primary; }
    PriorityCard .title { text-style: bold; }
    PriorityCard .criterion { color: $text-muted; }
    PriorityCard ProgressBar { width: 1fr; }
    PriorityCard .counts { width: auto; margin-left: 1; }
    PriorityCard Horizontal { height: 1; }
    PriorityCard.-overdue { border-left: thick $warning; }
    """

    def __init__(self, item: PriorityProgress) -> None:
        super().__init__()
        self.item = item
        self.set_class(item.overdue > 0, "-overdue")

    def compose(self) -> ComposeResult:
        priority = self.item.priority
        where = f" · {priority.street}" if priority.street else ""
        yield Plain(f"{priority.rank}. {priority.title}{where}", classes="title")
        criterion = priority.success_criterion or _("no success criterion yet")
        yield Plain(_("Done when: {criterion}").format(criterion=criterion), classes="criterion")
        with Horizontal():
            bar = ProgressBar(total=max(self.item.actions, 1), show_eta=False)
            bar.progress = self.item.done
            yield bar
            counts = _("{done}/{total} actions done").format(
                done=self.item.done, total=self.item.actions
            )
            if self.item.overdue:
                counts += " · " + ngettext("{n} overdue", "{n} overdue", self.item.overdue).format(
                    n=self.item.overdue
                )
            yield Static(counts, classes="counts")


class DashboardScreen(BuurtScreen):
    TITLE_TEXT = N_("Dashboard")
    CSS_PATH = "dashboard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", N_("Refresh"), id="dashboard.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="dash-body"):
            with VerticalScroll(id="top3"):
                yield Static(_("Top 3"), classes="panel-title")
                yield Vertical(id="priorities")
            with Vertical(id="side"):
                yield Static(_("Next meeting"), classes="panel-title")
                yield Plain("", id="next-meeting")
                yield Static(_("Professional hours"), classes="panel-title")
                yield ProgressBar(id="hours-bar", show_eta=False)
                yield Plain("", id="hours")
                yield Static(_("Problems"), classes="panel-title")
                yield Plain("", id="problems")
        yield Static(_("Overdue actions"), classes="panel-title", id="overdue-title")
        yield RecordTable(OVERDUE_COLUMNS, id="overdue")
        yield BuurtFooter()

    # The loading indicator shows only when the data takes longer than this (seconds): a
    # dashboard whose data comes at once never flashes it, nor moves the keyboard for it.
    LOADING_AFTER: ClassVar[float] = 0.4

    def on_mount(self) -> None:
        if not self._shown_once:
            self.set_timer(self.LOADING_AFTER, self._still_loading, name="loading")
        self.action_refresh()

    def _still_loading(self) -> None:
        if not self._shown_once:
            self.query_one("#top3").loading = True

    def on_screen_resume(self) -> None:
        # Coming back from another screen: show what changed there (the first showing is
        # loaded by on_mount).
        if self._shown_once:
            self.action_refresh()

    def action_refresh(self) -> None:
        first_look = self.buurt.first_look_file
        if first_look is not None and not self._shown_once:
            self._look_at(first_look)
            return

        self._load("dashboard")

    def _load(self, group: str) -> None:
        # Imported here, in the worker's time: the screen paints before the data layer loads.
        def load(db: object, today: object, now: object) -> Dashboard:
            from buurt.services.dashboard import dashboard

            return dashboard(db, today=today, now=now)  # type: ignore[arg-type]

        self.ask(load, today=self.buurt.today(), now=self.buurt.now(), then=self.show, group=group)

    class FirstLook(Message):
        """The first data, read from the file on its own (None: it could not be read so)."""

        def __init__(self, data: Dashboard | None) -> None:
            super().__init__()
            self.data = data

    def _look_at(self, path: Path) -> None:
        """Read the first data from the file in a thread, without waiting for the app to open
        it (and without the data layer: the thread has the interpreter to itself)."""
        today, now = self.buurt.today(), self.buurt.now()

        def look() -> None:
            from buurt.services.dashboard import first_dashboard

            data = None
            try:
                data = first_dashboard(path, today=today, now=now)
            finally:
                # A message, not call_from_thread: dropped if the chair quit meanwhile.
                self.post_message(self.FirstLook(data))

        self.run_worker(look, thread=True, group="dashboard", exclusive=True, exit_on_error=False)

    def on_dashboard_screen_first_look(self, message: FirstLook) -> None:
        if message.data is not None:
            theme = message.data.neighbourhood.theme
            if theme and theme in self.app.available_themes:
                self.app.theme = theme  # as the app does once the file is open
            self.show(message.data)
            self.call_after_refresh(self._open_after_first_look)
            return
        # The file could not be read on its own: the dashboard waits for the app to open it,
        # as every screen does.
        self.buurt.start_opening()
        self.action_refresh()

    def _open_after_first_look(self) -> None:
        """Once the first data is painted, the app opens the file for real (its thread would
        otherwise share the interpreter with the painting)."""
        self.buurt.start_opening()

    def reread_after_first_look(self) -> None:
        """The file is open now (the app calls this while the dashboard is on screen): read
        it once more from there, so a change another program made before the file was open
        (and watched) shows too. Equal data is not drawn again. A dashboard left meanwhile
        reads when it is shown again (`on_screen_resume`)."""
        self._load("dashboard-reread")

    _shown_once = False
    _shown: Dashboard | None = None

    def show(self, data: Dashboard) -> None:
        self._shown_once = True
        self.query_one("#top3").loading = False
        if data == self._shown:
            return  # nothing changed: nothing is drawn again (no flicker)
        self._shown = data
        self.sub_title = data.neighbourhood.name
        self._show_priorities(data)
        self._show_side(data)
        self._show_overdue(data)

    def _show_priorities(self, data: Dashboard) -> None:
        box = self.query_one("#priorities", Vertical)
        box.remove_children()
        if not data.priorities:
            box.mount(
                Static(
                    _("No priorities yet: start a meeting (v) and vote on the top 3."),
                    classes="empty",
                )
            )
            return
        box.mount_all(PriorityCard(item) for item in data.priorities)

    def _show_side(self, data: Dashboard) -> None:
        meeting = data.next_meeting
        if meeting is None:
            text = _("None planned. Plan one from the meeting screen (v).")
        else:
            kind = label_of(MeetingKind, meeting.kind)
            text = f"{moment(meeting.starts_at)}\n{meeting.place or '-'}\n{kind}"
            if meeting.status == "open":
                text = _("In progress") + "\n" + text
        self.query_one("#next-meeting", Static).update(text)
        bar = self.query_one("#hours-bar", ProgressBar)
        bar.update(
            total=max(data.hours_available, 1),
            progress=min(data.hours_committed, max(data.hours_available, 1)),
        )
        hours = _("{used} of {available} hours committed").format(
            used=data.hours_committed, available=data.hours_available
        )
        over = data.over_budget
        bar.set_class(bool(over), "-over")
        if over:
            hours += "\n" + ngettext(
                "{over} hour over the budget", "{over} hours over the budget", over
            ).format(over=over)
        if data.period is not None:
            hours += "\n" + _("period {start} - {end}").format(
                start=day(data.period.start_on), end=day(data.period.end_on)
            )
        self.query_one("#hours", Static).update(hours)
        counts = data.problems_by_status
        lines = Text()
        for status in ("new", "candidate", "parked", "referred"):
            lines.append(f"{counts.get(status, 0):>4}  {label_of(ProblemStatus, status)}\n")
        lines.append(
            ngettext("{n} open action", "{n} open actions", data.open_actions).format(
                n=data.open_actions
            )
        )
        self.query_one("#problems", Static).update(lines)

    def _show_overdue(self, data: Dashboard) -> None:
        table = self.query_one("#overdue", RecordTable)
        title = self.query_one("#overdue-title", Static)
        title.update(
            _("Overdue actions ({n})").format(n=data.overdue_total)
            if data.overdue
            else _("Overdue actions: none")
        )
        today = data.today
        table.fill(
            (
                action.id,
                (
                    Text(action.title, style="bold"),
                    action.owner,
                    day(action.due_on) if action.due_on else "",
                    Text(
                        ngettext("{n} day", "{n} days", action.days_overdue(today)).format(
                            n=action.days_overdue(today)
                        ),
                        style="bold",
                    ),
                ),
            )
            for action in data.overdue
        )

    @on(DataTable.RowSelected, "#overdue")
    def _open_actions(self) -> None:
        self.app.switch_mode("actions")
