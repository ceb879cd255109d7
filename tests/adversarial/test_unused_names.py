"""A file buurt makes under a name it chooses (a backup, a new neighbourhood from the picker)
never lands on a name that is taken: not on a file, and not through a symlink that points
nowhere (writing there would create the file wherever the link points)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from buurt.services.backup import backup_folder, default_backup_path
from buurt.tui.picker import free_path

MOMENT = datetime(2026, 12, 2, 20, 15, 0)


def test_a_backup_name_skips_a_file_and_a_dangling_symlink(tmp_path: Path) -> None:
    source = tmp_path / "oude-westen.sqlite"
    folder = backup_folder(source)
    folder.mkdir()
    (folder / "oude-westen-20261202-201500.sqlite").write_bytes(b"earlier backup")
    elsewhere = tmp_path / "elsewhere" / "planted.sqlite"
    (folder / "oude-westen-20261202-201500-2.sqlite").symlink_to(elsewhere)

    chosen = default_backup_path(source, now=MOMENT)

    assert chosen == folder / "oude-westen-20261202-201500-3.sqlite"


def test_a_new_neighbourhood_file_skips_a_file_and_a_dangling_symlink(tmp_path: Path) -> None:
    (tmp_path / "oude-westen.sqlite").write_bytes(b"another neighbourhood")
    (tmp_path / "oude-westen-2.sqlite").symlink_to(tmp_path / "nowhere" / "x.sqlite")

    assert free_path(tmp_path, "Oude Westen") == tmp_path / "oude-westen-3.sqlite"
