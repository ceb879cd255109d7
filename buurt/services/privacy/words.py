"""The privacy check's word lists, kept as data files in `words/` (one word a line, `#` starts a
comment) so that a list can grow without touching the code."""

from __future__ import annotations

from importlib.resources import files


def _words(name: str) -> tuple[str, ...]:
    """The words of `words/<name>.txt`, in the file's order."""
    text = files("buurt.services.privacy").joinpath("words", f"{name}.txt").read_text("utf-8")
    stripped = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(word for word in stripped if word)


# A longer suffix comes first in the file: the street pattern tries them in this order.
PLACE_SUFFIXES = _words("place_suffixes")
_PARTICLES = _words("name_particles")
_NOT_NAMES = frozenset(_words("not_names"))
_SIDECODES = _words("plate_sidecodes")
