"""What every agenda section of meeting mode shares: its heading and hint, the meeting it
belongs to, and the messages it sends up to the meeting screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from buurt.i18n import _
from buurt.services.labels import AgendaSection, label
from buurt.services.meetings import MeetingRead
from buurt.tui.base import translate_bindings
from buurt.tui.work import Asker

if TYPE_CHECKING:
    from buurt.tui.app import BuurtApp


class Section(Asker, VerticalScroll):
    """One agenda section. Subclasses set `SECTION` and `HINT` (English, marked with `N_`),
    yield their widgets in `body()` and reload their data in `reload()`."""

    SECTION = AgendaSection.OPENING
    HINT = ""
    # A selector: the widget that gets the keyboard first when it is not a text field (a list
    # the chair works through, or the section's next step).
    FIRST = ""

    class AttendanceChanged(Message):
        """Attendance or guests changed: the meeting screen refreshes the quorum."""

    class MeetingChanged(Message):
        """The meeting itself changed (opened, closed, re-planned)."""

        def __init__(self, meeting: MeetingRead) -> None:
            super().__init__()
            self.meeting = meeting

    class Go(Message):
        """Ask the meeting screen to show another section."""

        def __init__(self, section: AgendaSection) -> None:
            super().__init__()
            self.section = section

    def __init__(self, meeting: MeetingRead) -> None:
        super().__init__(id=f"section-{self.SECTION.value}", classes="section")
        translate_bindings(self)
        self.meeting = meeting
        self._want_focus = False
        self._loaded = False
        self._pending: list[Callable[[], object]] = []

    @property
    def buurt(self) -> BuurtApp:
        return cast("BuurtApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(label(self.SECTION), classes="section-title")
        if self.HINT:
            yield Static(_(self.HINT), classes="section-hint")
        yield from self.body()

    def body(self) -> ComposeResult:
        yield from ()

    def reload(self) -> None:
        """Read the section's data again (called each time it is shown)."""

    def shown(self) -> None:
        """The section was just shown: reload; its first field gets the keyboard once the data
        is there (`settle_focus`)."""
        self._want_focus = True
        self.reload()

    def when_loaded(self, action: Callable[[], object]) -> None:
        """Run `action` once the section has its data (a palette entry may ask for a step of a
        section that is still loading)."""
        if self._loaded:
            action()
        else:
            self._pending.append(action)

    def settle_focus(self) -> None:
        """After (re)loading: focus the section's first field if it was just shown (the note
        box comes last: Enter there would add a line, not act), then run what waited for the
        data."""
        if not self.is_attached:
            return
        self._loaded = True
        if self._want_focus and self.display:
            self._focus_first()
        pending, self._pending = self._pending, []
        for action in pending:
            action()

    def _focus_first(self) -> None:
        self._want_focus = False
        fields = [
            w
            for w in self.query("*")
            if w.focusable and all(a.display for a in w.ancestors_with_self if a is not self.app)
        ]
        # What the chair types goes where it belongs: the section's own first field
        # (`FIRST`, e.g. the attendance list), else its first text field, the note box
        # included (a closing note typed at once must not be lost), else its first field.
        first: list[Widget] = list(self.query(self.FIRST)) if self.FIRST else []
        texts = [w for w in fields if isinstance(w, Input | TextArea)]
        outside_notes = [w for w in texts if not any(a.has_class("note-box") for a in w.ancestors)]
        targets = [w for w in first if w in fields] or outside_notes or texts or fields
        if targets:
            # At once, not later as `Widget.focus` does: the section's data is on screen
            # now, and a key pressed as soon as it shows (Enter on "Booth mode") must reach
            # the field. Textual centres a focused widget in its scrolling parent; the
            # section scrolls only as far as needed instead (once laid out), so its title
            # and guidance stay in sight whenever the field fits below them.
            self.screen.set_focus(targets[0], scroll_visible=False)
            targets[0].scroll_visible(animate=False)

    def leave(self) -> None:
        """The chair moves on: save any note not yet saved."""
        self._want_focus = False
        for box in self.query(".note-box"):
            box.save()  # type: ignore[attr-defined]
