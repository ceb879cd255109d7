"""Previous minutes: the minutes of the meeting before are adopted, with their corrections."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Label, Markdown, TextArea

from buurt.i18n import N_, _
from buurt.services.labels import AgendaSection, MinutesState
from buurt.services.meetings import MeetingRead, NoteRead, list_notes, previous_meeting
from buurt.services.minutes import minutes_markdown
from buurt.services.minutes_approval import MinutesStatus, adopt_minutes, minutes_status
from buurt.tui.base import BuurtModal
from buurt.tui.format import moment
from buurt.tui.screens.meeting_sections.base import Section
from buurt.tui.screens.meeting_sections.notes import NoteBox, PrivacyHint
from buurt.tui.widgets.button_row import ButtonRow
from buurt.tui.widgets.plain import Plain
from buurt.tui.widgets.text_box import TextBox

# Said here rather than with `label_of`: "draft" is also a vote status ("being prepared").
STATE = {MinutesState.DRAFT.value: N_("draft"), MinutesState.ADOPTED.value: N_("adopted")}


class MinutesReader(BuurtModal[None]):
    """The previous meeting's minutes to read through before adopting them."""

    DEFAULT_CSS = """
    MinutesReader { align: center middle; }
    MinutesReader > Vertical {
        width: 100; max-width: 100%; height: 100%; border: thick $primary; background: $surface;
    }
    MinutesReader #reader { height: 1fr; }
    MinutesReader #reader-close { dock: bottom; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Back"), id="reader.close"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll(id="reader"):
                yield Markdown(_("Loading the minutes …"), id="reader-text")
            yield Button(_("Back to the agenda"), id="reader-close")

    def on_mount(self) -> None:
        self.query_one("#reader", VerticalScroll).focus()
        self.ask(
            minutes_markdown,
            self.meeting_id,
            "minutes",
            anonymise=False,
            today=self.buurt.today(),
            then=self._show,
        )

    def _show(self, text: str) -> None:
        if self.is_attached:
            self.query_one("#reader-text", Markdown).update(text)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#reader-close")
    def _close(self) -> None:
        self.dismiss(None)


class PreviousMinutesSection(Section):
    SECTION = AgendaSection.PREVIOUS_MINUTES
    HINT = N_(
        "Go through the minutes of the previous meeting. Write each correction on its own "
        "line, then adopt the minutes."
    )

    def __init__(self, meeting: MeetingRead) -> None:
        super().__init__(meeting)
        self.previous: MeetingRead | None = None

    def body(self) -> ComposeResult:
        yield Plain("", id="previous-meeting")
        yield Label(_("Corrections (one per line)"), classes="field-label")
        yield TextBox("", id="corrections", soft_wrap=True)
        yield PrivacyHint(id="corrections-privacy")
        with ButtonRow(classes="buttons"):
            yield Button(_("Read the minutes"), id="read-minutes")
            yield Button(_("Adopt the minutes"), id="adopt", variant="primary")
        yield NoteBox(self.meeting.id, self.SECTION)

    def reload(self) -> None:
        self.ask(previous_meeting, self.meeting.id, then=self._show)
        self.ask(list_notes, self.meeting.id, then=self._notes)

    def _notes(self, notes: list[NoteRead]) -> None:
        self.query_one(NoteBox).show_stored(notes)

    def _show(self, previous: MeetingRead | None) -> None:
        self.previous = previous
        self.call_after_refresh(self.settle_focus)
        info = self.query_one("#previous-meeting", Plain)
        if previous is None:
            info.update(_("There is no earlier meeting: nothing to adopt."))
            self.query_one("#adopt", Button).disabled = True
            self.query_one("#read-minutes", Button).disabled = True
            return
        state = _(STATE.get(previous.minutes_state, previous.minutes_state))
        info.update(
            _("Minutes of the meeting of {when} at {place}: {state}.").format(
                when=moment(previous.starts_at), place=previous.place or "-", state=state
            )
        )
        adopted = previous.minutes_state == MinutesState.ADOPTED.value
        self.query_one("#adopt", Button).disabled = adopted
        self.query_one("#corrections", TextArea).disabled = adopted
        if adopted:
            self.ask(minutes_status, previous.id, then=self._adopted)

    def _adopted(self, status: MinutesStatus) -> None:
        if status.amendments:
            self.query_one("#corrections", TextArea).load_text("\n".join(status.amendments))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget.id == "corrections":
            text = self.query_one("#corrections", TextArea).text
            self.query_one("#corrections-privacy", PrivacyHint).check(text)

    @on(Button.Pressed, "#read-minutes")
    def _read(self) -> None:
        if self.previous is not None:
            self.app.push_screen(MinutesReader(self.previous.id))

    @on(Button.Pressed, "#adopt")
    def _adopt(self) -> None:
        if self.previous is None:
            return
        text = self.query_one("#corrections", TextArea).text
        amendments = [line.strip() for line in text.splitlines() if line.strip()]

        def done(_result: object) -> None:
            self.notify(_("The minutes are adopted."))
            self.reload()

        self.ask(adopt_minutes, self.previous.id, self.meeting.id, amendments, then=done)
