"""A data folder for the neighbourhood picker's tests: two neighbourhoods and a bad file."""

from __future__ import annotations

import shutil
from pathlib import Path

from buurt.services import open_database
from buurt.services.neighbourhood import create_neighbourhood

NEIGHBOURHOODS = [
    ("oude-westen", "Oude Westen", "Rotterdam"),
    ("transvaal", "Transvaal", "Den Haag"),
]


def fill_folder(folder: Path, template: Path) -> Path:
    """Make `folder` hold Oude Westen (Rotterdam) and Transvaal (Den Haag), each a copy of the
    migrated `template`, and kapot.sqlite, which is no database."""
    folder.mkdir(parents=True)
    for stem, name, municipality in NEIGHBOURHOODS:
        path = folder / f"{stem}.sqlite"
        shutil.copyfile(template, path)
        db = open_database(path)
        create_neighbourhood(db, {"name": name, "municipality": municipality})
        db.close()
    (folder / "kapot.sqlite").write_text("dit is geen database")
    return folder
