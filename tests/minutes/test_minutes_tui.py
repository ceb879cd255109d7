"""The minutes screen: the chair presses e, reads the latest meeting's minutes and exports them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from minutes_text import pdf_text
from settle import pilot_test, settle
from textual.widgets import Input, Markdown, Select, Static

from buurt.services import Database


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the export suggests (the user's documents folder in real life)."""
    monkeypatch.setattr("buurt.tui.screens.minutes.default_folder", lambda: tmp_path)
    return tmp_path


@asynccontextmanager
async def export_screen(app: Any) -> AsyncIterator[tuple[Any, Any]]:
    """The app started on the dashboard, then ctrl+e: (pilot, the minutes screen)."""
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        yield pilot, app.screen


@pilot_test
async def test_export_the_latest_minutes_as_pdf(
    demo_db: Database, make_app: Callable[..., Any], folder: Path
) -> None:
    app = make_app(demo_db, "nl")
    async with export_screen(app) as (pilot, screen):
        assert screen.query_one("#meeting", Select).value == 3  # the latest that took place
        path = screen.query_one("#path", Input)
        suggested = folder / "verslag-oude-westen-2026-11-08.pdf"
        assert path.value == str(suggested)
        preview = screen.query_one("#preview", Markdown)
        assert "Verslag Buurt Bestuurt Oude Westen" in preview.source
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = str(screen.query_one("#minutes-message", Static).render())
        assert message == f"Geschreven naar {suggested}."
        assert "Drugshandel in portieken" in pdf_text(suggested.read_bytes())


@pilot_test
async def test_public_version_and_format_change_the_suggestion_and_preview(
    demo_db: Database, make_app: Callable[..., Any], folder: Path
) -> None:
    app = make_app(demo_db, "en")
    async with export_screen(app) as (pilot, screen):
        screen.query_one("#format", Select).value = "docx"
        await settle(pilot)
        await pilot.click("#public")
        await settle(pilot)
        path = screen.query_one("#path", Input).value
        assert path == str(folder / "minutes-oude-westen-2026-11-08-public.docx")
        preview = screen.query_one("#preview", Markdown).source
        assert "Public version: residents are named only with their consent." in preview
        assert "Fatima El Amrani" in preview  # the chair consented to be named
        for name in ("Johan Bakker", "Marco Rossi", "Kwame Mensah"):
            assert name not in preview
        # The chair types another folder; the export goes there and says so.
        elsewhere = folder / "sent"
        elsewhere.mkdir()
        screen.query_one("#path", Input).value = str(elsewhere / "verslag.docx")
        await pilot.click("#export")
        await settle(pilot)
        assert (elsewhere / "verslag.docx").exists()
        message = str(screen.query_one("#minutes-message", Static).render())
        assert message == f"Written to {elsewhere / 'verslag.docx'}."


@pilot_test
async def test_a_bad_path_is_shown_beside_the_form(
    demo_db: Database, make_app: Callable[..., Any], folder: Path
) -> None:
    app = make_app(demo_db, "en")
    async with export_screen(app) as (pilot, screen):
        screen.query_one("#path", Input).value = str(folder / "nope" / "v.pdf")
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = screen.query_one("#minutes-message", Static)
        assert str(message.render()) == f"The folder {folder / 'nope'} does not exist."
        assert message.has_class("-error")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen


@pilot_test
async def test_a_typed_file_name_says_the_format(
    demo_db: Database, make_app: Callable[..., Any], folder: Path
) -> None:
    """The chair types "verslag.md" over the suggested PDF name: Markdown is written, and the
    format field says so (it was written as a PDF named .md)."""
    target = folder / "verslag.md"

    app = make_app(demo_db, "nl")
    async with export_screen(app) as (pilot, screen):
        screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#format", Select).value == "md"
        assert screen.query_one("#path", Input).value == str(target)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# Verslag Buurt Bestuurt Oude Westen")
