"""Glasgow City Council 2007: 21 wards counted by STV (Scottish rules) from the real ballots.

The ballots and the published elected councillors are in `fixtures/preflib/glasgow-2007/` (its
README says which seats were confirmed by name and which only by party). Three checks per ward:

* the elected set is the published one: the seats confirmed by name, and the party composition;
* the order of election and every stage's votes equal a count written here, independently of
  buurt, from the text of the Scottish Local Government Elections Order 2007 (SSI 2007/42),
  schedule 1, rules 45-52 (`statute_count` below: its own data structures, no buurt code);
* for Anderston and Calton, the stage where the published count stops holds the published
  figures, and buurt names it as the stage after which the remaining votes cannot change the
  result (the rules then go on to rule 52).
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction
from math import floor
from pathlib import Path

import pytest

from buurt.voting import Result, count
from buurt.voting.formats import read_ballots

GLASGOW = Path(__file__).resolve().parents[2] / "fixtures" / "preflib" / "glasgow-2007"

# ward: (seats, the published elected, the ones NOT confirmed by name, see the README)
WARDS: dict[str, tuple[int, list[str], list[str]]] = {
    "anderston": (
        4,
        ["Craig Mackay (SNP)", "Gordon Matheson (Lab)", "Nina Baker (Grn)", "Philip Braat (Lab)"],
        [],
    ),
    "baillieston": (
        4,
        ["David Mcdonald (SNP)", "Douglas Hay (Lab)", "Jim Coleman (Lab)", "John Mason (SNP)"],
        [],
    ),
    "calton": (
        3,
        ["Alison E Thewliss (SNP)", "George Redmond (Lab)", "Ruth Simpson (Lab)"],
        [],
    ),
    "canal": (
        4,
        [
            "Billy Mcallister (SNP)",
            "Ellen Hurcombe (Lab)",
            "Jim Mackechnie (Lab)",
            "Kieran Wild (Grn)",
        ],
        ["Jim Mackechnie (Lab)"],
    ),
    "craigton": (
        4,
        [
            "Alistair Watson (Lab)",
            "Iris Gibson (SNP)",
            "Matthew John Kerr (Lab)",
            "Ruth Black (Sol)",
        ],
        [],
    ),
    "drumchapel": (
        4,
        ["Bill Kidd (SNP)", "Jonathan Findlay (Lab)", "Paul Carey (Lab)", "Steven Purcell (Lab)"],
        [],
    ),
    "eastcentre": (
        4,
        [
            "Elaine Mcdougall (Lab)",
            "Frank Docherty (Lab)",
            "Jennifer Dunn (SNP)",
            "Patricia Chalmers (Lab)",
        ],
        [],
    ),
    "garscadden": (
        4,
        ["Graeme Hendry (SNP)", "Jean Mcfadden (Lab)", "Liz Cameron (Lab)", "Paul Rooney (Lab)"],
        [],
    ),
    "govan": (
        4,
        [
            "Allison Hunter (SNP)",
            "John Flanagan (Lab)",
            "Shaukat Butt (Lab)",
            "Stephen Dornan (Lab)",
        ],
        [],
    ),
    "greater_pollok": (
        4,
        [
            "Alex Glass (Lab)",
            "Patricia Duffy (SNP)",
            "Tommy Morrison (Lab)",
            "William O'Rourke (Lab)",
        ],
        [],
    ),
    "hillhead": (
        4,
        [
            "George A Roberts (SNP)",
            "Hanzala Malik (Lab)",
            "Kenneth Elder (LD)",
            "Martha Ferguson Wardrop (Grn)",
        ],
        ["Kenneth Elder (LD)"],
    ),
    "langside": (
        3,
        ["Archie Graham (Lab)", "James Dornan (SNP)", "Paul Coleshill (LD)"],
        ["Archie Graham (Lab)"],
    ),
    "linn": (
        4,
        ["David Ritchie (SNP)", "John Mckenzie (Lab)", "Margot Clark (LD)", "Sadie Docherty (Lab)"],
        [],
    ),
    "maryhill": (
        4,
        ["Alex Dingwall (SNP)", "Mary Paris (LD)", "Mohammed Razaq (Lab)", "Robert Winter (Lab)"],
        [],
    ),
    "newlands": (
        3,
        ["Colin Deans (SNP)", "Jim Mcnally (Lab)", "Stephen Curran (Lab)"],
        [],
    ),
    "north_east": (
        4,
        [
            "Catherine Mcmaster (Lab)",
            "Gerald Leonard (Lab)",
            "Gilbert Davidson (Lab)",
            "Grant R Thoms (SNP)",
        ],
        [],
    ),
    "partick": (
        4,
        [
            "Aileen Colleran (Lab)",
            "Christopher Mason (LD)",
            "Kenny Mclean (SNP)",
            "Stuart Clay (Grn)",
        ],
        [],
    ),
    "pollokshields": (
        3,
        ["David Meikle (Con)", "Irfan Rabbani (Lab)", "Khalil Malik (SNP)"],
        [],
    ),
    "shettleston": (
        4,
        [
            "Euan Mcleod (Lab)",
            "George Ryan (Lab)",
            "John F Mclaughlin (SNP)",
            "Tom Mckeown (Lab)",
        ],
        [],
    ),
    "southsidecentral": (
        4,
        [
            "Anne Marie Millar (Lab)",
            "Danny Alderslowe (Grn)",
            "Jahangir Hanif (SNP)",
            "James Scanlon (Lab)",
        ],
        ["Anne Marie Millar (Lab)", "James Scanlon (Lab)"],
    ),
    "springburn": (
        3,
        ["Allan Stewart (Lab)", "James Todd (Lab)", "Phil Greene (SNP)"],
        [],
    ),
}


def party(name: str) -> str:
    found = re.search(r"\(([^()]*)\)\s*$", name)
    assert found, name
    return found.group(1)


_results: dict[str, Result] = {}


def counted(ward: str) -> Result:
    if ward not in _results:
        seats = WARDS[ward][0]
        _results[ward] = count(read_ballots(GLASGOW / f"{ward}.soi"), "stv", seats=seats)
    return _results[ward]


def ballots_of(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The candidates and the ballots of a PrefLib .soi file, read here (not by buurt)."""
    names: dict[int, str] = {}
    ballots: list[tuple[int, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ALTERNATIVE NAME"):
            number, name = line.removeprefix("# ALTERNATIVE NAME ").split(": ", 1)
            names[int(number)] = name
        elif line and not line.startswith("#"):
            n, order = line.split(": ")
            ballots.append((int(n), [names[int(a)] for a in order.split(",")]))
    return list(names.values()), ballots


def statute_count(
    candidates: list[str], ballots: list[tuple[int, list[str]]], seats: int
) -> tuple[list[tuple[str, int]], list[dict[str, Fraction]]]:
    """SSI 2007/42, schedule 1, rules 45-52, read literally, for strict ballots.

    Returns the order of election as (candidate, stage) and the votes of every candidate not
    excluded at the end of each stage. Ties that would need a lot do not occur in Glasgow
    2007 (asserted)."""
    continuing = set(candidates)
    # each candidate's papers: [ranking, position of that candidate on it, papers, value each]
    papers: dict[str, list[tuple[list[str], int, int, Fraction]]] = {c: [] for c in candidates}
    votes: dict[str, Fraction] = {c: Fraction(0) for c in candidates}
    stages: list[dict[str, Fraction]] = []
    order: list[tuple[str, int]] = []
    awaiting: list[str] = []  # deemed elected, surplus not yet transferred

    def give(ranking: list[str], after: int, n: int, value: Fraction) -> None:
        """The next available preference (rule 2: elected and excluded ones are skipped)."""
        for position in range(after + 1, len(ranking)):
            if ranking[position] in continuing:
                papers[ranking[position]].append((ranking, position, n, value))
                votes[ranking[position]] += n * value
                return

    def end_stage() -> None:
        stages.append(dict(votes))

    def key(c: str) -> list[Fraction]:
        """Votes now, then at the end of each earlier stage, the latest first (rule 49(2))."""
        return [stage.get(c, Fraction(0)) for stage in reversed(stages)]

    def deem_elected(group: list[str]) -> None:
        group.sort(key=key, reverse=True)
        assert len({tuple(key(c)) for c in group}) == len(group), "a lot would be needed"
        for c in group:
            continuing.discard(c)
            order.append((c, len(stages)))

    total = sum(n for n, _ranking in ballots)
    quota = total // (seats + 1) + 1  # rule 46
    for n, ranking in ballots:  # rule 45: first preferences
        give(ranking, -1, n, Fraction(1))
    end_stage()
    while True:
        reached = [c for c in continuing if votes[c] >= quota]  # rule 47(1)
        deem_elected(reached)
        awaiting.extend(reached)
        left = seats - len(order)
        if left == 0:
            break
        if len(continuing) == left:  # rule 52(1); (2): no further transfer
            deem_elected(sorted(continuing))
            break
        surpluses = [c for c in awaiting if votes[c] > quota]
        if surpluses:  # rules 48 and 49: the highest surplus first
            top = max(surpluses, key=lambda c: (votes[c], key(c)))
            awaiting.remove(top)
            surplus, held = votes[top] - quota, votes[top]
            for ranking, position, n, value in papers[top]:
                transfer_value = Fraction(floor(surplus * value * 100_000 / held), 100_000)
                give(ranking, position, n, transfer_value)  # rule 48(3)
                votes[top] -= n * transfer_value
            end_stage()
            continue
        lowest = min(continuing, key=lambda c: (votes[c], key(c)))  # rules 50(1), 51
        assert [key(c) for c in continuing].count(key(lowest)) == 1, "a lot would be needed"
        continuing.discard(lowest)
        parcel, papers[lowest] = papers[lowest], []
        if len(continuing) == left:  # rule 52: the last seats are filled, nothing moves
            del votes[lowest]
            end_stage()
            deem_elected(sorted(continuing))
            break
        for ranking, position, n, value in parcel:  # rule 50(2)-(4)
            give(ranking, position, n, value)
        del votes[lowest]
        end_stage()
    return order, stages


@pytest.mark.parametrize("ward", list(WARDS))
def test_every_ward_elects_the_published_councillors(ward: str) -> None:
    seats, published, unconfirmed = WARDS[ward]
    winners = counted(ward).winners
    assert len(winners) == seats
    assert set(published) - set(unconfirmed) <= set(winners)
    assert Counter(party(w) for w in winners) == Counter(party(p) for p in published)


@pytest.mark.parametrize("ward", list(WARDS))
def test_every_ward_follows_the_statute_stage_by_stage_and_in_its_order_of_election(
    ward: str,
) -> None:
    seats = WARDS[ward][0]
    candidates, ballots = ballots_of(GLASGOW / f"{ward}.soi")
    order, stages = statute_count(candidates, ballots, seats)
    result = counted(ward)
    assert result.winners == tuple(name for name, _stage in order)
    rows = result.explanation.data["order_of_election"]
    assert [(row["candidate"], row["stage"]) for row in rows] == order
    ours = [
        {name: Fraction(v) for name, v in stage["votes"].items()}
        for stage in result.explanation.data["stages"]
    ]
    assert ours == stages


def test_drumchapel_orders_the_first_stage_by_its_votes() -> None:
    """Paul Carey topped the first count with 2,284 votes, then Bill Kidd 1,869 and Steven
    Purcell 1,856: all three reached the quota (1,737) at stage 1, in that order."""
    result = counted("drumchapel")
    assert result.winners[:3] == ("Paul Carey (Lab)", "Bill Kidd (SNP)", "Steven Purcell (Lab)")


# The published counts stop where the remaining votes can no longer change the result.
PUBLISHED_LAST_STAGE = {
    # Anderston, stage 6: Lab 1291, Grn 1247, LD 1050, a 40-vote Lab surplus, 2 places left
    "anderston": (
        6,
        {"Gordon Matheson (Lab)": 1291, "Nina Baker (Grn)": 1247, "Ann Laird (LD)": 1050},
        ("Philip Braat (Lab)", 40),
    ),
    # Calton, stage 7: Lab 1189 against Sol 446 + Con 409 + a 60-vote SNP surplus, 1 place
    "calton": (
        7,
        {
            "Ruth Simpson (Lab)": 1189,
            "Fiacra Fullerton (Sol)": 446,
            "Scott Gillespie (Con)": 409,
        },
        ("Alison E Thewliss (SNP)", 60),
    ),
}


@pytest.mark.parametrize("ward", list(PUBLISHED_LAST_STAGE))
def test_the_published_last_stage_is_where_the_result_is_decided(ward: str) -> None:
    stage, published, (elected, surplus) = PUBLISHED_LAST_STAGE[ward]
    data = counted(ward).explanation.data
    votes = data["stages"][stage - 1]["votes"]
    assert {name: floor(votes[name]) for name in published} == published
    quota = data["quota"]
    assert floor(votes[elected] - quota) == surplus
    assert data["decided"]["stage"] == stage
    assert sorted(data["decided"]["candidates"]) == sorted(
        name for name in published if name in counted(ward).winners
    )
    assert data["ended"]["rule"] == "last-vacancies"
    assert data["ended"]["stage"] > stage
