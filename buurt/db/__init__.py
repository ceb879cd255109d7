"""Storage: tables (`models`), the database opener (`database`), column types (`types`)."""

from buurt.db.database import Database, open_database

__all__ = ["Database", "open_database"]
