"""Results: JSON form, recounting stored ballots, balanced groups, errors, engine isolation."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from buurt.voting import (
    ENGINE_VERSION,
    METHODS,
    Ballot,
    Profile,
    Result,
    Settings,
    VotingError,
    count,
    group_weights,
    recount,
)


def committee() -> Profile:
    """Six residents and three professionals, with ties and unranked candidates."""
    a, b, c, d = "Hondenpoep", "Te hard rijden", "Hangjongeren", "Zwerfafval"
    return Profile(
        [a, b, c, d],
        [
            Ballot.of(a, b, group="resident", count=3),
            Ballot.of(b, (a, c), group="resident", count=2),
            Ballot.of(d, group="resident"),
            Ballot.of(c, b, group="professional", count=2),
            Ballot.of(b, c, a, d, group="professional"),
        ],
    )


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("balance", [False, True])
def test_a_result_survives_json_and_back(method: str, balance: bool) -> None:
    result = count(committee(), method, seats=2, balance_groups=balance)
    stored = json.loads(json.dumps(result.to_dict()))
    assert Result.from_dict(stored) == result
    assert stored["engine_version"] == ENGINE_VERSION


@pytest.mark.parametrize("method", list(METHODS))
def test_stored_ballots_and_settings_recount_to_the_same_result(method: str) -> None:
    result = count(committee(), method, seats=2, balance_groups=True, seed="zaal 3")
    ballots = json.loads(json.dumps(committee().to_dict()))
    settings = json.loads(json.dumps(result.to_dict()))["settings"]
    assert recount(ballots, settings) == result
    assert recount(committee(), result.settings) == result


def test_fractions_are_stored_as_exact_text_with_a_float_for_display() -> None:
    stored = count(committee(), "borda", balance_groups=True).to_dict()
    weights = stored["explanation"]["data"]["weights"]
    assert weights["resident"] == {"fraction": "3/4", "float": 0.75}
    assert weights["professional"] == {"fraction": "3/2", "float": 1.5}


def test_balanced_groups_weigh_the_same_in_total() -> None:
    profile = committee()
    weights = group_weights(profile, balance=True)
    totals = profile.group_totals()
    assert (
        weights["resident"] * totals["resident"] == weights["professional"] * totals["professional"]
    )
    assert weights["resident"] * totals["resident"] == Fraction(9, 2)


def test_balancing_changes_the_winner_when_professionals_are_outnumbered() -> None:
    profile = Profile(
        "AB",
        [Ballot.of("A", "B", count=3, group="resident"), Ballot.of("B", "A", group="professional")],
    )
    assert count(profile, "borda", seats=1).winners == ("A",)
    balanced = count(profile, "borda", seats=1, balance_groups=True)
    assert balanced.ranking == (("A", "B"),)  # 3 x 2/3 = 1 x 2: an exact tie, not a float one


def test_balancing_without_one_of_the_groups_reweighs_nothing() -> None:
    profile = Profile("AB", [Ballot.of("A", group="resident"), Ballot.of("B")])
    assert group_weights(profile, balance=True) == {"resident": 1, "professional": 1, None: 1}
    result = count(profile, seats=2, balance_groups=True)
    assert result.explanation.lines[-1].template.startswith("Groups not balanced")


def test_settings_and_result_fields() -> None:
    result = count(committee(), "irv", seats=2, tie_break="none")
    assert result.settings == Settings("irv", 2, "none", None, False, None)
    assert result.method == "irv"
    assert result.ballots == 9
    assert result.candidates == committee().candidates


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"method": "approval"}, "method"),
        ({"seats": 0}, None),
        ({"tie_break": "coin"}, "rule"),
    ],
)
def test_bad_settings_are_refused_with_a_translatable_sentence(
    kwargs: dict[str, object], param: str | None
) -> None:
    with pytest.raises(VotingError) as caught:
        count(committee(), **kwargs)  # type: ignore[arg-type]
    assert caught.value.template
    if param:
        assert param in caught.value.params


def test_a_ballot_naming_an_unknown_candidate_is_refused() -> None:
    with pytest.raises(VotingError) as caught:
        Profile("AB", [Ballot.of("A", "C")])
    assert caught.value.params == {"candidate": "C"}


def test_ballots_from_rank_numbers() -> None:
    ballot = Ballot.from_ranks({"A": 3, "B": 1, "C": 3}, group="resident")
    assert ballot == Ballot((("B",), ("A", "C")), 1, "resident")


def test_messages_are_templates_with_parameters() -> None:
    result = count(committee(), "stv", seats=2)
    for line in result.explanation.lines:
        assert line.render() == line.template.format(**line.params)


def test_importing_the_engine_imports_nothing_heavy_and_nothing_else_of_buurt() -> None:
    code = (
        "import sys, buurt.voting, buurt.voting.formats\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('numpy', 'pref_voting', 'textual',"
        " 'sqlalchemy', 'sqlmodel') or (m.startswith('buurt.') and not m.startswith('buurt.voting'))]\n"
        "print(bad)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
