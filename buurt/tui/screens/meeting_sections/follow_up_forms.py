"""The committee's decision on a priority at the follow-up: continue, adjust (with a new
success criterion), achieved, or drop (with a reason). (An owner's report on an action uses the
actions screen's `FollowUpForm`.)"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Input, Static

from buurt.i18n import _, ngettext
from buurt.services.labels import PriorityDecisionKind, label
from buurt.services.priorities import DecisionRead, PriorityRead, decide
from buurt.tui.base import bound_on_screen
from buurt.tui.screens.meeting_sections.notes import PrivacyHint
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal


class _PrivacyChecked(FormModal[object]):
    """Checks the free-text inputs listed in `FREE_TEXT` when they lose focus."""

    FREE_TEXT: tuple[str, ...] = ()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget.id in self.FREE_TEXT and isinstance(event.widget, Input):
            self.query_one(f"#privacy-{event.widget.id}", PrivacyHint).check(event.widget.value)


class DecisionForm(_PrivacyChecked):
    """The committee's decision on a priority."""

    FREE_TEXT = ("note", "criterion")

    def __init__(
        self,
        priority: PriorityRead,
        meeting_id: int,
        decision: PriorityDecisionKind,
        *,
        open_actions: int = 0,
    ) -> None:
        super().__init__()
        self.priority = priority
        self.meeting_id = meeting_id
        self.decision = decision
        self.open_actions = open_actions
        # The text field the chair typed in last (see `on_key`).
        self._typing_in: Input | None = None

    def heading(self) -> str:
        return _("{decision}: {priority}").format(
            decision=label(self.decision).capitalize(), priority=self.priority.title
        )

    def fields(self) -> ComposeResult:
        closing = (PriorityDecisionKind.ACHIEVED, PriorityDecisionKind.DROP)
        if self.decision in closing and self.open_actions:
            yield Static(
                ngettext(
                    "{n} action of this priority is still open; it stays open (report on it "
                    "in the actions screen).",
                    "{n} actions of this priority are still open; they stay open (report on "
                    "them in the actions screen).",
                    self.open_actions,
                ).format(n=self.open_actions),
                id="open-actions",
                classes="warning",
            )
        if self.decision == PriorityDecisionKind.ADJUST:
            yield FormRow(
                _("New success criterion (done when ...)"),
                Input(self.priority.success_criterion, id="criterion", select_on_focus=False),
                name="criterion",
            )
            yield PrivacyHint(id="privacy-criterion")
        note_label = (
            _("Why is it dropped?")
            if self.decision == PriorityDecisionKind.DROP
            else _("Note (optional)")
        )
        # Neither field selects its text when it gets the keyboard: a letter typed after Tab
        # goes on from the end instead of replacing what was there.
        yield FormRow(note_label, Input("", id="note", select_on_focus=False), name="note")
        yield PrivacyHint(id="privacy-note")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input):
            self._typing_in = event.widget

    def on_key(self, event: events.Key) -> None:
        """A letter typed where no text goes (Tab from the last field reaches Save) lands at
        the end of the field the chair was typing in: nothing typed is lost. The focused
        widget's own keys (space and enter press Save) keep working."""
        if not event.is_printable or event.character is None:
            return
        if isinstance(self.focused, Input):
            return
        if bound_on_screen(self, event.key):
            return
        event.stop()
        event.prevent_default()
        field = self._typing_in or self.query(Input).last()
        field.focus()
        field.insert(event.character, len(field.value))
        field.cursor_position = len(field.value)

    def save(self) -> None:
        criterion = self.query("#criterion")
        self.submit(
            decide,
            self.priority.id,
            self.meeting_id,
            self.decision,
            note=self.query_one("#note", Input).value,
            new_criterion=criterion.first(Input).value if criterion else "",
        )


__all__ = ["DecisionForm", "DecisionRead"]
