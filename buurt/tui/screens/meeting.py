"""Meeting mode: the chair runs the meeting from start to finish.

First pick (or plan) the meeting; opening it starts attendance. Then the agenda is a list of
sections on the left (ctrl+↑/↓ or a click moves between them) and the current section on the
right; the quorum is always on top. Everything is saved as it is entered."""

from __future__ import annotations

import asyncio
from datetime import datetime, time
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import (
    ContentSwitcher,
    Header,
    Input,
    OptionList,
    Static,
    TextArea,
)

from buurt.i18n import N_, _
from buurt.services.labels import AgendaSection, MeetingStatus, VoteStatus
from buurt.services.meetings import (
    MeetingRead,
    Quorum,
    close_meeting,
    get_meeting,
    list_meetings,
    next_meeting,
    open_meeting,
    quorum,
)
from buurt.services.projector import set_projector
from buurt.services.votes import VoteRead, list_votes
from buurt.tui.base import BuurtScreen, bound_on_screen
from buurt.tui.format import moment
from buurt.tui.screens.meeting_picker import MeetingPicker, meeting_status
from buurt.tui.screens.meeting_sections import SECTIONS, Section
from buurt.tui.screens.meeting_sections.actions import ActionsSection
from buurt.tui.screens.meeting_sections.closing import ClosingSection, NextMeetingSection
from buurt.tui.screens.meeting_sections.meeting_form import MeetingForm
from buurt.tui.screens.meeting_sections.new_problems import NewProblemsSection
from buurt.tui.screens.meeting_sections.vote import VoteSection
from buurt.tui.screens.meeting_sidebar import AgendaList
from buurt.tui.widgets.confirm import ConfirmDialog
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.plain import Plain

ORDER = list(SECTIONS)
GUIDED_ONLY = {
    "step",
    "agenda",
    "go",
    "new_problem",
    "add_action",
    "plan_next",
    "vote",
    "close_meeting",
    "choose",
}


