"""The Textual app: one mode per main screen, the command palette (`buurt.tui.commands`),
the chair's keymap (`buurt.tui.keymap`), and the error boundary.

Screens ask services in the background with `self.ask(...)` (`buurt.tui.work`): the app hands
every service the open file (`service_argument`), and its one `Worker.StateChanged` handler logs a
failed worker to the log file and tells the user where.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.driver import Driver
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker

from buurt.errors import BuurtError
from buurt.i18n import N_, _
from buurt.text import visible
from buurt.tui.base import BuurtScreen, translate_bindings
from buurt.tui.keymap import use_keymap
from buurt.tui.textual_texts import BuurtCommandPalette, key_display, quit_hint
from buurt.tui.themes import THEMES
from buurt.tui.work import AppClosing, Asker, report_failed_worker, unexpected_error_message

if TYPE_CHECKING:
    from buurt.services import Database
    from buurt.services.neighbourhood import NeighbourhoodRead

log = logging.getLogger("buurt.tui")

# (mode, key, label) of the main screens, in the order the footer and the palette show them.
NAVIGATION: list[tuple[str, str, str]] = [
    ("dashboard", "d", N_("Dashboard")),
    ("meeting", "v", N_("Meeting")),
    ("problems", "p", N_("Problems")),
    ("actions", "a", N_("Actions")),
    ("members", "m", N_("Members")),
]


def _screen(mode: str) -> Callable[[], Screen[Any]]:
    """Import a main screen only when it is first shown (keeps start-up fast)."""

    def make() -> Screen[Any]:
        if mode == "dashboard":
            from buurt.tui.screens.dashboard import DashboardScreen

            return DashboardScreen()
        if mode == "members":
            from buurt.tui.screens.members import MembersScreen

            return MembersScreen()
        if mode == "problems":
            from buurt.tui.screens.problems import ProblemsScreen

            return ProblemsScreen()
        if mode == "actions":
            from buurt.tui.screens.actions import ActionsScreen

            return ActionsScreen()
        from buurt.tui.screens.meeting import MeetingScreen

        return MeetingScreen()

    return make


def _buurt_commands() -> type[Provider]:
    """The palette's entries, imported when the palette first opens (not at start)."""
    from buurt.tui.commands import BuurtCommands

    return BuurtCommands


def load_data_layer() -> None:
    """Import the database layer and the services the main screens ask first (in the
    opener's thread, while the main thread paints the dashboard's first look)."""
    import buurt.services.actions
    import buurt.services.backup
    import buurt.services.meetings
    import buurt.services.neighbourhood
    import buurt.services.priorities
    import buurt.services.problems  # noqa: F401
    from buurt.services import open_database  # noqa: F401  (the database layer)


