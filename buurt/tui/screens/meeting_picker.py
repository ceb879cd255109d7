"""The meeting picker: the meetings the chair can run (the open one, the planned ones, the
recent closed ones), and the way to plan one."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Static

from buurt.i18n import N_, _
from buurt.services.labels import MeetingStatus
from buurt.services.meetings import MeetingRead
from buurt.tui.base import translate_bindings
from buurt.tui.format import moment
from buurt.tui.widgets.button_row import ButtonRow
from buurt.tui.widgets.table import Column, RecordTable

# Said here rather than with `label_of`: "closed" is also a vote status ("counted").
MEETING_STATUS = {
    MeetingStatus.PLANNED.value: N_("planned"),
    MeetingStatus.OPEN.value: N_("open"),
    MeetingStatus.CLOSED.value: N_("closed"),
}


def meeting_status(status: str) -> str:
    return _(MEETING_STATUS.get(status, status))


class MeetingPicker(Vertical):
    """The meetings to run: the open one, the planned ones, the recent closed ones."""

    class Plan(Message):
        """The chair wants to plan a meeting."""

    class Start(Message):
        """The chair chose the meeting to run."""

        def __init__(self, meeting_id: int) -> None:
            super().__init__()
            self.meeting_id = meeting_id

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "plan", N_("Plan a meeting"), id="meeting.plan"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        yield Static(_("Choose the meeting to run, or plan one."), classes="section-title")
        yield RecordTable(
            [
                Column("when", N_("Date and time"), 22),
                Column("place", N_("Place"), 26, flex=True),
                Column("status", N_("Status"), 10),
                Column("chair", N_("Chair"), 18, flex=True),
            ],
            id="meetings",
        )
        with ButtonRow(classes="buttons"):
            yield Button(_("Start the meeting"), id="start", variant="primary")
            yield Button(_("Plan a meeting"), id="plan")

    def fill(self, meetings: list[MeetingRead], chosen: MeetingRead | None) -> None:
        table = self.query_one("#meetings", RecordTable)
        table.fill(
            (
                m.id,
                (
                    moment(m.starts_at),
                    m.place,
                    meeting_status(m.status),
                    m.chair,
                ),
            )
            for m in meetings
        )
        if chosen is not None and str(chosen.id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(chosen.id)))
        table.focus()

    def action_plan(self) -> None:
        self.post_message(MeetingPicker.Plan())

    @on(Button.Pressed, "#plan")
    def _plan(self) -> None:
        self.action_plan()

    @on(Button.Pressed, "#start")
    @on(DataTable.RowSelected, "#meetings")
    def _start(self) -> None:
        key = self.query_one("#meetings", RecordTable).current_key
        if key is not None:
            self.post_message(MeetingPicker.Start(int(key)))
