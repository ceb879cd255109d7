"""Ask before anything destructive: a yes/no dialog whose default answer is "no"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button

from buurt.i18n import N_, _
from buurt.tui.base import BuurtModal
from buurt.tui.widgets.plain import Plain


class ConfirmDialog(BuurtModal[bool]):
    """Dismisses with True only when the user explicitly confirms."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 60; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmDialog .question { margin-bottom: 1; }
    ConfirmDialog Horizontal { height: auto; align-horizontal: right; }
    ConfirmDialog Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "answer(False)", N_("Cancel"), id="confirm.cancel"),
        Binding("y,j", "answer(True)", N_("Yes"), show=False, id="confirm.yes"),
        Binding("n", "answer(False)", N_("No"), show=False, id="confirm.no"),
    ]

    def __init__(self, question: str, confirm_label: str = "") -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label or _("Yes")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Plain(self.question, classes="question")
            with Horizontal():
                yield Button(_("Cancel"), id="no")
                yield Button(self.confirm_label, id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
