"""Importing a CSV file (members, problems or ballots) from the app.

The chair picks what the file holds and where it is, checks it first (a dry run: every row is
listed as to add, skipped or refused, with the privacy check's warnings), then imports it. An
import is all or nothing: when a row is refused, nothing is written and the table says why.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Header, Input, Select, Static

from buurt.errors import BuurtError
from buurt.i18n import N_, _
from buurt.services.csv_import import ImportReport, import_csv_file
from buurt.tui.base import BuurtScreen
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.table import Column, RecordTable

COLUMNS = [
    Column("line", N_("Line"), 5),
    Column("outcome", N_("Outcome"), 12),
    Column("label", N_("Row"), 24),
    Column("column", N_("Column"), 12),
    Column("reason", N_("Reason or warning"), 30, flex=True),
]
KINDS = [("members", N_("Members")), ("problems", N_("Problems")), ("ballots", N_("Ballots"))]
OUTCOMES = {"add": N_("add"), "skip": N_("skipped"), "refuse": N_("refused")}


class ImportCsvScreen(BuurtScreen):
    """Check and import a CSV file."""

    TITLE_TEXT = N_("Import a CSV file")
    CSS_PATH = "import_csv.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Back"), id="import.close"),
    ]

    def __init__(
        self, *, kind: str = "members", path: str = "", vote_id: int | None = None
    ) -> None:
        super().__init__()
        self._kind = kind
        self._path = path
        self._vote_id = vote_id

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="import-choice"):
            yield Select(
                [(_(label), kind) for kind, label in KINDS],
                value=self._kind,
                allow_blank=False,
                id="import-kind",
            )
            yield Input(self._path, placeholder=_("Path of the CSV file"), id="import-path")
            yield Input(
                "" if self._vote_id is None else str(self._vote_id),
                placeholder=_("Vote number"),
                id="import-vote",
                type="integer",
            )
        with Horizontal(id="import-buttons"):
            yield Button(_("Check"), id="import-check", variant="primary")
            yield Button(_("Import"), id="import-run", variant="warning")
        yield Static("", id="import-summary")
        yield RecordTable(COLUMNS, id="import-rows")
        yield BuurtFooter()

    def on_mount(self) -> None:
        self._show_vote_field()
        if self.buurt.readonly:
            self.query_one("#import-run", Button).disabled = True

    @on(Select.Changed, "#import-kind")
    def _show_vote_field(self) -> None:
        kind = self.query_one("#import-kind", Select).value
        self.query_one("#import-vote", Input).display = kind == "ballots"

    def _options(self) -> tuple[str, str, int | None]:
        kind = str(self.query_one("#import-kind", Select).value)
        path = self.query_one("#import-path", Input).value.strip()
        vote_text = self.query_one("#import-vote", Input).value.strip()
        vote = int(vote_text) if kind == "ballots" and vote_text.isdigit() else None
        return kind, path, vote

    @on(Button.Pressed, "#import-check")
    def action_check(self) -> None:
        self._run(dry_run=True)

    @on(Button.Pressed, "#import-run")
    def action_import(self) -> None:
        self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        kind, path, vote = self._options()
        self.query_one("#import-summary", Static).update(_("Reading {file}...").format(file=path))
        self.ask(
            import_csv_file,
            kind,
            path,
            vote_id=vote,
            dry_run=dry_run,
            then=self.show,
            failed=self._refused,
        )

    def _refused(self, error: BuurtError) -> None:
        self.query_one("#import-rows", RecordTable).clear()
        summary = self.query_one("#import-summary", Static)
        summary.update(Text(error.message, style="bold"))
        summary.add_class("-error")

    def show(self, report: ImportReport) -> None:
        rows: list[tuple[object, list[Text | str]]] = []
        key = 0
        for row in report.rows:
            key += 1
            style = {"add": "", "skip": "dim", "refuse": "bold"}[row.outcome]
            outcome = _(OUTCOMES[row.outcome])
            if row.outcome == "add" and not report.applied:
                outcome = _("would add")
            rows.append(
                (
                    key,
                    [str(row.line), Text(outcome, style=style), row.label, row.column, row.reason],
                )
            )
            for warning in row.warnings:
                key += 1
                rows.append(
                    (key, ["", Text(_("privacy"), style="italic"), "", "", warning.message])
                )
        self.query_one("#import-rows", RecordTable).fill(rows)
        parts = [
            _("{added} to add, {skipped} skipped, {refused} refused.").format(
                added=len(report.added), skipped=len(report.skipped), refused=len(report.refused)
            )
        ]
        if report.ignored_columns:
            parts.append(
                _("Columns not imported (buurt does not keep them): {columns}.").format(
                    columns=", ".join(report.ignored_columns)
                )
            )
        if report.applied:
            parts.append(_("Imported."))
        elif report.refused:
            parts.append(_("Nothing was imported: correct the refused rows and try again."))
        else:
            parts.append(_("Checked: nothing was changed yet."))
        summary = self.query_one("#import-summary", Static)
        summary.remove_class("-error")
        summary.update(" ".join(parts))
        if report.applied:
            self.notify(_("Imported from {file}.").format(file=report.file))

    def action_close(self) -> None:
        self.app.pop_screen()
