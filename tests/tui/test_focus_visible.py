"""Where the keyboard is, is plain to see: a focused button is far brighter, bold and underlined
(not one shade off, as Textual's own style was: colour 234 against 235), and never looks like the
orange button that acts beside it; a focused checkbox keeps its label readable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import committee, open_with_attendance, pilot_test, press
from textual.widgets import Button, Checkbox

from buurt.services import Database


@pilot_test
async def test_a_focused_button_and_checkbox_stand_out(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = committee(db)
    open_with_attendance(db, world)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v")
        await press(pilot, "ctrl+l")  # "Close the meeting?": Cancel, and an orange button
        cancel = app.screen.query_one("#no", Button)
        acts = app.screen.query_one("#yes", Button)
        cancel.focus()
        await press(pilot)
        focused = cancel.styles.background
        assert cancel.rich_style.bold
        assert cancel.rich_style.underline
        # Never the colour of the button that acts (in the dark theme the accent is that orange).
        colours = app.current_theme.to_color_system()
        for acting in (acts.styles.background, colours.warning, colours.accent, colours.error):
            assert max(abs(a - b) for a, b in zip(focused.rgb, acting.rgb, strict=True)) > 40
        acts.focus()
        await press(pilot)
        # Far apart in brightness from the same button unfocused, not one shade.
        assert abs(focused.brightness - cancel.styles.background.brightness) > 0.3
        assert acts.rich_style.underline
        await press(pilot, "escape")
        await press(pilot, "f6")
        box = app.screen.query_one("#secret", Checkbox)
        box.focus()
        await press(pilot)
        label = box.get_component_rich_style("toggle--label")
        assert label.underline
        assert label.color != label.bgcolor
