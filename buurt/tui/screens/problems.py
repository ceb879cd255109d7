"""The problems: every problem the committee logged, filtered as you type.

The list may hold thousands of problems, so the filter runs in SQL (in a worker, after a short
pause in typing), shows at most `PAGE` rows, and the table is refilled in one go.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static

from buurt.i18n import N_, _, ngettext
from buurt.services.labels import ProblemStatus, label, label_of
from buurt.services.problems import OPEN_STATUSES, ProblemRead, get_problem, list_problems
from buurt.tui.base import BuurtScreen
from buurt.tui.format import day
from buurt.tui.screens.dossier import DossierScreen
from buurt.tui.screens.problem_form import ProblemForm
from buurt.tui.screens.triage import TriageDialog
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.form_modal import chosen
from buurt.tui.widgets.table import Column, RecordTable

# Rows shown at most; a longer list asks the chair to narrow the filter.
PAGE = 500
# Seconds of quiet typing before the filter runs.
FILTER_DELAY = 0.2

COLUMNS = [
    Column("id", N_("#"), 4),
    Column("title", N_("Title"), 28, flex=True),
    Column("street", N_("Street"), 16),
    Column("category", N_("Category"), 14),
    Column("status", N_("Status"), 12),
    Column("logged_at", N_("Logged"), 12, keep=True),
]
# Newest first for dates and numbers, A-Z for words, when a column is first chosen.
DESCENDING_FIRST = {"id", "logged_at"}

OPEN = "open"
ALL = "all"


def status_filter(choice: str) -> list[str] | None:
    if choice == OPEN:
        return [s.value for s in OPEN_STATUSES]
    if choice == ALL:
        return None
    return [choice]


class ProblemsScreen(BuurtScreen):
    TITLE_TEXT = N_("Problems")
    CSS_PATH = "problems.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New"), tooltip=N_("Log a new problem"), id="problems.new"),
        Binding("e", "edit", N_("Edit"), tooltip=N_("Edit the problem"), id="problems.edit"),
        Binding(
            "t",
            "triage",
            N_("Status"),
            tooltip=N_("Triage: change the status"),
            id="problems.triage",
        ),
        Binding(
            "enter",
            "dossier",
            N_("Dossier"),
            tooltip=N_("The problem's whole story"),
            id="problems.dossier",
            show=False,
        ),
        Binding("s", "sort", N_("Sort"), tooltip=N_("Sort by the next column"), id="problems.sort"),
        Binding(
            "slash",
            "filter",
            N_("Filter"),
            tooltip=N_("Type to filter the list"),
            id="problems.filter",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.order_by = "logged_at"
        self.descending = True

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="problem-filters"):
            yield Input(
                placeholder=_("Filter: title, street, category or description"), id="filter"
            )
            options = [(_("Open problems"), OPEN), (_("All problems"), ALL)]
            options += [(label(s), s.value) for s in ProblemStatus]
            yield Select(options, value=OPEN, allow_blank=False, id="status-filter")
        yield Static("", id="problems-count")
        yield RecordTable(COLUMNS, id="problems")
        yield BuurtFooter()

    def on_mount(self) -> None:
        self._show_sort()
        self.query_one("#problems", RecordTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    # Loading -------------------------------------------------------------------------------

    def load(self) -> None:
        """Query the problems with the current filter, sort order and status choice."""
        text = self.query_one("#filter", Input).value
        statuses = status_filter(str(chosen(self.query_one("#status-filter", Select)) or OPEN))
        # One group: a newer question cancels the older one, so a stale list is never shown.
        self.ask(
            list_problems,
            text=text,
            statuses=statuses,
            order_by=self.order_by,
            descending=self.descending,
            limit=PAGE + 1,
            then=self.show,
            group="problem-list",
        )

    def show(self, problems: list[ProblemRead]) -> None:
        more = len(problems) > PAGE
        problems = problems[:PAGE]
        table = self.query_one("#problems", RecordTable)
        table.fill((p.id, self._row(p)) for p in problems)
        if more:
            count = _("The first {n} problems; type to narrow the list.").format(n=PAGE)
        elif problems:
            count = ngettext("{n} problem", "{n} problems", len(problems)).format(n=len(problems))
        else:
            count = _("No problems match.")
        self.query_one("#problems-count", Static).update(count)

    @staticmethod
    def _row(p: ProblemRead) -> list[Any]:
        status = label_of(ProblemStatus, p.status)
        # Text, not str: a DataTable reads a str cell as markup, and a title may hold "[".
        return [
            Text(str(p.id), justify="right"),
            Text(p.title),
            Text(p.street),
            Text(p.category),
            Text(status, style="bold" if p.status == ProblemStatus.PRIORITY.value else ""),
            Text(day(p.logged_at.astimezone().date())),
        ]

    # Filtering -----------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_typed(self) -> None:
        self._filter_soon()

    @work(exclusive=True, group="problem-filter")
    async def _filter_soon(self) -> None:
        await asyncio.sleep(FILTER_DELAY)
        self.load()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#problems", RecordTable).focus()

    @on(Select.Changed, "#status-filter")
    def _status_chosen(self) -> None:
        self.load()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def key_escape(self) -> None:
        if self.focused is self.query_one("#filter", Input):
            self.query_one("#problems", RecordTable).focus()

    # Sorting -------------------------------------------------------------------------------

    @on(DataTable.HeaderSelected, "#problems")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(str(event.column_key.value))

    def action_sort(self) -> None:
        keys = [c.key for c in COLUMNS]
        self.sort_by(keys[(keys.index(self.order_by) + 1) % len(keys)])

    def sort_by(self, key: str) -> None:
        """Sort by `key`; choosing the same column again reverses the order."""
        if key == self.order_by:
            self.descending = not self.descending
        else:
            self.order_by = key
            self.descending = key in DESCENDING_FIRST
        self._show_sort()
        self.load()

    def _show_sort(self) -> None:
        table = self.query_one("#problems", RecordTable)
        for column in COLUMNS:
            heading = _(column.heading)
            if column.key == self.order_by:
                heading += " ▼" if self.descending else " ▲"
            table.set_heading(column.key, heading)

    # Acting on a problem -------------------------------------------------------------------

    @property
    def current_id(self) -> int | None:
        return self.query_one("#problems", RecordTable).current_id

    def action_new(self) -> None:
        self.app.push_screen(ProblemForm(), self._saved)

    def action_edit(self) -> None:
        if self.current_id is not None:
            self.ask(
                get_problem,
                self.current_id,
                then=lambda p: self.app.push_screen(ProblemForm(p), self._saved),
            )

    def action_triage(self) -> None:
        if self.current_id is not None:
            self.ask(
                get_problem,
                self.current_id,
                then=lambda p: self.app.push_screen(TriageDialog(p), self._saved),
            )

    @on(DataTable.RowSelected, "#problems")
    def action_dossier(self) -> None:
        if self.current_id is not None:
            self.app.push_screen(DossierScreen(self.current_id))

    def _saved(self, problem: ProblemRead | None) -> None:
        if problem is not None:
            self.notify(_("Problem #{id} saved.").format(id=problem.id))
            self.load()
