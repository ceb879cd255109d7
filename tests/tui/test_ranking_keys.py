"""The ranking list at the keyboard, as a chair copies paper ballots (and a voter in the booth
types ranks): a digit writes the rank beside the highlighted problem and the highlight stays
there; down moves exactly one row; the rows keep the paper's order while ranks are typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meeting_setup import DEMO_CANDIDATES, demo_open_vote, pilot_test, press, settle

from buurt.services import Database
from buurt.tui.screens.ballot_entry import BallotEntryScreen
from buurt.tui.screens.booth import BoothScreen
from buurt.tui.widgets.ranking import RankingList


def _highlighted_title(ranking: RankingList) -> str:
    cid = ranking.shown[ranking.highlighted or 0]
    return ranking.labels[cid]


def _rows(ranking: RankingList) -> list[str]:
    return [ranking.labels[cid] for cid in ranking.shown]


async def _check_typing(pilot: Any, ranking: RankingList) -> dict[str, int]:
    paper = _rows(ranking)
    assert paper == DEMO_CANDIDATES
    await press(pilot, "3")
    assert _highlighted_title(ranking) == paper[0], "a digit stays on its row"
    await press(pilot, "down", "1")
    assert _highlighted_title(ranking) == paper[1], "down moves exactly one row"
    await press(pilot, "down", "down", "2")
    assert _highlighted_title(ranking) == paper[3]
    assert _rows(ranking) == paper, "typing ranks does not shuffle the rows"
    await press(pilot, "up", "x")
    assert _highlighted_title(ranking) == paper[2]
    return {ranking.labels[cid]: rank for cid, rank in ranking.ranks.items()}


@pilot_test
async def test_paper_ballot_entry_digit_stays_and_down_moves_one_row(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    vote_id = demo_open_vote(demo_db, secret=False)
    app = make_app(demo_db, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(BallotEntryScreen(vote_id))
        await settle(pilot, focus="#entry-voters")  # the voters are read in the background
        await press(pilot, "enter")  # the first voter
        await settle(pilot, focus="RankingList")
        ranking = app.screen.query_one(RankingList)
        ranks = await _check_typing(pilot, ranking)
    assert ranks == {DEMO_CANDIDATES[0]: 3, DEMO_CANDIDATES[1]: 1, DEMO_CANDIDATES[3]: 2}


@pilot_test
async def test_the_booth_types_ranks_the_same_way(
    demo_db: Database, make_app: Callable[..., Any]
) -> None:
    vote_id = demo_open_vote(demo_db)
    app = make_app(demo_db, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(BoothScreen(vote_id, "1234"))
        await settle(pilot, focus="#names")
        await press(pilot, "enter")  # the voter chooses their own name
        await settle(pilot, focus="RankingList")
        assert isinstance(app.screen, BoothScreen)
        ranking = app.screen.query_one(RankingList)
        ranks = await _check_typing(pilot, ranking)
        assert ranks == {DEMO_CANDIDATES[0]: 3, DEMO_CANDIDATES[1]: 1, DEMO_CANDIDATES[3]: 2}
        # Moving a problem (shift+up) puts the list in the ranked order again.
        await press(pilot, "shift+up")
        assert _rows(ranking)[:3] == [DEMO_CANDIDATES[1], DEMO_CANDIDATES[3], DEMO_CANDIDATES[0]]
