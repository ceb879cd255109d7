"""The command palette finds every screen and key by Dutch and English words; a keymap file in
the user's config folder rebinds keys; the voting booth keeps its voter (no key leads away)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from meeting_setup import meeting_underway, pilot_test, secret_vote_open
from rich.console import Console
from settle import settle, told
from textual.command import CommandPalette
from textual.widgets import Static

from buurt.services import Database
from buurt.tui.commands import BuurtCommands
from buurt.tui.keymap import load_keymap
from buurt.tui.screens.booth import BoothScreen
from buurt.tui.screens.help import HelpScreen
from buurt.tui.screens.members import MembersScreen
from buurt.tui.screens.minutes import MinutesScreen


async def found(app: Any, query: str) -> list[str]:
    """The palette's hits for `query`, best first, as the chair sees them."""
    provider = BuurtCommands(app.screen)
    hits = [hit async for hit in provider.search(query)]
    hits.sort(key=lambda hit: hit.score, reverse=True)
    return [str(hit.text) for hit in hits]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pilot_test
async def test_the_minutes_are_found_by_verslag_and_by_minutes(
    db: Database, make_app: Callable[..., Any], lang: str
) -> None:
    app = make_app(db, lang)
    title = "Minutes" if lang == "en" else "Verslag"
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        for query in ("verslag", "minutes"):
            assert (await found(app, query))[0] == title
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"verslag", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MinutesScreen)


@pilot_test
async def test_the_palette_lists_every_screen_and_the_keys_of_the_current_one(
    db: Database, make_app: Callable[..., Any]
) -> None:
    app = make_app(db, "nl")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        provider = BuurtCommands(app.screen)
        titles = [command.title for command in provider.commands()]
        for screen in ("Overzicht", "Bijeenkomst", "Problemen", "Acties", "Leden", "Verslag"):
            assert screen in titles
        assert "Logboek" in titles  # the audit trail
        # A key of the members screen, found by its English words in the Dutch app.
        assert "Nieuw" in titles
        assert (await found(app, "add a member"))[0] == "Nieuw"
        assert (await found(app, "deactivate"))[0] == "(De)activeren"


def write_keymap(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "keymap.toml").write_text(text, encoding="utf-8")


@pilot_test
async def test_a_keymap_file_rebinds_a_key(
    db: Database,
    make_app: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BUURT_CONFIG_DIR", str(tmp_path / "config"))
    write_keymap(tmp_path / "config", '# members under l\n"nav.members" = "l"\n')
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("m")  # no longer the members key
        await settle(pilot)
        assert not isinstance(app.screen, MembersScreen)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        # The help shows the key in use.
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, file=io.StringIO(), record=True)
        console.print(app.screen.query(".help-section").first(Static).content)
        rows = [line.split() for line in console.export_text().splitlines()]
        assert ["l", "Members"] in rows


@pilot_test
async def test_a_broken_keymap_file_is_named_and_the_usual_keys_work(
    db: Database,
    make_app: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BUURT_CONFIG_DIR", str(tmp_path / "config"))
    write_keymap(tmp_path / "config", '"nav.members" = l\n')
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        messages = told(app)
        assert any("keymap.toml is not a valid keymap" in m for m in messages), messages
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)


def test_a_keymap_line_without_keys_is_reported_and_the_rest_applies(tmp_path: Path) -> None:
    write_keymap(tmp_path, '"nav.members" = "l"\n"form.save" = 3\n')
    loaded = load_keymap(tmp_path / "keymap.toml")
    assert loaded.keys == {"nav.members": "l"}
    assert len(loaded.problems) == 1
    assert '"form.save" needs its keys as text' in loaded.problems[0]


@pilot_test
async def test_no_key_leads_a_voter_out_of_the_booth(
    db: Database, make_app: Callable[..., Any]
) -> None:
    world = meeting_underway(db)
    vote = secret_vote_open(db, world)
    app = make_app(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await app.push_screen(BoothScreen(vote.id, "1234"))
        await settle(pilot)
        for key in ("d", "v", "p", "a", "m", "question_mark", "ctrl+e", "ctrl+b", "ctrl+p"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, BoothScreen), key
        # The app's keys are neither shown in the footer nor offered.
        shown = {b.binding.action for b in app.screen.active_bindings.values()}
        assert not any(action.startswith("switch_mode") for action in shown)
        for key in ("escape", "1", "2", "3", "4", "enter"):  # the chair takes the laptop back
            await pilot.press(key)
            await settle(pilot)
        assert not isinstance(app.screen, BoothScreen)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
