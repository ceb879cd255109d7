"""The neighbourhood picker: `buurt` without a file.

It lists the neighbourhood files (`*.sqlite`) in the user's data folder with each one's name and
municipality, and lets the chair open one or create a new one. A file that cannot be opened is
listed with the reason, never a crash. `create_neighbourhood_file` shows only the create form, for
`buurt FILE` on a file that does not exist yet.

The data folder is `platformdirs.user_data_dir("buurt")`, or `BUURT_DATA_DIR` when set (tests).
"""

from __future__ import annotations

import getpass
import logging
import os
import re
import traceback
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import platformdirs
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Input, Select, Static

from buurt.errors import BuurtError
from buurt.i18n import N_, _, get_language
from buurt.services import open_database
from buurt.services.base import parse
from buurt.services.neighbourhood import (
    NeighbourhoodInput,
    create_neighbourhood,
    find_neighbourhood,
    new_file,
)
from buurt.services.output import unused_path
from buurt.tui.list_picker import ListPickerApp, picker_bindings
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal, chosen
from buurt.tui.widgets.table import Column

log = logging.getLogger("buurt.tui")

COLUMNS = [
    Column("name", N_("Neighbourhood"), 30, flex=True),
    Column("municipality", N_("Municipality"), 22),
    Column("file", N_("File"), 38),
]


def data_folder() -> Path:
    """Where the neighbourhood files live (made when missing)."""
    folder = Path(os.environ.get("BUURT_DATA_DIR") or platformdirs.user_data_dir("buurt"))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


@dataclass(frozen=True)
class NeighbourhoodFile:
    """A file in the data folder: its neighbourhood, or why it cannot be opened."""

    path: Path
    name: str = ""
    municipality: str = ""
    problem: str = ""


def _problem(path: Path, error: BuurtError) -> NeighbourhoodFile:
    # The folder is shown above the list: name the file by its name alone.
    return NeighbourhoodFile(path, problem=error.message.replace(str(path), path.name))


def describe(path: Path) -> NeighbourhoodFile:
    """Read a file's name and municipality without changing it (read-only, no upgrade)."""
    try:
        db = open_database(path, readonly=True, migrate=False)
    except BuurtError as error:
        return _problem(path, error)
    try:
        settings = find_neighbourhood(db)
    except BuurtError as error:
        return _problem(path, error)
    except Exception:
        log.error("cannot read %s\n%s", path, traceback.format_exc())
        return NeighbourhoodFile(path, problem=_("{file} cannot be read.").format(file=path.name))
    finally:
        db.close()
    if settings is None:
        return NeighbourhoodFile(path, problem=_("It holds no neighbourhood yet."))
    return NeighbourhoodFile(path, name=settings.name, municipality=settings.municipality)


def neighbourhood_files(folder: Path) -> list[NeighbourhoodFile]:
    """Every `*.sqlite` file in `folder`, by neighbourhood name (unreadable ones last)."""
    found = [describe(path) for path in sorted(folder.glob("*.sqlite")) if path.is_file()]
    return sorted(found, key=lambda f: (bool(f.problem), f.name.lower(), f.path.name))


