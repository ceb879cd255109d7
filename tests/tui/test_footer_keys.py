"""The footer names keys as the user reads them on the keyboard, in the app's language: the
space bar is "spatie" in Dutch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import demo_open_vote, pilot_test, press, settle
from textual.widgets import Footer

from buurt.services import Database
from buurt.tui.screens.booth import BoothScreen


def _footer_text(app: Any) -> str:
    footer = app.screen.query_one(Footer)
    return " ".join(str(item.render()) for item in footer.query("FooterKey"))


@pytest.mark.parametrize(
    ("lang", "shown", "not_shown"), [("nl", "spatie", "space"), ("en", "space", "spatie")]
)
@pilot_test
async def test_the_space_bar_is_named_in_the_apps_language(
    demo_db: Database, make_app: Callable[..., Any], lang: str, shown: str, not_shown: str
) -> None:
    vote_id = demo_open_vote(demo_db)
    app = make_app(demo_db, lang)
    async with app.run_test(size=(160, 32)) as pilot:
        await app.push_screen(BoothScreen(vote_id, "1234"))
        await settle(pilot, focus="#names")
        await press(pilot, "enter")  # a voter's ballot: the ranking keys are in the footer
        await settle(pilot, focus="RankingList")
        text = _footer_text(app)
        assert shown in text.split()
        assert not_shown not in text.split()
