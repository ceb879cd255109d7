"""The chair runs a whole meeting in the terminal, keyboard first, on a real temporary file:
attendance, the previous minutes, follow-up of the previous actions, a new problem, a secret vote
in booth mode, the result, confirming the top 3, three actions, closing. Then the services read
back exactly that."""

from __future__ import annotations

from collections.abc import Callable

from meeting_setup import committee, pilot_test, press, previous_cycle, settle, type_text

from buurt.services import Database, actions, meetings, priorities, problems, votes
from buurt.services.minutes_approval import minutes_status
from buurt.tui.screens.booth import BoothScreen
from buurt.tui.screens.vote_result import VoteResultScreen
from buurt.tui.widgets.ranking import RankingList


async def choose(pilot, select_id: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an option of a select box by typing its first letters, as a user would."""
    pilot.app.screen.query_one(select_id).focus()
    await press(pilot, "enter")
    await type_text(pilot, text, into=f"{select_id} SelectOverlay")
    await press(pilot, "enter")


async def booth_ballot(pilot, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """The next voter picks their name, ranks with `keys`, casts and confirms."""
    await settle(pilot, focus="#names")
    await press(pilot, "enter")  # the first name still waiting
    await settle(pilot, focus="RankingList")
    await press(pilot, *keys)
    await press(pilot, "ctrl+s")
    await press(pilot, "y")
    await settle(pilot, focus="#next-voter")
    assert not pilot.app.screen.query_one(RankingList).ranks, "the ballot left the screen"
    await press(pilot, "enter")  # "next voter" on the neutral page


@pilot_test
async def test_the_chair_runs_a_whole_meeting_and_the_record_holds_it(
    db: Database, make_app: Callable[..., object]
) -> None:
    world = committee(db)
    previous_cycle(db, world)
    app = make_app(db, "en")
    async with app.run_test(size=(100, 32)) as pilot:  # type: ignore[attr-defined]
        await press(pilot, "v")
        await press(pilot, "enter")  # start the planned meeting of 6 December

        # Opening: 7 residents present, the police officer sent apologies, Ivo is absent.
        await press(pilot, *["1"] * 7, "2", "3")
        assert "quorum 7/9, needed 5" in str(app.screen.query_one("#quorum").render())
        app.screen.query_one("#guests").focus()
        await press(pilot, "ctrl+a", "ctrl+k", "2", "enter")

        # Previous minutes, adopted with one correction.
        await press(pilot, "ctrl+down", "ctrl+down", "ctrl+down")
        await type_text(pilot, "Datum was 14-11.", into="#corrections")
        await press(pilot, "tab")
        await pilot.click("#adopt")
        await settle(pilot)

        # Follow-up: the first action of the first priority is done; decisions per priority.
        await press(pilot, "ctrl+down")
        await press(pilot, "enter")
        await type_text(pilot, "Zes avonden.", into="#note")
        await choose(pilot, "#status", "done")
        await press(pilot, "ctrl+s")
        # Every place of the top comes free: the vote below fills three, and the app has no way
        # yet to say which running priority a vote replaces (confirm_top's `replaces`).
        decisions = {"Drugshandel in portieken": "achieved", "Foutparkeren op de stoep": "achieved"}
        decisions["Kapotte straatverlichting"] = "drop"
        for title, kind in decisions.items():
            block = next(
                b for b in app.screen.query("PriorityBlock") if b.item.priority.title == title
            )
            next(b for b in block.query(".decide") if b.name == kind).press()
            await settle(pilot)
            if kind == "drop":
                await type_text(pilot, "Al opgelost.", into="#note")
            await press(pilot, "ctrl+s")

        # New problems: log one and make it a candidate.
        await press(pilot, "ctrl+down", "ctrl+down")
        await press(pilot, "n")
        await type_text(pilot, "Vuurwerk", into="#title")
        await press(pilot, "ctrl+s")
        table = app.screen.query_one("#new-problems")
        assert table.row_count == 1
        await press(pilot, "c")

        # The vote: five candidates, secret ballot, seven present members in the booth.
        await press(pilot, "ctrl+down")
        await press(pilot, "enter")  # prepare a vote
        app.screen.query_one("#secret").focus()
        await press(pilot, "space", "ctrl+s")
        await press(pilot, "enter")  # booth mode: the chair chooses a PIN first
        await press(pilot, "1", "9", "3", "2", "enter")
        assert isinstance(app.screen, BoothScreen)
        # A digit writes a rank beside the highlighted problem; down goes to the next one.
        ballots = [
            ["1", "down", "2", "down", "3"],
            ["1", "down", "2", "down", "3"],
            ["1", "down", "2", "down", "3"],
            ["2", "down", "1", "down", "3"],
            ["2", "down", "1", "down", "3"],
            ["1", "down", "1"],  # a tie at the top
            ["x", "down", "x", "down", "1"],  # truncated: one problem ranked
        ]
        for keys in ballots:
            await booth_ballot(pilot, keys)
        assert "7 of 7" in str(app.screen.query_one("#booth-count").render())
        await press(pilot, "escape", "1", "9", "3", "2", "enter")  # only the chair leaves
        app.screen.query_one("#close").focus()
        await press(pilot, "enter", "y")
        assert isinstance(app.screen, VoteResultScreen)
        outcome = app.screen.outcome
        assert outcome is not None
        assert outcome.complete

        # Confirm the top 3 with their success criteria.
        await press(pilot, "c")
        for place in range(3):
            await type_text(pilot, f"Klaar {place + 1}", into=f"#criterion-{place}")
            await press(pilot, "enter")

        # Actions: three, one per new priority (once the actions section shows them).
        await settle(pilot, until=lambda: len(app.screen.query(".add-action")) == 3)
        for index in range(3):
            app.screen.query(".add-action")[index].press()
            await type_text(pilot, f"Actie {index + 1}", into="#what")
            await choose(pilot, "#owner-member", "Hanna")
            await press(pilot, "ctrl+s")

        # Close the meeting.
        await press(pilot, "ctrl+l", "y")

    meeting = meetings.get_meeting(db, world.meeting_id)
    assert meeting.status == "closed"
    assert meeting.guests == 2
    statuses = {row.name: row.status for row in meetings.attendance(db, world.meeting_id)}
    assert statuses == {
        **{name: "present" for name in statuses if name not in ("Hanna Ilic", "Ivo Jansen")},
        "Hanna Ilic": "apologies",
        "Ivo Jansen": "absent",
    }
    assert world.previous is not None
    adopted = minutes_status(db, world.previous.id)
    assert adopted.adopted
    assert adopted.amendments == ["Datum was 14-11."]

    (update,) = actions.updates(db, meeting_id=world.meeting_id)
    assert (update.status, update.note) == ("done", "Zes avonden.")
    made = {d.priority_id: d for d in priorities.decisions(db, meeting_id=world.meeting_id)}
    assert {made[world.priority[t]].decision for t in decisions} == set(decisions.values())
    assert made[world.priority["Kapotte straatverlichting"]].note == "Al opgelost."

    (vote,) = votes.list_votes(db, meeting_id=world.meeting_id)
    assert vote.secret
    assert vote.status == "confirmed"
    assert vote.ballots == 7
    stored = votes.stored_ballots(db, vote.id)
    assert all(b.voter == "" for b in stored)
    assert sorted(len(b.ranks) for b in stored) == [1, 2, 3, 3, 3, 3, 3]
    assert any(len(set(b.ranks.values())) < len(b.ranks) for b in stored), "a tie is kept"
    assert len(vote.candidates) == 5
    new_problem = next(c for c in vote.candidates if c.label == "Vuurwerk")
    assert problems.get_problem(db, new_problem.problem_id).logged_in_id == world.meeting_id

    result = votes.vote_result(db, vote.id)
    top = [p for p in priorities.current_priorities(db) if p.vote_id == vote.id]
    assert [p.title for p in top] == result["winners"]
    assert [p.success_criterion for p in top] == ["Klaar 1", "Klaar 2", "Klaar 3"]
    made_here = actions.list_actions(db, created_in_id=world.meeting_id)
    assert sorted(a.title for a in made_here) == ["Actie 1", "Actie 2", "Actie 3"]
    assert {a.priority_id for a in made_here} == {p.id for p in top}
    assert all(a.owner_member == "Hanna Ilic" for a in made_here)
