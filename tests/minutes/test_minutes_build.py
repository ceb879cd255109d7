"""The minutes say what the meeting recorded, in the order Dutch committees expect."""

from __future__ import annotations

from datetime import date

import pytest
from minutes_world import FIRST, SECOND, THIRD, World

from buurt.errors import InputError, NotFound
from buurt.i18n import set_language
from buurt.minutes.render import render_markdown
from buurt.services import Database, meetings
from buurt.services.minutes import (
    build_action_list,
    build_minutes,
    build_summary,
    resolve_meeting,
    suggested_filename,
)

SECTIONS_EN = [
    "1. Opening",
    "2. Adoption of the agenda",
    "3. Announcements and apologies",
    "4. Minutes of the previous meeting",
    "5. Action list and follow-up",
    "6. Situation in the neighbourhood",
    "7. New problems",
    "8. Vote on the top 3",
    "9. Actions",
    "10. Any other business",
    "11. Next meeting",
    "12. Closing",
]


def test_header_names_neighbourhood_date_place_chair_and_minute_taker(
    world_db: Database, world: World
) -> None:
    minutes = build_minutes(world_db, world.first)
    assert minutes.header.neighbourhood == "Testbuurt"
    assert minutes.header.starts_at.date() == FIRST
    assert minutes.header.starts_at.strftime("%H:%M") == "19:30"
    assert minutes.header.place == "Buurthuis De Gaffel"
    assert minutes.header.chair == "Anna de Boer"
    # The minute-taker is a resident without consent: named internally (the minutes are for
    # the committee), not in the public version.
    assert minutes.header.minute_taker == "Bram Claes"
    public = build_minutes(world_db, world.first, anonymise=True)
    assert public.header.minute_taker.startswith("Resident ")


def test_sections_come_in_the_agenda_order(world_db: Database, world: World) -> None:
    text = render_markdown(build_minutes(world_db, world.first))
    positions = [text.index(f"## {section}") for section in SECTIONS_EN]
    assert positions == sorted(positions)


def test_attendance_lists_present_apologies_absent_guests_and_quorum(
    world_db: Database, world: World
) -> None:
    attendance = build_minutes(world_db, world.second).attendance
    assert attendance.present == 5
    assert "Hanna Ilic (Politie Rotterdam)" in attendance.present_professionals
    assert attendance.absent == ["Ivo Jansen (Gemeente Rotterdam)"]
    assert len(attendance.apologies) == 1
    assert attendance.guests == 1
    assert (attendance.quorum_present, attendance.quorum_members) == (5, 7)
    text = render_markdown(build_minutes(world_db, world.second))
    assert "quorum 5/7" in text


def test_vote_is_explained_with_method_ballots_secrecy_quorum_tie_seed_and_digest(
    world_db: Database, world: World
) -> None:
    minutes = build_minutes(world_db, world.first)
    [vote] = minutes.votes
    assert vote.method == "schulze"
    assert vote.ballots == 6
    assert vote.secret
    assert vote.quorum == "6/7"
    assert len(vote.digest) == 64
    assert [place.place for place in vote.order] == [1, 2, 3]
    assert vote.order[2].names == ["Hangjongeren bij het speelveld", "Graffiti op de gevels"]
    [tie] = vote.ties
    assert tie.rule == "lot"
    assert tie.seed == "oude-westen-2026"
    assert tie.order[0] == world.winners[2]
    text = render_markdown(minutes)
    for expected in (
        "Schulze",
        "secret ballot",
        "6/7",
        "drawn by lot",
        "`oude-westen-2026`",
        vote.digest,
        "Head-to-head wins",
        f"Counted by the buurt vote engine, version {vote.engine_version}.",
    ):
        assert expected in text
    # The pairwise table behind the order: 4 of 6 ballots put the winner above the runner-up.
    assert vote.matrix_names[:2] == world.winners[:2]
    assert vote.matrix[0][1] == "4"
    assert vote.matrix[1][0] == "2"
    assert "| 1. Zwerfvuil bij de containers | — | 4 | 6 | 6 |" in text