class MeetingScreen(BuurtScreen):
    TITLE_TEXT = N_("Meeting")
    CSS_PATH = "meeting.tcss"
    # 80 columns: a narrower agenda leaves the section room (meeting.tcss).
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (100, "-normal"),
    ]
    VERTICAL_BREAKPOINTS = [
        (0, "-low"),
        (30, "-high"),
    ]
    # The F-keys are priority bindings: the note box (a TextArea) would take f6 and f7.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+down", "step(1)", N_("Next section"), id="meeting.next"),
        Binding("ctrl+up", "step(-1)", N_("Previous section"), id="meeting.previous"),
        Binding("ctrl+g", "agenda", N_("Agenda"), id="meeting.agenda"),
        Binding(
            "f1",
            "go('opening')",
            N_("Attendance"),
            show=False,
            priority=True,
            id="meeting.attendance",
        ),
        Binding(
            "f2",
            "new_problem",
            N_("New problem"),
            show=False,
            priority=True,
            id="meeting.new_problem",
        ),
        Binding(
            "f3", "go('vote')", N_("Go to the vote"), show=False, priority=True, id="meeting.vote"
        ),
        Binding(
            "f4", "add_action", N_("Add action"), show=False, priority=True, id="meeting.add_action"
        ),
        Binding(
            "ctrl+d",
            "plan_next",
            N_("Plan the next meeting"),
            show=False,
            priority=True,  # also from a note box, whose own ctrl+d deletes a character
            id="meeting.next_mtg",
        ),
        Binding(
            "f6",
            "vote('prepare')",
            N_("Prepare a vote"),
            show=False,
            priority=True,
            id="meeting.vote_prepare",
        ),
        Binding(
            "f7",
            "vote('ballots')",
            N_("Collect ballots"),
            show=False,
            priority=True,
            id="meeting.ballots",
        ),
        Binding(
            "f8",
            "vote('close')",
            N_("Close and count"),
            show=False,
            priority=True,
            id="meeting.vote_close",
        ),
        Binding(
            "f9",
            "vote('result')",
            N_("Show the result"),
            show=False,
            priority=True,
            id="meeting.result",
        ),
        Binding(
            "f10",
            "vote('cancel')",
            N_("Cancel the vote"),
            show=False,
            priority=True,
            id="meeting.cancel",
        ),
        Binding("ctrl+l", "close_meeting", N_("Close the meeting"), show=False, id="meeting.close"),
        Binding("ctrl+o", "choose", N_("Choose another meeting"), show=False, id="meeting.choose"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.meeting: MeetingRead | None = None
        self.section = AgendaSection.OPENING
        self._chosen: AgendaSection | None = None  # the last section asked for
        self._showing = asyncio.Lock()
        self._hinted: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="meeting-bar"):
            yield Plain("", id="meeting-info")
            yield Static("", id="quorum")
        with ContentSwitcher(initial="picker", id="meeting-mode"):
            yield MeetingPicker(id="picker")
            with Horizontal(id="guided"):
                yield AgendaList(ORDER, id="sections")
                yield ContentSwitcher(id="section-body")
        yield BuurtFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in GUIDED_ONLY:
            return self.meeting is not None
        return True

    def on_mount(self) -> None:
        self.query_one("#meeting-info", Static).update(_("Choose or plan a meeting."))
        now = datetime.combine(self.buurt.today(), time()).astimezone()
        self.ask(next_meeting, now=now, then=self._first)

    def _first(self, meeting: MeetingRead | None) -> None:
        if meeting is not None and meeting.status == MeetingStatus.OPEN.value:
            self._enter(meeting)
        else:
            self._pick(meeting)

    # -- choosing the meeting -----------------------------------------------------------------
    def _pick(self, chosen: MeetingRead | None = None) -> None:
        self.query_one("#meeting-mode", ContentSwitcher).current = "picker"
        self.ask(list_meetings, then=lambda rows: self.query_one(MeetingPicker).fill(rows, chosen))

    def action_choose(self) -> None:
        self._leave_section()
        self._pick(self.meeting)

    @on(MeetingPicker.Start)
    def _start(self, event: MeetingPicker.Start) -> None:
        self.action_start(event.meeting_id)

    @on(MeetingPicker.Plan)
    def action_plan_meeting(self) -> None:
        def planned(meeting: MeetingRead | None) -> None:
            if meeting is not None:
                self._pick(meeting)

        self.app.push_screen(MeetingForm(like=self.meeting), planned)

    def action_start(self, meeting_id: int) -> None:
        def chosen(meeting: MeetingRead) -> None:
            if meeting.status == MeetingStatus.PLANNED.value:
                self.ask(open_meeting, meeting.id, at=self.buurt.now(), then=self._enter)
            else:
                self._enter(meeting)

        self.ask(get_meeting, meeting_id, then=chosen)

    def _enter(self, meeting: MeetingRead) -> None:
        self.meeting = meeting
        self._chosen = None
        self.refresh_bindings()
        self.query_one("#section-body", ContentSwitcher).remove_children()
        self.query_one("#meeting-mode", ContentSwitcher).current = "guided"
        self._show_bar()
        # The opening, or, for a meeting resumed during an open vote, the vote.
        self.ask(list_votes, meeting_id=meeting.id, then=self._resume)

    async def _resume(self, votes: list[VoteRead]) -> None:
        voting = any(v.status == VoteStatus.OPEN.value for v in votes)
        if self._chosen is None:
            await self.show_section(AgendaSection.VOTE if voting else AgendaSection.OPENING)
        elif voting and self._chosen == AgendaSection.OPENING:
            # The chair went nowhere else meanwhile.
            await self.show_section(AgendaSection.VOTE)

    # -- the sections -------------------------------------------------------------------------
    def _current(self) -> Section | None:
        found = self.query(f"#section-{self.section.value}")
        return found.first(Section) if found else None

    def _leave_section(self) -> None:
        current = self._current()
        if current is not None:
            current.leave()

    async def show_section(self, section: AgendaSection) -> Section | None:
        """Show one agenda section. Only the section on screen exists (each is made afresh
        from the record when shown), which keeps the screen quick."""
        # One at a time: a key (f3) and the meeting's own opening (`_resume`) may each ask
        # for a section while the other's is still being mounted.
        if self.meeting is None:
            return None
        self._chosen = section
        async with self._showing:
            if self.meeting is None:
                return None
            current = self._current()
            if current is not None and section == self.section:
                # Already on screen (f3 on the vote): read it again, keep what has the keyboard
                # until then, rather than make it anew (a key pressed meanwhile went nowhere).
                current.shown()
                return current
            self._leave_section()
            self.section = section
            if not self.buurt.readonly:
                # The room's screen (buurt project) follows the chair from item to item.
                self.ask(set_projector, meeting_id=self.meeting.id, section=section.value)
            body = self.query_one("#section-body", ContentSwitcher)
            current = SECTIONS[section](self.meeting)
            await body.remove_children()
            await body.mount(current)
            body.current = current.id
            self.query_one("#sections", OptionList).highlighted = ORDER.index(section)
            current.shown()
            return current

    async def action_step(self, step: int) -> None:
        if self.meeting is None:
            return
        index = max(0, min(len(ORDER) - 1, ORDER.index(self.section) + step))
        await self.show_section(ORDER[index])

    async def action_go(self, section: str) -> None:
        await self.show_section(AgendaSection(section))

    def action_agenda(self) -> None:
        if self.meeting is not None:
            self.query_one("#sections", OptionList).focus()

    async def action_new_problem(self) -> None:
        section = await self.show_section(AgendaSection.NEW_PROBLEMS)
        if isinstance(section, NewProblemsSection):
            section.action_new_problem()

    async def action_add_action(self) -> None:
        section = await self.show_section(AgendaSection.ACTIONS)
        if isinstance(section, ActionsSection):
            section.when_loaded(section.action_add_action)

    async def action_plan_next(self) -> None:
        section = await self.show_section(AgendaSection.NEXT_MEETING)
        if isinstance(section, NextMeetingSection):
            section.when_loaded(section.action_plan_next)

    async def action_vote(self, step: str) -> None:
        """A step of the vote from anywhere (the palette lists them)."""
        section = await self.show_section(AgendaSection.VOTE)
        if isinstance(section, VoteSection):
            section.when_loaded(getattr(section, f"action_{step}"))

    @on(OptionList.OptionSelected, "#sections")
    async def _section_chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id or "opening"
        if chosen.startswith("mode-"):
            # The way out of meeting mode (its letters never leave it: see `on_key`).
            self._leave_section()
            self.app.switch_mode(chosen.removeprefix("mode-"))
            return
        await self.show_section(AgendaSection(chosen))

    def on_key(self, event: events.Key) -> None:
        """While a meeting runs, a letter typed outside a text field never reaches the app's
        keys to other screens (typing "Geopend om 19:32" on the attendance list must not open
        the problems): it does nothing but say where to type. Keys of the focused widget and
        of this screen still work."""
        if self.meeting is None or not event.is_printable:
            return
        if isinstance(self.app.focused, Input | TextArea):
            return
        if bound_on_screen(self, event.key):
            return
        event.stop()
        event.prevent_default()
        if self._hinted is self.app.focused:
            return  # said once for this field: a typed sentence gives one hint, not twenty
        self._hinted = self.app.focused
        self.notify(
            _(
                "Letters go into a text field only: Tab moves to the next one. Other screens "
                "are at the bottom of the agenda (ctrl+g)."
            ),
            timeout=4,
        )

    @on(Section.Go)
    async def _go(self, event: Section.Go) -> None:
        await self.show_section(event.section)

    # -- the bar: meeting and quorum ----------------------------------------------------------
    @on(Section.AttendanceChanged)
    def _show_bar(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        self.ask(get_meeting, meeting.id, then=self._meeting_info)
        self.ask(quorum, meeting.id, then=self._quorum)

    def _meeting_info(self, meeting: MeetingRead) -> None:
        self.meeting = meeting
        for section in self.query(Section):
            section.meeting = meeting
        self.query_one("#meeting-info", Static).update(
            f"{moment(meeting.starts_at)} · {meeting.place or '-'} · "
            f"{meeting_status(meeting.status)}"
        )

    def _quorum(self, check: Quorum) -> None:
        guests = self.meeting.guests if self.meeting else 0
        text = _("quorum {present}/{members}, needed {required}").format(
            present=check.present, members=check.members, required=check.required
        )
        text += " ✓" if check.met else " ✗"
        text += " · " + _("guests: {n}").format(n=guests)
        bar = self.query_one("#quorum", Static)
        bar.update(text)
        bar.set_class(check.met, "-met")
        bar.set_class(not check.met, "-short")

    # -- closing ------------------------------------------------------------------------------
    @on(ClosingSection.CloseMeeting)
    def action_close_meeting(self) -> None:
        meeting = self.meeting
        if meeting is None or meeting.status != MeetingStatus.OPEN.value:
            return
        self._leave_section()

        def answered(yes: bool | None) -> None:
            if yes:
                self.ask(close_meeting, meeting.id, then=self._meeting_closed)

        self.app.push_screen(
            ConfirmDialog(
                _("Close the meeting of {when}?").format(when=moment(meeting.starts_at)),
                _("Close the meeting"),
            ),
            answered,
        )

    def _meeting_closed(self, meeting: MeetingRead) -> None:
        self._meeting_info(meeting)
        self.notify(_("The meeting is closed. Thank you!"))
        current = self._current()
        if current is not None:
            current.reload()
