"""Dutch that reads as Dutch: the app says "je", a date that does not exist is named as such,
and the words a chair stumbled over are gone (issue 11, item 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from buurt.i18n import _, set_language
from buurt.services.base import parse_date

CATALOGS = Path(__file__).resolve().parent.parent / "buurt" / "locale" / "nl" / "LC_MESSAGES"
APP_CATALOGS = ["core.po", "meeting.po", "safety.po", "tui.po", "voting.po"]


def _msgstrs(name: str) -> list[str]:
    from babel.messages.pofile import read_po

    with (CATALOGS / name).open("rb") as fh:
        texts = []
        for message in read_po(fh):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            texts.extend(s for s in strings if s)
        return texts


@pytest.mark.parametrize("name", APP_CATALOGS)
def test_the_app_says_je_never_u(name: str) -> None:
    formal = [t for t in _msgstrs(name) if re.search(r"\b(u|uw)\b", t)]
    assert formal == []


def test_the_public_minutes_say_u_never_je() -> None:
    informal = [t for t in _msgstrs("minutes.po") if re.search(r"\b(je|jij|jouw)\b", t)]
    assert informal == []


def test_no_catalog_speaks_of_a_seed() -> None:
    texts = [re.sub(r"\{\w*\}", "", t) for n in [*APP_CATALOGS, "minutes.po"] for t in _msgstrs(n)]
    seeds = [t for t in texts if "seed" in t.lower()]
    assert seeds == []


def test_a_well_written_date_that_does_not_exist_says_so() -> None:
    set_language("nl")
    with pytest.raises(ValueError) as refused:
        parse_date("31-02-2027")
    assert str(refused.value) == "'31-02-2027' bestaat niet: die maand heeft 28 dagen."
    with pytest.raises(ValueError) as refused:
        parse_date("12-13-2027")
    assert str(refused.value) == "'12-13-2027' bestaat niet: er is geen maand 13."
    with pytest.raises(ValueError) as refused:
        parse_date("morgen")
    assert "gebruik dd-mm-jjjj" in str(refused.value)


def test_the_words_a_chair_stumbled_over_read_plainly() -> None:
    set_language("nl")
    assert (
        _("No meeting planned after this one yet.")
        == "Er is nog geen volgende bijeenkomst gepland."
    )
    assert "waarom dat ertoe doet" not in _(
        "Announcements from members and partners; who sent apologies and why it matters."
    )
    assert _("Head-to-head wins") == "Gewonnen duels"
