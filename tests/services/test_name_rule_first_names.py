"""The name rule (issue 9, item 4) for first names written in lower case: a part of a name
matches in lower case only when it is not an ordinary Dutch or English word, as `wordfreq`
ranks words (Zipf scale, `ORDINARY_ZIPF`), never a hand-made list.

wordfreq folds case, so a first name that is frequent in running text counts as an ordinary
word: "henk" is rare enough to be a name, "jan" and "anna" are not. The tests read the
frequencies from wordfreq itself, so they say what the rule does with the word lists as
shipped. A capitalised first name is always a name; a lower-case ordinary one is a "likely"
mention that `forget` lists for the chair (and replaces with --yes).
"""

from __future__ import annotations

import pytest
from wordfreq import zipf_frequency

from buurt.db.database import Database
from buurt.services import members, problems
from buurt.services.forget import forget_member, forget_plan
from buurt.services.names import ORDINARY_ZIPF, NameRule, is_ordinary_word


def zipf(word: str) -> float:
    """How ordinary `word` is: its higher Zipf frequency of Dutch and English."""
    return max(zipf_frequency(word, "nl"), zipf_frequency(word, "en"))


def test_henk_in_lower_case_is_a_name() -> None:
    assert zipf("henk") < ORDINARY_ZIPF  # 4.43 in Dutch (wordfreq 3.x)
    assert not is_ordinary_word("henk")
    found = NameRule("Henk de Vries").mentions("henk zegt dat de zakken er elke week staan")
    assert [(m.text, m.certain) for m in found] == [("henk", True)]


@pytest.mark.parametrize(
    ("name", "text", "part"),
    [
        ("Jan Jansen", "jan zegt dat de lantaarn al weken kapot is", "jan"),
        ("Anna de Boer", "anna belt de gemeente over de bladeren", "anna"),
    ],
)
def test_a_first_name_wordfreq_ranks_as_ordinary_is_only_likely_in_lower_case(
    name: str, text: str, part: str
) -> None:
    # "jan" 5.18 and "anna" 4.65 in Dutch (wordfreq 3.x): ordinary words by the rule as
    # written, so in lower case they are a likely mention, not a certain one.
    assert zipf(part) >= ORDINARY_ZIPF
    assert is_ordinary_word(part)
    rule = NameRule(name)
    assert [(m.text, m.certain) for m in rule.mentions(text)] == [(part, False)]
    capitalised = text[0].upper() + text[1:]
    assert [(m.text, m.certain) for m in rule.mentions(capitalised)] == [(part.capitalize(), True)]


def test_the_surname_of_jan_jansen_in_lower_case_is_a_name() -> None:
    assert zipf("jansen") < ORDINARY_ZIPF
    found = NameRule("Jan Jansen").mentions("jansen zegt dat het beter gaat")
    assert [(m.text, m.certain) for m in found] == [("jansen", True)]


def test_forget_lists_a_lower_case_jan_and_replaces_it_only_when_asked(db: Database) -> None:
    jan = members.add_member(db, {"name": "Jan Jansen", "kind": "resident"})
    problem = problems.add_problem(
        db, {"title": "Lantaarn kapot", "description": "jan zegt dat de lantaarn kapot is"}
    )
    plan = forget_plan(db, "Jan Jansen")
    assert [(m.table, m.text) for m in plan.likely] == [("problem", "jan")]
    report = forget_member(db, jan.id, also_likely=True)
    after = problems.get_problem(db, problem.id)
    assert "jan" not in after.description.split()
    assert after.description.endswith("zegt dat de lantaarn kapot is")
    assert report.pseudonym in after.description
