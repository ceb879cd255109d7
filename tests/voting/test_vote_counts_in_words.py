"""Counted votes in the explanation read as a person would write them: "with 1 vote", "with 2
votes", "with 12.5 votes" (Dutch "1 stem", "2 stemmen"), the form picked by the number as shown.
Results stored by older versions, which wrote "{votes} votes" whatever the number, still show,
with the right form."""

from __future__ import annotations

import json

import pytest
from meeting_setup import committee, counted_vote, open_with_attendance

from buurt.db.models import Vote
from buurt.i18n import _, ngettext, set_language
from buurt.services import Database
from buurt.services.integrity import check_vote
from buurt.services.votes.outcome import vote_outcome
from buurt.voting import Ballot, Profile, Result, count


def _irv() -> Result:
    # Round 1: C has 1 vote and is eliminated; C's only ballot names nobody else (exhausted).
    profile = Profile.from_ballots(
        [Ballot.of("A", count=3), Ballot.of("B", count=2), Ballot.of("C", count=1)], ["A", "B", "C"]
    )
    return count(profile, "irv", seats=1)


def _stv() -> Result:
    # Quota 5; A's surplus of 3 splits in halves between B and C, so B is excluded with 1.5
    # votes and C is elected with 4.5; D and E are excluded with 1 vote each.
    profile = Profile.from_ballots(
        [
            Ballot.of("A", "B", count=4),
            Ballot.of("A", "C", count=4),
            Ballot.of("C", count=3),
            Ballot.of("D", count=1),
            Ballot.of("E", "D", count=1),
        ],
        list("ABCDE"),
    )
    return count(profile, "stv", seats=2)


def _lines(result: Result, lang: str = "en") -> list[str]:
    set_language(lang)
    return [line.render(_, ngettext) for line in result.explanation.lines]


def test_one_vote_is_singular_and_two_are_plural_in_irv() -> None:
    lines = _lines(_irv())
    assert "Round 1: C eliminated with 1 vote; 1 vote exhausted." in lines
    assert "Round 2: A wins with 3 of 5 votes." in lines
    assert "Round 1: C wins with 1 of 1 vote." in lines  # the count for place 3
    assert not [line for line in lines if " 1 votes" in line]


def test_stv_says_1_vote_and_fractional_votes_in_the_plural() -> None:
    lines = _lines(_stv())
    assert "Stage 3: D excluded with 1 vote; 1 non-transferable." in lines
    assert any(
        line.startswith("Stage 5: B excluded with 1.5 votes; their papers") for line in lines
    )
    assert "1. A: elected at stage 1 with 8 votes." in lines
    assert any(line.startswith("2. C: elected at stage 5 with 4.5 votes, as one") for line in lines)
    assert any("(4.5 votes for the last of them;" in line for line in lines)
    assert not [line for line in lines if " 1 votes" in line]


def test_dutch_says_1_stem_and_2_stemmen() -> None:
    irv = _lines(_irv(), "nl")
    assert "Ronde 1: C afgevallen met 1 stem; 1 stem uitgeput." in irv
    assert "Ronde 2: A wint met 3 van 5 stemmen." in irv
    stv = _lines(_stv(), "nl")
    assert "Ronde 3: D afgevallen met 1 stem; 1 niet overdraagbaar." in stv
    assert "1. A: verkozen in ronde 1 met 8 stemmen." in stv
    assert not [line for line in irv + stv if " 1 stemmen" in line]


def test_the_english_text_stored_beside_each_sentence_uses_the_right_form() -> None:
    stored = _irv().to_dict()
    texts = [line["text"] for line in stored["explanation"]["lines"]]  # type: ignore[index]
    assert "Round 1: C eliminated with 1 vote; 1 vote exhausted." in texts


def test_a_stored_result_reads_back_the_same() -> None:
    for result in (_irv(), _stv()):
        again = Result.from_dict(json.loads(json.dumps(result.to_dict())))
        assert again == result
        assert _lines(again, "nl") == _lines(result, "nl")


