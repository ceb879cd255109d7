"""Form rows with their validation message beside the field.

Services raise `InputError(message, field=name)`; a form calls `show_error(error)` and the message
appears under the field of that name (or at the top when the field is not on the form).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from buurt.errors import InputError
from buurt.text import visible
from buurt.tui.widgets.plain import Plain


class FormRow(Vertical):
    """A label, the input widget, and a line for its message. `name` is the service's field."""

    DEFAULT_CSS = """
    FormRow { height: auto; margin-bottom: 1; }
    FormRow > Label { color: $text-muted; }
    FormRow > .field-error { color: $error; height: auto; display: none; }
    FormRow.-invalid > .field-error { display: block; }
    FormRow > .field-warning { color: $warning; height: auto; display: none; }
    FormRow.-warned > .field-warning { display: block; }
    FormRow.-invalid > Input, FormRow.-invalid > Select, FormRow.-invalid > TextArea {
        border: tall $error;
    }
    """

    def __init__(self, label: str, field: Widget, *, name: str) -> None:
        super().__init__(name=name, id=f"row-{name}")
        self.label = label
        self.field = field

    def compose(self) -> ComposeResult:
        yield Label(visible(self.label), markup=False)
        yield self.field
        yield Plain("", classes="field-error")
        yield Plain("", classes="field-warning")

    def set_warning(self, message: str | None) -> None:
        """Something to look at beside the field; saving is still allowed."""
        self.set_class(bool(message), "-warned")
        self.query_one(".field-warning", Plain).update(message or "")

    def set_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-invalid")
        self.query_one(".field-error", Plain).update(message or "")


def clear_errors(root: Widget) -> None:
    for row in root.query(FormRow):
        row.set_error(None)


def show_error(root: Widget, error: InputError, *, fallback: Static | None = None) -> None:
    """Put the error's sentence beside its field; else in `fallback`; else notify."""
    clear_errors(root)
    if error.field:
        rows = [row for row in root.query(FormRow) if row.name == error.field]
        if rows:
            rows[0].set_error(error.message)
            rows[0].field.focus()
            return
    if fallback is not None:
        fallback.update(Content(visible(error.message, multiline=True)))
        fallback.display = True
        return
    root.notify(error.message, severity="error")
