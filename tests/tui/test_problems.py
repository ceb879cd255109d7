"""The problems screen: logging, the duplicate and privacy hints, filtering, sorting, triage and
the dossier."""

from __future__ import annotations

from typing import Any

from settle import pilot_test, settle
from textual.widgets import Input, Select, Static, TextArea

from buurt.services import actions
from buurt.services.members import add_member, add_organisation
from buurt.services.problems import add_problem, dossier, get_problem, list_problems
from buurt.tui.screens import problems as problems_screen
from buurt.tui.screens.dossier import DossierScreen
from buurt.tui.screens.problem_form import ProblemForm
from buurt.tui.screens.triage import TriageDialog
from buurt.tui.widgets.table import RecordTable


async def open_problems(app: Any, pilot: Any) -> RecordTable:
    await pilot.press("p")
    await settle(pilot)
    return app.screen.query_one("#problems", RecordTable)


def titles(table: RecordTable) -> list[str]:
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def text_of(widget: Static) -> str:
    return str(widget.render())


@pilot_test
async def test_logging_a_problem_refuses_an_empty_title_then_saves(db, make_app):
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_problems(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProblemForm)
        form.query_one("#street", Input).value = "Kruiskade"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#row-title").has_class("-invalid")
        assert "Title is required" in text_of(form.query_one("#row-title .field-error", Static))
        await pilot.click("#title")
        await pilot.press(*"Te hard rijden")
        form.query_one("#category", Select).value = 10  # Speeding
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert not isinstance(app.screen, ProblemForm)
        assert titles(table) == ["Te hard rijden"]
    saved = list_problems(db)[0]
    assert (saved.street, saved.category, saved.status) == ("Kruiskade", "Speeding", "new")


