"""The result screen of a vote at the demo's meeting, for every method (100x32, Dutch and
English): the top 3 big, and the count the method explains itself with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from meeting_setup import demo_vote
from settle import snap_press, snap_settle

from buurt.services import Database
from buurt.tui.screens.vote_result import VoteResultScreen

METHODS = ["schulze", "ranked-pairs", "borda", "irv", "stv"]


def _result(vote_id: int, *keys: str, tab: str = "") -> Callable[[Any], Any]:
    async def run_before(pilot: Any) -> None:
        await pilot.app.push_screen(VoteResultScreen(vote_id))
        await snap_settle(pilot)
        if tab:
            await pilot.click(f"#--content-tab-{tab}")
            await snap_settle(pilot)
        await snap_press(pilot, *keys)

    return run_before


# Every method in Dutch; in English once, for the tabs (the rest has the same layout).
@pytest.mark.parametrize(
    ("method", "lang"), [*((method, "nl") for method in METHODS), ("schulze", "en")]
)
def test_result_shows_the_top_3_and_how_the_method_counted(
    snap_compare: Callable[..., bool],
    demo_db: Database,
    make_app: Callable[..., Any],
    method: str,
    lang: str,
) -> None:
    vote = demo_vote(demo_db, method=method)
    app = make_app(demo_db, lang)
    assert snap_compare(app, terminal_size=(100, 32), run_before=_result(vote.id, tab="tab-count"))


# Dutch only: the English result screen is pictured by the Schulze case below.
@pytest.mark.parametrize("lang", ["nl"])
def test_result_explains_the_method_in_plain_words(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    vote = demo_vote(demo_db)
    assert snap_compare(
        make_app(demo_db, lang), terminal_size=(100, 32), run_before=_result(vote.id)
    )


def test_result_charts_the_first_choices(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    vote = demo_vote(demo_db)
    app = make_app(demo_db, "nl")
    assert snap_compare(app, terminal_size=(100, 32), run_before=_result(vote.id, tab="tab-chart"))


TIED = [[0, 1, 2], [0, 1, 3], [1, 0, 2], [0, 1, 3]]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_tie_for_third_place_waits_for_the_chair(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    vote = demo_vote(demo_db, rankings=TIED, tie_break="none")
    assert snap_compare(
        make_app(demo_db, lang), terminal_size=(100, 32), run_before=_result(vote.id)
    )


def test_the_casting_vote_orders_the_tied_problems(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    vote = demo_vote(demo_db, rankings=TIED, tie_break="none")
    app = make_app(demo_db, "nl")
    assert snap_compare(app, terminal_size=(100, 32), run_before=_result(vote.id, "k"))


def test_a_tie_drawn_by_lot_shows_the_seed(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any]
) -> None:
    vote = demo_vote(demo_db, rankings=TIED, tie_break="lot")
    assert snap_compare(
        make_app(demo_db, "en"), terminal_size=(100, 32), run_before=_result(vote.id)
    )


# Dutch only: the English form has the same layout (the Dutch words are the longer ones).
@pytest.mark.parametrize("lang", ["nl"])
def test_confirming_asks_each_priority_its_success_criterion(
    snap_compare: Callable[..., bool], demo_db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    vote = demo_vote(demo_db)
    app = make_app(demo_db, lang)
    assert snap_compare(app, terminal_size=(100, 32), run_before=_result(vote.id, "c"))