# What an older version stored for these sentences: "{votes} votes" in the template, the number
# as plain text in the parameters.
OLD_IRV_LINE = {
    "template": "Round {round}: {names} eliminated with {votes} votes; {exhausted} votes exhausted.",
    "params": {"round": 1, "names": "C", "votes": "1", "exhausted": "2"},
    "text": "Round 1: C eliminated with 1 votes; 2 votes exhausted.",
}
OLD_STV_LINES = [
    {
        "template": "Stage {stage}: {names} excluded with {votes} votes; {lost} non-transferable.",
        "params": {"stage": 3, "names": "D", "votes": "1", "lost": "1"},
    },
    {
        "template": "Stage {stage}: {names} excluded with {votes} votes; their papers are not "
        "transferred, as the last seats are now filled (rule 52(2)).",
        "params": {"stage": 5, "names": "B", "votes": "1.5"},
    },
    {
        "template": "After stage {stage} the remaining votes cannot change the result: {names} "
        "will be elected ({votes} votes for the last of them; at most {rest} for anyone below, "
        "surpluses not yet transferred included). Some published counts stop here, but the "
        "Scottish rules have no rule for it: they transfer every surplus while a seat is "
        "unfilled (rule 48) and exclude the lowest (rule 50) until the continuing candidates are "
        "as many as the seats left (rule 52), so the count goes on.",
        "params": {"stage": 2, "names": "C", "votes": "1", "rest": "0.5"},
    },
    {
        "template": "{place}. {name}: elected at stage {stage} with {votes} votes.",
        "params": {"place": 1, "name": "A", "stage": 1, "votes": "1"},
    },
    {
        "template": "{place}. {name}: elected at stage {stage} with {votes} votes, as one of the "
        "last continuing candidates (rule 52).",
        "params": {"place": 2, "name": "C", "stage": 5, "votes": "4.5"},
    },
]


def _stored_by_an_older_version(result: Result, lines: list[dict[str, object]]) -> Result:
    stored = result.to_dict()
    stored["explanation"]["lines"] = lines  # type: ignore[index]
    return Result.from_dict(json.loads(json.dumps(stored)))


OLD_IRV_WIN = {
    "template": "Round {round}: {name} wins with {votes} of {active} votes.",
    "params": {"round": 1, "name": "C", "votes": "1", "active": "1"},
}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Round 1: C eliminated with 1 vote; 2 votes exhausted.",
                "Round 1: C wins with 1 of 1 vote.",
            ],
        ),
        (
            "nl",
            [
                "Ronde 1: C afgevallen met 1 stem; 2 stemmen uitgeput.",
                "Ronde 1: C wint met 1 van 1 stem.",
            ],
        ),
    ],
)
def test_older_stored_irv_sentences_still_show_with_the_right_form(
    lang: str, expected: list[str]
) -> None:
    old = _stored_by_an_older_version(_irv(), [OLD_IRV_LINE, OLD_IRV_WIN])
    assert _lines(old, lang) == expected


def test_older_stored_stv_sentences_still_show_with_the_right_form() -> None:
    old = _stored_by_an_older_version(_stv(), OLD_STV_LINES)
    english = _lines(old)
    assert english[0] == "Stage 3: D excluded with 1 vote; 1 non-transferable."
    assert english[1].startswith("Stage 5: B excluded with 1.5 votes; their papers are not")
    assert "(1 vote for the last of them; at most 0.5 for anyone below" in english[2]
    assert english[3] == "1. A: elected at stage 1 with 1 vote."
    assert english[4].startswith("2. C: elected at stage 5 with 4.5 votes, as one of the last")
    dutch = _lines(old, "nl")
    assert dutch[0] == "Ronde 3: D afgevallen met 1 stem; 1 niet overdraagbaar."
    assert dutch[3] == "1. A: verkozen in ronde 1 met 1 stem."
    assert "(1 stem voor de laatste van hen;" in dutch[2]


