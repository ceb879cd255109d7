"""What every screen shares: translated key bindings, a typed way to reach the app, and `ask`
(background work, `buurt.tui.work`).

Binding descriptions are written in English and marked with `N_`; `translate_bindings` swaps in
the current language when a screen is created, so one process can show Dutch and English (the
snapshot tests do).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events, on
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Header

from buurt.i18n import _
from buurt.tui.work import Asker

if TYPE_CHECKING:
    from buurt.tui.app import BuurtApp


def bound_on_screen(screen: Screen[Any], key: str) -> bool:
    """Whether the focused widget, its containers or `screen` itself bind `key` (the app's
    own keys, to other screens, not counted): such a key is theirs, never typed text."""
    return any(
        node is not screen.app and key in bindings.key_to_bindings
        for node, bindings in screen._modal_binding_chain
    )


def translate_bindings(node: DOMNode) -> None:
    """Replace each binding's description and tooltip by its translation."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(
                b,
                description=_(b.description) if b.description else b.description,
                tooltip=_(b.tooltip) if b.tooltip else b.tooltip,
            )
            for b in bindings
        ]


# The header's icon: Textual's default (U+2B58) is missing from the browser's terminal font
# (Roboto Mono, textual-serve), which shows an empty box; this lozenge is in it.
HEADER_ICON = "◊"


class BuurtScreen(Asker, Screen[None]):
    """A full screen of the app. Subclasses set `TITLE_TEXT` (English, marked with `N_`)."""

    TITLE_TEXT = ""
    # A screen that keeps its user (the voting booth) sets this: the app's keys to other
    # screens, the help and the palette then do nothing (`BuurtApp.check_action`).
    keeps_its_user: ClassVar[bool] = False

    @on(events.Mount)
    def _header_icon(self) -> None:
        for header in self.query(Header):
            header.icon = HEADER_ICON

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        if self.TITLE_TEXT:
            self.title = _(self.TITLE_TEXT)

    @property
    def buurt(self) -> BuurtApp:
        return cast("BuurtApp", self.app)


ResultType = TypeVar("ResultType")


class BuurtModal(Asker, ModalScreen[ResultType]):
    """A dialog over the current screen."""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def buurt(self) -> BuurtApp:
        return cast("BuurtApp", self.app)
