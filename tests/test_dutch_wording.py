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
            if not message.id:  # the catalog's header
                continue
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
    assert (
        _("Announcements from members and partners, and who sent apologies.")
        == "Mededelingen van leden en partners, en wie zich heeft afgemeld."
    )
    assert _("Head-to-head wins") == "Gewonnen duels"


# --- The catalogs read as one text: the same words, the same register, no English left. ---

ALL_CATALOGS = [*APP_CATALOGS, "minutes.po", "projector.po"]


def _pairs(name: str) -> list[tuple[str, str]]:
    """(English source, Dutch text) for every translated form in a catalog."""
    from babel.messages.pofile import read_po

    with (CATALOGS / name).open("rb") as fh:
        pairs = []
        for message in read_po(fh):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            pairs.extend((ids[min(i, len(ids) - 1)], s) for i, s in enumerate(strings) if s)
        return pairs


def _prose(text: str) -> str:
    """The words a reader reads: placeholders, quoted values, command-line options and
    file-format keywords taken out."""
    text = re.sub(r"\{\w*\}|%\(\w+\)[sd]", " ", text)
    text = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)
    text = re.sub(r"--[\w-]+(?: [A-Z]+)?", " ", text)
    return text


def test_the_projector_says_je_never_u() -> None:
    formal = [t for t in _msgstrs("projector.po") if re.search(r"\b(u|uw)\b", t, re.IGNORECASE)]
    assert formal == []


@pytest.mark.parametrize("name", APP_CATALOGS)
def test_the_app_never_says_u_even_at_the_start_of_a_sentence(name: str) -> None:
    formal = [t for t in _msgstrs(name) if re.search(r"\b(U|Uw)\b", t)]
    assert formal == []


def test_the_public_minutes_never_say_jou_or_jij() -> None:
    informal = [
        t for t in _msgstrs("minutes.po") if re.search(r"\b(je|jij|jou|jouw)\b", t, re.IGNORECASE)
    ]
    assert informal == []


# One word per concept (DESIGN.md's glossary): the word on the left never appears; the
# glossary's word is on the right.
NOT_OUR_WORDS = {
    "vergadering": "bijeenkomst",
    "notulen": "verslag",
    "stembriefje": "stembiljet",
    "kiezer": "stemmer",
    "zetel": "plaats (in de top)",
    "doorslaggevend": "beslissende stem",
    "professionele uren": "uren van professionals",
    "actiepunt": "actie",
    "speerpunt": "prioriteit",
    "aandachtspunt": "prioriteit",
    "geannuleerd": "afgebroken (stemronde)",
    "seed": "startwaarde",
    "triage": "beoordelen",
}


@pytest.mark.parametrize("name", ALL_CATALOGS)
def test_every_catalog_uses_the_glossary_words(name: str) -> None:
    strays = [
        (word, text)
        for text in _msgstrs(name)
        for word in NOT_OUR_WORDS
        if re.search(rf"\b{word}", _prose(text), re.IGNORECASE)
    ]
    assert strays == []


# English words that no Dutch sentence holds; names of counting methods and file-format
# keywords are allowed (they are names, quoted or given as options).
ENGLISH = {
    "the", "and", "with", "without", "from", "for", "not", "to", "your", "you", "please",
    "search", "matches", "found", "ballot", "ballots", "meeting", "meetings", "vote", "votes",
    "copy", "selected", "focus", "previous", "this", "that", "which", "cannot", "has", "have",
    "were", "are", "be", "by", "at", "palette", "command", "commands", "quit", "save",
    "cancel", "yes", "minutes", "problem", "problems", "owner", "due", "overdue", "follow-up",
    "seats", "round", "stage", "tie", "ties", "draw", "count", "counted",
}  # fmt: skip
NAMES = {"Ranked", "Pairs", "Instant-runoff", "Schulze", "Borda", "Droop", "STV", "IRV"}


def _english_words(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z-]*", _prose(text))
    return [w for w in words if w.lower() in ENGLISH and w not in NAMES]


@pytest.mark.parametrize("name", ALL_CATALOGS)
def test_no_english_is_left_in_a_dutch_text(name: str) -> None:
    # The command line's own words (members, problems, ballots; minutes, actions, summary;
    # lot, none; latest) are values to type, written between brackets or after "kies".
    allowed_commands = re.compile(
        r"kies (members|lot|minutes)[^.;]*|gebruik bewoner \(resident\)[^.;]*|'latest'"
    )
    leftovers = [
        (t, found)
        for t in _msgstrs(name)
        if (found := _english_words(allowed_commands.sub(" ", t)))
    ]
    assert leftovers == []


@pytest.mark.parametrize("name", ALL_CATALOGS)
def test_no_double_colon_or_doubled_word(name: str) -> None:
    odd = [
        t
        for t in _msgstrs(name)
        if "::" in t or ": :" in t or re.search(r"\b(\w{2,}) \1\b", _prose(t), re.IGNORECASE)
    ]
    assert odd == []


def _starts_upper(text: str) -> bool | None:
    """Whether the first letter a reader sees is a capital; None when the text starts with
    a placeholder, a symbol, or the program's own lower-case name."""
    stripped = text.lstrip("#(['\" ")
    if not stripped or stripped.startswith(("{", "%(", "buurt", "dd-", "e.g.", "bijv.")):
        return None
    if not stripped[0].isalpha():
        return None
    return stripped[0].isupper()


@pytest.mark.parametrize("name", ALL_CATALOGS)
def test_headers_and_sentences_keep_the_capital_of_the_english(name: str) -> None:
    differ = [
        (english, dutch)
        for english, dutch in _pairs(name)
        if None not in (_starts_upper(english), _starts_upper(dutch))
        and _starts_upper(english) != _starts_upper(dutch)
    ]
    assert differ == []


def test_the_same_english_reads_the_same_in_every_catalog() -> None:
    seen: dict[str, set[str]] = {}
    for name in ALL_CATALOGS:
        for english, dutch in _pairs(name):
            seen.setdefault(english, set()).add(dutch)
    differ = {english: dutch for english, dutch in seen.items() if len(dutch) > 1}
    assert differ == {}


def test_one_word_for_the_vote_and_its_papers() -> None:
    set_language("nl")
    assert _("Vote") == "Stemronde"
    assert _("Secret ballot") == "Geheime stemming"
    assert "stembiljet" in _("Paper {n} stored.").lower()
    assert "beslissende stem" in _("Tie between {names}: decided by the chair's casting vote.")
    assert _("Professional hours") == "Uren van professionals"
