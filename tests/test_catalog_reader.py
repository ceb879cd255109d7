"""The app reads its translations with a small .po reader of its own (Babel's costs more than
the rest of the start-up); it must read every catalog exactly as Babel does."""

from __future__ import annotations

from babel.messages.pofile import read_po

from buurt.i18n import LOCALE_DIR, _read_po, catalog


def _babel_table(lang: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for po in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh):
                if not message.id or not message.string or message.fuzzy:
                    continue
                if isinstance(message.id, tuple):
                    if all(message.string):
                        table[message.id[0]] = message.string[0]
                        table["\x00" + message.id[1]] = message.string[1]
                else:
                    table[message.id] = message.string
    return table


def test_every_shipped_catalog_reads_as_babel_reads_it() -> None:
    languages = [folder.name for folder in LOCALE_DIR.iterdir() if folder.is_dir()]
    assert languages
    for lang in languages:
        assert catalog(lang) == _babel_table(lang)


def test_entries_without_a_blank_line_between_them_stay_apart() -> None:
    text = (
        'msgid "One"\nmsgstr "Een"\n#, python-brace-format\nmsgid "{n} day"\n'
        'msgid_plural "{n} days"\nmsgstr[0] "{n} dag"\nmsgstr[1] "{n} dagen"\n'
    )
    assert list(_read_po(text)) == [
        (["One"], ["Een"]),
        (["{n} day", "{n} days"], ["{n} dag", "{n} dagen"]),
    ]


def test_fuzzy_and_obsolete_entries_are_not_used() -> None:
    text = (
        '#, fuzzy\nmsgid "Guess"\nmsgstr "Gok"\n\n#~ msgid "Old"\n#~ msgstr "Oud"\n\n'
        'msgid ""\n"Two "\n"lines\\n\\"quoted\\""\nmsgstr "Twee regels"\n'
    )
    assert list(_read_po(text)) == [(['Two lines\n"quoted"'], ["Twee regels"])]
