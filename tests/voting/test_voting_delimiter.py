"""One rule for the separator of a CSV file, used by the ballot reader and by `buurt import`."""

from __future__ import annotations

import pytest

from buurt.voting.formats import delimiter, parse_ballots, text_delimiter


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("naam;e-mail;telefoon", ";"),
        ("voter,A,B,C", ","),
        ("voter\tA\tB", "\t"),
        ('"Jansen, Piet";"Vries, de";x', ";"),  # commas inside quotes do not count
        ("A;B,C", ";"),  # a tie: the semicolon Dutch spreadsheets write
        ("naam", ";"),  # one column: nothing to split
    ],
)
def test_the_separator_is_the_most_frequent_outside_quotes(header: str, expected: str) -> None:
    assert delimiter(header) == expected


def test_a_whole_text_is_judged_by_its_first_non_blank_line() -> None:
    assert text_delimiter("\r\n  \r\nA,B;C,D\r\n1;2;3\r\n") == ","


def test_a_ballot_file_separated_by_tabs_is_read_like_any_other() -> None:
    tabbed = parse_ballots("voter\tA\tB\nAnna\t1\t2\nBram\t2\t1\nCees\t1\t\n", "t.csv", "csv")
    commas = parse_ballots("voter,A,B\nAnna,1,2\nBram,2,1\nCees,1,\n", "c.csv", "csv")
    assert tabbed.to_dict() == commas.to_dict()
