"""The text box of every note and description: Textual's TextArea, never drawn while removed.

Textual removes a part of the screen in steps: every widget in it is marked as pruning, each one
ends its message loop and forgets its component styles, and only when all have gone is the
screen laid out again. A screen update that falls in between draws from the old layout, and a
TextArea drawn without its component styles raises KeyError ("No 'text-area--gutter' key in
COMPONENT_CLASSES"): the app stopped with "something unexpected went wrong" as the chair went
from one agenda item to the next (seen in the suite, on the note box of item 10). Drawn blank
instead, for at most one update, where it stood. Inputs, tables and lists draw without their
component styles here (tests/tui/test_removed_widgets.py tries each)."""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea


class TextBox(TextArea):
    def render_lines(self, crop: Region) -> list[Strip]:
        if self._pruning:
            return [Strip.blank(crop.width)] * crop.height
        return super().render_lines(crop)
