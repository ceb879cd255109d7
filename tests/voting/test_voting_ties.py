"""Ties are never broken silently: lot, none, the chair's casting vote, earlier rounds."""

from __future__ import annotations

import hashlib
import json
import struct

import pytest

from buurt.voting import Ballot, Profile, VotingError, canonical_digest, count, lot_order


def two_way_tie() -> Profile:
    """A and B tied at the top (each preferred by 2 voters), C last."""
    return Profile(
        ["A", "B", "C"],
        [Ballot.of("A", "B", "C", count=2), Ballot.of("B", "A", "C", count=2)],
    )


def test_lot_orders_tied_candidates_by_sha256_of_seed_and_name() -> None:
    names = ["Parkstraat", "Dorpsweg", "Station", "Speeltuin"]
    expected = sorted(names, key=lambda n: hashlib.sha256(("zaad" + n).encode()).hexdigest())
    assert list(lot_order("zaad", names)) == expected


def test_a_tie_for_the_last_seat_is_drawn_by_lot_and_recorded() -> None:
    result = count(two_way_tie(), "schulze", seats=1)
    assert result.ranking == (("A", "B"), ("C",))
    [tie] = result.ties
    assert tie.stage == "order"
    assert tie.tied == ("A", "B")
    assert tie.rule == "lot"
    assert tie.seed == result.digest == result.seed
    assert tie.order == lot_order(result.digest, ["A", "B"])
    assert result.winners == tie.order[:1]


def test_the_seed_option_overrides_the_digest_as_seed() -> None:
    result = count(two_way_tie(), "schulze", seats=1, seed="vergadering 12")
    assert result.ties[0].seed == "vergadering 12"
    assert result.ties[0].order == lot_order("vergadering 12", ["A", "B"])


def test_none_reports_the_tie_and_picks_nobody() -> None:
    result = count(two_way_tie(), "schulze", seats=1, tie_break="none")
    assert result.winners == ()
    [tie] = result.ties
    assert (tie.rule, tie.order, tie.seed) == ("none", None, None)


def test_none_keeps_a_tie_that_lies_wholly_within_the_seats() -> None:
    result = count(two_way_tie(), "borda", seats=2, tie_break="none")
    assert result.winners == ("A", "B")
    assert result.ties[0].rule == "none"


def test_the_chairs_casting_vote_decides_and_is_recorded() -> None:
    result = count(two_way_tie(), "schulze", seats=1, casting=["B", "A"])
    [tie] = result.ties
    assert (tie.rule, tie.order, tie.seed) == ("casting", ("B", "A"), None)
    assert result.winners == ("B",)
    assert result.settings.casting == ("B", "A")


def test_a_casting_vote_naming_all_but_one_tied_candidate_decides() -> None:
    result = count(two_way_tie(), "schulze", seats=1, casting=["B"])
    assert result.ties[0].rule == "casting"
    assert result.winners == ("B",)


def test_a_casting_vote_that_misses_the_tie_leaves_it_to_the_tie_break() -> None:
    profile = Profile(["A", "B", "C"], [])
    lot = count(profile, "borda", seats=1, casting=["C"])
    assert lot.ties[0].rule == "lot"
    open_ = count(profile, "borda", seats=1, casting=["C"], tie_break="none")
    assert open_.ties[0].rule == "none"
    assert open_.winners == ()


def test_a_casting_vote_for_an_unknown_candidate_is_refused() -> None:
    with pytest.raises(VotingError) as caught:
        count(two_way_tie(), casting=["Z"])
    assert caught.value.params == {"candidate": "Z"}


def irv_tie_settled_by_earlier_rounds() -> Profile:
    """Round 1: A 6, B 4, C 3, D 2. D goes; one D ballot moves to C: B and C have 4 each in
    round 2. C had fewer in round 1, so C is eliminated (Scottish rule 51)."""
    return Profile(
        "ABCD",
        [
            Ballot.of("A", count=6),
            Ballot.of("B", count=4),
            Ballot.of("C", count=3),
            Ballot.of("D", "C"),
            Ballot.of("D"),
        ],
    )


def test_irv_elimination_ties_go_to_earlier_rounds_first() -> None:
    result = count(irv_tie_settled_by_earlier_rounds(), "irv", seats=1)
    first = result.ties[0]
    assert (first.stage, first.rule, first.tied, first.order) == (
        "irv-elimination",
        "earlier-rounds",
        ("B", "C"),
        ("B", "C"),
    )
    rounds = result.explanation.data["runs"][0]["rounds"]
    assert rounds[1]["eliminated"] == ["C"]


