"""What the room's screen shows, read through the service, in each moment of a meeting; the
chair's switch; and the change watch that makes the projector follow."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from meeting_setup import DEMO_CANDIDATES, demo_meeting, demo_open_vote

from buurt.errors import InputError, ReadOnlyFile
from buurt.services import Database, meetings, open_database, votes
from buurt.services.audit import list_events
from buurt.services.projector import (
    BLANK,
    ITEM,
    PLAN,
    RESULT,
    VOTE,
    WAITING,
    projector_state,
    projector_view,
    set_projector,
    toggle_projector,
)
from buurt.services.watch import Change, ChangeWatch


def _cast(db: Database, vote_id: int, how_many: int) -> list[str]:
    """Cast `how_many` ballots (first choice rotating); returns the voters' names."""
    vote = votes.get_vote(db, vote_id)
    cast = []
    for i, voter in enumerate(votes.voters(db, vote_id)[:how_many]):
        first = vote.candidates[i % len(vote.candidates)].id
        votes.cast_ballot(db, vote_id, voter.member_id, {first: 1})
        cast.append(voter.name)
    return cast


def test_before_the_meeting_the_room_sees_when_and_where_it_starts(demo_db: Database) -> None:
    view = projector_view(demo_db)
    assert view.state == WAITING
    assert view.neighbourhood == "Oude Westen"
    assert view.next_starts_at is not None
    assert view.next_place == "Wijkcentrum Het Open Huis"


def test_the_room_sees_the_chairs_agenda_item_its_notes_and_the_quorum(
    demo_db: Database,
) -> None:
    meeting = demo_meeting(demo_db)
    meetings.add_note(demo_db, meeting.id, "announcements", "De speeltuin is weer open.")
    meetings.add_note(demo_db, meeting.id, "aob", "Not this one.")
    assert projector_view(demo_db).section == "opening"  # the chair has not moved yet
    set_projector(demo_db, meeting_id=meeting.id, section="announcements")
    view = projector_view(demo_db)
    assert view.state == ITEM
    assert view.section == "announcements"
    assert view.notes == ["De speeltuin is weer open."]
    assert view.quorum is not None
    assert view.quorum.met
    assert view.quorum.present == view.quorum.members


def test_an_item_recorded_for_another_meeting_is_not_shown(demo_db: Database) -> None:
    closed = next(m for m in meetings.list_meetings(demo_db) if m.status == "closed")
    set_projector(demo_db, meeting_id=closed.id, section="aob")
    demo_meeting(demo_db)
    assert projector_view(demo_db).section == "opening"


def test_during_a_vote_the_room_sees_how_many_voted_never_who_or_what(
    demo_db: Database,
) -> None:
    vote_id = demo_open_vote(demo_db, secret=False)
    voted = _cast(demo_db, vote_id, 3)
    view = projector_view(demo_db)
    assert view.state == VOTE
    assert view.count is not None
    assert (view.count.cast, view.count.voters) == (3, len(votes.voters(demo_db, vote_id)))
    shown = view.model_dump_json()
    for name in voted:
        assert name not in shown
    for candidate in DEMO_CANDIDATES:
        assert candidate not in shown


def test_once_closed_the_room_sees_the_result_with_its_explanation(demo_db: Database) -> None:
    vote_id = demo_open_vote(demo_db)
    _cast(demo_db, vote_id, 5)
    votes.close_vote(demo_db, vote_id)
    meeting_id = votes.get_vote(demo_db, vote_id).meeting_id
    set_projector(demo_db, meeting_id=meeting_id, section="vote")
    view = projector_view(demo_db)
    assert view.state == RESULT
    assert view.result is not None
    assert view.result.ballots == 5
    assert view.result.winners == votes.vote_outcome(demo_db, vote_id).winners
    assert view.result.lines  # the explanation in words


def test_at_the_actions_the_room_sees_the_top_3_and_who_does_what(demo_db: Database) -> None:
    meeting = demo_meeting(demo_db)
    set_projector(demo_db, meeting_id=meeting.id, section="actions")
    view = projector_view(demo_db)
    assert view.state == PLAN
    assert [p.rank for p in view.priorities] == [1, 2, 3]
    assert all(p.success_criterion for p in view.priorities)
    assert view.actions
    assert all(a.owner for a in view.actions)


def test_a_blank_projector_shows_nothing_of_the_meeting(demo_db: Database) -> None:
    vote_id = demo_open_vote(demo_db)
    _cast(demo_db, vote_id, 2)
    set_projector(demo_db, shown=False)
    view = projector_view(demo_db)
    assert view.state == BLANK
    assert view.count is None
    assert view.quorum is None
    assert view.meeting_starts_at is None
    assert toggle_projector(demo_db).shown
    assert projector_view(demo_db).state == VOTE


def test_the_switch_is_audited_once_per_change(demo_db: Database) -> None:
    before = len(list_events(demo_db, entity="projector_state"))
    set_projector(demo_db, shown=False)
    set_projector(demo_db, shown=False)  # no change: no event
    set_projector(demo_db, shown=True)
    events = list_events(demo_db, entity="projector_state")
    assert len(events) == before + 2
    assert projector_state(demo_db).shown


def test_an_unknown_agenda_item_is_refused_in_one_sentence(demo_db: Database) -> None:
    with pytest.raises(InputError, match="Unknown agenda section: coffee"):
        set_projector(demo_db, section="coffee")


def test_the_projector_reads_a_file_opened_read_only(demo_db: Database, demo_path: Path) -> None:
    demo_meeting(demo_db)
    viewer = open_database(demo_path, readonly=True)
    try:
        assert projector_view(viewer).state == ITEM
        with pytest.raises(ReadOnlyFile):
            set_projector(viewer, shown=False)
    finally:
        viewer.close()


def test_the_watch_notices_a_commit_by_another_connection(
    demo_db: Database, demo_path: Path
) -> None:
    viewer = open_database(demo_path, readonly=True)  # the projector's own handle
    watch = ChangeWatch(viewer)
    try:
        assert watch.changed() is None
        set_projector(demo_db, shown=False)  # the chair's app: another handle
        assert watch.changed() == Change.CHANGED
        assert watch.changed() is None
    finally:
        watch.close()
        viewer.close()


def test_the_watch_notices_a_file_replaced_on_disk(
    demo_db: Database, demo_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "restored.sqlite"
    demo_db.checkpoint()
    shutil.copyfile(demo_path, copy)
    viewer = open_database(demo_path, readonly=True)
    watch = ChangeWatch(viewer)
    try:
        assert watch.changed() is None
        copy.replace(demo_path)  # a backup restored over the file: a new inode
        assert watch.changed() == Change.REPLACED
    finally:
        watch.close()
        viewer.close()
