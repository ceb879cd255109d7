"""`buurt FILE` starts the app without Typer (issue 13: faster to the first useful screen); every
other command line still goes through Typer, and both agree on what is a command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from buurt.cli import commands
from buurt.cli.start import COMMANDS, plain_open


def test_the_start_knows_every_command_by_name() -> None:
    registered = typer.main.get_command(commands())
    assert isinstance(registered, typer.core.TyperGroup)
    assert set(registered.commands) == COMMANDS


def test_only_the_plain_form_on_an_existing_file_skips_typer(tmp_path: Path) -> None:
    file = tmp_path / "wijk.sqlite"
    file.write_bytes(b"")
    name = str(file)
    assert plain_open([name]) == (file, None)
    assert plain_open([name, "--lang", "en"]) == (file, "en")
    assert plain_open(["--lang", "xx", name]) == (file, "xx")  # refused by the same sentence
    assert plain_open(["open", name, "--lang", "nl"]) == (file, "nl")  # a browser tab's
    for args in (
        [],
        [str(tmp_path / "missing.sqlite")],  # asks whether to make it
        [name, "--lang"],
        [name, "--lang", "--help"],
        [name, "--lang=en"],
        [name, "--neighbourhood", "Noord"],
        ["--help"],
        ["--version"],
        ["demo"],
        ["tally", name],
        ["open"],
        ["open", "open", name],
        ["postgresql+psycopg://u@h/city"],
        [name, name],
    ):
        assert plain_open(args) is None, args


def test_opening_a_file_loads_neither_typer_nor_other_commands(tmp_path: Path) -> None:
    # An empty file is refused before the app starts: enough to see what the start imported.
    file = tmp_path / "leeg.sqlite"
    file.write_bytes(b"")
    code = (
        "import sys\n"
        "from buurt.cli import run\n"
        f"code = run([{str(file)!r}, '--lang', 'en'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click')"
        " or m.startswith('buurt.cli.') and m != 'buurt.cli.start')\n"
        "print(code, loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "2 []"
    assert "is empty: it holds no neighbourhood" in done.stderr


def test_a_bad_language_is_refused_alike_on_both_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from buurt.cli import run

    file = tmp_path / "wijk.sqlite"
    file.write_bytes(b"")
    assert run([str(file), "--lang", "xx"]) == 2
    plain = capsys.readouterr().err
    assert run(["upgrade", str(file), "--lang", "xx"]) == 2
    assert capsys.readouterr().err == plain
    assert "xx" in plain
