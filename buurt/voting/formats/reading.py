"""Reading a ballot file of either kind, by its name or as asked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, TypeAlias

from buurt.voting.ballots import Profile
from buurt.voting.errors import BallotFileError
from buurt.voting.formats.csv_ballots import FAST_BYTES, _fast_csv, parse_csv
from buurt.voting.formats.preflib import parse_preflib
from buurt.voting.formats.text import decode
from buurt.voting.messages import N_

Kind: TypeAlias = Literal["csv", "preflib"]
PREFLIB_SUFFIXES = (".soc", ".soi", ".toc", ".toi")


def read_ballots(path: str | os.PathLike[str], kind: Kind | None = None) -> Profile:
    """Read a ballot file: PrefLib by its suffix (or `kind`), CSV otherwise."""
    name = str(path)
    if Path(path).exists() and not Path(path).is_file():
        # A FIFO would make reading wait forever; a device or a folder holds no ballots.
        raise BallotFileError(N_("{file} is not an ordinary file: it holds no ballots."), path=name)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise BallotFileError(
            N_("{file}: the file cannot be read ({reason})."),
            {"reason": error.strerror or type(error).__name__},
            path=name,
        ) from None
    if kind is None:
        kind = "preflib" if Path(name).suffix.lower() in PREFLIB_SUFFIXES else None
    return parse_ballots(data, name, kind)


def parse_ballots(data: bytes | str, name: str = "<ballots>", kind: Kind | None = None) -> Profile:
    """Parse ballots from bytes or text; `name` is used in error messages.

    Without `kind`, text whose first non-blank line starts with `#` is PrefLib, else CSV.
    """
    if isinstance(data, bytes) and kind != "preflib" and len(data) >= FAST_BYTES:
        profile = _fast_csv(data, name)
        if profile is not None:
            return profile
    text = decode(data, name) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    if kind is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        kind = "preflib" if first.lstrip().startswith("#") else "csv"
    return parse_preflib(text, name) if kind == "preflib" else parse_csv(text, name)
