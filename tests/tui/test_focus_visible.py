"""Where the keyboard is, is plain to see: a focused button takes the accent colour, bold (not
one shade off, as Textual's own style was: colour 234 against 235), a focused checkbox keeps its
label readable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import (
    meeting_mode,
    meeting_underway,
    pilot_test,
    press,
)
from textual.widgets import Button, Checkbox

from buurt.services import Database


@pilot_test
async def test_a_focused_button_and_checkbox_stand_out(
    db: Database, make_app: Callable[..., Any]
) -> None:
    meeting_underway(db)
    app = make_app(db)
    async with meeting_mode(app) as pilot:
        await press(pilot, "f6")
        save = app.screen.query_one("#save", Button)
        cancel = app.screen.query_one("#cancel", Button)
        save.focus()
        await press(pilot)
        focused, unfocused = save.styles.background, cancel.styles.background
        accent = app.current_theme.to_color_system().accent
        assert max(abs(a - b) for a, b in zip(focused.rgb, accent.rgb, strict=True)) <= 2
        # Far apart in brightness, not one shade.
        assert abs(focused.brightness - unfocused.brightness) > 0.3
        assert save.rich_style.bold
        box = app.screen.query_one("#secret", Checkbox)
        box.focus()
        await press(pilot)
        label = box.get_component_rich_style("toggle--label")
        assert label.underline
        assert label.color != label.bgcolor
