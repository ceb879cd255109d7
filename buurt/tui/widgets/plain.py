"""`Plain`: a Static for text that comes from data (names, titles, places, notes).

Its content is never read as markup (a place called "Wijkcentrum [/noord]" is shown as typed
instead of ending the app with a markup error) and control characters from old data or a
careless import are shown as a placeholder instead of reaching the terminal. Every panel that
shows stored text is a `Plain`; `Static` stays for the words we wrote ourselves.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from buurt.text import has_control, visible


def plain(value: Any) -> Any:
    """Text from data, safe to show: a string or `Text`/`Content` without control characters
    (line breaks kept); anything else passes unchanged."""
    if isinstance(value, str):
        return visible(value, multiline=True)
    if isinstance(value, Text | Content) and has_control(value.plain.replace("\n", "")):
        return visible(value.plain, multiline=True)
    return value


class Plain(Static):
    """A Static that shows its content literally (see the module's docstring)."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        kwargs["markup"] = False
        super().__init__(plain(content), **kwargs)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        super().update(plain(content), layout=layout)
