"""Known answers: textbook examples and real elections with published winners.

The PrefLib files are copied into `fixtures/preflib/` (see its README for where they come from
and which published results they reproduce), so these tests run on a fresh clone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from buurt.voting import Ballot, Profile, count
from buurt.voting.formats import read_ballots

PREFLIB = Path(__file__).resolve().parents[2] / "fixtures" / "preflib"


def wikipedia_schulze() -> Profile:
    """Wikipedia, "Schulze method", the example with 45 voters and 5 candidates."""
    groups = [
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    ]
    return Profile("ABCDE", [Ballot.of(*order, count=n) for n, order in groups])


def tennessee() -> Profile:
    """Wikipedia's Tennessee capital example (42/26/15/17 per cent)."""
    m, n, c, k = "Memphis", "Nashville", "Chattanooga", "Knoxville"
    return Profile(
        [m, n, c, k],
        [
            Ballot.of(m, n, c, k, count=42),
            Ballot.of(n, c, k, m, count=26),
            Ballot.of(c, k, n, m, count=15),
            Ballot.of(k, c, n, m, count=17),
        ],
    )


def food_election() -> Profile:
    """Wikipedia, "Single transferable vote": the food election, 20 voters, 3 seats."""
    o, p, c, s, b = "Oranges", "Pears", "Chocolate", "Strawberries", "Sweets"
    return Profile(
        [o, p, c, s, b],
        [
            Ballot.of(o, count=4),
            Ballot.of(p, o, count=2),
            Ballot.of(c, s, count=8),
            Ballot.of(c, b, count=4),
            Ballot.of(s, count=1),
            Ballot.of(b, count=1),
        ],
    )


def test_schulze_wikipedia_example_elects_e_and_orders_e_a_c_b_d() -> None:
    result = count(wikipedia_schulze(), "schulze", seats=1)
    assert result.winners == ("E",)
    assert result.ranking == (("E",), ("A",), ("C",), ("B",), ("D",))
    paths = result.explanation.data["strongest_paths"]
    # margins as link strength (Wikipedia's table uses winning votes): E beats everyone
    assert all(paths[4][x] > paths[x][4] for x in range(4))


def test_schulze_wikipedia_pairwise_matrix() -> None:
    matrix = count(wikipedia_schulze()).explanation.data["pairwise"]
    assert matrix[0] == [None, 20, 26, 30, 22]  # Wikipedia's d[A, *]
    assert matrix[3] == [15, 12, 28, None, 14]  # d[D, *]
    assert matrix[4] == [23, 27, 21, 31, None]  # d[E, *]


@pytest.mark.parametrize("method", ["schulze", "ranked-pairs", "borda"])
def test_tennessee_capital_is_nashville_for_condorcet_methods_and_borda(method: str) -> None:
    assert count(tennessee(), method, seats=1).winners == ("Nashville",)


def test_tennessee_capital_is_knoxville_under_irv() -> None:
    result = count(tennessee(), "irv", seats=1)
    assert result.winners == ("Knoxville",)
    first_run = result.explanation.data["runs"][0]["rounds"]
    assert [r.get("eliminated") for r in first_run] == [["Chattanooga"], ["Nashville"], None]


def test_tennessee_borda_scores() -> None:
    scores = count(tennessee(), "borda").explanation.data["scores"]
    assert scores == {"Memphis": 126, "Nashville": 194, "Chattanooga": 173, "Knoxville": 107}


def test_stv_food_election_elects_chocolate_oranges_strawberries() -> None:
    result = count(food_election(), "stv", seats=3)
    assert result.explanation.data["quota"] == 6
    assert result.winners == ("Chocolate", "Oranges", "Strawberries")
    assert result.ties == ()


def test_stv_food_election_transfers_chocolate_surplus_at_one_third() -> None:
    stages = count(food_election(), "stv", seats=3).explanation.data["stages"]
    surplus = stages[1]
    assert surplus["kind"] == "surplus"
    assert surplus["candidate"] == "Chocolate"
    # 12 votes, quota 6: each paper moves on at 6/12 = 0.5; 8 go to Strawberries, 4 to Sweets
    assert surplus["transfers"] == {"Strawberries": 4, "Sweets": 2}


DEBIAN = [
    ("debian-2002-leader.soi", "Bdale Garbee"),
    ("debian-2005-leader.soi", "Branden Robinson"),
    ("debian-2007-leader.soi", "Sam Hocevar"),
    ("debian-2010-leader.soi", "Stefano Zacchiroli"),
    ("debian-2012-leader.soi", "Stefano Zacchiroli"),
    # PrefLib's 2003 and 2006 files differ from the official tallies (ties broken towards
    # lower-numbered candidates, see the README): Michlmayr and Towns won officially.
    ("debian-2003-leader.soi", "Bdale Garbee"),
    ("debian-2006-leader.soi", "Steve McIntyre"),
    ("debian-logo.soi", "Swirl"),
]


@pytest.mark.parametrize(("name", "winner"), DEBIAN)
@pytest.mark.parametrize("method", ["schulze", "ranked-pairs"])
def test_debian_elections_give_the_published_winner(name: str, winner: str, method: str) -> None:
    assert count(read_ballots(PREFLIB / name), method, seats=1).winners == (winner,)


def test_dublin_west_2002_elects_lenihan_higgins_burton_by_stv() -> None:
    profile = read_ballots(PREFLIB / "irish-2002-dublin-west.soi")
    assert profile.num_ballots == 29_988
    result = count(profile, "stv", seats=3)
    assert result.explanation.data["quota"] == 7_498
    assert result.winners == ("Brian Lenihan F.F.", "Joe Higgins S.P.", "Joan Burton Lab")
