"""The top 3 is a rule: at most `max_priorities` running priorities (active or continued) at any
time. A new vote fills the free places, or the chair says which running priorities it replaces;
a period can be closed early with a reason and a new one started."""

from __future__ import annotations

from datetime import date

import pytest
from meeting_setup import (
    CANDIDATES,
    MEETING_DAY,
    committee,
    counted_vote,
    open_with_attendance,
    previous_cycle,
)

from buurt.errors import InputError
from buurt.services import Database, priorities, votes


@pytest.fixture
def world(db: Database):
    """Three priorities running (Drugshandel 1, Foutparkeren 2, Kapotte straatverlichting 3);
    the meeting of 6 December is open with everyone present."""
    world = committee(db)
    previous_cycle(db, world)
    open_with_attendance(db, world)
    return world


def _vote(db: Database, world, seats: int) -> votes.VoteRead:
    ids = [world.problem[title] for title, _street in CANDIDATES]
    return counted_vote(db, world.meeting_id, ids, [[0, 1, 2, 3]] * 7, seats=seats)


def _criteria(db: Database, vote_id: int) -> dict[str, str]:
    return dict.fromkeys(votes.vote_result(db, vote_id)["winners"], "Klaar.")


def _running(db: Database) -> list[tuple[int, str]]:
    return [(p.rank, p.title) for p in priorities.current_priorities(db)]


def test_a_vote_cannot_make_more_running_priorities_than_the_maximum(db: Database, world) -> None:
    priorities.decide(db, world.priority["Drugshandel in portieken"], world.meeting_id, "achieved")
    vote = _vote(db, world, seats=3)
    with pytest.raises(InputError, match="1 of the 3 places is free") as refused:
        votes.confirm_vote(db, vote.id, criteria=_criteria(db, vote.id), today=MEETING_DAY)
    assert refused.value.field == "replaces"
    assert len(priorities.current_priorities(db)) == 2
    assert votes.get_vote(db, vote.id).status == "closed"


def test_free_places_count_the_running_priorities_of_every_period(db: Database, world) -> None:
    priorities.decide(db, world.priority["Drugshandel in portieken"], world.meeting_id, "achieved")
    priorities.decide(db, world.priority["Foutparkeren op de stoep"], world.meeting_id, "continue")
    places = priorities.free_places(db)
    assert (places.maximum, places.free) == (3, 1)
    assert [p.title for p in places.running] == [
        "Foutparkeren op de stoep",
        "Kapotte straatverlichting",
    ]


def test_a_new_vote_fills_the_free_place_with_the_free_rank(db: Database, world) -> None:
    priorities.decide(db, world.priority["Foutparkeren op de stoep"], world.meeting_id, "achieved")
    vote = _vote(db, world, seats=1)
    votes.confirm_vote(db, vote.id, criteria=_criteria(db, vote.id), today=MEETING_DAY)
    assert _running(db) == [
        (1, "Drugshandel in portieken"),
        (2, "Zwerfvuil bij de containers"),
        (3, "Kapotte straatverlichting"),
    ]


def test_the_chair_replaces_running_priorities_and_the_decision_is_recorded(
    db: Database, world
) -> None:
    old = [world.priority["Drugshandel in portieken"], world.priority["Kapotte straatverlichting"]]
    vote = _vote(db, world, seats=2)
    votes.confirm_vote(
        db, vote.id, criteria=_criteria(db, vote.id), today=MEETING_DAY, replaces=old
    )
    assert _running(db) == [
        (1, "Zwerfvuil bij de containers"),
        (2, "Foutparkeren op de stoep"),
        (3, "Te hard rijden"),
    ]
    recorded = priorities.decisions(db, meeting_id=world.meeting_id)
    assert sorted((d.priority_id, d.decision) for d in recorded) == sorted(
        (priority_id, "replaced") for priority_id in old
    )
    assert all("Top 3" in d.note for d in recorded)


def test_replacing_needs_running_priorities(db: Database, world) -> None:
    achieved = world.priority["Drugshandel in portieken"]
    priorities.decide(db, achieved, world.meeting_id, "achieved")
    vote = _vote(db, world, seats=2)
    with pytest.raises(InputError, match="no longer running"):
        votes.confirm_vote(
            db,
            vote.id,
            criteria=_criteria(db, vote.id),
            today=MEETING_DAY,
            replaces=[achieved],
        )
    assert len(priorities.current_priorities(db)) == 2


def test_replaced_is_no_decision_to_take_at_follow_up(db: Database, world) -> None:
    with pytest.raises(InputError, match="vote"):
        priorities.decide(
            db, world.priority["Drugshandel in portieken"], world.meeting_id, "replaced"
        )


