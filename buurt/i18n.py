"""Translation: one function, `_`, for every user-facing string.

Source strings are English. Dutch lives in gettext catalogs under `buurt/locale/nl/LC_MESSAGES/`,
one `.po` file per area of the code (core, voting, tui, minutes, safety), so that people working on
different parts never edit the same catalog. All of a language's catalogs are merged into one table
on first use. `make i18n` extracts new strings into the catalogs (see `buurt.i18n_tools`).

The language is chosen, in order: `--lang`, the neighbourhood's setting, the locale (`LANG`,
`LC_ALL`, `LC_MESSAGES`), then Dutch, since the committees are Dutch.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALE_DIR = Path(__file__).parent / "locale"

_state: dict[str, str] = {"lang": DEFAULT_LANGUAGE}


def locale_language() -> str | None:
    """The language the user's locale asks for, if it is one we ship."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        code = value.split(":")[0].split("_")[0].split(".")[0].lower()
        if code in LANGUAGES:
            return code
    return None


def choose_language(explicit: str | None = None, setting: str | None = None) -> str:
    """Pick the language: explicit choice, then the file's setting, then the locale."""
    for candidate in (explicit, setting, locale_language()):
        if candidate and candidate.lower() in LANGUAGES:
            return candidate.lower()
    return DEFAULT_LANGUAGE


def set_language(lang: str) -> str:
    """Make `lang` the language of every following `_()` call. Returns the language set."""
    lang = lang.lower()
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    _state["lang"] = lang
    return lang


def get_language() -> str:
    return _state["lang"]


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every translated message of `lang`, merged from all its `.po` files (a plural's
    singular under its own text, its plural under NUL + the plural text)."""
    if lang == "en":
        return {}
    table: dict[str, str] = {}
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    for po in sorted(folder.glob("*.po")):
        for ids, strings in _read_po(po.read_text(encoding="utf-8")):
            if not ids[0] or not strings or not all(strings):
                continue
            if len(ids) == 2 and len(strings) >= 2:
                table[ids[0]] = strings[0]
                table["\x00" + ids[1]] = strings[1]
            elif len(ids) == 1:
                table[ids[0]] = strings[0]
    return table


_PO_ESCAPE = re.compile(r'\\([\\trn"])')
_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _po_text(quoted: str) -> str:
    """A quoted .po string's text (the escapes Babel writes: \\n, \\t, \\r, \\", \\\\)."""
    body = quoted.strip()[1:-1]
    return _PO_ESCAPE.sub(lambda m: _PO_ESCAPES.get(m.group(1), m.group(1)), body)


def _read_po(text: str) -> Iterator[tuple[list[str], list[str]]]:
    """The entries of a .po file as written by `make i18n`: (msgid and msgid_plural, msgstr
    or msgstr[n]) per entry, in order; fuzzy and obsolete (`#~`) entries are left out.

    Read with the standard library rather than Babel: the catalogs load on every start, before
    the first screen paints, and Babel's reader costs more than all the rest of it."""
    ids: list[str] = []
    strings: list[str] = []
    current: list[str] | None = None
    fuzzy = False
    for line in [*text.splitlines(), "#"]:  # the last "#" ends the last entry
        line = line.strip()
        starts_entry = line.startswith(("#", "msgid ", "msgctxt "))
        if starts_entry and strings:
            if ids and not fuzzy:
                yield ids, strings
            ids, strings, current, fuzzy = [], [], None, False
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                fuzzy = True
            continue
        if line.startswith('"'):
            if current is not None:
                current[-1] += _po_text(line)
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgid", "msgid_plural"):
            current = ids
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            current = strings
        else:  # msgctxt: buurt uses none, and the table never told contexts apart
            current = None
            continue
        current.append(_po_text(rest))


def _(message: str) -> str:
    """Translate `message` (English source text) into the current language."""
    lang = _state["lang"]
    if lang == "en":
        return message
    return catalog(lang).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count (Dutch and English share the plural rule)."""
    lang = _state["lang"]
    if lang == "en":
        return singular if n == 1 else plural
    table = catalog(lang)
    if n == 1:
        return table.get(singular, singular)
    return table.get("\x00" + plural, plural)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate at use with `_`)."""
    return message
