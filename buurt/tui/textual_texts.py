"""Textual's own English texts, in the app's language.

Textual writes a few texts of its own: the descriptions of the keys every screen has (tab,
shift+tab, ctrl+c), the footer's "palette", the palette's placeholder and its "No matches
found", and the hint when ctrl+c is pressed out of habit. The key descriptions are marked here
so that the catalogs carry them (`translate_bindings` swaps them in like ours); the rest is
replaced by the two small pieces below, which the app uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from buurt.i18n import N_, _

if TYPE_CHECKING:
    from textual.app import App

# The descriptions of Textual's own bindings (textual/screen.py, textual/app.py,
# textual/widgets/_input.py), exactly as Textual writes them: the catalogs translate them.
TEXTUAL_BINDING_TEXTS = [
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    N_("palette"),
    N_("Open the command palette"),
]


# Keys Textual names with an English word (textual/keys.py, KEY_DISPLAY_ALIASES) where a
# Dutch keyboard says another: the space bar is "spatie". Key caps (esc, del, tab) stay.
KEY_WORDS = {"space": N_("space")}


def key_display(shown: str) -> str:
    """A key as Textual shows it ("space", "shift+space"), its words in the app's language."""
    return "+".join(_(KEY_WORDS[part]) if part in KEY_WORDS else part for part in shown.split("+"))


class BuurtCommandPalette(CommandPalette):
    """Textual's palette with its placeholder and "no matches" line in the app's language."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(placeholder=_("Search for a screen or a command…"), **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own (textual/command.py, pinned version) adds an English line; the same
        # countdown with our sentence.
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("Nothing found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


def quit_hint(app: App[Any]) -> None:
    """What ctrl+c says (it copies in a text field, so it never quits): how to close buurt."""
    for active in app.active_bindings.values():
        if active.binding.action in ("quit", "app.quit"):
            app.notify(
                _("Press {key} to close buurt.").format(key=app.get_key_display(active.binding)),
                title=_("Close buurt?"),
                markup=False,
            )
            return
