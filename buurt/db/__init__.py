"""Storage: tables (`models`), the database opener (`database`), the open neighbourhood and its
transactions (`transactions`), SQLite's settings and errors (`sqlite_connection`), file checks
that need no SQLAlchemy (`files`), column types (`types`), vocabularies (`enums`).

Import the module you need (`from buurt.db.database import open_database`): importing this
package loads nothing heavy, so the app can paint before SQLAlchemy is loaded.
"""
