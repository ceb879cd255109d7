"""Opening: who is present, who sent apologies, who is absent; the guests; the opening note.

On the attendance list, 1 / 2 / 3 mark the member present / with apologies / absent; enter,
space or a click moves on to the next of the three."""

from __future__ import annotations

from datetime import datetime, time
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Static

from buurt.i18n import N_, _, ngettext
from buurt.services.labels import AgendaSection, AttendanceStatus, MemberKind, label_of
from buurt.services.meetings import (
    AttendanceRow,
    MeetingRead,
    NoteRead,
    attendance,
    list_notes,
    set_attendance,
    set_guests,
    set_opening_time,
)
from buurt.tui.base import translate_bindings
from buurt.tui.screens.meeting_sections.base import Section
from buurt.tui.screens.meeting_sections.notes import NoteBox
from buurt.tui.widgets.table import Column, RecordTable

CYCLE = [AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT]
STYLE = {"present": "bold", "apologies": "italic", "absent": "dim"}


class AttendanceTable(RecordTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "mark('present')", N_("Present"), id="attendance.present"),
        Binding("2", "mark('apologies')", N_("Apologies"), id="attendance.apologies"),
        Binding("3", "mark('absent')", N_("Absent"), id="attendance.absent"),
        Binding("space", "cycle", N_("Next status"), show=False, id="attendance.cycle"),
    ]

    def __init__(self) -> None:
        super().__init__(
            [
                # Attendance right after the name: on a narrow screen it stays in sight.
                Column("name", N_("Member"), 19, flex=True),
                Column("status", N_("Attendance"), 12),
                Column("kind", N_("Kind"), 12),
                Column("organisation", N_("Organisation"), 14, flex=True),
            ],
            id="attendance",
        )
        translate_bindings(self)
        self.statuses: dict[int, str] = {}

    def action_mark(self, status: str) -> None:
        key = self.current_key
        if key is not None:
            self.post_message(OpeningSection.Mark(int(key), status))
            if self.cursor_row < self.row_count - 1:
                self.move_cursor(row=self.cursor_row + 1)

    def action_cycle(self) -> None:
        key = self.current_key
        if key is not None:
            now = AttendanceStatus(self.statuses.get(int(key), "absent"))
            following = CYCLE[(CYCLE.index(now) + 1) % len(CYCLE)]
            self.post_message(OpeningSection.Mark(int(key), following.value))


class OpeningSection(Section):
    SECTION = AgendaSection.OPENING
    FIRST = "#attendance"
    HINT = N_(
        "Welcome everyone and tick who is here: 1 present, 2 apologies, 3 absent. "
        "The quorum is shown at the top."
    )

    class Mark(Message):
        def __init__(self, member_id: int, status: str) -> None:
            super().__init__()
            self.member_id = member_id
            self.status = status

    def __init__(self, meeting: MeetingRead) -> None:
        super().__init__(meeting)
        self.rows: list[AttendanceRow] = []

    def body(self) -> ComposeResult:
        yield AttendanceTable()
        # The counts under the list, on a line of their own: beside the guests and the opening
        # time they were cut off below 120 columns.
        yield Static("", id="attendance-summary")
        with Horizontal(id="guests-row"):
            yield Label(_("Guests"), id="guests-label")
            yield Input(str(self.meeting.guests), id="guests", type="integer")
            yield Label(_("Opened at"), id="opened-label")
            opened = self.meeting.opened_at.astimezone() if self.meeting.opened_at else None
            yield Input(
                f"{opened:%H:%M}" if opened else "",
                placeholder="19:30",
                id="opened-at",
                restrict=r"[0-9:.]*",
                max_length=5,
            )
        yield NoteBox(self.meeting.id, self.SECTION)

    def reload(self) -> None:
        self.ask(attendance, self.meeting.id, then=self._show)
        self.ask(list_notes, self.meeting.id, then=self._notes)

    def _notes(self, notes: list[NoteRead]) -> None:
        self.query_one(NoteBox).show_stored(notes)

    def _show(self, rows: list[AttendanceRow]) -> None:
        self.rows = rows
        table = self.query_one(AttendanceTable)
        table.statuses = {r.member_id: r.status for r in rows}
        table.fill(
            (
                r.member_id,
                (
                    Text(r.name, style=STYLE[r.status]),
                    Text(label_of(AttendanceStatus, r.status), style=STYLE[r.status]),
                    label_of(MemberKind, r.kind),
                    r.organisation,
                ),
            )
            for r in rows
        )
        counts = {s: sum(r.status == s for r in rows) for s in ("present", "apologies", "absent")}
        apologies = ngettext("{n} apology", "{n} apologies", counts["apologies"]).format(
            n=counts["apologies"]
        )
        self.query_one("#attendance-summary", Static).update(
            _("{present} present · {apologies} · {absent} absent").format(
                present=counts["present"], apologies=apologies, absent=counts["absent"]
            )
        )
        self.settle_focus()

    @on(Mark)
    def _mark(self, event: Mark) -> None:
        def done(row: AttendanceRow) -> None:
            self.rows = [row if r.member_id == row.member_id else r for r in self.rows]
            self._show(self.rows)
            self.post_message(Section.AttendanceChanged())

        event.stop()
        self.ask(set_attendance, self.meeting.id, event.member_id, event.status, then=done)

    @on(DataTable.RowSelected, "#attendance")
    def _cycle(self) -> None:
        self.query_one(AttendanceTable).action_cycle()

    @on(Input.Submitted, "#opened-at")
    @on(Input.Blurred, "#opened-at")
    def _opened_at(self) -> None:
        """The chair corrects when the meeting opened (the minutes print it)."""
        text = self.query_one("#opened-at", Input).value.strip().replace(".", ":")
        try:
            clock = time.fromisoformat(text if len(text) == 5 else f"0{text}")
        except ValueError:
            self.notify(
                _("Write the opening time as hh:mm, for example 19:30."), severity="warning"
            )
            return
        day = self.meeting.starts_at.astimezone().date()
        moment = datetime.combine(day, clock).astimezone()
        if self.meeting.opened_at is not None and moment == self.meeting.opened_at.astimezone():
            return

        def done(meeting: MeetingRead) -> None:
            self.meeting = meeting
            self.notify(_("Opening time: {time}.").format(time=f"{clock:%H:%M}"))

        self.ask(set_opening_time, self.meeting.id, moment, then=done)

    @on(Input.Submitted, "#guests")
    @on(Input.Blurred, "#guests")
    def _guests(self) -> None:
        text = self.query_one("#guests", Input).value.strip() or "0"
        if not text.lstrip("-").isdigit() or int(text) == self.meeting.guests:
            return

        def done(meeting: MeetingRead) -> None:
            self.meeting = meeting
            self.post_message(Section.AttendanceChanged())

        self.ask(set_guests, self.meeting.id, int(text), then=done)
