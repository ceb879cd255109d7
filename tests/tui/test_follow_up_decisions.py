"""The follow-up offers only decisions the chair can take there: a priority is replaced by
confirming a new top, never by a button that can only be refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import demo_meeting, pilot_test, press

from buurt.services import Database


@pilot_test
async def test_the_follow_up_offers_no_replace_button(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    demo_meeting(demo_db)
    app = make_app(demo_db, "nl")
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v", "f3", "ctrl+up", "ctrl+up", "ctrl+up")  # 5 Terugkoppeling
        buttons = list(app.screen.query(".decide"))
        assert buttons, "the follow-up shows its decision buttons"
        offered = {b.name for b in buttons}
        assert offered == {"continue", "adjust", "achieved", "drop"}
        assert "Vervangen" not in {str(b.label) for b in buttons}