def test_irv_elimination_ties_equal_in_every_round_go_to_lot() -> None:
    profile = Profile("ABC", [Ballot.of("A", count=2), Ballot.of("B", "A"), Ballot.of("C", "B")])
    result = count(profile, "irv", seats=1)
    tie = result.ties[0]
    assert (tie.stage, tie.rule, set(tie.tied)) == ("irv-elimination", "lot", {"B", "C"})
    out = tie.order[-1]
    assert result.explanation.data["runs"][0]["rounds"][0]["eliminated"] == [out]
    assert result.ranking[0] == ("A", "B", "C")  # before the lot the first place is open
    assert result.winners == ("A",)


def test_irv_with_none_stops_at_an_undecided_elimination() -> None:
    profile = Profile("ABC", [Ballot.of("A", count=2), Ballot.of("B", "A"), Ballot.of("C", "B")])
    result = count(profile, "irv", seats=1, tie_break="none")
    assert result.winners == ()
    assert result.ranking == (("A", "B", "C"),)


def test_stv_exclusion_tie_is_drawn_by_lot_and_recorded() -> None:
    profile = Profile(
        "ABCD",
        [
            Ballot.of("A", count=5),
            Ballot.of("B", count=4),
            Ballot.of("C", "A"),
            Ballot.of("D", "B"),
        ],
    )
    result = count(profile, "stv", seats=1)
    tie = next(t for t in result.ties if t.stage == "stv-exclusion")
    assert tie.rule == "lot"
    assert set(tie.tied) == {"C", "D"}
    assert result.winners == ("A",)


def test_ranked_pairs_equal_margin_cycle_is_a_tie() -> None:
    """A > B, B > C, C > A, each by the same margin: the order of locking decides."""
    profile = Profile(
        "ABC",
        [Ballot.of("A", "B", "C"), Ballot.of("B", "C", "A"), Ballot.of("C", "A", "B")],
    )
    result = count(profile, "ranked-pairs", seats=1)
    tie = result.ties[0]
    assert (tie.stage, tie.rule, tie.tied) == ("ranked-pairs", "lot", ("A", "B", "C"))
    assert result.ranking == (("A", "B", "C"),)
    # pairs taken in the drawn order of their winner: the first is locked, the second too,
    # the third closes the cycle and is skipped
    place = {name: i for i, name in enumerate(tie.order)}
    first, second, _third = sorted([("A", "B"), ("B", "C"), ("C", "A")], key=lambda p: place[p[0]])
    top = first[0] if second[0] == first[1] else second[0]
    assert result.winners == (top,)


def recompute_digest(profile: Profile) -> str:
    """The canonical digest as its docstring says, written again independently."""
    names = sorted(profile.candidates)
    head = (
        "buurt-ballots/1\n" + json.dumps(names, ensure_ascii=False, separators=(",", ":")) + "\n"
    ).encode()
    codes = {None: 0, "resident": 1, "professional": 2}
    merged: dict[tuple[tuple[int, ...], int], int] = {}
    for ballot in profile.ballots:
        ranks = [0] * len(names)
        for level, tier in enumerate(ballot.ranking, 1):
            for name in tier:
                ranks[names.index(name)] = level
        key = (tuple(ranks), codes[ballot.group])
        merged[key] = merged.get(key, 0) + ballot.count
    records = sorted(
        struct.pack(f">{len(names)}HB", *ranks, group) + struct.pack(">Q", n)
        for (ranks, group), n in merged.items()
    )
    return hashlib.sha256(head + b"".join(records)).hexdigest()


def test_the_digest_can_be_recomputed_from_its_definition() -> None:
    profile = Profile(
        ["Zwerfafval", "Ärger", "Auto's"],
        [
            Ballot.of("Ärger", ("Zwerfafval", "Auto's"), count=3, group="resident"),
            Ballot.of("Auto's", group="professional"),
            Ballot.of(),
        ],
    )
    assert canonical_digest(profile) == recompute_digest(profile)


def test_the_digest_ignores_rank_numbering_ballot_order_and_columns() -> None:
    one = Profile("ABC", [Ballot.of("A", "B"), Ballot.of("C", count=2)])
    two = Profile("CBA", [Ballot.of("C"), Ballot.of("A", "B"), Ballot.of("C")])
    assert canonical_digest(one) == canonical_digest(two)
    assert canonical_digest(one) != canonical_digest(
        Profile("ABC", [Ballot.of("A", "B"), Ballot.of("C", count=3)])
    )
