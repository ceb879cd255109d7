"""The minutes: pick a meeting (the latest by default) and a document, read it as it will be
sent, and export it as PDF, DOCX, HTML or Markdown to a file the chair can name.

Nothing is typed twice: the documents come from the meeting's record (`buurt.services.minutes`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Header, Input, Label, Markdown, Select, Static

from buurt.errors import BuurtError, InputError
from buurt.i18n import N_, _
from buurt.services.minutes import (
    check_format,
    default_folder,
    export_document,
    export_target,
    minutes_markdown,
    suggested_filename,
    taken_place,
)
from buurt.text import visible
from buurt.tui.base import BuurtScreen
from buurt.tui.format import day
from buurt.tui.widgets.confirm import ConfirmDialog
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.plain import Plain

KINDS = [
    (N_("Minutes"), "minutes"),
    (N_("Action list"), "actions"),
    (N_("You said, we did"), "summary"),
]
FORMATS = [("PDF", "pdf"), ("Word (DOCX)", "docx"), ("HTML", "html"), ("Markdown", "md")]


def _format_of(path: Path) -> str | None:
    """The format a typed file name says ("verslag.md" is Markdown), by the service's own
    rule; None when the name says none buurt writes."""
    try:
        return check_format(path.suffix) if path.suffix else None
    except InputError:
        return None


def _option(starts: datetime, place: str, width: int = 24) -> Text:
    """A meeting on one line of the picker: its date, then as much of the place as fits (as
    plain text: a place is data)."""
    text = f"{day(starts.date())} {visible(place)}".strip()
    return Text(text if len(text) <= width else text[: width - 1].rstrip() + "…")


class MinutesScreen(BuurtScreen):
    TITLE_TEXT = N_("Minutes")
    CSS_PATH = "minutes.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", N_("Export"), id="minutes.export"),
        Binding("escape", "back", N_("Back"), id="minutes.back"),
    ]

    def __init__(self, meeting_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self._folder: Path | None = None
        self._shown: tuple[int, str, bool] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="minutes-body"):
            with Vertical(id="minutes-form"):
                yield Label(_("Meeting"))
                yield Select[int]([], id="meeting", allow_blank=True, prompt=_("No meetings"))
                yield Label(_("Document"))
                yield Select[str](
                    [(_(label), value) for label, value in KINDS],
                    id="kind",
                    value="minutes",
                    allow_blank=False,
                )
                yield Checkbox(_("Public version"), id="public")
                yield Static(_("Residents are named only with their consent."), id="public-hint")
                yield Label(_("Format"))
                yield Select[str](FORMATS, id="format", value="pdf", allow_blank=False)
                yield Plain("", id="minutes-message")
            with VerticalScroll(id="minutes-preview"):
                yield Markdown("", id="preview")
        with Horizontal(id="minutes-save"):
            yield Label(_("Save as"))
            yield Input(id="path")
            yield Button(_("Export"), id="export", variant="primary")
        yield BuurtFooter()

    def on_mount(self) -> None:
        self.ask(taken_place, then=self._meetings)

    def _meetings(self, rows: list[tuple[int, datetime, str]]) -> None:
        select = self.query_one("#meeting", Select)
        select.set_options(
            (_option(starts, place), meeting_id) for meeting_id, starts, place in rows
        )
        if not rows:
            self._say(_("No meeting has taken place yet, so there are no minutes."), error=True)
            self.query_one("#export", Button).disabled = True
            return
        known = [meeting_id for meeting_id, _starts, _place in rows]
        select.value = self.meeting_id if self.meeting_id in known else known[0]

    # --- what is chosen ---------------------------------------------------------------------

    def _choice(self) -> dict[str, Any] | None:
        meeting = self.query_one("#meeting", Select).value
        if not isinstance(meeting, int):
            return None
        return {
            "meeting_id": meeting,
            "kind": str(self.query_one("#kind", Select).value),
            "anonymise": self.query_one("#public", Checkbox).value,
            "fmt": str(self.query_one("#format", Select).value),
        }

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        choice = self._choice()
        if choice is None:
            return
        public = self.query_one("#public", Checkbox)
        public.disabled = choice["kind"] == "summary"  # always public
        shown = (choice["meeting_id"], choice["kind"], choice["anonymise"])
        if shown != self._shown:  # a new format changes the file name, not the text
            self._shown = shown
            self.ask(
                minutes_markdown,
                choice["meeting_id"],
                choice["kind"],
                anonymise=choice["anonymise"],
                today=self.buurt.today(),
                then=self._preview,
                group="minutes-preview",
            )
        self.ask(
            suggested_filename,
            choice["meeting_id"],
            choice["kind"],
            choice["fmt"],
            anonymise=choice["anonymise"],
            then=self._suggest,
            group="minutes-file-name",
        )

    def _preview(self, text: str) -> None:
        self.query_one("#preview", Markdown).update(text)

    def _suggest(self, name: str) -> None:
        """Put the suggested name in the folder last used (the Documents folder at first)."""
        field = self.query_one("#path", Input)
        if field.value:
            self._folder = Path(field.value).expanduser().parent
        folder = self._folder or default_folder()
        field.value = str(folder / name)
        field.cursor_position = len(field.value)  # show the end: the file name

    # --- export -----------------------------------------------------------------------------

    def action_export(self) -> None:
        choice = self._choice()
        text = self.query_one("#path", Input).value.strip()
        if choice is None or not text:
            self._say(_("Choose a meeting and a file name first."), error=True)
            return
        path = Path(text).expanduser()
        typed = _format_of(path)
        if typed is not None and typed != choice["fmt"]:
            choice["fmt"] = typed
            select = self.query_one("#format", Select)
            with select.prevent(Select.Changed):  # keep the typed name, show its format
                select.value = typed
        self.query_one("#export", Button).disabled = True
        self.ask(
            export_target,
            choice["meeting_id"],
            path,
            kind=choice["kind"],
            fmt=choice["fmt"],
            anonymise=choice["anonymise"],
            then=lambda target: self._checked(choice, *target),
            failed=self._failed,
        )

    def _checked(self, choice: dict[str, Any], path: Path, exists: bool) -> None:
        """The target may be written: ask before replacing an existing file."""
        if not exists:
            self._write(choice, path, force=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(choice, path, force=True)
            else:
                self.query_one("#export", Button).disabled = False
                self._say(_("Nothing was written; {file} is unchanged.").format(file=path))

        question = _("{file} already exists. Replace it?").format(file=path)
        self.app.push_screen(ConfirmDialog(question, _("Replace")), answered)

    def _write(self, choice: dict[str, Any], path: Path, *, force: bool) -> None:
        self._say(_("Writing..."))
        self.ask(
            export_document,
            choice["meeting_id"],
            path,
            kind=choice["kind"],
            fmt=choice["fmt"],
            anonymise=choice["anonymise"],
            today=self.buurt.today(),
            force=force,
            then=self._written,
            failed=self._failed,
        )

    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Input.Submitted, "#path")
    def _path_submitted(self) -> None:
        self.action_export()

    def _written(self, path: Path) -> None:
        self.query_one("#export", Button).disabled = False
        message = _("Written to {file}.").format(file=path)
        self._say(message)
        self.notify(message, timeout=8)

    def _failed(self, error: BuurtError) -> None:
        self.query_one("#export", Button).disabled = False
        self._say(error.message, error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#minutes-message", Plain)
        message.update(text)
        message.set_class(error, "-error")

    def action_back(self) -> None:
        self.app.pop_screen()
