"""The minutes from the record: build a `buurt.minutes` model from a meeting, then render and
export it (Markdown, HTML, DOCX, PDF).

The chair types nothing twice: attendance, follow-ups, decisions, triage, votes and new actions
are read from what the meeting recorded. The record is read as it stood when the meeting ended
(a follow-up reported at a later meeting does not change these minutes).

Privacy (DESIGN.md): residents are named only when they consented to being named in public
minutes, and only in the internal version; the public version (`anonymise=True`) calls every
resident "Bewoner 1..n" ("Resident 1..n"), consistently within one document, also inside free
text. Professionals keep their name and organisation. Contact details never appear: they are
not read into the model, and e-mail addresses and phone numbers typed into notes are removed.
"""

from __future__ import annotations

from buurt.services.minutes.documents import (
    build_action_list,
    build_document,
    build_minutes,
    build_summary,
    check_kind,
)
from buurt.services.minutes.export import (
    FILE_WORDS,
    check_format,
    default_folder,
    export_document,
    export_target,
    minutes_markdown,
    render_document,
    suggested_filename,
    taken_place,
)
from buurt.services.minutes.people import EMAIL, PHONE, People
from buurt.services.minutes.record import OPEN_ACTION, TOOK_PLACE, Record, resolve_meeting
from buurt.services.minutes.vote_section import MATRIX_LIMIT

__all__ = [
    "EMAIL",
    "FILE_WORDS",
    "MATRIX_LIMIT",
    "OPEN_ACTION",
    "PHONE",
    "TOOK_PLACE",
    "People",
    "Record",
    "build_action_list",
    "build_document",
    "build_minutes",
    "build_summary",
    "check_format",
    "check_kind",
    "default_folder",
    "export_document",
    "export_target",
    "minutes_markdown",
    "render_document",
    "resolve_meeting",
    "suggested_filename",
    "taken_place",
]
