"""Help: every key of every screen, in the current language (opened with `?` anywhere).

The keys are read from the screens' own `BINDINGS`, so the help cannot fall behind the code, and
a key the chair rebound in the keymap file (`buurt.tui.keymap`) is shown as rebound.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Iterable, Iterator
from dataclasses import replace
from enum import StrEnum
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from buurt.i18n import N_, _
from buurt.services.labels import label
from buurt.tui.base import BuurtModal

log = logging.getLogger("buurt.tui")

# The screens the chair meets first, in this order; every other screen, dialog or meeting
# section with keys of its own follows, found in `buurt.tui.screens`.
SCREENS: list[tuple[str, str]] = [
    (N_("Dashboard"), "buurt.tui.screens.dashboard:DashboardScreen"),
    (N_("Meeting"), "buurt.tui.screens.meeting:MeetingScreen"),
    (N_("Problems"), "buurt.tui.screens.problems:ProblemsScreen"),
    (N_("Problem dossier"), "buurt.tui.screens.dossier:DossierScreen"),
    (N_("Actions"), "buurt.tui.screens.actions:ActionsScreen"),
    (N_("Members"), "buurt.tui.screens.members:MembersScreen"),
    (N_("Forms"), "buurt.tui.widgets.form_modal:FormModal"),
    (N_("Questions"), "buurt.tui.widgets.confirm:ConfirmDialog"),
]


def _class(path: str) -> type | None:
    module_name, _sep, name = path.partition(":")
    try:
        module = importlib.import_module(module_name)
    except Exception:  # not built yet, or being written: the help still opens
        return None
    found = getattr(module, name, None)
    return found if isinstance(found, type) else None


def _bindings(declared: Iterable[BindingType]) -> Iterator[Binding]:
    for binding in Binding.make_bindings(declared):
        if binding.description:
            yield binding


def _heading(cls: type) -> str | None:
    """The heading a class gives its keys: a screen's title, a meeting section's name."""
    section = getattr(cls, "SECTION", None)
    if isinstance(section, StrEnum) and "SECTION" in vars(cls):
        return _("Meeting: {section}").format(section=label(section))
    title = vars(cls).get("TITLE_TEXT")
    return _(title) if title else None


def other_screens(known: set[type]) -> Iterator[tuple[str, list[Binding]]]:
    """(heading, keys) of every other class in `buurt.tui.screens` that declares keys. A class
    without a heading of its own (a table inside a section) shares its module's heading."""
    import buurt.tui.screens as package

    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        try:
            module = importlib.import_module(info.name)
        except Exception:  # a screen being written must not break the help
            log.warning("help: cannot import %s", info.name, exc_info=True)
            continue
        classes = [
            c for c in vars(module).values() if isinstance(c, type) and c.__module__ == info.name
        ]
        module_heading = next((h for h in map(_heading, classes) if h), None)
        for cls in classes:
            bindings = list(_bindings(vars(cls).get("BINDINGS", [])))
            heading = _heading(cls) or module_heading
            if cls not in known and bindings and heading:
                yield heading, bindings


class HelpScreen(BuurtModal[None]):
    """All keys, screen by screen."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 84; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; color: $accent; height: 1; }
    HelpScreen #help-hint { color: $text-muted; height: 1; margin-bottom: 1; }
    HelpScreen .help-section { height: auto; margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", N_("Close"), id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Keys"), id="help-title")
            yield Static(
                _("Esc closes this help. Ctrl+P finds every command by name."), id="help-hint"
            )
            with VerticalScroll(id="help-body"):
                for heading, table in self.sections():
                    yield Static(table, classes="help-section", name=heading)

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()

    def sections(self) -> Iterator[tuple[str, Table]]:
        from buurt.tui.app import BuurtApp

        everywhere = list(_bindings(BuurtApp.BINDINGS))
        everywhere.append(
            Binding(
                "ctrl+p",
                "command_palette",
                N_("Command palette"),
                tooltip=N_("Every command by name, and the colour theme"),
            )
        )
        yield _("Everywhere"), self._table(_("Everywhere"), everywhere)
        sections: dict[str, list[Binding]] = {}
        known: set[type] = set()
        for heading, path in SCREENS:
            screen = _class(path)
            if screen is not None:
                known.add(screen)
                bindings = list(_bindings(getattr(screen, "BINDINGS", [])))
                if bindings:
                    sections[_(heading)] = bindings
        for heading, bindings in other_screens(known):
            sections.setdefault(heading, []).extend(bindings)
        for heading, bindings in sections.items():
            yield heading, self._table(heading, bindings)

    def _table(self, heading: str, bindings: list[Binding]) -> Table:
        table = Table(
            title=heading,
            title_justify="left",
            title_style="bold",
            show_header=False,
            box=None,
            padding=(0, 1),
            expand=True,
        )
        table.add_column(width=10, style="bold")
        table.add_column(width=22)
        table.add_column(ratio=1, style="dim")
        # One row per command: "y / j" when several keys do the same.
        rows: dict[tuple[str, str], list[Binding]] = {}
        for binding in bindings:
            rows.setdefault((binding.action, binding.description), []).append(binding)
        for same in rows.values():
            keys = " / ".join(self._keys(b) for b in same)
            tooltip = _(same[0].tooltip) if same[0].tooltip else ""
            table.add_row(keys, _(same[0].description), tooltip)
        return table

    def _keys(self, binding: Binding) -> str:
        """The keys that run `binding`: the chair's own (keymap file), or the usual ones."""
        mapped = getattr(self.app, "keymap", {}).get(binding.id or "")
        if not mapped:
            return self.app.get_key_display(binding)
        return " / ".join(
            self.app.get_key_display(replace(binding, key=key.strip()))
            for key in mapped.split(",")
            if key.strip()
        )

    def action_close(self) -> None:
        self.dismiss(None)
