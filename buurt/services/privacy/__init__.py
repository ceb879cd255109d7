"""The privacy check: warn when free text holds what a committee should not store about people.

`check` holds the check itself; `words` loads its word lists from the data files in `words/`.
"""

from __future__ import annotations

from buurt.services.privacy.check import (
    PrivacyKind,
    PrivacyWarning,
    known_names,
    privacy_warnings,
    scan_text,
)
from buurt.services.privacy.words import PLACE_SUFFIXES

__all__ = [
    "PLACE_SUFFIXES",
    "PrivacyKind",
    "PrivacyWarning",
    "known_names",
    "privacy_warnings",
    "scan_text",
]