def file_name(name: str) -> str:
    """A file name made from a neighbourhood's name: "Oude Westen" -> "oude-westen"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "buurt"


def free_path(folder: Path, name: str) -> Path:
    return unused_path(folder, file_name(name), ".sqlite")


def shown(folder: Path) -> str:
    """A folder as people read it: "~/.local/share/buurt" rather than the whole path."""
    try:
        return str(Path("~") / folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return ""


def create_neighbourhood_at(place: Path, data: dict[str, object]) -> Path:
    """Create a neighbourhood file: at `place` when it is a file path, else in the folder
    `place` under a name made from the neighbourhood's. The input is checked before anything is
    written; a file that could not be completed is removed."""
    values = parse(NeighbourhoodInput, data)
    path = free_path(place, values.name) if place.is_dir() else place
    with new_file(path, actor=_actor()) as db:
        create_neighbourhood(db, values)
    return path


class NewNeighbourhoodForm(FormModal[Path]):
    """Name, municipality and language of a new neighbourhood. Dismisses with the new file."""

    TITLE_TEXT = N_("New neighbourhood")
    SAVE_LABEL = N_("Create")  # it makes a new file; there is nothing yet to save
    DEFAULT_CSS = """
    NewNeighbourhoodForm > #dialog { width: 64; }
    NewNeighbourhoodForm #where { color: $text-muted; height: auto; margin-bottom: 1; }
    """

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def fields(self) -> ComposeResult:
        yield Static(self.where, id="where")
        yield FormRow(_("Name"), Input(placeholder=_("e.g. Oude Westen"), id="name"), name="name")
        yield FormRow(
            _("Municipality"),
            Input(placeholder=_("e.g. Rotterdam"), id="municipality"),
            name="municipality",
        )
        yield FormRow(
            _("Language"),
            Select(
                [("Nederlands", "nl"), ("English", "en")],
                value=get_language(),
                allow_blank=False,
                id="language",
            ),
            name="language",
        )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def save(self) -> None:
        self.submit(
            create_neighbourhood_at,
            {
                "name": self.query_one("#name", Input).value,
                "municipality": self.query_one("#municipality", Input).value,
                "language": chosen(self.query_one("#language", Select)),
            },
        )


class PickerApp(ListPickerApp[NeighbourhoodFile, Path]):
    """Choose or create a neighbourhood; returns its file, or None when the chair quits.

    With `target`, only the create form is shown, for that file."""

    COLUMNS = COLUMNS
    TABLE_ID = "files"
    SOURCE_ID = "folder"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New neighbourhood"), id="picker.new"),
        *picker_bindings("picker"),
    ]

    def __init__(self, folder: Path | None = None, *, target: Path | None = None) -> None:
        self.folder = folder if folder is not None else data_folder()
        self.target = target
        super().__init__(
            intro=_("Choose a neighbourhood and press Enter, or make a new one with n."),
            source=_("Folder: {folder}").format(folder=shown(self.folder)),
            empty=_("No neighbourhoods here yet: press n to make the first one."),
            sub_title=_("Choose a neighbourhood") if target is None else _("New neighbourhood"),
        )

    def compose(self) -> ComposeResult:
        if self.target is None:
            yield from super().compose()
            return
        yield Header()  # only the create form, over an empty screen
        yield BuurtFooter()

    def started(self) -> None:
        if self.target is None:
            self.load()
            return
        self.push_screen(
            NewNeighbourhoodForm(_("The new file: {file}").format(file=self.target)), self.exit
        )

    def service_argument(self) -> Path:
        """What `ask` hands every call (see `buurt.tui.work`): the new file, or the folder."""
        return self.target if self.target is not None else self.folder

    def load(self) -> None:
        self.ask(neighbourhood_files, then=self.show_items)

    def key(self, item: NeighbourhoodFile) -> str:
        return str(item.path)

    def row(self, item: NeighbourhoodFile) -> list[Text]:
        name = (
            Text(item.name, style="bold")
            if not item.problem
            else Text(_("cannot be opened"), style="italic")
        )
        return [name, Text(item.municipality), Text(item.path.name)]

    def problem(self, item: NeighbourhoodFile) -> str:
        return item.problem

    def result_of(self, item: NeighbourhoodFile) -> Path:
        return item.path

    def action_new(self) -> None:
        def created(path: Path | None) -> None:
            if path is not None:
                self.exit(path)

        where = _("The file is made in {folder}.").format(folder=shown(self.folder))
        self.push_screen(NewNeighbourhoodForm(where), created)


def pick_neighbourhood() -> Path | None:
    """Let the chair choose or create a neighbourhood; its file, or None."""
    return PickerApp().run()


def create_neighbourhood_file(path: Path) -> Path | None:
    """Ask for a new neighbourhood's name, municipality and language and create it at `path`."""
    return PickerApp(target=path.absolute()).run()
