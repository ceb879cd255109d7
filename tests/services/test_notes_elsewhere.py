"""Meeting notes typed in two copies of buurt at once (two laptops on one file, or the app and
the command line): a note box never silently overwrites what the other copy saved. The service
refuses a save whose starting point is stale; `merge_section_text` (what the box saves through)
then puts the other copy's words above the chair's own and saves both, so neither is lost."""

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
from buurt.services.meetings import notes

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


def test_a_save_with_nothing_changed_elsewhere_stores_the_text_as_typed(
    two_copies: tuple[Database, Database, int],
) -> None:
    one, _two, meeting_id = two_copies
    first = meetings.merge_section_text(one, meeting_id, "opening", "Welkom", was="")
    second = meetings.merge_section_text(
        one, meeting_id, "opening", "Welkom allemaal", was="Welkom"
    )
    assert (first.elsewhere, second.elsewhere) == (None, None)
    assert second.text == "Welkom allemaal"
    assert _stored(one, meeting_id, "opening") == "Welkom allemaal"


@pytest.mark.parametrize(
    ("before", "theirs", "mine", "stored"),
    [
        # The second laptop wrote in notes this box still showed empty: both texts, theirs first.
        ("", "Opening door Anna", "Koffie staat klaar", "Opening door Anna\nKoffie staat klaar"),
        # The chair's text already holds what the second laptop saved: it is not doubled.
        ("Welkom", "Welkom, 12 mensen", "Welkom, 12 mensen. Koffie.", "Welkom, 12 mensen. Koffie."),
        # The second laptop emptied the notes: the chair's text stays.
        ("Welkom", "", "Welkom allemaal", "Welkom allemaal"),
    ],
    ids=["both kept", "not doubled", "emptied elsewhere"],
)
def test_a_save_from_a_stale_box_keeps_what_the_other_copy_saved(
    two_copies: tuple[Database, Database, int], before: str, theirs: str, mine: str, stored: str
) -> None:
    one, two, meeting_id = two_copies
    meetings.set_section_text(one, meeting_id, "opening", before, was="")
    # Both boxes show `before`; the second laptop saves first.
    meetings.set_section_text(two, meeting_id, "opening", theirs, was=before)
    saved = meetings.merge_section_text(one, meeting_id, "opening", mine, was=before)
    assert saved.elsewhere == theirs
    assert saved.text == stored
    assert _stored(one, meeting_id, "opening") == stored


def test_a_note_that_keeps_changing_elsewhere_is_never_overwritten(
    two_copies: tuple[Database, Database, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two, meeting_id = two_copies
    running_note = notes._running_note
    writes = iter(range(100))

    def read_then_the_other_copy_writes(db: Database, *args: Any) -> Any:
        note = running_note(db, *args)
        if db is one:  # between the merge's read and its save, the other copy saves again
            was = _stored(two, meeting_id, "opening")
            meetings.set_section_text(two, meeting_id, "opening", f"Anna {next(writes)}", was=was)
        return note

    monkeypatch.setattr(notes, "_running_note", read_then_the_other_copy_writes)
    with pytest.raises(ChangedElsewhere, match="changed elsewhere"):
        meetings.merge_section_text(one, meeting_id, "opening", "Koffie staat klaar", was="")
    assert _stored(two, meeting_id, "opening").startswith("Anna ")
    assert "Koffie" not in _stored(two, meeting_id, "opening")


@pytest.mark.parametrize(
    ("elsewhere", "mine", "merged"),
    [
        ("Opening door Anna", "Koffie staat klaar", "Opening door Anna\nKoffie staat klaar"),
        ("Welkom", "Welkom allemaal", "Welkom allemaal"),
        ("", "Koffie staat klaar", "Koffie staat klaar"),
        ("Opening door Anna", "", "Opening door Anna"),
    ],
)
def test_the_merge_rule_puts_the_other_copys_words_first_and_never_twice(
    elsewhere: str, mine: str, merged: str
) -> None:
    assert meetings.merged_text(elsewhere, mine) == merged


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
        area.move_cursor(area.document.end)  # where the chair stopped typing
        box = area.parent
        box.save()  # type: ignore[union-attr]
        await press(pilot)
        stored = _stored(one, meeting_id, "opening")
        assert "Opening door Anna" in stored
        assert "Koffie staat klaar" in stored
        assert area.text == stored
        # The chair goes on typing where they were, below the other copy's words.
        assert area.cursor_location == area.document.end
        state = str(app.screen.query_one(".note-state").render())
        assert "elsewhere" in state
