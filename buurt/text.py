"""Text from people and files, made safe to keep and to show.

Control characters (C0 and C1, DEL) and the invisible bidirectional overrides never belong in a
name, a title or a note: in a terminal they set window titles, clear the screen or recolour
everything after them; in a document they break the XML of a DOCX or show as boxes; the bidi
overrides make "Fietsdiefstal" read backwards. Two functions, used everywhere:

- `clean` on input (every service's pydantic input, every import): removes them; a line break
  survives only in the multi-line fields (descriptions, notes, follow-up texts, criteria,
  decisions); elsewhere it becomes a space.
- `visible` on output (table cells, labels, printed reports, every minutes format): data stored
  before `clean` existed may still hold them, so each is shown as a visible placeholder.

This module imports nothing of buurt, so every layer may use it.
"""

from __future__ import annotations

import re

PLACEHOLDER = "\ufffd"  # the replacement character: in every font buurt ships

# C0 except tab and line feed, DEL, C1; the bidi embeddings, overrides and isolates; the Unicode
# line and paragraph separators (a "new line" that splits cells and rows in some programs).
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_CONTROL_RE = re.compile(f"[{_CONTROL}]")
_ANY_CONTROL_RE = re.compile(f"[{_CONTROL}\t\n]")


def has_control(text: str) -> bool:
    """Does `text` hold a character that `clean` would remove (line breaks included)?"""
    return _ANY_CONTROL_RE.search(text) is not None


def clean(text: str, *, multiline: bool = False) -> str:
    """`text` as buurt stores it: control characters removed; a tab becomes a space; line
    breaks (any of CR LF, CR, LF) become LF in a multi-line field and a space elsewhere."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    return _CONTROL_RE.sub("", text)


def visible(text: object, *, multiline: bool = False) -> str:
    """`text` for a screen or a document: every control character shown as a placeholder (a
    tab as a space; a line break kept only when `multiline`, else shown as a space)."""
    value = "" if text is None else str(text)
    if not has_control(value):
        return value
    value = value.replace("\r\n", "\n").replace("\t", " ")
    if not multiline:
        value = value.replace("\n", " ")
    return _CONTROL_RE.sub(PLACEHOLDER, value)


__all__ = ["PLACEHOLDER", "clean", "has_control", "visible"]