class BuurtApp(Asker, App[None]):
    """The chair's app, open on one neighbourhood."""

    TITLE = "buurt"
    CSS_PATH = "focus.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        mode: _screen(mode) for mode, _key, _label in NAVIGATION
    }
    DEFAULT_MODE = "dashboard"
    # Only buurt's own palette entries (buurt.tui.commands), in the chair's language.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_buurt_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"switch_mode('{mode}')", label, id=f"nav.{mode}")
            for mode, key, label in NAVIGATION
        ),
        Binding("question_mark", "help", N_("Help"), id="app.help"),
        Binding("ctrl+e", "minutes", N_("Minutes"), id="app.minutes"),
        Binding(
            "ctrl+b",
            "projector",
            N_("Projector on/off"),
            tooltip=N_("Blank the room's screen (buurt project) or show it again"),
            id="app.projector",
        ),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit"),
    ]

    def __init__(
        self,
        db: Database | None = None,
        *,
        opener: Callable[[], Database] | None = None,
        today: Callable[[], date] | None = None,
        now: Callable[[], datetime] | None = None,
        notice: str = "",
        first_look: Path | None = None,
    ) -> None:
        """Open on `db`, or paint first and let `opener` open the file in a thread: the
        command line does that, so the chair sees the app before the database layer has
        even been imported (every service call waits until the file is open).

        `first_look`: a SQLite file (whole, at the newest schema) whose dashboard may be read
        before it is opened (`first_look_file`); the opener then starts once that first data
        is on screen (`start_opening`), or as soon as anything else needs the file."""
        super().__init__()
        translate_bindings(self)
        for theme in THEMES:
            self.register_theme(theme)
        self._today = today or date.today
        self._now = now or (lambda: datetime.now(UTC))
        self._opener = opener
        self._notice = notice
        self._first_look = first_look if opener is not None and db is None else None
        self._opening = False
        self._open = threading.Event()
        # Set once the opener's thread has imported the data layer (see `on_event`).
        self._data_layer = threading.Event()
        if opener is None:
            self._data_layer.set()
        self._quitting = False
        self.neighbourhood: NeighbourhoodRead | None = None
        self._db: Database | None = None
        self.keymap: dict[str, str] = {}
        if db is not None:
            self._use(db)

    @property
    def db(self) -> Database:
        """The open file; a service call made while it is still opening waits for it (and
        has it opened, when the opener still waits for the dashboard's first look)."""
        if not self._opening and not self._open.is_set():
            self.post_message(self.OpenNow())  # from any thread; handled on the main one
        while not self._open.wait(0.05):
            if self._quitting:
                raise AppClosing
        assert self._db is not None
        return self._db

    def service_argument(self) -> Database:
        """What `ask` hands every service: the open file (see `buurt.tui.work`)."""
        return self.db

    async def on_event(self, event: events.Event) -> None:
        # A key or click while the opener's thread imports the data layer waits for that
        # import: what it leads to (another screen) would import the same modules on this
        # thread, and SQLAlchemy met half-imported by a second thread fails ("cannot import
        # name ... from partially initialized module"). Nothing is lost: it is handled next.
        if isinstance(event, events.InputEvent) and self._opening and not self._data_layer.is_set():
            await asyncio.to_thread(self._data_layer.wait)
        await super().on_event(event)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self._quitting = True
        super().exit(*args, **kwargs)

    def on_unmount(self) -> None:
        # Every ending passes here (a browser tab's ends through ExitApp, not `exit`): a worker
        # still waiting for the file must stop, or the process never ends.
        self._quitting = True

    def get_driver_class(self) -> type[Driver]:
        from buurt.tui.ending import driver_class

        return driver_class(self, super().get_driver_class())

    def _use(self, db: Database, settings: NeighbourhoodRead | None = None) -> None:
        if settings is None:
            from buurt.services.neighbourhood import get_neighbourhood

            settings = get_neighbourhood(db)
        self.neighbourhood = settings
        self._db = db
        self._open.set()
        self.sub_title = self.neighbourhood.name
        if self.neighbourhood.theme and self.neighbourhood.theme in self.available_themes:
            self.theme = self.neighbourhood.theme

    def _open_in_thread(self) -> None:
        assert self._opener is not None
        try:
            try:
                load_data_layer()
            finally:
                self._data_layer.set()
            db = self._opener()
            from buurt.services.neighbourhood import get_neighbourhood

            # Read here, in the thread: the main thread only paints.
            settings = get_neighbourhood(db)
        except BuurtError as error:
            self.post_message(self.Opened(None, 2, error.message))
            return
        except Exception:
            log.error("opening failed\n%s", traceback.format_exc())
            self.post_message(self.Opened(None, 1, unexpected_error_message()))
            return
        # A message, not call_from_thread: if the chair quit meanwhile, it is simply dropped.
        self.post_message(self.Opened(db, settings=settings))

    @property
    def first_look_file(self) -> Path | None:
        """The file the dashboard may read on its own for its first showing (plain sqlite3,
        read-only), before the opener has loaded the data layer; None once the opener runs."""
        return None if self._opening or self._open.is_set() else self._first_look

    def start_opening(self) -> None:
        """Start opening the file in a thread (once; on the main thread)."""
        if self._opening or self._opener is None or self._db is not None:
            return
        self._opening = True
        self.run_worker(self._open_in_thread, thread=True, group="open")

    class OpenNow(Message):
        """Something needs the file: start opening it (see `start_opening`)."""

    def on_buurt_app_open_now(self) -> None:
        self.start_opening()

    class Opened(Message):
        """The file opened in the background (or could not be opened: `code` and `error`)."""

        def __init__(
            self,
            db: Database | None,
            code: int = 0,
            error: str = "",
            *,
            settings: NeighbourhoodRead | None = None,
        ) -> None:
            super().__init__()
            self.db = db
            self.code = code
            self.error = error
            self.settings = settings

    def on_buurt_app_opened(self, message: Opened) -> None:
        if message.db is None:
            self.exit(None, message.code, message.error)
            return
        self._use(message.db, message.settings)
        self._watch_file()
        if self._first_look is not None:
            # The dashboard showed what it read before the file was open (and watched).
            reread = getattr(self.screen, "reread_after_first_look", None)
            if callable(reread):
                reread()
        if self._notice:
            self.notify(self._notice, severity="warning", timeout=24 * 3600)
        else:
            self._readonly_notice()

    def _readonly_notice(self) -> None:
        # The safety commands' module (and the services it needs) loads only for a read-only
        # file: at start, the dashboard's data comes first.
        if self.readonly:
            from buurt.tui.screens.safety_commands import readonly_notice

            readonly_notice(self)

    def now(self) -> datetime:
        """This moment (the tests freeze it)."""
        return self._now()

    def today(self) -> date:
        """Today's date (the tests freeze it)."""
        return self._today()

    @property
    def readonly(self) -> bool:
        return self._db is not None and self._db.readonly

    def get_key_display(self, binding: Binding) -> str:
        # The footer's, the help's and the palette's key names in the app's language.
        return key_display(super().get_key_display(binding))

    def action_command_palette(self) -> None:
        """The palette, with its own texts in the app's language."""
        if self.use_command_palette and not BuurtCommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(BuurtCommandPalette(id="--command-palette"))

    def action_help_quit(self) -> None:
        quit_hint(self)

    def action_minutes(self) -> None:
        from buurt.tui.screens.minutes import MinutesScreen

        self.push_screen(MinutesScreen())

    def action_help(self) -> None:
        from buurt.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_projector(self) -> None:
        """Blank the room's screen, or show it again (the projector only reads this)."""
        from buurt.services.projector import ProjectorStateRead, toggle_projector

        def done(state: ProjectorStateRead) -> None:
            if state.shown:
                self.notify(_("The projector shows the meeting again."))
            else:
                self.notify(_("The projector is blank."))

        self.ask(toggle_projector, then=done)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    # What takes the user to another screen, or acts outside it (the projector): off while a
    # screen keeps its user (the booth).
    LEAVING: ClassVar[frozenset[str]] = frozenset(
        {"switch_mode", "minutes", "help", "command_palette", "projector"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A dialog over the booth (its PIN, "cast this ballot?") keeps the voter there too.
        keeps = any(
            isinstance(screen, BuurtScreen) and screen.keeps_its_user
            for screen in self.screen_stack
        )
        return not (keeps and action in self.LEAVING)

    def on_mount(self) -> None:
        self.keymap = use_keymap(self)
        if self._opener is not None and self._db is None:
            if self._first_look is None:
                self.start_opening()
            # else the dashboard reads the file on its own first, then calls start_opening
        else:
            self._readonly_notice()
            self._watch_file()

    # How often the app looks whether another program changed its file (one pragma, one stat).
    WATCH_SECONDS: ClassVar[float] = 2.0

    def _watch_file(self) -> None:
        from buurt.services.watch import ChangeWatch

        if self._db is None or getattr(self, "_watch", None) is not None:
            return
        self._watch = ChangeWatch(self._db)
        self.set_interval(self.WATCH_SECONDS, self.check_file, name="watch")

    def check_file(self) -> None:
        """Another program changed or replaced the file (a restore, a second buurt, a sync
        tool): say so, and show the current screen again from what the file holds now."""
        from buurt.services.watch import Change

        watch = getattr(self, "_watch", None)
        if watch is None or self._db is None:
            return
        change = watch.changed()
        if change is None:
            return
        if change == Change.REPLACED:
            message = _("{file} was replaced by another program; buurt now shows what it holds.")
        else:
            message = _("Another program changed {file}; buurt now shows what it holds.")
        self.notify(message.format(file=self._db.name), severity="warning", timeout=10)
        screen = self.screen
        reload = getattr(screen, "action_refresh", None) or getattr(screen, "load", None)
        if callable(reload):
            reload()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification shows its words literally: they often hold a name or a title
        from the data, which is never read as markup (and its control characters are shown
        as placeholders)."""
        del markup
        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def watch_theme(self, theme: str) -> None:
        """Remember the chosen theme in the neighbourhood's settings."""
        settings = getattr(self, "neighbourhood", None)
        if settings is None or self.readonly or self._db is None:
            return
        if theme != settings.theme:
            from buurt.services.neighbourhood import update_neighbourhood

            def remembered(settings: NeighbourhoodRead) -> None:
                self.neighbourhood = settings

            self.ask(update_neighbourhood, {"theme": theme}, then=remembered)

    def _fatal_error(self) -> None:
        """An unexpected error: log the traceback to the log file, show one sentence."""
        log.error("unexpected error in the app\n%s", traceback.format_exc())
        self.bell()
        self._exit_renderables.append(unexpected_error_message())
        self._close_messages_no_wait()
