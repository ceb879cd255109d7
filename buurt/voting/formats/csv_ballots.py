"""The CSV ballot format of DESIGN.md: reading (a vectorised reader for large plain files)
and writing.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from buurt.voting import fast
from buurt.voting.ballots import Group, Profile, Ranking
from buurt.voting.errors import BallotFileError
from buurt.voting.formats.text import decode, delimiter
from buurt.voting.messages import N_

VOTER_HEADERS = frozenset({"voter", "kiezer", "stemmer"})
GROUP_HEADERS = frozenset({"group", "groep"})
COUNT_HEADERS = frozenset({"count", "aantal"})
GROUP_VALUES: dict[str, Group] = {
    "resident": "resident",
    "bewoner": "resident",
    "professional": "professional",
}
_VOTER, _GROUP, _COUNT = -1, -2, -3
FAST_BYTES = 64 * 1024  # plain CSV files from this size on try the vectorised reader


# -- CSV ------------------------------------------------------------------------------------


def _fast_csv(data: bytes, name: str) -> Profile | None:
    """A large plain CSV file (digits only, no quotes, no voter/group/count column) read by
    numpy; None when the file is not plain or numpy is missing (the exact reader then reads
    it and reports any error)."""
    data = data.removeprefix(codecs.BOM_UTF8)
    if b'"' in data or b"\x00" in data:
        return None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            return None
    end = data.find(b"\n")
    if end <= 0:
        return None
    try:
        header_line = decode(data[:end], name)
    except BallotFileError:
        return None
    if not header_line.strip():
        return None
    sep = delimiter(header_line)
    roles, candidates = _header(header_line.split(sep), 1, name)
    if min(roles) < 0:
        return None
    if not fast.available():
        return None
    table = fast.rank_table(data[end + 1 :], len(candidates), sep)
    return None if table is None else Profile._from_table(candidates, table)


def parse_csv(text: str, name: str = "<ballots>") -> Profile:
    """Parse the CSV ballot format (see the module docstring)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise BallotFileError(
            N_("{file}, line {line}, column {column}: the file is empty."),
            path=name,
            line=1,
            column=1,
        )
    header_line = lines[start]
    sep = delimiter(header_line)
    if '"' in text:
        rows = _quoted_rows(text, sep, name)
        first_row, header, _once = next(rows)
        header_no = int(first_row)
        counted: Iterable[tuple[int | str, list[str], int]] = rows
    else:
        header_no, header = start + 1, header_line.split(sep)
        counted = _plain_rows(lines, start + 1, sep)
    roles, candidates = _header(header, header_no, name)
    merged: dict[tuple[Ranking, Group | None], int] = {}
    ballots = 0
    for where, cells, times in counted:
        try:
            ranking, group, count = _row(cells, roles, candidates, name)
        except BallotFileError as error:
            line = where if isinstance(where, int) else lines.index(where, start + 1) + 1
            raise BallotFileError(
                error.template, error.params, path=name, line=line, column=error.column
            ) from None
        key = (ranking, group)
        merged[key] = merged.get(key, 0) + count * times
        ballots += count * times
    if not ballots:
        raise BallotFileError(
            N_("{file}, line {line}, column {column}: there are no ballots after the header."),
            path=name,
            line=header_no + 1,
            column=1,
        )
    return Profile._from_counts(candidates, merged)


def _plain_rows(
    lines: list[str], first: int, sep: str
) -> Iterator[tuple[int | str, list[str], int]]:
    """Rows of a file without quotes as (line text, cells, repeats): identical lines are
    split and parsed once (the line number is looked up only for an error)."""
    for line, times in Counter(lines[first:]).items():
        if line.strip():
            yield line, line.split(sep), times


def _quoted_rows(text: str, sep: str, name: str) -> Iterator[tuple[int | str, list[str], int]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    previous = 0
    try:
        for row in reader:
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in row) or (row and len(row) > 1):
                yield start, row, 1
    except csv.Error as error:
        raise BallotFileError(
            N_("{file}, line {line}, column {column}: the quotes do not match ({reason})."),
            {"reason": str(error)},
            path=name,
            line=previous + 1,
            column=1,
        ) from None


