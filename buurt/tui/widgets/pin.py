"""The chair's PIN: four digits chosen when the booth opens, asked before anyone leaves it.

The PIN lives only in memory, with the booth: it protects the open screen from a voter, not the
file (which holds no secret a PIN could guard)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from buurt.i18n import N_, _
from buurt.tui.base import BuurtModal

PIN_LENGTH = 4


def is_pin(text: str) -> bool:
    return len(text) == PIN_LENGTH and text.isdigit()


class PinDialog(BuurtModal[str | None]):
    """Asks for a 4-digit PIN; dismisses with it, or None when the chair goes back."""

    DEFAULT_CSS = """
    PinDialog { align: center middle; }
    PinDialog > Vertical {
        width: 56; max-width: 100%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    PinDialog .question { margin-bottom: 1; }
    PinDialog #pin { width: 12; }
    PinDialog #pin-error { color: $error; height: auto; }
    PinDialog Horizontal { height: auto; align-horizontal: right; }
    PinDialog Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "back", N_("Back"), id="pin.back")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="question")
            yield Input(
                password=True,
                max_length=PIN_LENGTH,
                restrict=r"[0-9]*",
                placeholder="····",
                id="pin",
            )
            yield Static("", id="pin-error")
            with Horizontal():
                yield Button(_("Back"), id="pin-back")
                yield Button(_("OK"), id="pin-ok", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()

    def _done(self) -> None:
        text = self.query_one("#pin", Input).value
        if not is_pin(text):
            self.query_one("#pin-error", Static).update(_("The PIN is 4 digits."))
            return
        self.dismiss(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "pin-ok":
            self._done()
        else:
            self.dismiss(None)

    def action_back(self) -> None:
        self.dismiss(None)
