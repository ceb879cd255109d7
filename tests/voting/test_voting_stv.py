"""STV by the Scottish rules (SSI 2007/42, schedule 1): the order of election, the end of the
count (rule 52), and what the engine says when there are more seats than candidates.

Each constructed election is small enough to count by hand; the comment above it does so.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from voting_strategies import elections

from buurt.voting import METHODS, Ballot, Profile, Result, VotingError, count, lot_order


def election(candidates: str, *groups: tuple[int, str]) -> Profile:
    """`groups` as (count, "A>B>C"); candidate names are single words."""
    names = candidates.split()
    return Profile(names, [Ballot.of(*order.split(">"), count=n) for n, order in groups])


def elected(result: Result) -> list[tuple[str, int, str]]:
    """(candidate, stage, rule) in the order of election, as the explanation data has it."""
    rows = result.explanation.data["order_of_election"]
    return [(row["candidate"], row["stage"], row["rule"]) for row in rows]


def lines(result: Result) -> list[str]:
    return [line.render() for line in result.explanation.lines]


# -- two or three candidates reach the quota at one stage --------------------------------------


def test_two_elected_at_one_stage_are_ordered_by_their_votes_at_that_stage() -> None:
    # 100 votes, 2 seats, quota 34: Zoe 40 and Adam 35 both reach it at stage 1. After their
    # surpluses move on both hold the quota, so only the votes of stage 1 can order them.
    profile = election("Adam Zoe Cas", (40, "Zoe>Cas"), (35, "Adam>Cas"), (25, "Cas"))
    result = count(profile, "stv", seats=2)
    assert result.winners == ("Zoe", "Adam")
    assert result.ranking[:2] == (("Zoe",), ("Adam",))
    assert elected(result) == [("Zoe", 1, "quota"), ("Adam", 1, "quota")]
    assert result.ties == ()
    assert "1. Zoe: elected at stage 1 with 40 votes." in lines(result)
    assert "2. Adam: elected at stage 1 with 35 votes." in lines(result)


def test_three_elected_at_one_stage_are_ordered_by_their_votes_at_that_stage() -> None:
    # 100 votes, 3 seats, quota 26: Bram 30, Cees 28, Anna 26 all reach it at stage 1.
    profile = election(
        "Anna Bram Cees Dirk", (30, "Bram>Dirk"), (28, "Cees>Dirk"), (26, "Anna"), (16, "Dirk")
    )
    result = count(profile, "stv", seats=3)
    assert result.winners == ("Bram", "Cees", "Anna")
    assert [row[1] for row in elected(result)] == [1, 1, 1]


def test_two_equal_at_their_stage_go_by_the_earlier_stage() -> None:
    # 100 votes, 2 seats, quota 34. Stage 1: Zoe 30, Adam 26, Cas 24, Dirk 20: nobody elected.
    # Stage 2: Dirk is excluded, 4 to Zoe, 8 to Adam, 8 to Cas: Zoe 34, Adam 34, Cas 32, so
    # Zoe and Adam are elected with equal votes; at stage 1 Zoe had more (rule 49(2) style).
    profile = election(
        "Adam Cas Dirk Zoe",
        (30, "Zoe"),
        (26, "Adam"),
        (24, "Cas"),
        (4, "Dirk>Zoe"),
        (8, "Dirk>Adam"),
        (8, "Dirk>Cas"),
    )
    result = count(profile, "stv", seats=2)
    assert result.winners == ("Zoe", "Adam")
    assert elected(result) == [("Zoe", 2, "quota"), ("Adam", 2, "quota")]
    (tie,) = result.ties
    assert (tie.stage, tie.rule, tie.order) == ("stv-order", "earlier-rounds", ("Zoe", "Adam"))
    assert tie.where.render() == "STV stage 2: order of election"


def test_three_equal_at_their_stage_go_by_the_earlier_stage() -> None:
    # 100 votes, 3 seats, quota 26. Stage 1: Bram 24, Cees 22, Anna 20, Dirk 18, Eva 16.
    # Stage 2: Eva excluded (2 to Bram, 4 to Cees, 6 to Anna, 4 to Dirk): Anna, Bram and Cees
    # have 26 each and are elected together; stage 1 orders them Bram, Cees, Anna.
    profile = election(
        "Anna Bram Cees Dirk Eva",
        (24, "Bram"),
        (22, "Cees"),
        (20, "Anna"),
        (18, "Dirk"),
        (2, "Eva>Bram"),
        (4, "Eva>Cees"),
        (6, "Eva>Anna"),
        (4, "Eva>Dirk"),
    )
    result = count(profile, "stv", seats=3)
    assert result.winners == ("Bram", "Cees", "Anna")
    assert [t.rule for t in result.ties] == ["earlier-rounds"]


def test_two_equal_throughout_are_ordered_by_lot_and_the_lot_is_recorded() -> None:
    # 100 votes, 2 seats, quota 34: Adam and Zoe have 34 each at stage 1, the only stage.
    profile = election("Adam Zoe Cas", (34, "Zoe"), (34, "Adam"), (32, "Cas"))
    result = count(profile, "stv", seats=2, seed="zaal")
    assert result.ranking[0] == ("Adam", "Zoe")  # before tie-breaking: tied
    assert result.winners == lot_order("zaal", ["Adam", "Zoe"])
    (tie,) = result.ties
    assert (tie.stage, tie.rule, tie.seed) == ("order", "lot", "zaal")
    assert set(tie.tied) == {"Adam", "Zoe"}


def test_three_equal_throughout_are_ordered_by_lot_or_left_open() -> None:
    profile = election(
        "Anna Bram Cees Dirk", (26, "Anna"), (26, "Bram"), (26, "Cees"), (22, "Dirk")
    )
    result = count(profile, "stv", seats=3, seed="zaal")
    assert result.winners == lot_order("zaal", ["Anna", "Bram", "Cees"])
    assert result.ranking[0] == ("Anna", "Bram", "Cees")
    open_result = count(profile, "stv", seats=3, tie_break="none")
    assert set(open_result.winners) == {"Anna", "Bram", "Cees"}  # all elected, order left open
    assert [t.rule for t in open_result.ties] == ["none"]


def test_the_casting_vote_orders_candidates_equal_throughout() -> None:
    profile = election("Adam Zoe Cas", (34, "Zoe"), (34, "Adam"), (32, "Cas"))
    result = count(profile, "stv", seats=2, casting=["Zoe", "Adam"])
    assert result.winners == ("Zoe", "Adam")
    assert result.ties[0].rule == "casting"


def test_an_earlier_stage_comes_before_more_votes_at_a_later_stage() -> None:
    # 100 votes, 2 seats, quota 34. Stage 1: Adam 34 is elected (no surplus). Stage 2: Dirk
    # (13) is excluded, all to Zoe: Zoe 46 is elected at stage 2 with more votes than Adam had.
    profile = election(
        "Adam Cas Dirk Zoe", (34, "Adam"), (33, "Zoe"), (20, "Cas"), (13, "Dirk>Zoe")
    )
    result = count(profile, "stv", seats=2)
    assert elected(result) == [("Adam", 1, "quota"), ("Zoe", 2, "quota")]
    assert result.winners == ("Adam", "Zoe")


@settings(max_examples=150, deadline=None, database=None)
@given(profile=elections(), seats=st.integers(1, 4))
def test_the_winners_are_always_in_the_order_of_election(profile: Profile, seats: int) -> None:
    seats = min(seats, len(profile.candidates))
    result = count(profile, "stv", seats=seats)
    rows = result.explanation.data["order_of_election"]
    keys = [(row["stage"], -row["votes"]) for row in rows]
    assert keys == sorted(keys)
    if all(t.rule == "earlier-rounds" for t in result.ties):
        assert result.winners == tuple(row["candidate"] for row in rows)
        assert len(rows) == seats


# -- the end of the count (rule 52) --------------------------------------------------------------


def test_an_exclusion_that_fills_the_last_seat_transfers_nothing() -> None:
    # 100 votes, 2 seats, quota 34. Stage 1: Anna 50 elected. Stage 2: her surplus of 16 has no
    # next preference. Stage 3: Cees (20) is excluded; Bram is then the only continuing
    # candidate for the one seat left, so he is elected with his 30 votes (rule 52(1)) and
    # Cees's papers, which name Bram next, are not transferred (rule 52(2)).
    profile = election("Anna Bram Cees", (50, "Anna"), (30, "Bram"), (20, "Cees>Bram"))
    result = count(profile, "stv", seats=2)
    stages = result.explanation.data["stages"]
    assert [s["kind"] for s in stages] == ["first", "surplus", "exclusion"]
    assert stages[2]["transfers"] == {}
    assert stages[2]["not_transferred"] == 20
    assert stages[2]["votes"]["Bram"] == 30
    assert stages[2]["elected"] == ["Bram"]
    assert elected(result) == [("Anna", 1, "quota"), ("Bram", 3, "last-vacancies")]
    assert result.explanation.data["ended"] == {"stage": 3, "rule": "last-vacancies"}
    text = lines(result)
    assert (
        "Stage 3: Cees excluded with 20 votes; their papers are not transferred, as the last "
        "seats are now filled (rule 52(2))." in text
    )
    assert any(
        line.startswith("Stage 3: elected: the remaining votes cannot change the result: Bram")
        for line in text
    )
    assert "2. Bram: elected at stage 3 with 30 votes, as one of the last continuing " in (
        " ".join(text)
    )


def test_a_surplus_is_not_transferred_once_the_last_seats_are_filled() -> None:
    # 3 candidates for 3 seats: Anna and Bram reach the quota at stage 1 and Cees is the one
    # continuing candidate left for the one seat, so the count ends at stage 1 (rule 52).
    profile = election("Anna Bram Cees", (50, "Anna>Cees"), (30, "Bram>Cees"), (20, "Cees"))
    result = count(profile, "stv", seats=3)
    assert len(result.explanation.data["stages"]) == 1
    assert elected(result) == [
        ("Anna", 1, "quota"),
        ("Bram", 1, "quota"),
        ("Cees", 1, "last-vacancies"),
    ]
    assert result.winners == ("Anna", "Bram", "Cees")


def test_when_the_quota_fills_every_seat_the_count_says_so() -> None:
    profile = election("Adam Zoe Cas", (40, "Zoe>Cas"), (35, "Adam>Cas"), (25, "Cas"))
    result = count(profile, "stv", seats=2)
    assert result.explanation.data["ended"] == {"stage": 1, "rule": "quota"}
    assert (
        "The count ends at stage 1: every seat is filled by a candidate with the quota (rule 47)."
        in lines(result)
    )
    assert result.explanation.data["decided"] is None


def test_the_count_goes_on_after_the_result_is_decided_and_says_why() -> None:
    # 100 votes, 4 seats, quota 21: Anna 60 is elected at stage 1; her surplus of 39 could
    # still go to anyone, so nothing is decided. Stage 2 transfers it (no next preferences).
    # Now Bram 18, Cees 12, Dirk 6, Eva 4 for 3 seats: Eva can never pass Dirk (6 > 4), so
    # the result is decided after stage 2; the rules still exclude Eva (stage 3), and rule 52
    # ends the count there.
    profile = election(
        "Anna Bram Cees Dirk Eva",
        (60, "Anna"),
        (18, "Bram"),
        (12, "Cees"),
        (6, "Dirk"),
        (4, "Eva>Dirk"),
    )
    result = count(profile, "stv", seats=4)
    decided = result.explanation.data["decided"]
    assert decided["stage"] == 2
    assert decided["candidates"] == ["Bram", "Cees", "Dirk"]
    assert (decided["votes"], decided["rest"]) == (6, 4)
    assert result.explanation.data["ended"] == {"stage": 3, "rule": "last-vacancies"}
    text = " ".join(lines(result))
    assert "After stage 2 the remaining votes cannot change the result" in text
    assert "(rule 48)" in text
    assert "so the count goes on" in text


# -- more seats than candidates ------------------------------------------------------------------


@pytest.mark.parametrize("method", list(METHODS))
def test_more_seats_than_candidates_is_refused_by_every_method(method: str) -> None:
    profile = election("Anna Bram", (3, "Anna>Bram"), (2, "Bram"))
    with pytest.raises(VotingError) as refused:
        count(profile, method, seats=3)
    assert refused.value.message.render() == (
        "There are fewer candidates (2) than places to fill (3)."
    )
    assert count(profile, method, seats=2).winners == ("Anna", "Bram")
