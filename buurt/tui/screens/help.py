"""Help: every key of every screen, in the current language (opened with `?` anywhere).

The keys are read from the screens' own `BINDINGS`, so the help cannot fall behind the code.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from buurt.i18n import N_, _
from buurt.tui.base import BuurtModal

# (heading, "module:class") of every screen and dialog with keys of its own, in the order the
# chair meets them. A screen that cannot be imported (not built yet) is left out.
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
    except ImportError:
        return None
    found = getattr(module, name, None)
    return found if isinstance(found, type) else None


def _bindings(declared: Iterable[BindingType]) -> Iterator[Binding]:
    for binding in Binding.make_bindings(declared):
        if binding.description:
            yield binding


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
                "ctrl+p", "command_palette", N_("Command palette: every command, and the theme")
            )
        )
        yield _("Everywhere"), self._table(_("Everywhere"), everywhere)
        for heading, path in SCREENS:
            screen = _class(path)
            if screen is None:
                continue
            bindings = list(_bindings(getattr(screen, "BINDINGS", [])))
            if bindings:
                yield _(heading), self._table(_(heading), bindings)

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
            keys = " / ".join(self.app.get_key_display(b) for b in same)
            tooltip = _(same[0].tooltip) if same[0].tooltip else ""
            table.add_row(keys, _(same[0].description), tooltip)
        return table

    def action_close(self) -> None:
        self.dismiss(None)
