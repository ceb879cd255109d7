"""Developer tool behind `make i18n`: find every translatable string and keep the catalogs whole.

    python -m buurt.i18n_tools check            # list strings without a Dutch translation
    python -m buurt.i18n_tools update [--area A] # add them (empty) to the area's catalog

A string belongs to the catalog of the area its first use lives in (see `AREAS`); translators
fill in the empty `msgstr` lines. The test suite runs `missing()` and fails on any gap.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from buurt.i18n import LOCALE_DIR, catalog

PACKAGE = Path(__file__).parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHODS = [("**/locale/**", "ignore"), ("**.py", "python"), ("**.j2", "jinja2")]
# First matching prefix wins: the catalog a new string goes to.
AREAS = [
    ("voting/", "voting"),
    ("tui/projector/", "projector"),
    ("tui/ending", "projector"),
    ("services/projector", "projector"),
    ("services/watch", "projector"),
    ("cli/project", "projector"),
    ("cli/serve", "projector"),
    ("tui/", "tui"),
    ("minutes/", "minutes"),
    ("services/safety", "safety"),
    ("services/transfer", "safety"),
    ("services/audit", "safety"),
    ("", "core"),
]


def area_of(path: str) -> str:
    return next(area for prefix, area in AREAS if path.startswith(prefix))


def extracted() -> Iterator[tuple[str, int, str | tuple[str, str]]]:
    """(file, line, message) for every marked string in the package."""
    options = {"**.j2": {"extensions": "jinja2.ext.i18n"}}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=METHODS, keywords=KEYWORDS, options_map=options
    ):
        if isinstance(message, tuple):
            yield filename, lineno, (message[0], message[1])
        elif message:
            yield filename, lineno, message


def missing(lang: str = "nl") -> list[tuple[str, int, str | tuple[str, str]]]:
    """Strings used in the code with no translation in any catalog of `lang`."""
    catalog.cache_clear()
    table = catalog(lang)
    gaps: list[tuple[str, int, str | tuple[str, str]]] = []
    for filename, lineno, message in extracted():
        if isinstance(message, tuple):
            if message[0] not in table or "\x00" + message[1] not in table:
                gaps.append((filename, lineno, message))
        elif message not in table:
            gaps.append((filename, lineno, message))
    return gaps


def update(lang: str = "nl", area: str | None = None) -> int:
    """Append every missing string, untranslated, to its area's catalog. Returns how many."""
    added = 0
    seen: set[str] = set()
    by_area: dict[str, list[tuple[str, int, str | tuple[str, str]]]] = {}
    for filename, lineno, message in missing(lang):
        key = message if isinstance(message, str) else message[0]
        if key in seen:
            continue
        seen.add(key)
        by_area.setdefault(area or area_of(filename), []).append((filename, lineno, message))
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    for name, messages in by_area.items():
        path = folder / f"{name}.po"
        if path.exists():
            with path.open("rb") as fh:
                cat = read_po(fh, locale=lang)
        else:
            cat = Catalog(locale=lang, project="buurt", domain=name)
        for filename, lineno, message in messages:
            if cat.get(message if isinstance(message, str) else message[0]):
                continue
            cat.add(message, locations=[(f"buurt/{filename}", lineno)])
            added += 1
        with path.open("wb") as fh:
            write_po(fh, cat, width=100, omit_header=False, sort_output=False)
    return added


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        area = argv[argv.index("--area") + 1] if "--area" in argv else None
        print(f"added {update(area=area)} strings; translate the empty msgstr lines")
    gaps = missing()
    for filename, lineno, message in gaps:
        print(f"buurt/{filename}:{lineno}: {message!r}")
    print(f"{len(gaps)} strings without a Dutch translation")
    return 1 if gaps and command == "check" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
