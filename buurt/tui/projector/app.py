"""The projector's own small app: one screen, no keys but quit, never a write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.driver import Driver

from buurt.i18n import N_
from buurt.tui.base import translate_bindings
from buurt.tui.ending import driver_class
from buurt.tui.projector.screen import ProjectorScreen
from buurt.tui.themes import THEMES

if TYPE_CHECKING:
    from buurt.services import Database


class ProjectorApp(App[None]):
    """The room's screen on a neighbourhood file opened read-only."""

    TITLE = "buurt"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), id="projector.quit"),
    ]

    def __init__(
        self, db: Database, *, theme: str = "", clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__()
        translate_bindings(self)
        for item in THEMES:
            self.register_theme(item)
        if theme and theme in self.available_themes:
            self.theme = theme
        self.db = db
        self.clock = clock  # the tests fix it

    def get_driver_class(self) -> type[Driver]:
        return driver_class(self, super().get_driver_class())

    def on_mount(self) -> None:
        self.push_screen(ProjectorScreen(self.db, clock=self.clock))
