"""Importing members, problems and ballots from CSV files, as Dutch spreadsheets export them.

Files come as they are: semicolon or comma (or tab) separated, UTF-8 with or without BOM or
Windows-1252, dates as dd-mm-jjjj, header names in Dutch or English in any letter case. Every
row is reported: added, skipped (already there, or twice in the file) or refused (with its line,
column and reason). An import is all or nothing: one transaction, and when any row is refused
nothing is written. A dry run goes through exactly the same steps and then rolls back.

Columns buurt does not keep (a home address, a date of birth) are ignored and named in the
report; the privacy check runs on the free text of every row and its warnings are reported.
Ballots go into an open vote through `votes.cast_ballot`, after the vote engine's CSV reader
(`buurt.voting.formats`) has read the whole file.
"""

from __future__ import annotations

from buurt.services.csv_import.importing import KINDS, Kind, import_csv, import_csv_file
from buurt.services.csv_import.member_rows import (
    KIND_VALUES,
    MEMBER_COLUMNS,
    MEMBER_LABELS,
    ROLE_VALUES,
)
from buurt.services.csv_import.problem_rows import AMSTERDAM, PROBLEM_COLUMNS, SOURCE_VALUES
from buurt.services.csv_import.report import ImportReport, ImportRow
from buurt.services.csv_import.table import (
    MAX_BYTES,
    NO,
    YES,
    RowRefused,
    Table,
    decode_text,
    read_table,
)

__all__ = [
    "AMSTERDAM",
    "KINDS",
    "KIND_VALUES",
    "MAX_BYTES",
    "MEMBER_COLUMNS",
    "MEMBER_LABELS",
    "NO",
    "PROBLEM_COLUMNS",
    "ROLE_VALUES",
    "SOURCE_VALUES",
    "YES",
    "ImportReport",
    "ImportRow",
    "Kind",
    "RowRefused",
    "Table",
    "decode_text",
    "import_csv",
    "import_csv_file",
    "read_table",
]
