"""The result screen speaks to residents first: plain words (agreeing with the cards), the
count's technical detail one tab on, and no seed in the tie line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import (
    CANDIDATES,
    counted_vote,
    meeting_underway,
    pilot_test,
)
from meeting_setup import press as settle_press
from textual.widgets import Static, TabbedContent

from buurt.services import Database, votes
from buurt.tui.screens.vote_result import VoteResultScreen


@pilot_test
async def test_the_result_opens_in_plain_words_that_agree_with_the_cards(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    ids = [world.problem[title] for title, _street in CANDIDATES]
    vote = counted_vote(db, world.meeting_id, ids, [[0, 1, 2, 3], [1, 0, 2, 3]])
    winners = votes.vote_outcome(db, vote.id).winners
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.push_screen(VoteResultScreen(vote.id, world.meeting_id))
        await settle_press(pilot)
        screen = app.screen
        assert screen.query_one("#result-tabs", TabbedContent).active == "tab-words"
        words = [str(s.render()) for s in screen.query("#tab-words .explanation-line")]
        assert [w.split(":")[0] for w in words[1:4]] == [
            f"{place}. {name}" for place, name in enumerate(winners, start=1)
        ]
        assert any("only decided their order within the top 3" in w for w in words)
        tie = str(screen.query_one("#tie-line", Static).render())
        assert "seed" not in tie.lower()