def test_confirmed_top3_and_new_actions_with_owner_and_due_date(
    world_db: Database, world: World
) -> None:
    minutes = build_minutes(world_db, world.first)
    assert minutes.top3_confirmed
    assert [t.title for t in minutes.top3] == world.winners
    assert [t.rank for t in minutes.top3] == [1, 2, 3]
    assert all(t.criterion for t in minutes.top3)
    titles = [a.title for a in minutes.new_actions]
    assert titles == [
        "Extra handhaving bij de containers",
        "Schoonmaakactie met bewoners",
        "Snelheidsmeting op de Kruiskade",
        "Gesprek met de groep",
    ]
    action = minutes.new_actions[0]
    assert action.owner == "Hanna Ilic (Politie Rotterdam)"
    assert action.due_on == date(2026, 10, 25)
    assert action.hours == 20
    assert minutes.new_actions[3].owner == "Gemeente Rotterdam"


def test_follow_up_shows_each_action_status_note_owner_and_the_decision(
    world_db: Database, world: World
) -> None:
    minutes = build_minutes(world_db, world.second)
    by_rank = {item.rank: item for item in minutes.follow_up}
    first = by_rank[1]
    assert first.decision == "achieved"
    assert first.decision_note == "Bij drie schouwen geen bijplaatsing meer."
    statuses = {f.action: f.status for f in first.follow_ups}
    assert statuses == {
        "Extra handhaving bij de containers": "done",
        "Schoonmaakactie met bewoners": "done",
    }
    second = by_rank[2]
    assert second.decision == "continue"
    assert second.follow_ups[0].status == "blocked"
    assert second.follow_ups[0].note == "Meetapparatuur pas in december beschikbaar."
    # An action nobody reported on is still listed, open, so it is not forgotten.
    assert [(f.action, f.status, f.note) for f in by_rank[3].follow_ups] == [
        ("Gesprek met de groep", "open", "")
    ]


def test_problems_added_referred_parked_and_closed(world_db: Database, world: World) -> None:
    first = build_minutes(world_db, world.first)
    assert [p.title for p in first.problems_referred] == ["Kapotte lantaarnpaal"]
    assert first.problems_referred[0].note == "Gemeente: melding 2026-41877"
    assert [p.title for p in first.problems_parked] == ["Hondenpoep op de stoep"]
    assert first.problems_parked[0].note == "Eerst de nieuwe afvalbakken."
    second = build_minutes(world_db, world.second)
    # Only what is new since the last meeting; earlier triage is not repeated.
    assert [p.title for p in second.problems_added] == ["Ratten bij de afvalbakken"]
    assert second.problems_added[0].status == "candidate"
    assert [(p.title, p.status) for p in second.problems_closed] == [
        ("Zwerfvuil bij de containers", "solved")
    ]


def test_notes_of_each_section_and_next_meeting(world_db: Database, world: World) -> None:
    minutes = build_minutes(world_db, world.second)
    assert minutes.section_notes("aob") == ["Daan Evers vraagt om een extra bank."]
    assert minutes.next_meeting is not None
    assert minutes.next_meeting.starts_at.date() == THIRD
    text = render_markdown(minutes)
    assert "Sunday 6 December 2026, 19:30, Wijkcentrum Het Open Huis" in text


def test_minutes_record_the_state_as_the_meeting_left_it(world_db: Database, world: World) -> None:
    """A follow-up at meeting 2 does not change what meeting 1's minutes say."""
    first = build_minutes(world_db, world.first)
    assert {a.status for a in first.new_actions} == {"open"}
    assert {t.status for t in first.top3} == {"active"}


def test_previous_minutes_adopted_with_corrections(world_db: Database, world: World) -> None:
    second = build_minutes(world_db, world.second)
    assert second.previous is not None
    assert second.previous.meeting_date == FIRST
    assert second.previous.adopted_here
    assert second.previous.amendments == [
        "De schoonmaakactie is op 18 oktober, niet op 11 oktober."
    ]
    text = render_markdown(second)
    assert "are adopted with these corrections" in text
    first = build_minutes(world_db, world.first)
    assert first.approval.adopted
    assert first.approval.adopted_in_date == SECOND
    assert "**Adopted**: adopted at the meeting of 01-11-2026, with 1 correction:" in (
        render_markdown(first)
    )
    assert "**Draft**" in text


