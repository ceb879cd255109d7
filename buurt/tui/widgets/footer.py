"""The footer every buurt screen shows: Textual's, without restyling each key twice.

Textual's `Footer` yields each key with `data_bind(compact=Footer.compact)`. A key starts
compact (its own default), so as it mounts it takes the `-compact` class, is restyled, and then
the bound value (the footer is not compact) takes the class away and restyles it again. The
footer is composed anew whenever the keys change (another screen, another focused widget), so
that was 12-15% of the CPU of moving between screens, and part of the first paint. Here a bound
key starts with its footer's value: nothing changes as it mounts, and every key ends with the
same classes and size as before (the palette key, which is not bound, stays compact).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class BuurtFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