def test_a_stored_sentence_this_version_does_not_know_still_shows_as_stored() -> None:
    line = {"template": "Round {round}: something a later version says.", "params": {"round": 2}}
    old = _stored_by_an_older_version(_irv(), [line])
    assert _lines(old, "nl") == ["Round 2: something a later version says."]


def test_borda_points_and_stv_seats_are_counted_too() -> None:
    # A over B over C once: A 2 points, B 1 point, C none.
    borda = count(Profile.from_ballots([Ballot.of("A", "B", "C")], ["A", "B", "C"]), "borda")
    assert _lines(borda)[1:] == [
        "Place 1: A with 2 points.",
        "Place 2: B with 1 point.",
        "Place 3: C with 0 points.",
    ]
    assert _lines(borda, "nl")[2] == "Plaats 2: B met 1 punt."
    stv = count(Profile.from_ballots([Ballot.of("A", "B", count=3)], ["A", "B"]), "stv", seats=1)
    assert _lines(stv)[0].startswith("Single transferable vote (Scottish rules) for 1 seat: quota")
    assert _lines(stv, "nl")[0].startswith(
        "Enkelvoudig overdraagbare stem (Schotse regels) voor 1 plaats:"
    )


def test_older_stored_points_and_seats_still_show_with_the_right_form() -> None:
    old = _stored_by_an_older_version(
        _stv(),
        [
            {
                "template": "Place {place}: {names} with {score} points.",
                "params": {"place": 2, "names": "B", "score": "1"},
            },
            {
                "template": "Single transferable vote (Scottish rules) for {seats} seats: quota "
                "{quota} (Droop: total votes {total} divided by seats + 1, rounded down, plus 1).",
                "params": {"seats": 1, "quota": 2, "total": "3"},
            },
        ],
    )
    assert _lines(old)[0] == "Place 2: B with 1 point."
    assert _lines(old, "nl")[1].startswith(
        "Enkelvoudig overdraagbare stem (Schotse regels) voor 1 plaats:"
    )


def test_a_vote_stored_by_an_older_version_still_shows_and_still_checks(db: Database) -> None:
    """The result screen and the minutes read a stored vote through `vote_outcome`; `buurt
    verify` counts it again. A vote counted before counted phrases shows "1 stem" and still
    agrees with its recount."""
    with db.transaction():
        world = committee(db)
        open_with_attendance(db, world)
        ids = list(world.problem.values())
        # 4 first choices for the first problem, 3 for the second, 1 for the third only.
        rankings: list[list[int | list[int]]] = [[0, 1]] * 4 + [[1, 0]] * 3 + [[2]]
        vote_id = counted_vote(db, world.meeting_id, ids, rankings, method="irv", seats=1).id
    with db.transaction() as session:
        stored = session.get(Vote, vote_id)
        assert stored is not None
        new = "Round {round}: {names} eliminated with {votes}; {exhausted} exhausted."
        old = "Round {round}: {names} eliminated with {votes} votes; {exhausted} votes exhausted."
        data = json.loads(stored.result_json)
        rewritten = 0
        for line in data["explanation"]["lines"]:
            if line["template"] == new:
                line["template"] = old
                line["params"] = {
                    k: v["n"] if isinstance(v, dict) else v for k, v in line["params"].items()
                }
                rewritten += 1
        assert rewritten == 2  # the problem with no vote, then the one with 1
        stored.result_json = json.dumps(data)
        session.add(stored)
    set_language("nl")
    lines = vote_outcome(db, vote_id).lines
    title = "Graffiti op de gevels"
    assert f"Ronde 1: {title} afgevallen met 0 stemmen; 0 stemmen uitgeput." in lines
    third = "Hangjongeren bij het speelveld"
    assert f"Ronde 2: {third} afgevallen met 1 stem; 1 stem uitgeput." in lines
    assert check_vote(db, vote_id).ok