def test_dutch_minutes_use_dutch_headings_and_dates(world_db: Database, world: World) -> None:
    set_language("nl")
    text = render_markdown(build_minutes(world_db, world.second))
    assert text.startswith("# Verslag Buurt Bestuurt Testbuurt")
    for heading in ("## 4. Verslag van de vorige bijeenkomst", "## 10. Rondvraag"):
        assert heading in text
    assert "zondag 1 november 2026, 19:30" in text
    public = render_markdown(build_minutes(world_db, world.second, anonymise=True))
    assert "Bewoner 1" in public


def test_latest_means_the_latest_meeting_that_took_place(world_db: Database, world: World) -> None:
    assert resolve_meeting(world_db, "latest") == world.second
    assert resolve_meeting(world_db, str(world.first)) == world.first


def test_unknown_or_malformed_meeting_is_refused_in_one_sentence(
    world_db: Database, world: World
) -> None:
    with pytest.raises(NotFound, match="no meeting with number 99"):
        build_minutes(world_db, 99)
    with pytest.raises(InputError, match="not a meeting number"):
        build_minutes(world_db, "yesterday")


def test_latest_without_any_meeting_says_there_are_no_minutes(db: Database) -> None:
    with pytest.raises(NotFound, match="no minutes"):
        build_minutes(db, "latest")


def test_minutes_of_an_open_meeting_say_it_is_still_open(world_db: Database, world: World) -> None:
    meetings.open_meeting(world_db, world.third)
    text = render_markdown(build_minutes(world_db, world.third))
    assert "The meeting is still open." in text
    assert "The minutes of the meeting of 01-11-2026 have not been adopted yet." in text


def test_action_list_has_the_open_actions_with_owner_due_date_and_overdue_mark(
    world_db: Database, world: World
) -> None:
    actions = build_action_list(world_db, world.second, today=date(2026, 11, 29))
    titles = [a.title for a in actions.actions]
    assert titles == [
        "Snelheidsmeting op de Kruiskade",
        "Rattenbestrijding aanvragen",
        "Gesprek met de groep",
    ]
    assert all(a.overdue for a in actions.actions)
    text = render_markdown(actions)
    assert "25-10-2026 **overdue**" in text
    assert "## Priority 2: Te hard rijden" in text


def test_you_said_we_did_is_public_and_tells_top3_done_and_next(
    world_db: Database, world: World
) -> None:
    summary = build_summary(world_db, world.second)
    assert summary.anonymised
    assert [t.title for t in summary.top3] == world.winners[1:]
    assert [d.action for d in summary.done] == [
        "Extra handhaving bij de containers",
        "Schoonmaakactie met bewoners",
    ]
    assert summary.done[1].owner == "a resident"
    assert "Rattenbestrijding aanvragen" in [c.title for c in summary.coming]
    text = render_markdown(summary)
    for heading in ("## You said: our top 3", "## We did", "## What comes next"):
        assert heading in text
    # Late actions are not passed off as coming: they say they are delayed.
    assert "- Gesprek met de groep: Gemeente Rotterdam, delayed (due 25-10-2026)" in text
    assert "- Rattenbestrijding aanvragen: Gemeente Rotterdam, by 15-11-2026" in text


def test_suggested_file_names(world_db: Database, world: World) -> None:
    assert suggested_filename(world_db, world.second, "minutes", "pdf") == (
        "minutes-testbuurt-2026-11-01.pdf"
    )
    set_language("nl")
    assert suggested_filename(world_db, world.second, "minutes", "pdf", anonymise=True) == (
        "verslag-testbuurt-2026-11-01-openbaar.pdf"
    )
    assert suggested_filename(world_db, world.second, "actions", "docx") == (
        "actielijst-testbuurt-2026-11-01.docx"
    )
