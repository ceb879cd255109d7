"""The one rule for finding a person's name in free text, used by `forget` and by the public
minutes' redactor alike, and the one detector of phone numbers and e-mail addresses.

The name rule (for a member called, say, "Henk de Vries"):
- the full name (two words or more) matches in any case and with or without accents
  ("henk de vries", "HENK DE VRIES"; "Ayse Yilmaz" for "Ayşe Yılmaz"), and so does an initial
  with the surname ("H. de Vries");
- a one-word name, or one part of a longer name ("Henk", "Vries"; two letters or more), matches
  as a whole word when it is written with a capital, and in lower case only when it is not an
  ordinary Dutch or English word. "Groen" in "Meer groen in de straat" is an ordinary word and
  stays; "henk zegt" and "Vries belt" are names;
- the particles of a surname ("de", "van der", ...) never match on their own.

Whether a word is ordinary is decided by its frequency in the `wordfreq` lists of Dutch and
English (Zipf scale, see `ORDINARY_ZIPF`), not by a hand-made list. Those lists fold case, so
a first name that is also common in running text ("jan", "anna") counts as ordinary in lower
case: written with a capital it is still found.

Phone numbers are found with Google's libphonenumber (the `phonenumbers` package, region NL),
in any notation ("06.12.34.56.78", "+31 (0)10 1234567", "+44 20 7946 0958").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

ORDINARY_ZIPF = 4.5  # about once in 30,000 words: "groen" 4.8, "meer" 6.4; "henk" 4.4, "bo" 4.1
REGION = "NL"
PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ten",
        "ter",
        "te",
        "'t",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "von",
        "zu",
        "la",
        "le",
        "du",
        "da",
        "di",
        "del",
        "dos",
        "el",
        "al",
        "bin",
        "ben",
        "ibn",
    ]
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}")


def fold(text: str) -> tuple[str, list[int]]:
    """`text` without accents and in lower case, with, for each character of the result, the
    index of the character of `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        base = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in base if not unicodedata.combining(c)).casefold()
        # Letters that do not decompose (ı, ø, ł, ...) still have a plain cousin.
        base = base.translate(_PLAIN)
        for c in base:
            out.append(c)
            where.append(index)
    return "".join(out), where


_PLAIN = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae"})


def plain(text: str) -> str:
    return fold(text)[0]


@lru_cache(maxsize=4096)
def is_ordinary_word(word: str) -> bool:
    """True when `word` is an ordinary Dutch or English word (see the module docstring)."""
    from wordfreq import zipf_frequency

    w = plain(word)
    return max(zipf_frequency(w, "nl"), zipf_frequency(w, "en")) >= ORDINARY_ZIPF


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a name (or a contact detail) was found: [start, end) in the original text."""

    start: int
    end: int
    text: str
    certain: bool  # False: a lower-case ordinary word that is also part of the name


_WORD = r"(?<![\w@.])(?:{})(?![\w@])"


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s]+", name.strip()) if w]


def _spaced(words: Iterable[str]) -> str:
    return r"[\s\u00a0]+".join(re.escape(plain(w)) for w in words)


@dataclass(frozen=True)
class NameRule:
    """The rule for one person's name (see the module docstring)."""

    name: str

    @property
    def words(self) -> list[str]:
        return _words(self.name)

    @property
    def parts(self) -> list[str]:
        """The parts that match on their own: two letters or more, not a particle."""
        out = []
        for word in self.words:
            for piece in word.split("-") + ([word] if "-" in word else []):
                letters = re.sub(r"\W", "", piece)
                if len(letters) < 2 or piece.islower() or plain(piece) in PARTICLES:
                    continue
                out.append(piece)
        return list(dict.fromkeys(out))

    def emails(self, text: str) -> list[Mention]:
        """E-mail addresses in `text` whose name part holds this person's name or a part of it
        ("ayse.yilmaz@...", "w.zonneveld@...")."""
        pieces = [plain(p) for p in (self.parts if len(self.words) >= 2 else [self.name])]
        pieces = [p for p in pieces if len(p) >= 2]
        return [m for m in emails(text) if any(p in plain(m.text.split("@")[0]) for p in pieces)]

    def mentions(self, text: str) -> list[Mention]:
        """Every place `text` names this person, longest forms first, never overlapping."""
        if not text or not self.name.strip():
            return []
        folded, where = fold(text)
        found: list[Mention] = []

        def add(start: int, end: int, certain: bool) -> None:
            s, e = where[start], where[end - 1] + 1
            if any(s < m.end and m.start < e for m in found):
                return
            found.append(Mention(s, e, text[s:e], certain))

        words = self.words
        if len(words) >= 2:
            full = _spaced(words)
            for m in re.finditer(_WORD.format(full), folded):
                add(m.start(), m.end(), True)
            surname = words[1:]
            initial = re.escape(plain(words[0])[0])
            for m in re.finditer(
                _WORD.format(rf"{initial}\.(?:\s*\w\.)*\s*" + _spaced(surname)), folded
            ):
                add(m.start(), m.end(), True)
            # "de Vries", "van der Berg": a surname with its particles, capitalised.
            tail = [w for w in words[1:] if plain(w) not in PARTICLES]
            if tail and len(tail) < len(words) - 1:
                for m in re.finditer(_WORD.format(_spaced(words[1:])), folded):
                    if any(c.isupper() for c in text[where[m.start()] : where[m.end() - 1] + 1]):
                        add(m.start(), m.end(), True)
        for part in self.parts if len(words) >= 2 else [self.name.strip()]:
            for m in re.finditer(_WORD.format(re.escape(plain(part))), folded):
                original = text[where[m.start()] : where[m.end() - 1] + 1]
                if original[:1].isupper():
                    add(m.start(), m.end(), True)
                else:
                    add(m.start(), m.end(), not is_ordinary_word(part))
        return sorted(found, key=lambda m: m.start)


def replace_mentions(text: str, mentions: Iterable[Mention], new: str) -> str:
    """`text` with every mention replaced by `new`."""
    out = text
    for m in sorted(mentions, key=lambda m: m.start, reverse=True):
        out = out[: m.start] + new + out[m.end :]
    return out


_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")


def phone_numbers(text: str, *, lenient: bool = False) -> list[Mention]:
    """Phone numbers in `text`, in any notation. A number counts when libphonenumber says it
    is valid, or possible with at least ten digits (a Dutch number has ten) and not written like
    a date (a number
    from a range not yet in use is still someone's number to a reader). `lenient` takes every
    possible number (to find a number one already knows, in another notation)."""
    found = []
    for m in phonenumbers.PhoneNumberMatcher(text, REGION, leniency=phonenumbers.Leniency.POSSIBLE):
        digits = sum(c.isdigit() for c in m.raw_string)
        # People write a phone number with its 0 or its country code ("2026-41877" is a
        # case number, though it would be a valid number in Amsterdam with a 0 before it).
        dialled = m.raw_string.strip().lstrip("(").startswith(("+", "0"))
        if lenient or (
            dialled
            and (
                phonenumbers.is_valid_number(m.number)
                or (digits >= 10 and not _DATE.fullmatch(m.raw_string.strip()))
            )
        ):
            found.append(Mention(m.start, m.end, m.raw_string, True))
    return found


def same_phone(a: str, b: str) -> bool:
    """True when `a` and `b` are the same phone number in any notation."""
    try:
        first = phonenumbers.parse(a, REGION)
        second = phonenumbers.parse(b, REGION)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", a) == re.sub(r"\D", "", b) != ""
    return bool(first.country_code == second.country_code and first.national_number) and (
        first.national_number == second.national_number
    )


def emails(text: str) -> list[Mention]:
    """E-mail addresses in `text`."""
    return [Mention(m.start(), m.end(), m.group(), True) for m in _EMAIL.finditer(text)]


def contact_mentions(text: str, *, email: str = "", phone: str = "") -> list[Mention]:
    """Where `text` holds this e-mail address (any case) or this phone number (any notation)."""
    found = []
    if email.strip():
        found += [m for m in emails(text) if m.text.casefold() == email.strip().casefold()]
    if phone.strip():
        found += [m for m in phone_numbers(text, lenient=True) if same_phone(m.text, phone)]
    return found
