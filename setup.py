"""Ship the top-level `migrations/` folder and the demo neighbourhood (`fixtures/demo.yaml`)
inside the wheel, as `buurt/migrations/` and `buurt/fixtures/demo.yaml`.

The project keeps both at the top level (DESIGN.md's layout); an installed buurt finds them
inside its package (`buurt.db.files.migrations_dir`, `buurt.services.demo`). Everything else
about the package is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithMigrations(build_py):
    """`build_py` that also copies `migrations/` and the demo into the built package (not for
    an editable install: that one reads them in the checkout)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        root, package = Path(__file__).parent, Path(self.build_lib) / "buurt"
        shutil.copytree(
            root / "migrations",
            package / "migrations",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            dirs_exist_ok=True,
        )
        (package / "fixtures").mkdir(exist_ok=True)
        shutil.copyfile(root / "fixtures" / "demo.yaml", package / "fixtures" / "demo.yaml")


setup(cmdclass={"build_py": BuildWithMigrations})
