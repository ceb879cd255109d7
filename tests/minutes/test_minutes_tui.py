"""The minutes screen: the chair presses e, reads the latest meeting's minutes and exports them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from minutes_text import pdf_text
from settle import settle
from textual.widgets import Input, Markdown, Select, Static

from buurt.services import Database


async def _settle(app: Any, pilot: Any) -> None:
    await settle(pilot)


def _run(test: Callable[[], Any]) -> None:
    asyncio.run(test())


def test_export_the_latest_minutes_as_pdf(
    demo_db: Database,
    make_app: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("buurt.tui.screens.minutes.default_folder", lambda: tmp_path)

    async def scenario() -> None:
        app = make_app(demo_db, "nl")
        async with app.run_test(size=(100, 32)) as pilot:
            await _settle(app, pilot)
            await pilot.press("ctrl+e")
            await _settle(app, pilot)
            screen = app.screen
            assert screen.query_one("#meeting", Select).value == 3  # the latest that took place
            path = screen.query_one("#path", Input)
            suggested = tmp_path / "verslag-oude-westen-2026-11-08.pdf"
            assert path.value == str(suggested)
            preview = screen.query_one("#preview", Markdown)
            assert "Verslag Buurt Bestuurt Oude Westen" in preview.source
            await pilot.press("ctrl+s")
            await _settle(app, pilot)
            message = str(screen.query_one("#minutes-message", Static).render())
            assert message == f"Geschreven naar {suggested}."
            assert "Drugshandel in portieken" in pdf_text(suggested.read_bytes())

    _run(scenario)


def test_public_version_and_format_change_the_suggestion_and_preview(
    demo_db: Database,
    make_app: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("buurt.tui.screens.minutes.default_folder", lambda: tmp_path)

    async def scenario() -> None:
        app = make_app(demo_db, "en")
        async with app.run_test(size=(100, 32)) as pilot:
            await _settle(app, pilot)
            await pilot.press("ctrl+e")
            await _settle(app, pilot)
            screen = app.screen
            screen.query_one("#format", Select).value = "docx"
            await _settle(app, pilot)
            await pilot.click("#public")
            await _settle(app, pilot)
            path = screen.query_one("#path", Input).value
            assert path == str(tmp_path / "minutes-oude-westen-2026-11-08-public.docx")
            preview = screen.query_one("#preview", Markdown).source
            assert "Public version: residents are named only with their consent." in preview
            assert "Fatima El Amrani" in preview  # the chair consented to be named
            for name in ("Johan Bakker", "Marco Rossi", "Kwame Mensah"):
                assert name not in preview
            # The chair types another folder; the export goes there and says so.
            elsewhere = tmp_path / "sent"
            elsewhere.mkdir()
            screen.query_one("#path", Input).value = str(elsewhere / "verslag.docx")
            await pilot.click("#export")
            await _settle(app, pilot)
            assert (elsewhere / "verslag.docx").exists()
            message = str(screen.query_one("#minutes-message", Static).render())
            assert message == f"Written to {elsewhere / 'verslag.docx'}."

    _run(scenario)


def test_a_bad_path_is_shown_beside_the_form(
    demo_db: Database,
    make_app: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("buurt.tui.screens.minutes.default_folder", lambda: tmp_path)

    async def scenario() -> None:
        app = make_app(demo_db, "en")
        async with app.run_test(size=(100, 32)) as pilot:
            await _settle(app, pilot)
            await pilot.press("ctrl+e")
            await _settle(app, pilot)
            screen = app.screen
            screen.query_one("#path", Input).value = str(tmp_path / "nope" / "v.pdf")
            await pilot.press("ctrl+s")
            await _settle(app, pilot)
            message = screen.query_one("#minutes-message", Static)
            assert str(message.render()) == f"The folder {tmp_path / 'nope'} does not exist."
            assert message.has_class("-error")
            await pilot.press("escape")
            await _settle(app, pilot)
            assert app.screen is not screen

    _run(scenario)


def test_a_typed_file_name_says_the_format(
    demo_db: Database,
    make_app: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The chair types "verslag.md" over the suggested PDF name: Markdown is written, and the
    format field says so (it was written as a PDF named .md)."""
    monkeypatch.setattr("buurt.tui.screens.minutes.default_folder", lambda: tmp_path)
    target = tmp_path / "verslag.md"

    async def scenario() -> None:
        app = make_app(demo_db, "nl")
        async with app.run_test(size=(100, 32)) as pilot:
            await _settle(app, pilot)
            await pilot.press("ctrl+e")
            await _settle(app, pilot)
            screen = app.screen
            screen.query_one("#path", Input).value = str(target)
            await pilot.press("ctrl+s")
            await _settle(app, pilot)
            assert screen.query_one("#format", Select).value == "md"
            assert screen.query_one("#path", Input).value == str(target)
            text = target.read_text(encoding="utf-8")
            assert text.startswith("# Verslag Buurt Bestuurt Oude Westen")

    _run(scenario)
