"""The attacker reading the public minutes for phone numbers: every number the privacy check
flags is gone from the public documents (one detector for both, libphonenumber), in any
notation, Dutch or foreign."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from buurt.services import Database, meetings
from buurt.services.minutes import render_document
from buurt.services.privacy import privacy_warnings

NUMBERS = [
    "06.12.34.56.78",
    "+31 (0)10 1234567",
    "+44 20 7946 0958",
    "0698765432",
    "010 - 123 45 67",
    "0031 6 1234 5678",
]


@pytest.mark.parametrize("number", NUMBERS)
def test_a_phone_number_flagged_by_the_check_is_gone_from_the_public_minutes(
    db: Database, number: str
) -> None:
    text = f"Wie overlast ziet kan bellen naar {number} (ook 's avonds)."
    flagged = [w.excerpt for w in privacy_warnings(db, text) if w.kind == "phone"]
    assert flagged == [number]
    meeting = meetings.plan_meeting(db, {"starts_at": datetime(2026, 11, 20, 18, 30, tzinfo=UTC)})
    meetings.open_meeting(db, meeting.id)
    meetings.add_note(db, meeting.id, "aob", text)
    meetings.close_meeting(db, meeting.id)
    for anonymise in (True, False):
        minutes = render_document(db, meeting.id, fmt="md", anonymise=anonymise).decode()
        digits = "".join(c for c in number if c.isdigit())[-7:]
        assert digits not in "".join(c for c in minutes if c.isdigit() or c == "\n")
        assert "kan bellen naar" in minutes


def test_a_date_a_time_or_an_amount_is_not_a_phone_number(db: Database) -> None:
    text = "Op 12-12-2026 om 19:30 is er 200 uur beschikbaar; postcode 3011 AB."
    assert [w for w in privacy_warnings(db, text) if w.kind == "phone"] == []
