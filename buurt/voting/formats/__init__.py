"""Ballot files: the CSV format of DESIGN.md and PrefLib `.soc/.soi/.toc/.toi`. The engine's
only module with I/O.

**CSV.** UTF-8 with or without BOM, or Windows-1252; comma or semicolon (whichever the header
line has more of). The first (non-blank) line is the header. Optional columns, by header name
in any letter case: `voter` (also `kiezer`, `stemmer`; ignored when counting: ballots are
anonymous), `group` (`groep`; cells `resident`/`bewoner` or `professional`, or empty) and
`count` (`aantal`; a positive whole number, empty means 1). Every other column is a candidate,
named by its header. A cell is a rank: 1 is the first choice, equal numbers are a tie, an empty
cell is unranked. Only the order of the numbers counts. Blank lines are skipped; a row with
fewer cells than the header has its missing cells empty.

**PrefLib** (www.preflib.org, the 2022 format): `# ALTERNATIVE NAME i: name` header lines name
the candidates; each data line is `count: a,b,{c,d},e` (alternative numbers, ties in braces).

A file that cannot be read raises `BallotFileError` naming the file, the line (1-based) and the
column (for CSV the cell number, 1-based; for PrefLib and for bytes that are not text the
character position in the line); nothing is counted.
"""

from __future__ import annotations

from buurt.voting.formats.csv_ballots import (
    COUNT_HEADERS,
    FAST_BYTES,
    GROUP_HEADERS,
    GROUP_VALUES,
    VOTER_HEADERS,
    parse_csv,
    to_csv,
    write_csv,
)
from buurt.voting.formats.preflib import parse_preflib
from buurt.voting.formats.reading import PREFLIB_SUFFIXES, Kind, parse_ballots, read_ballots
from buurt.voting.formats.text import decode, delimiter, text_delimiter

__all__ = [
    "COUNT_HEADERS",
    "FAST_BYTES",
    "GROUP_HEADERS",
    "GROUP_VALUES",
    "PREFLIB_SUFFIXES",
    "VOTER_HEADERS",
    "Kind",
    "decode",
    "delimiter",
    "parse_ballots",
    "parse_csv",
    "parse_preflib",
    "read_ballots",
    "text_delimiter",
    "to_csv",
    "write_csv",
]
