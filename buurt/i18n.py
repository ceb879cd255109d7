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
    """Every translated message of `lang`, merged from all its `.po` files."""
    if lang == "en":
        return {}
    from babel.messages.pofile import read_po

    table: dict[str, str] = {}
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh):
                if not message.id or not message.string or message.fuzzy:
                    continue
                if isinstance(message.id, tuple):
                    singular, plural = message.id[0], message.id[1]
                    strings = message.string
                    if isinstance(strings, tuple) and all(strings):
                        table[singular] = strings[0]
                        table["\x00" + plural] = strings[1]
                elif isinstance(message.id, str) and isinstance(message.string, str):
                    table[message.id] = message.string
    return table


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
