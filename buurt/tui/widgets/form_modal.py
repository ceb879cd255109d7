"""The frame every form dialog shares: a title, scrolling fields, Save and Cancel.

A subclass yields its `FormRow`s in `fields()`, collects the values in `save()` and hands them to
a service with `submit(...)`. A refused value (`InputError`) comes back as a message beside its
field; a saved record closes the dialog with that record as the result. While a save is under way
the form is `busy` (a second Save waits); that ends with the save's worker, whatever happened to
it, so an unexpected error never leaves a form that silently ignores Save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static, TextArea
from textual.worker import Worker

from buurt.errors import BuurtError, InputError
from buurt.i18n import N_, _
from buurt.services.base import parse_date
from buurt.tui.base import BuurtModal
from buurt.tui.widgets.confirm import ConfirmDialog
from buurt.tui.widgets.form import clear_errors, show_error

ResultType = TypeVar("ResultType")
T = TypeVar("T")


def date_text(value: date | None) -> str:
    """A stored date as the chair types it (dd-mm-yyyy), or nothing."""
    return f"{value:%d-%m-%Y}" if value is not None else ""


def read_date(text: str, field: str) -> date | None:
    """A typed date or None when left empty; a bad date is refused beside `field`."""
    if not text.strip():
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        raise InputError(str(error), field=field) from None


def date_input(value: date | None = None, *, id: str | None = None) -> Input:
    return Input(date_text(value), placeholder=_("dd-mm-yyyy"), id=id)


def chosen(select: Select[Any]) -> Any:
    """The value of a select box, or None when nothing is chosen."""
    value = select.value
    return None if value is Select.NULL else value


class FormModal(BuurtModal[ResultType]):
    """A form in a dialog. Dismisses with the saved record, or None when cancelled."""

    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > #dialog {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormModal #dialog-title { text-style: bold; color: $accent; padding: 0 0 1 0; }
    FormModal .pair { height: auto; }
    FormModal .pair > FormRow { width: 1fr; margin-right: 1; }
    FormModal FormRow { margin-bottom: 0; }
    FormModal #buttons {
        dock: bottom; height: auto; padding-top: 1; background: $surface;
        align-horizontal: right;
    }
    FormModal #form-error { width: 1fr; color: $error; height: auto; display: none; }
    FormModal #buttons Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
    ]
    TITLE_TEXT = ""
    # The verb on the button that does the form's work (and on ctrl+s in the footer): a form
    # that does not save a record says what it does instead ("Confirm", "Prepare").
    SAVE_LABEL = N_("Save")

    def __init__(self) -> None:
        super().__init__()
        if self.SAVE_LABEL != "Save":
            table = self._bindings.key_to_bindings
            table["ctrl+s"] = [
                replace(b, description=_(self.SAVE_LABEL)) if b.action == "save" else b
                for b in table.get("ctrl+s", [])
            ]
        self._saving: Worker[None] | None = None
        self._untouched: list[object] | None = None

    @property
    def busy(self) -> bool:
        """A save is under way: its worker has not finished (so after an unexpected error,
        which the app reports, Save works again)."""
        return self._saving is not None and not self._saving.is_finished

    def on_mount(self) -> None:
        # What the form holds before the chair types (after the first paint, so values set
        # while composing count as the start); a form that fills itself later calls
        # `mark_clean` once it has.
        self.call_after_refresh(self.mark_clean)

    def _values(self) -> list[object]:
        found: list[object] = []
        for widget in self.query("Input, TextArea, Select, Checkbox, RadioButton"):
            value = widget.text if isinstance(widget, TextArea) else getattr(widget, "value", None)
            found.append((widget.id, value))
        return found

    def mark_clean(self) -> None:
        """What the form holds now is what it started with (Escape closes it without asking)."""
        self._untouched = self._values()

    @property
    def changed(self) -> bool:
        return self._untouched is not None and self._values() != self._untouched

    def compose(self) -> ComposeResult:
        # The dialog scrolls when the form is taller than the terminal; the buttons (and the
        # message of a refused save) are docked, so they stay in sight.
        # The buttons come last, so Tab goes through the fields and ends at Save; Cancel is
        # never a Tab stop (Escape or a click cancels), so Tab, Tab, Enter cannot discard.
        with VerticalScroll(id="dialog", can_focus=False):
            yield Static(self.heading(), id="dialog-title")
            yield from self.fields()
            with Horizontal(id="buttons"):
                yield Static("", id="form-error")
                cancel = Button(_("Cancel"), id="cancel")
                cancel.can_focus = False
                yield cancel
                yield Button(_(self.SAVE_LABEL), id="save", variant="primary")

    def heading(self) -> str:
        return _(self.TITLE_TEXT)

    def fields(self) -> ComposeResult:
        yield from ()

    def save(self) -> None:
        """Collect the fields and call `submit`. Raise `InputError` for a bad field."""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return
        back_to = self.focused

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            elif back_to is not None and back_to.is_attached:
                back_to.focus()

        self.app.push_screen(
            ConfirmDialog(_("Throw away what you typed in this form?"), _("Throw away")), answered
        )

    def action_save(self) -> None:
        if self.busy:
            return
        error_line = self.query_one("#form-error", Static)
        error_line.display = False
        clear_errors(self)
        try:
            self.save()
        except InputError as error:
            self.fail(error)

    def submit(
        self,
        function: Callable[..., T],
        *args: Any,
        then: Callable[[T], object] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run a service call; close with its result (or hand it to `then`)."""

        def done(result: T) -> None:
            self._saving = None
            if then is not None:
                then(result)
            else:
                self.dismiss(result)  # type: ignore[arg-type]

        self._saving = self.ask(function, *args, then=done, failed=self.fail, **kwargs)

    def fail(self, error: BuurtError) -> None:
        self._saving = None
        fallback = self.query_one("#form-error", Static)
        if isinstance(error, InputError):
            show_error(self, error, fallback=fallback)
        else:
            fallback.update(error.message)
            fallback.display = True
