"""The help screen lists every key of every screen, in the user's language."""

from __future__ import annotations

import io

from rich.console import Console
from settle import pilot_test, settle
from textual.widgets import Static

from buurt.tui.screens.help import HelpScreen


def help_text(app) -> str:
    """The help's tables as plain text, all of them (also what is scrolled out of sight)."""
    console = Console(width=120, file=io.StringIO(), record=True)
    for section in app.screen.query(".help-section").results(Static):
        console.print(section.content)
    return console.export_text()


@pilot_test
async def test_question_mark_lists_the_keys_of_every_screen(db, make_app):
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        names = [section.name for section in app.screen.query(".help-section")]
        for screen in ("Everywhere", "Dashboard", "Problems", "Actions", "Members"):
            assert screen in names
        text = help_text(app)
        assert "Deactivate a member who left, or bring one back" in text
        assert "Record the owner's report: status and note" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


@pilot_test
async def test_help_speaks_dutch_in_a_dutch_app(db, make_app):
    app = make_app(db, "nl")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        names = [section.name for section in app.screen.query(".help-section")]
        assert names[:1] == ["Overal"]
        assert "Leden" in names
        text = help_text(app)
        assert "Een vertrokken lid deactiveren, of terughalen" in text
        assert "Afsluiten" in text


@pilot_test
async def test_the_high_contrast_theme_is_offered_and_remembered(db, make_app):
    from buurt.services.neighbourhood import get_neighbourhood

    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        assert "buurt-high-contrast" in app.available_themes
        app.theme = "buurt-high-contrast"
        await settle(pilot)
    assert get_neighbourhood(db).theme == "buurt-high-contrast"
    again = make_app(db)
    async with again.run_test(size=(100, 32)):
        assert again.theme == "buurt-high-contrast"
