"""Ballot files as text: UTF-8 with or without BOM, else Windows-1252, and the sentence for
bytes that are neither.
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


MAX_COUNT = 1_000_000_000
"""The largest count one line of a ballot file may give (a PrefLib `count:` or a CSV `count`
cell): far above any real election, and small enough that sums stay exact machine numbers."""