@pilot_test
async def test_likely_duplicates_are_suggested_while_typing(db, make_app):
    add_problem(db, {"title": "Zwerfvuil rond de containers", "street": "Gaffelstraat"})
    add_problem(db, {"title": "Te hard rijden", "street": "Kruiskade"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_problems(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        similar = app.screen.query_one("#similar", Static)
        assert not similar.display
        await pilot.press(*"Zwerfvuil bij containers")
        await settle(pilot)
        assert similar.display
        assert "#1 Zwerfvuil rond de containers, Gaffelstraat" in text_of(similar)
        assert "Te hard rijden" not in text_of(similar)


@pilot_test
async def test_a_name_or_house_number_in_the_text_gets_a_privacy_warning(db, make_app):
    add_member(db, {"name": "Henk de Vries", "kind": "resident"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_problems(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Overlast door Henk de Vries")
        form.query_one("#description", TextArea).text = "Het gaat om Kruiskade 12."
        await settle(pilot)
        title_warning = form.query_one("#title-privacy", Static)
        description_warning = form.query_one("#description-privacy", Static)
        assert title_warning.display
        assert "Henk de Vries" in text_of(title_warning)
        assert description_warning.display
        assert "Kruiskade 12" in text_of(description_warning)
        # Only a warning: the chair may still save.
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert not isinstance(app.screen, ProblemForm)
    assert len(list_problems(db)) == 1


@pilot_test
async def test_typing_in_the_filter_narrows_the_list(db, make_app):
    add_problem(db, {"title": "Te hard rijden", "street": "Kruiskade"})
    add_problem(db, {"title": "Fietsendiefstal bij het station", "street": "Kruiskade"})
    add_problem(db, {"title": "Graffiti op de gevels", "street": "Adrianastraat"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_problems(app, pilot)
        assert table.row_count == 3
        await pilot.press("slash", *"kruis")
        await settle(pilot)
        assert sorted(titles(table)) == ["Fietsendiefstal bij het station", "Te hard rijden"]
        await pilot.press(*" fiets")
        await settle(pilot)
        assert titles(table) == ["Fietsendiefstal bij het station"]
        await pilot.press(*"zzz")
        await settle(pilot)
        assert table.row_count == 0
        count = app.screen.query_one("#problems-count", Static)
        assert "No problems match" in text_of(count)


@pilot_test
async def test_the_status_filter_shows_closed_problems_on_request(db, make_app):
    from buurt.services.problems import set_problem_status

    add_problem(db, {"title": "Te hard rijden"})
    solved = add_problem(db, {"title": "Kapotte straatverlichting"})
    set_problem_status(db, solved.id, "solved", reason="Lampen vervangen")
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_problems(app, pilot)
        assert titles(table) == ["Te hard rijden"]
        app.screen.query_one("#status-filter", Select).value = "solved"
        await settle(pilot)
        assert titles(table) == ["Kapotte straatverlichting"]
        app.screen.query_one("#status-filter", Select).value = "all"
        await settle(pilot)
        assert table.row_count == 2


@pilot_test
async def test_clicking_a_column_heading_sorts_by_it_and_again_reverses(db, make_app):
    for title in ("Banken", "Afval", "Coffeeshop"):
        add_problem(db, {"title": title})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_problems(app, pilot)
        assert titles(table) == ["Coffeeshop", "Afval", "Banken"]  # newest first
        title_heading = (8, 0)  # the "Title" heading
        await pilot.click("#problems", offset=title_heading)
        await settle(pilot)
        assert titles(table) == ["Afval", "Banken", "Coffeeshop"]
        assert "▲" in str(table.columns[table.ordered_columns[1].key].label)
        await pilot.click("#problems", offset=title_heading)
        await settle(pilot)
        assert titles(table) == ["Coffeeshop", "Banken", "Afval"]


@pilot_test
async def test_a_long_list_shows_one_page_and_asks_to_narrow_it(db, make_app, monkeypatch):
    monkeypatch.setattr(problems_screen, "PAGE", 5)
    with db.transaction():
        for n in range(8):
            add_problem(db, {"title": f"Probleem {n}"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        table = await open_problems(app, pilot)
        assert table.row_count == 5
        count = app.screen.query_one("#problems-count", Static)
        assert "first 5 problems" in text_of(count)


@pilot_test
async def test_triage_needs_a_reason_and_records_it(db, make_app):
    problem = add_problem(db, {"title": "Hondenpoep op de stoep"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_problems(app, pilot)
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TriageDialog)
        dialog.query_one("#status", Select).value = "parked"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert dialog.query_one("#row-reason").has_class("-invalid")
        dialog.query_one("#reason", Input).value = "Eerst de top 3 afmaken"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert not isinstance(app.screen, TriageDialog)
    assert get_problem(db, problem.id).status == "parked"
    assert dossier(db, problem.id).history[-1].reason == "Eerst de top 3 afmaken"


@pilot_test
async def test_referring_asks_to_whom(db, make_app):
    problem = add_problem(db, {"title": "Kapotte lantaarnpaal"})
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_problems(app, pilot)
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert not dialog.query_one("#row-referred_to").display
        dialog.query_one("#status", Select).value = "referred"
        await pilot.pause()
        assert dialog.query_one("#row-referred_to").display
        dialog.query_one("#reason", Input).value = "Eenmalige klacht"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert dialog.query_one("#row-referred_to").has_class("-invalid")
        dialog.query_one("#referred-to", Input).value = "gemeente, melding 2026-123"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
    saved = get_problem(db, problem.id)
    assert (saved.status, saved.referred_to) == ("referred", "gemeente, melding 2026-123")


@pilot_test
async def test_the_dossier_tells_the_problems_story(db, make_app):
    add_organisation(db, {"name": "Stadsbeheer", "kind": "city_wardens"})
    problem = add_problem(db, {"title": "Zwerfvuil rond de containers", "street": "Gaffelstraat"})
    action = actions.add_action(
        db,
        {"title": "Extra ophaalronde", "problem_id": problem.id, "owner_organisation_id": 1},
    )
    actions.report(db, action.id, "in_progress", "Eerste ronde gereden")
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_problems(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DossierScreen)
        story = text_of(screen.query_one("#dossier", Static))
        # Logged in this test: "logged today" (or "open for N days" when the day turned).
        assert "logged today" in story or "open for" in story
        for expected in (
            "#1 Zwerfvuil rond de containers",
            "Gaffelstraat",
            "First logged",
            "Status history",
            "Not discussed in a meeting yet.",
            "Not in a vote yet.",
            "Never in the top 3.",
            "Extra ophaalronde",
            "in progress: Eerste ronde gereden",
        ):
            assert expected in story, expected
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DossierScreen)
