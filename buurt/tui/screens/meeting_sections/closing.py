"""The end of the meeting: the next meeting (plan it) and closing (with a last look at what was
decided, then close after a confirmation)."""

from __future__ import annotations

from datetime import timedelta

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Static

from buurt.i18n import N_, _
from buurt.services.labels import AgendaSection, MeetingStatus
from buurt.services.meetings import MeetingRead, planned_after
from buurt.tui.format import moment
from buurt.tui.screens.meeting_sections.meeting_form import MeetingForm
from buurt.tui.screens.meeting_sections.notes import NoteBox
from buurt.tui.screens.meeting_sections.plain import NotesSection
from buurt.tui.widgets.plain import Plain


class NextMeetingSection(NotesSection):
    SECTION = AgendaSection.NEXT_MEETING
    HINT = N_("Agree the date and place of the next meeting and plan it here.")

    def __init__(self, meeting: MeetingRead) -> None:
        super().__init__(meeting)
        # The meetings planned after this one (once read): when there is one, the button
        # changes it instead of planning yet another.
        self.planned: list[MeetingRead] = []

    def body(self) -> ComposeResult:
        yield Plain("", id="planned")
        with Horizontal(classes="buttons"):
            yield Button(_("Plan the next meeting"), id="plan-next", variant="primary")
        yield NoteBox(self.meeting.id, self.SECTION)

    def reload(self) -> None:
        # What is planned first, then the note: the section counts as loaded (ctrl+d waits
        # for that) only once it knows whether to plan or to change the next meeting.
        self.ask(planned_after, self.meeting.id, then=self._planned)

    def _planned(self, meetings: list[MeetingRead]) -> None:
        self.planned = meetings
        super().reload()
        if not meetings:
            text = _("No meeting planned after this one yet.")
        else:
            text = (
                _("Planned:")
                + "\n"
                + "\n".join(f"  {moment(m.starts_at)} · {m.place or '-'}" for m in meetings)
            )
        self.query_one("#planned", Plain).update(text)
        button = self.query_one("#plan-next", Button)
        button.label = _("Change the next meeting") if meetings else _("Plan the next meeting")
        button.refresh(layout=True)  # a longer label needs a wider button

    @on(Button.Pressed, "#plan-next")
    def action_plan_next(self) -> None:
        """Plan the next meeting, or, once it is planned, change it (date, place, chair)."""
        if self.planned:
            form = MeetingForm(self.planned[0])
        else:
            form = MeetingForm(
                like=self.meeting, starts_at=self.meeting.starts_at + timedelta(weeks=4)
            )
        self.app.push_screen(form, lambda m: self.reload() if m is not None else None)


class ClosingSection(NotesSection):
    SECTION = AgendaSection.CLOSING
    HINT = N_(
        "Thank everyone and close the meeting. Its record stays editable until the "
        "minutes are adopted at the next meeting."
    )

    class CloseMeeting(Message):
        """The chair pressed "close the meeting" (the meeting screen asks first)."""

    def body(self) -> ComposeResult:
        yield Static("", id="closing-state")
        with Horizontal(classes="buttons"):
            yield Button(_("Close the meeting"), id="close-meeting", variant="warning")
        yield NoteBox(self.meeting.id, self.SECTION)

    def reload(self) -> None:
        super().reload()
        closed = self.meeting.status == MeetingStatus.CLOSED.value
        self.query_one("#close-meeting", Button).display = not closed
        self.query_one("#closing-state", Static).update(
            _("This meeting is closed.") if closed else ""
        )

    @on(Button.Pressed, "#close-meeting")
    def _close(self) -> None:
        self.post_message(self.CloseMeeting())