def _header(header: list[str], line: int, name: str) -> tuple[list[int], list[str]]:
    """The role of each column (candidate index, or voter/group/count) and the candidates."""
    roles: list[int] = []
    candidates: list[str] = []
    for column, raw in enumerate(header, start=1):
        cell = raw.strip()
        key = cell.lower()
        if not cell:
            raise BallotFileError(
                N_("{file}, line {line}, column {column}: this header cell is empty."),
                path=name,
                line=line,
                column=column,
            )
        if key in VOTER_HEADERS:
            role = _VOTER
        elif key in GROUP_HEADERS:
            role = _GROUP
        elif key in COUNT_HEADERS:
            role = _COUNT
        elif cell in candidates:
            raise BallotFileError(
                N_("{file}, line {line}, column {column}: candidate {candidate} appears twice."),
                {"candidate": cell},
                path=name,
                line=line,
                column=column,
            )
        else:
            role = len(candidates)
            candidates.append(cell)
        if role < 0 and role in roles:
            raise BallotFileError(
                N_("{file}, line {line}, column {column}: the column {name} appears twice."),
                {"name": cell},
                path=name,
                line=line,
                column=column,
            )
        roles.append(role)
    if not candidates:
        raise BallotFileError(
            N_("{file}, line {line}, column {column}: the header names no candidates."),
            path=name,
            line=line,
            column=1,
        )
    return roles, candidates


def _row(
    cells: list[str], roles: list[int], candidates: list[str], name: str
) -> tuple[Ranking, Group | None, int]:
    """One CSV row as (ranking, group, count); errors get line 0 (the caller knows the line)."""
    line = 0
    if len(cells) > len(roles):
        raise BallotFileError(
            N_(
                "{file}, line {line}, column {column}: this row has {cells} cells but the "
                "header has {columns}."
            ),
            {"cells": len(cells), "columns": len(roles)},
            path=name,
            line=line,
            column=len(roles) + 1,
        )
    group: Group | None = None
    count = 1
    ranked: list[tuple[int, int]] = []
    for column, cell in enumerate(cells):
        if not cell:
            continue
        role = roles[column]
        if role >= 0:
            if not (cell.isdigit() and cell.isascii()):
                cell = cell.strip()
                if not cell:
                    continue
                if not (cell.isdigit() and cell.isascii()):
                    raise _bad_rank(cell, candidates[role], line, column, name)
            rank = int(cell)
            if rank == 0:
                raise _bad_rank(cell, candidates[role], line, column, name)
            ranked.append((rank, role))
        elif role == _GROUP:
            value = cell.strip().lower()
            if value:
                if value not in GROUP_VALUES:
                    raise BallotFileError(
                        N_(
                            "{file}, line {line}, column {column}: unknown group '{value}'; "
                            "use resident (bewoner) or professional."
                        ),
                        {"value": cell.strip()},
                        path=name,
                        line=line,
                        column=column + 1,
                    )
                group = GROUP_VALUES[value]
        elif role == _COUNT:
            value = cell.strip()
            if value:
                if not (value.isdigit() and value.isascii()) or int(value) == 0:
                    raise BallotFileError(
                        N_(
                            "{file}, line {line}, column {column}: the count '{value}' is not "
                            "a positive whole number."
                        ),
                        {"value": value},
                        path=name,
                        line=line,
                        column=column + 1,
                    )
                count = int(value)
    ranked.sort()
    if len({rank for rank, _c in ranked}) == len(ranked):
        return tuple((c,) for _rank, c in ranked), group, count
    tiers: list[list[int]] = []
    last = None
    for rank, c in ranked:
        if rank == last:
            tiers[-1].append(c)
        else:
            tiers.append([c])
            last = rank
    return tuple(tuple(tier) for tier in tiers), group, count


def _bad_rank(value: str, candidate: str, line: int, column: int, name: str) -> BallotFileError:
    return BallotFileError(
        N_(
            "{file}, line {line}, column {column} ({candidate}): '{value}' is not a rank; "
            "use a whole number from 1 up, or leave the cell empty."
        ),
        {"candidate": candidate, "value": value},
        path=name,
        line=line,
        column=column + 1,
    )


def to_csv(profile: Profile, delimiter: str = ",") -> str:
    """The profile in the CSV ballot format: one row per distinct ballot with its count."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    with_groups = any(e.group is not None for e in profile.entries)
    writer.writerow([*profile.candidates, "count", *(["group"] if with_groups else [])])
    n = len(profile.candidates)
    for entry in profile.entries:
        cells = [""] * n
        for level, tier in enumerate(entry.ranking, start=1):
            for c in tier:
                cells[c] = str(level)
        extra = [entry.group or ""] if with_groups else []
        writer.writerow([*cells, str(entry.count), *extra])
    return out.getvalue()


def write_csv(profile: Profile, path: str | os.PathLike[str], delimiter: str = ",") -> None:
    """Write the profile to `path` as UTF-8 CSV (see `to_csv`), readable by its owner only
    (ballots are a neighbourhood's data, like everything buurt writes)."""
    fd = os.open(Path(path), os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(to_csv(profile, delimiter))
