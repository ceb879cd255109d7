"""The package installs: the wheel built from this tree, installed into a fresh virtual
environment (not editable, no access to the checkout), writes the demo neighbourhood, which
needs the migrations and the demo shipped inside the wheel (as Harlequin's packaging test)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from buurt.db.files import head_revision

ROOT = Path(__file__).resolve().parent.parent
# What a wheel is built from (a copy, so the build leaves nothing in the checkout).
SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "buurt", "migrations"]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy(ROOT / name, source / name)
    (source / "fixtures").mkdir()
    shutil.copy(ROOT / "fixtures" / "demo.yaml", source / "fixtures" / "demo.yaml")
    dist = tmp_path_factory.mktemp("dist")
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), "."], source
    )
    assert built.returncode == 0, built.stderr
    [found] = dist.glob("buurt-*.whl")
    return found


def test_the_wheel_carries_the_migrations_the_demo_and_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "buurt/migrations/env.py" in names
    assert "buurt/migrations/versions/0001_initial_schema.py" in names
    assert "buurt/fixtures/demo.yaml" in names
    assert "buurt/services/privacy/words/not_names.txt" in names
    assert "buurt/locale/nl/LC_MESSAGES/core.po" in names
    assert not any(name.startswith("tests/") for name in names)


def test_the_installed_wheel_writes_a_new_neighbourhood_file(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    # --no-compile: pip would byte-compile every module of every dependency (numpy, textual,
    # phonenumbers...), about two thirds of the install's CPU; `buurt demo` compiles what it uses.
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    installed = _run([*pip, "install", "-q", "--no-compile", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr
    where = _run([str(python), "-c", "import buurt; print(buurt.__file__)"], tmp_path)
    assert where.stdout.startswith(str(venv)), where.stdout  # not the checkout

    demo = _run(
        [str(venv / "bin" / "buurt"), "demo", "--out", "x.sqlite", "--lang", "en"], tmp_path
    )
    assert (demo.returncode, demo.stderr) == (0, "")
    assert demo.stdout == "Demo neighbourhood written to x.sqlite.\n"
    con = sqlite3.connect(tmp_path / "x.sqlite")
    try:
        [(name,)] = con.execute("SELECT name FROM neighbourhood").fetchall()
        [(revision,)] = con.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        con.close()
    assert name == "Oude Westen"
    assert revision == head_revision()  # the installed migrations are the checkout's
