"""Cases 7 and 8: documents never land on a database, a folder, a device or through a dangling
link; an existing file is replaced only with --force; a path buurt did not make is never
removed; a FIFO, a device or an empty file is refused with one sentence, exit code 2."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hostile_cli import cli, digest, one_sentence, program

from buurt.db.files import SQLITE_HEADER


def _is_database(path: Path) -> bool:
    return path.read_bytes()[: len(SQLITE_HEADER)] == SQLITE_HEADER


def test_minutes_out_onto_the_neighbourhood_file_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(demo_path)
    code, _out, err = cli(capsys, "minutes", demo_path, "--format", "md", "--out", demo_path)
    assert code == 2
    assert one_sentence(err)
    assert str(demo_path) in err
    assert digest(demo_path) == before
    assert _is_database(demo_path)


def test_minutes_out_onto_the_neighbourhood_file_is_refused_even_with_force(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(demo_path)
    code, _out, err = cli(
        capsys, "minutes", demo_path, "--format", "html", "--out", demo_path, "--force"
    )
    assert code == 2
    assert one_sentence(err)
    assert digest(demo_path) == before


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_minutes_out_onto_a_journal_of_the_open_file_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    journal = Path(f"{demo_path}{suffix}")
    code, _out, err = cli(
        capsys, "minutes", demo_path, "--format", "md", "--out", journal, "--force"
    )
    assert code == 2
    assert one_sentence(err)
    assert not journal.exists() or not journal.read_bytes().startswith(b"#")


def test_minutes_out_onto_another_sqlite_file_is_refused(
    demo_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(db_path)
    code, _out, err = cli(
        capsys, "minutes", demo_path, "--format", "md", "--out", db_path, "--force"
    )
    assert code == 2
    assert one_sentence(err)
    assert digest(db_path) == before


def test_export_out_onto_the_neighbourhood_file_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(demo_path)
    code, _out, err = cli(capsys, "export", demo_path, "--contacts", "--out", demo_path, "--force")
    assert code == 2
    assert one_sentence(err)
    assert digest(demo_path) == before


def test_an_existing_document_is_replaced_only_with_force(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "verslag.md"
    target.write_text("my own notes\n", encoding="utf-8")
    code, _out, err = cli(capsys, "minutes", demo_path, "--out", target)
    assert code == 2
    assert one_sentence(err)
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    code, _out, _err = cli(capsys, "minutes", demo_path, "--out", target, "--force")
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_document_is_never_written_through_a_dangling_link(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "verslag.md"
    link.symlink_to(tmp_path / "elsewhere" / "x.md")
    code, _out, err = cli(capsys, "minutes", demo_path, "--out", link, "--force")
    assert code == 2
    assert one_sentence(err)
    assert link.is_symlink()
    assert not (tmp_path / "elsewhere").exists()


def test_a_document_onto_a_fifo_is_refused_without_waiting(demo_path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    code, _out, err = program("minutes", demo_path, "--out", fifo, "--force", timeout=60)
    assert code == 2
    assert one_sentence(err)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_verify_on_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "buurt.sqlite"
    os.mkfifo(fifo)
    code, _out, err = program("verify", fifo, timeout=60)
    assert code == 2
    assert one_sentence(err)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def _device(tmp_path: Path) -> Path:
    device = tmp_path / "x.sqlite"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a copy of /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")
    return device


def test_import_into_a_device_node_refuses_and_leaves_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = _device(tmp_path)
    members = tmp_path / "m.csv"
    members.write_text("naam;soort\nAnna;bewoner\n", encoding="utf-8")
    code, _out, err = cli(capsys, "import", device, "members", members)
    assert code == 2
    assert one_sentence(err)
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_import_into_an_empty_file_refuses_and_leaves_it_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "x.sqlite"
    empty.touch()
    members = tmp_path / "m.csv"
    members.write_text("naam;soort\nAnna;bewoner\n", encoding="utf-8")
    code, _out, err = cli(capsys, "import", empty, "members", members)
    assert code == 2
    assert one_sentence(err)
    assert "no neighbourhood" in err
    assert empty.exists()
    assert empty.stat().st_size == 0


@pytest.mark.parametrize(
    "command",
    [("verify",), ("export", "--json"), ("minutes",), ("forget", "--member", "Anna")],
)
def test_every_command_refuses_an_empty_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    empty = tmp_path / "x.sqlite"
    empty.touch()
    code, _out, err = cli(capsys, command[0], empty, *command[1:])
    assert code == 2
    assert one_sentence(err)
    assert "no neighbourhood" in err
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.sqlite"]


def test_import_json_may_fill_an_empty_file(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.json"
    assert cli(capsys, "export", demo_path, "--json", "--out", export)[0] == 0
    empty = tmp_path / "new.sqlite"
    empty.touch()
    code, _out, err = cli(capsys, "import-json", empty, export)
    assert code == 0, err
    assert _is_database(empty)


def test_restore_onto_a_fifo_is_refused_and_leaves_it(demo_path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.sqlite"
    os.mkfifo(fifo)
    code, _out, err = program("restore", demo_path, fifo, "--force", timeout=60)
    assert code == 2
    assert one_sentence(err)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_backup_onto_its_own_file_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(demo_path)
    code, _out, err = cli(capsys, "backup", demo_path, demo_path)
    assert code == 2
    assert one_sentence(err)
    assert digest(demo_path) == before
