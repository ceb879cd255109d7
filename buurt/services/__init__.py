"""Use cases: the only door to the data. Screens and commands call these; each write is one
transaction with an audit event. `Database` and `open_database` are re-exported so that the TUI
never imports the storage layer itself."""

from buurt.db.database import Database, open_database

__all__ = ["Database", "open_database"]
