"""A note box that saves itself: the chair types, the text is stored a moment later (and at
once when the box loses focus), and the privacy check's warnings appear beside it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Label, Static, TextArea

from buurt.errors import BuurtError
from buurt.i18n import _
from buurt.services.labels import AgendaSection
from buurt.services.meetings import NoteRead, SectionText, merge_section_text, merged_text
from buurt.services.privacy import PrivacyWarning, privacy_warnings
from buurt.tui.widgets.plain import Plain
from buurt.tui.widgets.text_box import TextBox
from buurt.tui.work import Asker

if TYPE_CHECKING:
    from buurt.tui.app import BuurtApp

SAVE_AFTER = 0.8  # seconds of quiet typing before the text is stored


class PrivacyHint(Asker, Plain):
    """The privacy check's warnings for a piece of free text (hidden when there are none)."""

    DEFAULT_CSS = """
    PrivacyHint { color: $warning; height: auto; display: none; }
    PrivacyHint.-shown { display: block; }
    """

    def show_warnings(self, warnings: list[PrivacyWarning]) -> None:
        self.set_class(bool(warnings), "-shown")
        self.update("\n".join(f"⚠ {w.message}" for w in warnings))

    def check(self, text: str) -> None:
        self.ask(privacy_warnings, text, then=self.show_warnings)


class NoteBox(Asker, Vertical):
    """The running note of one agenda section of a meeting."""

    DEFAULT_CSS = """
    NoteBox { height: auto; margin-top: 1; }
    NoteBox > Label { color: $text-muted; }
    NoteBox > TextArea { height: 6; }
    NoteBox > .note-state { color: $text-muted; height: 1; text-align: right; }
    """

    def __init__(
        self, meeting_id: int, section: AgendaSection, text: str = "", *, title: str = ""
    ) -> None:
        super().__init__(classes="note-box")
        self.meeting_id = meeting_id
        self.section = section
        self.text = text
        self.title = title or _("Notes")
        self.saved_text = text
        self._timer: Timer | None = None

    @property
    def buurt(self) -> BuurtApp:
        return cast("BuurtApp", self.app)

    def compose(self) -> ComposeResult:
        yield Label(self.title)
        yield TextBox(self.text, id=f"note-{self.section.value}", soft_wrap=True)
        yield PrivacyHint()
        yield Static("", classes="note-state")

    def on_mount(self) -> None:
        if self.text:
            self.query_one(PrivacyHint).check(self.text)

    def show_stored(self, notes: list[NoteRead]) -> None:
        """Show this box's section's text among the meeting's `notes` (see `set_text`)."""
        self.set_text(next((n.text for n in notes if n.section == self.section.value), ""))

    def set_text(self, text: str) -> None:
        """Show the stored text (when the section is reloaded), unless the chair is typing."""
        area = self.query_one(TextArea)
        if area.text == self.saved_text and text != area.text:
            self.saved_text = text
            area.load_text(text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.text == self.saved_text:
            return
        self.query_one(".note-state", Static).update(_("typing…"))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_AFTER, self.save)

    def on_descendant_blur(self) -> None:
        self.save()

    def save(self) -> None:
        """Store the text now if it changed."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        areas = self.query(TextArea)
        if not areas:
            return  # not mounted yet (the chair moved on at once): nothing typed to save
        text = areas.first().text
        if text == self.saved_text:
            return
        was, self.saved_text = self.saved_text, text
        # The app does the write, not this box: the chair moving on removes the box at once,
        # and Textual cancels a removed widget's workers, one not yet started included (the
        # note was lost). The answer comes back here only while the box is on screen.
        self.buurt.ask(
            merge_section_text,
            self.meeting_id,
            self.section,
            text,
            was=was,
            then=partial(self._saved_if_shown, text),
            failed=self._refused_or_told,
        )
        self.query_one(PrivacyHint).check(text)

    def _saved_if_shown(self, sent: str, saved: SectionText) -> None:
        if self.is_attached:
            self._saved(sent, saved)

    def _refused_or_told(self, error: BuurtError) -> None:
        if self.is_attached:
            self._refused(error)
        else:  # the chair has moved on: the note was not saved, and they must know
            self.app.notify(error.message, severity="error", timeout=8)

    def _saved(self, sent: str, saved: SectionText) -> None:
        """The text is stored. When another copy of buurt had changed these notes meanwhile,
        the service saved its text above the chair's own (`merged_text`): the box shows both."""
        state = self.query_one(".note-state", Static)
        if saved.elsewhere is None:
            state.update(_("saved"))
            return
        area = self.query_one(TextArea)
        self.saved_text = saved.text
        # What the chair typed since the save went out stays, below the other copy's words
        # (and is saved a moment later, as any typing is).
        typed = area.text
        shown = saved.text if typed == sent else merged_text(saved.elsewhere, typed)
        row, column = area.cursor_location
        area.load_text(shown)
        # The cursor stays where the chair was typing, now below the other copy's lines.
        if shown.endswith(typed):
            area.move_cursor((row + shown[: len(shown) - len(typed)].count("\n"), column))
        else:
            area.move_cursor(area.document.end)
        state.update(_("saved, together with what was written elsewhere"))
        self.query_one(PrivacyHint).check(shown)

    def _refused(self, error: BuurtError) -> None:
        """Nothing was saved (the notes kept changing elsewhere, or the minutes are adopted):
        the box says why, and keeps the chair's text."""
        self.query_one(".note-state", Static).update(error.message)
