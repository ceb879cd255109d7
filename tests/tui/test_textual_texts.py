"""Textual's own texts speak the app's language: the palette's placeholder and entries, the
footer's palette key, the key descriptions, and what ctrl+c says; the palette finds the
minutes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from meeting_setup import pilot_test, press, settle, type_text
from settle import told
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from buurt.services import Database


@asynccontextmanager
async def _in_dutch(db: Database, make_app: Callable[..., Any]) -> AsyncIterator[Any]:
    """The app in Dutch on the dashboard, its work done: `async with _in_dutch(...) as pilot:`."""
    async with make_app(db, lang="nl").run_test(size=(100, 32)) as pilot:
        await press(pilot, "d")
        yield pilot


@pilot_test
async def test_the_palette_speaks_dutch_and_finds_the_minutes(
    db: Database, make_app: Callable[..., Any]
) -> None:
    async with _in_dutch(db, make_app) as pilot:
        app = pilot.app
        await press(pilot, "ctrl+p")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert palette.query_one(Input).placeholder == "Zoek een scherm of een opdracht…"
        await type_text(pilot, "vers")
        await settle(pilot)
        found = palette.query_one(CommandList)
        prompts = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
        assert any("Verslag" in p for p in prompts)


@pilot_test
async def test_textual_key_texts_are_translated_and_listed_once(
    db: Database, make_app: Callable[..., Any]
) -> None:
    async with _in_dutch(db, make_app) as pilot:
        app = pilot.app
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Copy selected text" not in commands
        assert commands.count("Geselecteerde tekst kopiëren") <= 1
        assert "Focus Next" not in commands
        palette_keys = [
            b.description
            for bindings in app._bindings.key_to_bindings.values()
            for b in bindings
            if b.action == "command_palette"
        ]
        assert palette_keys == ["opdrachten"]


@pilot_test
async def test_ctrl_c_says_in_dutch_how_to_close(
    db: Database, make_app: Callable[..., Any]
) -> None:
    async with _in_dutch(db, make_app) as pilot:
        app = pilot.app
        await press(pilot, "ctrl+c")
        messages = told(app)
        assert any(m.startswith("Druk op") and "buurt af te sluiten" in m for m in messages)
