"""The command palette (ctrl+p): every screen of the app and every key of the screen it opened over.

One `Provider` (Textual's command palette guide; Posting's `PostingProvider`). Each entry is found
by its words in Dutch and in English, whatever the app's language, so "verslag" and "minutes" both
find the minutes. Textual's own system commands are not offered: they speak English only, and the
app's entries name the same things (theme, help, quit) in the chair's language.

A key's entry runs the same action as the key (on the widget, screen or app that binds it), and
it is offered only where the key works (`check_action`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from buurt.i18n import N_, _, catalog

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from buurt.tui.app import BuurtApp


@dataclass(frozen=True)
class Entry:
    """A palette entry: its title, help line (English, marked with `N_`) and what it does."""

    title: str
    help: str
    run: Callable[[BuurtApp], object]


def both_languages(english: str) -> str:
    """The words that find an entry: its English text and its Dutch translation."""
    dutch = catalog("nl").get(english, "")
    return f"{english} {dutch}" if dutch and dutch != english else english


def _push(path: str) -> Callable[[BuurtApp], object]:
    """Open a screen that is imported only when asked for (keeps start-up fast)."""

    def run(app: BuurtApp) -> object:
        import importlib

        module, _sep, name = path.partition(":")
        return app.push_screen(getattr(importlib.import_module(module), name)())

    return run


def _backup(app: BuurtApp) -> None:
    from buurt.tui.screens.safety_commands import make_backup

    make_backup(app)


def _retention(app: BuurtApp) -> None:
    from buurt.tui.screens.safety_commands import review_retention

    review_retention(app)


def _go(mode: str) -> Callable[[BuurtApp], object]:
    return lambda app: app.switch_mode(mode)


def screen_entries() -> list[Entry]:
    """Every screen and tool of the app, in the order the palette lists them."""
    from buurt.tui.app import NAVIGATION

    go = N_("Go to the {screen} screen")
    entries = [Entry(label, go, _go(mode)) for mode, _key, label in NAVIGATION]
    entries += [
        Entry(
            N_("Minutes"),
            N_("Write, review and export the minutes of a meeting"),
            lambda app: app.action_minutes(),
        ),
        Entry(
            N_("Audit trail"),
            N_("Every change: when, who and what"),
            _push("buurt.tui.screens.audit:AuditScreen"),
        ),
        Entry(
            N_("Import a CSV file"),
            N_("Members, problems or ballots from a spreadsheet"),
            _push("buurt.tui.screens.import_csv:ImportCsvScreen"),
        ),
        Entry(
            N_("Make a backup"), N_("A copy of this file in the backups folder beside it"), _backup
        ),
        Entry(N_("Retention"), N_("Anonymise what is older than the retention period"), _retention),
        Entry(N_("Theme"), N_("Change the colours"), lambda app: app.action_change_theme()),
        Entry(N_("Help"), N_("All keys, screen by screen"), lambda app: app.action_help()),
        Entry(N_("Quit"), N_("Close buurt"), lambda app: app.action_quit()),
    ]
    return entries


def _english(node: DOMNode, binding: Binding) -> Binding:
    """A binding as written in the code, in English (the node holds its translation)."""
    for cls in type(node).__mro__:
        for declared in Binding.make_bindings(getattr(cls, "BINDINGS", ())):
            if declared.id is not None and declared.id == binding.id and declared.description:
                return declared
    return binding


@dataclass(frozen=True)
class Command:
    """One line of the palette: shown text, help line, search words, what it does."""

    title: str
    help: str
    words: str
    run: Callable[[], object]


class BuurtCommands(Provider):
    """Every screen of the app, and every key of the screen the palette opened over."""

    def commands(self) -> Iterator[Command]:
        app: BuurtApp = self.app  # type: ignore[assignment]
        for entry in screen_entries():
            title = _(entry.title)
            yield Command(
                title,
                _(entry.help).format(screen=title.lower()),
                both_languages(entry.title),
                partial(entry.run, app),
            )
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if (
                not binding.description
                or not active.enabled
                or binding.action.startswith("switch_mode")
                or binding.action in ("minutes", "help", "quit", "command_palette")
                or (binding.id or binding.action) in seen
            ):
                continue
            seen.add(binding.id or binding.action)
            english = _english(active.node, binding)
            shown_key = _("Key: {key}").format(key=app.get_key_display(binding) or key)
            yield Command(
                binding.description,
                f"{binding.tooltip} ({shown_key})" if binding.tooltip else shown_key,
                f"{both_languages(english.description)} {both_languages(english.tooltip)}",
                partial(app.run_action, binding.action, active.node),
            )

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = max(matcher.match(command.title), matcher.match(command.words))
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
