"""Meeting notes typed in two copies of buurt at once (two laptops on one file, or the app and
the command line): a note box never silently overwrites what the other copy saved. The service
refuses a save whose starting point is stale; the box then puts the other copy's words above
its own and saves both, so neither is lost."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from meeting_setup import committee, open_with_attendance, pilot_test, press
from textual.widgets import TextArea

from buurt.db.database import Database, open_database
from buurt.errors import ChangedElsewhere
from buurt.services import meetings

pytestmark = pytest.mark.needs_file


@pytest.fixture
def two_copies(db: Database, db_path: Path) -> Iterator[tuple[Database, Database, int]]:
    world = committee(db)
    open_with_attendance(db, world)
    other = open_database(db_path, actor="second laptop")
    try:
        yield db, other, world.meeting_id
    finally:
        other.close()


def _stored(db: Database, meeting_id: int, section: str) -> str:
    return next((n.text for n in meetings.list_notes(db, meeting_id) if n.section == section), "")


def test_a_note_saved_elsewhere_is_not_overwritten(
    two_copies: tuple[Database, Database, int],
) -> None:
    one, two, meeting_id = two_copies
    meetings.set_section_text(one, meeting_id, "opening", "Welkom", was="")
    # Both boxes show "Welkom"; the second laptop saves first.
    meetings.set_section_text(two, meeting_id, "opening", "Welkom, 12 mensen", was="Welkom")
    with pytest.raises(ChangedElsewhere, match="changed elsewhere"):
        meetings.set_section_text(one, meeting_id, "opening", "Welkom allemaal", was="Welkom")
    assert _stored(one, meeting_id, "opening") == "Welkom, 12 mensen"
    # A note made elsewhere in a section this box saw empty is not overwritten either.
    meetings.set_section_text(two, meeting_id, "announcements", "Lotte afgemeld", was="")
    with pytest.raises(ChangedElsewhere):
        meetings.set_section_text(one, meeting_id, "announcements", "Geen", was="")
    assert _stored(one, meeting_id, "announcements") == "Lotte afgemeld"


@pilot_test
async def test_the_note_box_keeps_both_texts_when_another_copy_saved_meanwhile(
    two_copies: tuple[Database, Database, int], make_app: Callable[..., Any]
) -> None:
    one, two, meeting_id = two_copies
    app = make_app(one)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v")
        area = app.screen.query_one("#note-opening", TextArea)
        # The second laptop writes in the opening's notes while this box still shows none.
        meetings.set_section_text(two, meeting_id, "opening", "Opening door Anna", was="")
        area.load_text("Koffie staat klaar")
        box = area.parent
        box.save()  # type: ignore[union-attr]
        await press(pilot)
        stored = _stored(one, meeting_id, "opening")
        assert "Opening door Anna" in stored
        assert "Koffie staat klaar" in stored
        assert area.text == stored
        state = str(app.screen.query_one(".note-state").render())
        assert "elsewhere" in state
