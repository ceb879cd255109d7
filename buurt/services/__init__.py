"""Use cases: the only door to the data. Screens and commands call these; each write is one
transaction with an audit event.

`Database` and `open_database` are offered here so that the TUI never imports the storage layer
itself; they are loaded on first use, so importing a service module's vocabulary (labels) stays
light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from buurt.db.database import Database, open_database


def __getattr__(name: str) -> Any:
    if name in ("Database", "open_database"):
        from buurt.db import database

        return getattr(database, name)
    raise AttributeError(name)


__all__ = ["Database", "open_database"]
