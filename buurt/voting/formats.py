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

import codecs
import csv
import io
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal, TypeAlias

from buurt.voting.ballots import Group, Profile, Ranking
from buurt.voting.errors import BallotFileError
from buurt.voting.messages import N_

Kind: TypeAlias = Literal["csv", "preflib"]
PREFLIB_SUFFIXES = (".soc", ".soi", ".toc", ".toi")
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


def read_ballots(path: str | os.PathLike[str], kind: Kind | None = None) -> Profile:
    """Read a ballot file: PrefLib by its suffix (or `kind`), CSV otherwise."""
    name = str(path)
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
    sep = ";" if header_line.count(";") > header_line.count(",") else ","
    roles, candidates = _header(header_line.split(sep), 1, name)
    if min(roles) < 0:
        return None
    from buurt.voting import fast

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
    sep = ";" if header_line.count(";") > header_line.count(",") else ","
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
    """Write the profile to `path` as UTF-8 CSV (see `to_csv`)."""
    Path(path).write_text(to_csv(profile, delimiter), encoding="utf-8")


# -- PrefLib ----------------------------------------------------------------------------------


def parse_preflib(text: str, name: str = "<ballots>") -> Profile:
    """Parse a PrefLib `.soc/.soi/.toc/.toi` file (2022 format)."""
    alternatives: dict[int, str] = {}
    data: list[tuple[int, str]] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            body = line[1:].strip()
            if body.upper().startswith("ALTERNATIVE NAME"):
                _alternative(body, raw, line_no, name, alternatives)
            continue
        data.append((line_no, raw))
    if not alternatives:
        raise BallotFileError(
            N_(
                "{file}, line {line}, column {column}: the file names no candidates "
                "(no '# ALTERNATIVE NAME' lines)."
            ),
            path=name,
            line=1,
            column=1,
        )
    numbers = sorted(alternatives)
    if numbers != list(range(1, len(numbers) + 1)):
        raise BallotFileError(
            N_(
                "{file}, line {line}, column {column}: the alternatives are not numbered "
                "1 to {count}."
            ),
            {"count": len(numbers)},
            path=name,
            line=1,
            column=1,
        )
    candidates = [alternatives[i] for i in numbers]
    merged: dict[tuple[Ranking, Group | None], int] = {}
    for line_no, raw in data:
        ranking, count = _preflib_order(raw, len(candidates), line_no, name)
        key = (ranking, None)
        merged[key] = merged.get(key, 0) + count
    if not merged:
        raise BallotFileError(
            N_("{file}, line {line}, column {column}: there are no ballots after the header."),
            path=name,
            line=len(text.splitlines()) or 1,
            column=1,
        )
    return Profile._from_counts(candidates, merged)


def _alternative(body: str, raw: str, line: int, name: str, into: dict[int, str]) -> None:
    rest = body[len("ALTERNATIVE NAME") :]
    number, colon, label = rest.partition(":")
    number = number.strip()
    label = label.strip()
    if not colon or not number.isdigit() or not label:
        raise BallotFileError(
            N_("{file}, line {line}, column {column}: expected '# ALTERNATIVE NAME i: name'."),
            path=name,
            line=line,
            column=1,
        )
    if int(number) in into or label in into.values():
        raise BallotFileError(
            N_("{file}, line {line}, column {column}: candidate {candidate} appears twice."),
            {"candidate": label},
            path=name,
            line=line,
            column=raw.find(label) + 1,
        )
    into[int(number)] = label


def _preflib_order(raw: str, n: int, line: int, name: str) -> tuple[Ranking, int]:
    count_text, colon, order = raw.partition(":")
    count_text = count_text.strip()
    if not colon or not count_text.isdigit() or int(count_text) == 0:
        raise BallotFileError(
            N_(
                "{file}, line {line}, column {column}: expected 'count: ranking' with a "
                "positive whole count."
            ),
            path=name,
            line=line,
            column=1,
        )
    offset = len(count_text) + raw.index(count_text) + 1
    tiers: list[tuple[int, ...]] = []
    seen: set[int] = set()
    group: list[int] | None = None
    token = ""
    token_at = 0

    def finish(position: int) -> None:
        nonlocal token
        value = token.strip()
        token = ""
        if not value:
            return
        if not value.isdigit() or not 1 <= int(value) <= n:
            raise BallotFileError(
                N_(
                    "{file}, line {line}, column {column}: '{value}' is not an alternative "
                    "number from 1 to {count}."
                ),
                {"value": value, "count": n},
                path=name,
                line=line,
                column=position + 1,
            )
        c = int(value) - 1
        if c in seen:
            raise BallotFileError(
                N_("{file}, line {line}, column {column}: alternative {value} is ranked twice."),
                {"value": value},
                path=name,
                line=line,
                column=position + 1,
            )
        seen.add(c)
        if group is not None:
            group.append(c)
        else:
            tiers.append((c,))

    for i, char in enumerate(order, start=offset):
        if char == "{":
            if group is not None or token.strip():
                raise _braces(line, i, name)
            group = []
        elif char == "}":
            if group is None:
                raise _braces(line, i, name)
            finish(token_at)
            if group:
                tiers.append(tuple(sorted(group)))
            group = None
        elif char == ",":
            finish(token_at)
        else:
            if not token:
                token_at = i
            token += char
    if group is not None:
        raise _braces(line, offset + len(order), name)
    finish(token_at)
    return tuple(tiers), int(count_text)


def _braces(line: int, at: int, name: str) -> BallotFileError:
    return BallotFileError(
        N_("{file}, line {line}, column {column}: the braces of a tie do not match."),
        path=name,
        line=line,
        column=at + 1,
    )
