"""Two copies of buurt on one file (the app and the command line, or two apps) never silently
overwrite each other: an organisation or a meeting changed in one copy refuses a save from a
form in the other copy that still shows the old row, and says to reload."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from settle import settle
from textual.widgets import Input, Static

from buurt.db.database import Database, open_database
from buurt.errors import ChangedElsewhere
from buurt.services import meetings, members
from buurt.services.audit import list_events

pytestmark = pytest.mark.needs_file

FIRST = datetime(2026, 12, 10, 18, 30, tzinfo=UTC)


@pytest.fixture
def two_copies(db_path: Path) -> Iterator[tuple[Database, Database]]:
    """The app (`one`) and the command line (`two`) open on the same file."""
    from buurt.services.neighbourhood import create_neighbourhood

    one = open_database(db_path, actor="app")
    two = open_database(db_path, actor="cli")
    create_neighbourhood(one, {"name": "Testbuurt"})
    try:
        yield one, two
    finally:
        one.close()
        two.close()


def test_an_organisation_renamed_elsewhere_is_not_overwritten(
    two_copies: tuple[Database, Database],
) -> None:
    one, two = two_copies
    police = members.add_organisation(one, {"name": "Politie", "kind": "police"})
    shown = members.get_organisation(one, police.id)  # the form is open in the app
    members.update_organisation(two, police.id, {"name": "Politie Rotterdam"})
    with pytest.raises(ChangedElsewhere, match="organisation was changed elsewhere; reload"):
        members.update_organisation(
            one, police.id, {"name": "Politie Noord", "kind": "police"}, version=shown.version
        )
    assert members.get_organisation(one, police.id).name == "Politie Rotterdam"
    # After a reload the form shows the new version, and its save goes through.
    fresh = members.get_organisation(one, police.id)
    assert fresh.version == shown.version + 1
    saved = members.update_organisation(
        one, police.id, {"name": "Politie Noord"}, version=fresh.version
    )
    assert (saved.name, saved.version) == ("Politie Noord", fresh.version + 1)


def test_a_meeting_changed_elsewhere_is_not_overwritten(
    two_copies: tuple[Database, Database],
) -> None:
    one, two = two_copies
    planned = meetings.plan_meeting(one, {"starts_at": FIRST, "place": "Wijkcentrum"})
    shown = meetings.get_meeting(one, planned.id)
    meetings.update_meeting(two, planned.id, {"place": "Buurthuis De Esch"})
    with pytest.raises(ChangedElsewhere, match="meeting was changed elsewhere; reload"):
        meetings.update_meeting(
            one,
            planned.id,
            {"starts_at": FIRST, "place": "Wijkcentrum", "chair_id": None},
            version=shown.version,
        )
    assert meetings.get_meeting(two, planned.id).place == "Buurthuis De Esch"
    updates = [e for e in list_events(one, entity="meeting") if e.action == "update"]
    assert [e.actor for e in updates] == ["cli"]


def test_opening_a_meeting_elsewhere_makes_an_open_meeting_form_stale(
    two_copies: tuple[Database, Database],
) -> None:
    one, two = two_copies
    planned = meetings.plan_meeting(one, {"starts_at": FIRST, "place": "Wijkcentrum"})
    shown = meetings.get_meeting(one, planned.id)
    meetings.open_meeting(two, planned.id, at=FIRST)
    with pytest.raises(ChangedElsewhere):
        meetings.update_meeting(one, planned.id, {"place": "Elders"}, version=shown.version)
    assert meetings.get_meeting(one, planned.id).place == "Wijkcentrum"


def test_a_save_without_a_change_elsewhere_goes_through_once(
    two_copies: tuple[Database, Database],
) -> None:
    one, two = two_copies
    police = members.add_organisation(one, {"name": "Politie", "kind": "police"})
    planned = meetings.plan_meeting(one, {"starts_at": FIRST})
    members.update_organisation(one, police.id, {"kind": "municipality"}, version=police.version)
    meetings.update_meeting(one, planned.id, {"place": "Wijkcentrum"}, version=planned.version)
    # The same stale form saved twice: the second save is refused.
    with pytest.raises(ChangedElsewhere):
        members.update_organisation(two, police.id, {"kind": "police"}, version=police.version)
    with pytest.raises(ChangedElsewhere):
        meetings.update_meeting(two, planned.id, {"place": "Elders"}, version=planned.version)
    assert members.get_organisation(two, police.id).kind == "municipality"
    assert meetings.get_meeting(two, planned.id).place == "Wijkcentrum"


def test_the_meeting_form_says_changed_elsewhere_and_shows_the_meeting_as_it_is(
    db: Database, make_app: Any
) -> None:
    from buurt.tui.screens.meeting_sections.meeting_form import MeetingForm

    planned = meetings.plan_meeting(db, {"starts_at": FIRST, "place": "Wijkcentrum"})
    assert db.path is not None

    async def run() -> None:
        app: Any = make_app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            form = MeetingForm(meetings.get_meeting(db, planned.id))
            app.push_screen(form)
            await settle(pilot, focus="#day")
            assert form.query_one("#place", Input).value == "Wijkcentrum"
            command_line = open_database(db.path, actor="cli")  # another copy meanwhile
            try:
                meetings.update_meeting(command_line, planned.id, {"place": "De Esch"})
            finally:
                command_line.close()
            form.query_one("#place", Input).value = "Speeltuin"
            await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
            await settle(pilot, until=lambda: form.meeting.version > planned.version)
            assert app.screen is form
            error = str(form.query_one("#form-error", Static).render())
            assert "This meeting was changed elsewhere; reload to see the change." in error
            # Reloaded: the form shows the change made elsewhere, and now saves over it.
            assert form.query_one("#place", Input).value == "De Esch"
            form.query_one("#place", Input).value = "Speeltuin"
            await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
            await settle(pilot, until=lambda: app.screen is not form)

    asyncio.run(run())
    assert meetings.get_meeting(db, planned.id).place == "Speeltuin"
