"""CSV and ballot files as text: UTF-8 with or without BOM, else Windows-1252 (and the sentence
for bytes that are neither), and the one rule for which separator a CSV file uses.
"""

from __future__ import annotations

import codecs

from buurt.voting.errors import BallotFileError
from buurt.voting.messages import N_


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252; NUL bytes and undefined bytes are errors."""
    data = data.removeprefix(codecs.BOM_UTF8)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _undecodable(data, nul, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _undecodable(data, error.start, name) from None


def _undecodable(data: bytes, at: int, name: str) -> BallotFileError:
    line = data.count(b"\n", 0, at) + 1
    column = at - (data.rfind(b"\n", 0, at) + 1) + 1
    return BallotFileError(
        N_(
            "{file}, line {line}, column {column}: this is not text in UTF-8 or Windows-1252 "
            "(byte {byte})."
        ),
        {"byte": f"0x{data[at]:02X}"},
        path=name,
        line=line,
        column=column,
    )


SEPARATORS = (";", ",", "\t")


def delimiter(header: str) -> str:
    """The separator of a CSV file, from its header line: whichever of semicolon, comma and tab
    occurs most often outside quotes; a semicolon on a tie or when there is none (Dutch
    spreadsheets write semicolons). Every CSV reader of buurt (ballots, members, problems)
    uses this rule, so a file is split the same way wherever it is read."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    return best if counts[best] else ";"


def text_delimiter(text: str) -> str:
    """The separator of a whole CSV text: `delimiter` of its first non-blank line (lines end
    in LF, CRLF or CR, as the ballot reader splits them)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return delimiter(next((line for line in lines if line.strip()), ""))
