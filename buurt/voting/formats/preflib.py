"""PrefLib `.soc/.soi/.toc/.toi` files (www.preflib.org, the 2022 format)."""

from __future__ import annotations

from buurt.voting.ballots import Group, Profile, Ranking
from buurt.voting.errors import BallotFileError
from buurt.voting.formats.text import MAX_COUNT
from buurt.voting.messages import N_

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
    if len(count_text) > 12 or int(count_text) > MAX_COUNT:
        raise BallotFileError(
            N_("{file}, line {line}, column {column}: the count {value} is above {max}."),
            {"value": count_text[:24], "max": MAX_COUNT},
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