def test_a_period_is_closed_early_with_a_reason_and_a_new_one_starts_today(
    db: Database, world
) -> None:
    vote = _vote(db, world, seats=3)
    running = list(world.priority.values())
    with pytest.raises(InputError, match="why the period") as refused:
        votes.confirm_vote(
            db,
            vote.id,
            criteria=_criteria(db, vote.id),
            today=MEETING_DAY,
            new_period=True,
            replaces=running,
        )
    assert refused.value.field == "close_reason"
    votes.confirm_vote(
        db,
        vote.id,
        criteria=_criteria(db, vote.id),
        today=MEETING_DAY,
        new_period=True,
        close_reason="Nieuwe wijkagent, nieuwe aanpak",
        replaces=running,
    )
    new, old = priorities.list_periods(db)
    assert (old.end_on, old.closed_on, old.closed_reason) == (
        date(2026, 12, 5),
        MEETING_DAY,
        "Nieuwe wijkagent, nieuwe aanpak",
    )
    assert (new.start_on, new.closed_on) == (MEETING_DAY, None)
    assert [p.period_id for p in priorities.current_priorities(db)] == [new.id] * 3


def test_closing_a_period_keeps_its_running_priorities_running(db: Database, world) -> None:
    assert world.period_id is not None
    closed = priorities.close_period(
        db, world.period_id, closed_on=MEETING_DAY, reason="Andere indeling van het jaar"
    )
    assert closed.end_on == date(2026, 12, 5)
    assert len(priorities.current_priorities(db)) == 3
    with pytest.raises(InputError, match="already closed"):
        priorities.close_period(db, world.period_id, closed_on=MEETING_DAY, reason="Nog eens")
    started = priorities.start_period(db, MEETING_DAY)
    assert started.start_on == MEETING_DAY


def test_the_setup_proposes_the_free_places_as_seats(db: Database, world) -> None:
    priorities.decide(
        db,
        world.priority["Drugshandel in portieken"],
        world.meeting_id,
        "drop",
        note="Geen aanpak meer mogelijk",
    )
    places = priorities.free_places(db)
    assert places.proposed_seats == 1
    assert "1 of the 3 places is free" in places.explanation


def test_the_minutes_number_the_running_priorities_once_and_list_the_replaced_apart(
    db: Database, world
) -> None:
    from buurt.minutes.render import render_markdown
    from buurt.services.minutes import build_minutes

    old = [world.priority["Drugshandel in portieken"], world.priority["Kapotte straatverlichting"]]
    priorities.decide(db, world.priority["Foutparkeren op de stoep"], world.meeting_id, "continue")
    vote = _vote(db, world, seats=2)
    votes.confirm_vote(
        db, vote.id, criteria=_criteria(db, vote.id), today=MEETING_DAY, replaces=old
    )
    text = render_markdown(build_minutes(db, world.meeting_id))
    top = text.split("### Confirmed top 3")[1].split("## 9.")[0]
    numbered = [line.split(" ")[0] for line in top.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert numbered == ["1.", "2.", "3."]
    assert "2. **Foutparkeren op de stoep** (Gouvernestraat): continued" in top
    closed = top.split("Closed at this meeting:")[1]
    assert "- **Drugshandel in portieken** (Schietbaanstraat): replaced" in closed
    assert "- **Kapotte straatverlichting** (Drievriendenstraat): replaced" in closed


def test_the_action_list_keeps_an_earlier_priority_apart_from_the_new_one_at_its_rank(
    db: Database, world
) -> None:
    """Foutparkeren (rank 2) is achieved with its action still open; Zwerfvuil takes rank 2.
    The action list files each action under its own priority, never the old one's under the
    new number."""
    from buurt.services import actions
    from buurt.services.minutes import minutes_markdown

    priorities.decide(db, world.priority["Foutparkeren op de stoep"], world.meeting_id, "achieved")
    vote = _vote(db, world, seats=1)
    votes.confirm_vote(db, vote.id, criteria=_criteria(db, vote.id), today=MEETING_DAY)
    new = next(p for p in priorities.current_priorities(db) if p.rank == 2)
    actions.add_action(
        db,
        {
            "title": "Containers vaker legen",
            "priority_id": new.id,
            "owner_organisation_id": world.organisation["Gemeente"],
            "due_on": date(2027, 1, 10),
            "created_in_id": world.meeting_id,
        },
    )
    text = minutes_markdown(db, world.meeting_id, "actions", today=MEETING_DAY)
    running = text.split("## Priority 2: Zwerfvuil bij de containers", 1)[1].split("##", 1)[0]
    assert "Containers vaker legen" in running
    assert "Handhaving op de stoep" not in running
    earlier = text.split("## Earlier priority: Foutparkeren op de stoep", 1)[1].split("##", 1)[0]
    assert "Handhaving op de stoep" in earlier
    assert text.index("## Priority 3:") < text.index("## Earlier priority:")
