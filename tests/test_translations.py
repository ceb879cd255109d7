"""Every string a user can see has a Dutch translation that keeps its placeholders."""

from __future__ import annotations

import re

from buurt.i18n import _, catalog, ngettext, set_language
from buurt.i18n_tools import extracted, missing

PLACEHOLDER = re.compile(r"{[a-z_]*}")


def test_every_marked_string_has_a_dutch_translation() -> None:
    gaps = [f"buurt/{file}:{line}: {message!r}" for file, line, message in missing("nl")]
    assert gaps == [], "untranslated strings:\n" + "\n".join(gaps)


def test_translations_keep_every_placeholder() -> None:
    table = catalog("nl")
    wrong = []
    for _file, _line, message in extracted():
        pairs = (
            [(message, table.get(message, message))]
            if isinstance(message, str)
            else [(message[1], table.get("\x00" + message[1], message[1]))]
        )
        for source, translated in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translated)):
                wrong.append((source, translated))
    assert wrong == []


def test_the_language_switches_at_runtime() -> None:
    set_language("nl")
    assert _("Members") == "Leden"
    assert ngettext("{n} day", "{n} days", 2).format(n=2) == "2 dagen"
    set_language("en")
    assert _("Members") == "Members"
