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

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from buurt import voting
from buurt.db.database import Database
from buurt.db.enums import MemberKind, MemberRole, ProblemSource, VoteStatus
from buurt.db.models import Category, Member, Organisation, Problem
from buurt.errors import FileProblem, InputError
from buurt.i18n import N_, _, catalog
from buurt.services import audit, members, problems, votes
from buurt.services.base import ReadModel, parse_date
from buurt.services.privacy import PrivacyWarning, known_names, scan_text
from buurt.voting import formats

Kind = Literal["members", "problems", "ballots"]
KINDS: tuple[Kind, ...] = ("members", "problems", "ballots")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_BYTES = 20 * 1024 * 1024


class ImportRow(ReadModel):
    """One row of the file and what the import does with it."""

    line: int
    outcome: str  # "add", "skip" or "refuse"
    label: str = ""
    column: str = ""
    reason: str = ""
    warnings: list[PrivacyWarning] = []


class ImportReport(ReadModel):
    """What an import did (or, in a dry run or when rows were refused, would do)."""

    file: str
    kind: str
    dry_run: bool
    applied: bool
    rows: list[ImportRow]
    ignored_columns: list[str] = []

    @property
    def added(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome == "add"]

    @property
    def skipped(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome == "skip"]

    @property
    def refused(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome == "refuse"]

    @property
    def warnings(self) -> list[tuple[int, PrivacyWarning]]:
        return [(r.line, w) for r in self.rows for w in r.warnings]


# -- reading the table -------------------------------------------------------------------------


@dataclass
class Table:
    """A CSV file as header cells and rows, each row with the line it starts on."""

    name: str
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    delimiter: str = ";"


def _engine_error(error: voting.VotingError) -> InputError:
    """The engine's sentence as an InputError that locates the problem in the file."""
    line = getattr(error, "line", None)
    column = getattr(error, "column", None)
    params = dict(error.params)
    # The file's line and column are the error's own attributes (a re-raised error may still
    # carry the placeholder of the row it was first raised for).
    if line is not None and "line" in params:
        params["line"] = line
    if column is not None and "column" in params:
        params["column"] = column
    return InputError(
        votes.engine_message(voting.Message(error.template, params)),
        line=line,
        column=None if column is None else str(column),
    )


def decode_text(data: bytes, name: str) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else Windows-1252."""
    if len(data) > MAX_BYTES:
        raise InputError(
            _("{file} is too large to import (more than {mb} MB).").format(
                file=name, mb=MAX_BYTES // (1024 * 1024)
            )
        )
    try:
        return formats.decode(data, name)
    except voting.BallotFileError as error:
        raise _engine_error(error) from None


def _delimiter(line: str) -> str:
    counts = dict.fromkeys((";", ",", "\t"), 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    return best if counts[best] else ";"


def read_table(data: bytes, name: str, *, delimiter: str | None = None) -> Table:
    """Read a CSV file into a `Table`; blank rows are dropped. Refuses (InputError) a file
    that is not text, is empty, or whose quotes do not match."""
    text = decode_text(data, name)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise InputError(_("{file} is empty.").format(file=name), line=1)
    sep = delimiter or _delimiter(lines[first])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    rows: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
    except csv.Error as error:
        raise InputError(
            _("{file}, line {line}: this line cannot be read as CSV ({reason}).").format(
                file=name, line=previous + 1, reason=error
            ),
            line=previous + 1,
        ) from None
    if not rows:
        raise InputError(_("{file} is empty.").format(file=name), line=1)
    (header_line, header), *body = rows
    return Table(name=name, header=header, header_line=header_line, rows=body, delimiter=sep)


def _key(header: str) -> str:
    """A header cell reduced to letters and digits: "E-mail adres" -> "emailadres"."""
    return re.sub(r"[^0-9a-z]", "", header.strip().lower())


# Header names (reduced by `_key`) for each field, Dutch and English.
MEMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("naam", "name", "volledigenaam", "fullname", "lid", "member"),
    "kind": ("soort", "kind", "type", "bewonerofprofessional", "residentorprofessional"),
    "role": ("rol", "role", "functieincommissie"),
    "organisation": ("organisatie", "organisation", "organization", "org", "instantie"),
    "function": ("functie", "function", "job", "jobtitle"),
    "email": ("email", "emailadres", "emailaddress", "mail", "mailadres"),
    "phone": ("telefoon", "phone", "tel", "telefoonnummer", "phonenumber", "mobiel", "mobile"),
    "joined_on": ("lidsinds", "joined", "joinedon", "membersince", "sinds"),
    "consent_contact_on": (
        "toestemmingcontact",
        "toestemmingcontactlijst",
        "consentcontact",
        "consentcontactlist",
    ),
    "consent_public_name_on": (
        "toestemmingpubliek",
        "toestemmingnaam",
        "toestemmingnaaminverslag",
        "consentpublic",
        "consentpublicname",
        "consentname",
    ),
}
PROBLEM_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("titel", "title", "probleem", "problem", "onderwerp", "subject"),
    "description": ("omschrijving", "description", "beschrijving", "toelichting", "details"),
    "category": ("categorie", "category", "soort", "type"),
    "street": ("straat", "street", "straatnaam"),
    "location_detail": ("locatie", "location", "plek", "place", "waar", "where"),
    "source": ("bron", "source", "herkomst"),
    "raised_by": ("ingebrachtdoor", "raisedby", "gemelddoor", "reportedby", "door"),
    "logged_on": ("datum", "date", "gemeldop", "loggedon", "ingebrachtop", "gemeld"),
}
MEMBER_LABELS = {
    "name": N_("name"),
    "kind": N_("kind"),
    "role": N_("role"),
    "organisation": N_("organisation"),
    "function": N_("function"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "joined_on": N_("member since"),
    "consent_contact_on": N_("consent contact list"),
    "consent_public_name_on": N_("consent public name"),
}
KIND_VALUES = {
    "bewoner": MemberKind.RESIDENT,
    "resident": MemberKind.RESIDENT,
    "b": MemberKind.RESIDENT,
    "r": MemberKind.RESIDENT,
    "professional": MemberKind.PROFESSIONAL,
    "prof": MemberKind.PROFESSIONAL,
    "p": MemberKind.PROFESSIONAL,
}
ROLE_VALUES = {
    "voorzitter": MemberRole.CHAIR,
    "chair": MemberRole.CHAIR,
    "secretaris": MemberRole.SECRETARY,
    "secretary": MemberRole.SECRETARY,
    "lid": MemberRole.MEMBER,
    "member": MemberRole.MEMBER,
    "": MemberRole.MEMBER,
}
SOURCE_VALUES = {
    "vergadering": ProblemSource.MEETING,
    "bijeenkomst": ProblemSource.MEETING,
    "meeting": ProblemSource.MEETING,
    "bewoner": ProblemSource.RESIDENT,
    "resident": ProblemSource.RESIDENT,
    "professional": ProblemSource.PROFESSIONAL,
    "melding": ProblemSource.REPORT,
    "report": ProblemSource.REPORT,
    "enquete": ProblemSource.SURVEY,
    "enquête": ProblemSource.SURVEY,
    "survey": ProblemSource.SURVEY,
    "anders": ProblemSource.OTHER,
    "overig": ProblemSource.OTHER,
    "other": ProblemSource.OTHER,
    "": ProblemSource.OTHER,
}
YES = frozenset({"ja", "yes", "j", "y", "x", "waar", "true", "1"})
NO = frozenset({"nee", "no", "n", "onwaar", "false", "0", ""})


class RowRefused(Exception):
    """A row that cannot be imported: `reason` (translated), in `column` (the file's header)."""

    def __init__(self, reason: str, column: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column


def _columns(table: Table, wanted: dict[str, tuple[str, ...]]) -> tuple[dict[str, int], list[str]]:
    """Which column holds which field; the header cells that are ignored."""
    found: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(table.header):
        key = _key(cell)
        fields = [f for f, names in wanted.items() if key in names and f not in found]
        if not key:
            if cell.strip():
                ignored.append(cell.strip())
            continue
        if not fields:
            if any(key in names for names in wanted.values()):
                raise InputError(
                    _("{file}, line {line}: the column {column} appears twice.").format(
                        file=table.name, line=table.header_line, column=cell.strip()
                    ),
                    line=table.header_line,
                    column=cell.strip(),
                )
            ignored.append(cell.strip())
            continue
        found[fields[0]] = index
    return found, ignored


def _require_column(table: Table, found: dict[str, int], field_name: str, names: str) -> None:
    if field_name not in found:
        raise InputError(
            _("{file}: the header has no column {names}; found: {header}.").format(
                file=table.name,
                names=names,
                header=", ".join(c.strip() for c in table.header if c.strip()) or "-",
            ),
            line=table.header_line,
        )


def _cells(
    table: Table, cells: list[str], found: dict[str, int], line: int
) -> tuple[dict[str, str], dict[str, str]]:
    """A row as {field: text} and {field: the header of its column}."""
    if len(cells) > len(table.header) and any(c.strip() for c in cells[len(table.header) :]):
        raise RowRefused(
            _("this row has {cells} cells but the header has {columns}.").format(
                cells=len(cells), columns=len(table.header)
            )
        )
    values = {f: (cells[i].strip() if i < len(cells) else "") for f, i in found.items()}
    headers = {f: table.header[i].strip() for f, i in found.items()}
    return values, headers


def _date(value: str, column: str) -> date | None:
    text = value.strip().split(" ")[0].split("T")[0]
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        raise RowRefused(str(error), column) from None


def _consent(value: str, column: str, today: date) -> date | None:
    lowered = value.strip().lower()
    if lowered in YES:
        return today
    if lowered in NO:
        return None
    return _date(value, column)


# -- the import ---------------------------------------------------------------------------------


class _Rollback(Exception):
    """Raised inside the import's transaction to leave the file as it was."""


@dataclass
class _Run:
    """The state of one import while its rows are handled."""

    db: Database
    session: Session
    table: Table
    rows: list[ImportRow] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)

    def scan(self, *texts: str) -> list[PrivacyWarning]:
        return [
            w
            for text in texts
            if text
            for w in scan_text(text, self.names, known_phrases=self.known)
        ]


def import_csv(
    db: Database,
    kind: str,
    data: bytes,
    name: str = "<csv>",
    *,
    vote_id: int | None = None,
    dry_run: bool = False,
    today: date | None = None,
) -> ImportReport:
    """Import `data` (the bytes of a CSV file called `name`) as members, problems or ballots.

    Returns the report of every row. Nothing is written when `dry_run` is set or when any row
    is refused. Raises `InputError` for a file that cannot be read at all (not text, no
    header, a required column missing, quotes that do not match, an unknown vote)."""
    if kind not in KINDS:
        raise InputError(
            _("Unknown kind of import '{kind}': choose members, problems or ballots.").format(
                kind=kind
            )
        )
    if kind == "ballots" and vote_id is None:
        raise InputError(_("Say which vote the ballots are for (--vote ID)."), field="vote_id")
    day = today or date.today()
    table = read_table(
        data, name, delimiter=_ballot_delimiter(data, name) if kind == "ballots" else None
    )
    handlers: dict[str, Callable[[_Run], list[str]]] = {
        "members": lambda run: _import_members(run, day),
        "problems": lambda run: _import_problems(run),
        "ballots": lambda run: _import_ballots(run, data, vote_id or 0),
    }
    names, known = known_names(db)
    rows: list[ImportRow] = []
    ignored: list[str] = []
    applied = False
    try:
        with db.transaction() as session:
            run = _Run(db=db, session=session, table=table, names=names, known=known)
            ignored = handlers[kind](run)
            rows = run.rows
            refused = [r for r in rows if r.outcome == "refuse"]
            if dry_run or refused:
                raise _Rollback
            added = [r for r in rows if r.outcome == "add"]
            audit.record(
                session,
                actor=db.actor,
                action="import",
                entity=kind,
                summary=name,
                after={
                    "file": name,
                    "added": len(added),
                    "skipped": len(rows) - len(added),
                    **({"vote": vote_id} if vote_id is not None else {}),
                },
            )
            applied = True
    except _Rollback:
        applied = False
    return ImportReport(
        file=name,
        kind=kind,
        dry_run=dry_run,
        applied=applied,
        rows=rows,
        ignored_columns=ignored,
    )


def _each_row(run: _Run) -> Iterator[tuple[int, list[str]]]:
    yield from run.table.rows


def _attempt(run: _Run, line: int, label: str, write: Callable[[], object]) -> bool:
    """Write one row inside a savepoint: a refusal undoes only that row. True when written."""
    try:
        with run.session.begin_nested():
            write()
    except InputError as error:
        run.rows.append(
            ImportRow(
                line=line,
                outcome="refuse",
                label=label,
                column=error.field or "",
                reason=error.message,
            )
        )
        return False
    return True


# -- members ------------------------------------------------------------------------------------


def _import_members(run: _Run, today: date) -> list[str]:
    found, ignored = _columns(run.table, MEMBER_COLUMNS)
    _require_column(run.table, found, "name", "naam/name")
    session = run.session
    taken = {n.lower() for n in session.exec(select(Member.name))}
    organisations = {
        o.name.lower(): o.id for o in session.exec(select(Organisation)) if o.id is not None
    }
    for line, cells in _each_row(run):
        label = ""
        try:
            values, headers = _cells(run.table, cells, found, line)
            label = values.get("name", "")
            if not label:
                raise RowRefused(_("the name is empty."), headers.get("name", ""))
            if label.lower() in taken:
                run.rows.append(
                    ImportRow(
                        line=line,
                        outcome="skip",
                        label=label,
                        reason=_("there is already a member called {name}.").format(name=label),
                    )
                )
                continue
            record = _member_record(values, headers, today)
        except RowRefused as refused:
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="refuse",
                    label=label,
                    column=refused.column,
                    reason=refused.reason,
                )
            )
            continue
        organisation = values.get("organisation", "")
        warnings = run.scan(values.get("function", ""))

        def write(record: dict[str, Any] = record, organisation: str = organisation) -> None:
            if organisation:
                if organisation.lower() not in organisations:
                    made = members.add_organisation(run.db, {"name": organisation})
                    organisations[organisation.lower()] = made.id
                record["organisation_id"] = organisations[organisation.lower()]
            members.add_member(run.db, record)

        if _attempt(run, line, label, write):
            taken.add(label.lower())
            run.rows.append(ImportRow(line=line, outcome="add", label=label, warnings=warnings))
        elif run.rows[-1].column:
            field_name = run.rows[-1].column
            column = headers.get(field_name, _(MEMBER_LABELS.get(field_name, field_name)))
            run.rows[-1] = run.rows[-1].model_copy(update={"column": column})
    return ignored


def _member_record(values: dict[str, str], headers: dict[str, str], today: date) -> dict[str, Any]:
    kind_text = values.get("kind", "").lower()
    if kind_text and kind_text not in KIND_VALUES:
        raise RowRefused(
            _("unknown kind '{value}'; use bewoner (resident) or professional.").format(
                value=values["kind"]
            ),
            headers["kind"],
        )
    kind = KIND_VALUES.get(kind_text, MemberKind.RESIDENT)
    role_text = values.get("role", "").lower()
    if role_text not in ROLE_VALUES:
        raise RowRefused(
            _("unknown role '{value}'; use voorzitter, secretaris or lid.").format(
                value=values["role"]
            ),
            headers["role"],
        )
    record: dict[str, Any] = {
        "name": values["name"],
        "kind": kind.value,
        "role": ROLE_VALUES[role_text].value,
        "function": values.get("function", ""),
        "email": values.get("email", ""),
        "phone": values.get("phone", ""),
        "joined_on": _date(values.get("joined_on", ""), headers.get("joined_on", "")),
        "consent_contact_on": _consent(
            values.get("consent_contact_on", ""), headers.get("consent_contact_on", ""), today
        ),
        "consent_public_name_on": _consent(
            values.get("consent_public_name_on", ""),
            headers.get("consent_public_name_on", ""),
            today,
        ),
    }
    return record


# -- problems -----------------------------------------------------------------------------------


def _category_lookup(session: Session) -> dict[str, int]:
    table: dict[str, int] = {}
    dutch = catalog("nl")
    for category in session.exec(select(Category)):
        if category.id is None:
            continue
        for text in (
            category.code or "",
            category.name,
            _(category.name),
            dutch.get(category.name, ""),
        ):
            if text:
                table.setdefault(text.strip().lower(), category.id)
    return table


def _import_problems(run: _Run) -> list[str]:
    found, ignored = _columns(run.table, PROBLEM_COLUMNS)
    _require_column(run.table, found, "title", "titel/title")
    session = run.session
    categories = _category_lookup(session)
    people = {m.name.lower(): m.id for m in session.exec(select(Member)) if m.id is not None}
    existing = {
        (title.lower(), street.lower())
        for title, street in session.exec(select(Problem.title, Problem.street))
    }
    for line, cells in _each_row(run):
        label = ""
        try:
            values, headers = _cells(run.table, cells, found, line)
            label = values.get("title", "")
            if not label:
                raise RowRefused(_("the title is empty."), headers.get("title", ""))
            street = values.get("street", "")
            if (label.lower(), street.lower()) in existing:
                run.rows.append(
                    ImportRow(
                        line=line,
                        outcome="skip",
                        label=label,
                        reason=_("the same problem is already logged for this street."),
                    )
                )
                continue
            record = _problem_record(values, headers, categories, people)
        except RowRefused as refused:
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="refuse",
                    label=label,
                    column=refused.column,
                    reason=refused.reason,
                )
            )
            continue
        warnings = run.scan(label, values.get("description", ""), values.get("location_detail", ""))
        if _attempt(run, line, label, partial(problems.add_problem, run.db, record)):
            existing.add((label.lower(), street.lower()))
            run.rows.append(ImportRow(line=line, outcome="add", label=label, warnings=warnings))
        elif run.rows[-1].column:
            field_name = run.rows[-1].column
            key = {"category_id": "category", "raised_by_id": "raised_by"}.get(
                field_name, field_name
            )
            run.rows[-1] = run.rows[-1].model_copy(update={"column": headers.get(key, key)})
    return ignored


def _problem_record(
    values: dict[str, str],
    headers: dict[str, str],
    categories: dict[str, int],
    people: dict[str, int],
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "title": values["title"],
        "description": values.get("description", ""),
        "street": values.get("street", ""),
        "location_detail": values.get("location_detail", ""),
    }
    category = values.get("category", "")
    if category:
        if category.lower() not in categories:
            raise RowRefused(
                _("unknown category '{value}'.").format(value=category), headers["category"]
            )
        record["category_id"] = categories[category.lower()]
    source = values.get("source", "").lower()
    if source not in SOURCE_VALUES:
        raise RowRefused(
            _(
                "unknown source '{value}'; use vergadering, bewoner, professional, melding, "
                "enquête or anders."
            ).format(value=values["source"]),
            headers["source"],
        )
    record["source"] = (
        SOURCE_VALUES[source] if "source" in values else ProblemSource.MEETING
    ).value
    raised_by = values.get("raised_by", "")
    if raised_by:
        if raised_by.lower() not in people:
            raise RowRefused(
                _("there is no member called {name}.").format(name=raised_by),
                headers["raised_by"],
            )
        record["raised_by_id"] = people[raised_by.lower()]
    logged = _date(values.get("logged_on", ""), headers.get("logged_on", ""))
    if logged is not None:
        record["logged_at"] = datetime.combine(logged, time(12), AMSTERDAM).astimezone(UTC)
    return record


# -- ballots ------------------------------------------------------------------------------------


def _ballot_delimiter(data: bytes, name: str) -> str:
    """The separator as the engine's reader picks it (so both read the same cells)."""
    text = decode_text(data, name)
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") > header.count(",") else ","


def _import_ballots(run: _Run, data: bytes, vote_id: int) -> list[str]:
    """Ballots into an open vote: the engine reads and checks the whole file first; each row
    is then cast for the member in its voter column (who may vote once)."""
    try:
        formats.parse_ballots(data, run.table.name, "csv")
    except voting.BallotFileError as error:
        raise _engine_error(error) from None
    except voting.VotingError as error:
        raise _engine_error(error) from None
    vote = votes.get_vote(run.db, vote_id)
    if vote.status != VoteStatus.OPEN.value:
        raise InputError(_("This vote is not open for ballots."))
    table = run.table
    keys = [cell.strip().lower() for cell in table.header]
    voter_col = next((i for i, k in enumerate(keys) if k in formats.VOTER_HEADERS), None)
    count_col = next((i for i, k in enumerate(keys) if k in formats.COUNT_HEADERS), None)
    group_col = next((i for i, k in enumerate(keys) if k in formats.GROUP_HEADERS), None)
    if voter_col is None:
        raise InputError(
            _(
                "{file}: the header has no voter column; each ballot must say which member "
                "cast it (for a secret vote only the fact that they voted is kept)."
            ).format(file=table.name),
            line=table.header_line,
        )
    by_label = {c.label.strip().lower(): c.id for c in vote.candidates}
    candidate_cols: dict[int, int] = {}
    for index, cell in enumerate(table.header):
        if index in (voter_col, count_col, group_col):
            continue
        candidate = by_label.get(cell.strip().lower())
        if candidate is None:
            raise InputError(
                _("{file}, line {line}: {candidate} is not a candidate in this vote.").format(
                    file=table.name, line=table.header_line, candidate=cell.strip()
                ),
                line=table.header_line,
                column=cell.strip(),
            )
        candidate_cols[index] = candidate
    eligible = {v.name.lower(): v for v in votes.voters(run.db, vote_id)}
    seen: set[int] = set()
    for line, cells in table.rows:
        voter_name = cells[voter_col].strip() if voter_col < len(cells) else ""
        header = table.header[voter_col].strip()
        if not voter_name:
            run.rows.append(
                ImportRow(
                    line=line, outcome="refuse", column=header, reason=_("the voter is empty.")
                )
            )
            continue
        if (
            count_col is not None
            and count_col < len(cells)
            and cells[count_col].strip() not in ("", "1")
        ):
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="refuse",
                    label=voter_name,
                    column=table.header[count_col].strip(),
                    reason=_("a row with a voter is one ballot; its count must be 1."),
                )
            )
            continue
        voter = eligible.get(voter_name.lower())
        if voter is None:
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="refuse",
                    label=voter_name,
                    column=header,
                    reason=_(
                        "{name} may not vote in this vote (not present, or not a resident)."
                    ).format(name=voter_name),
                )
            )
            continue
        if voter.has_voted or voter.member_id in seen:
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="skip",
                    label=voter.name,
                    reason=_("{name} has already voted.").format(name=voter.name),
                )
            )
            continue
        try:
            ranks = {
                candidate_cols[i]: int(cells[i].strip())
                for i in candidate_cols
                if i < len(cells) and cells[i].strip()
            }
        except ValueError:
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="refuse",
                    label=voter.name,
                    reason=_("a rank is not a whole number."),
                )
            )
            continue
        if _attempt(
            run,
            line,
            voter.name,
            partial(votes.cast_ballot, run.db, vote_id, voter.member_id, ranks),
        ):
            seen.add(voter.member_id)
            run.rows.append(ImportRow(line=line, outcome="add", label=voter.name))
    return []


def import_csv_file(
    db: Database,
    kind: str,
    path: str | Path,
    *,
    vote_id: int | None = None,
    dry_run: bool = False,
    today: date | None = None,
) -> ImportReport:
    """`import_csv` on the file at `path` (a missing file or a folder is one sentence)."""
    file = Path(path).expanduser()
    if not str(path).strip():
        raise InputError(_("Say which CSV file to import."), field="path")
    if file.is_dir():
        raise FileProblem(_("{file} is a folder, not a CSV file.").format(file=file))
    try:
        data = file.read_bytes()
    except OSError as error:
        raise FileProblem(
            _("{file} cannot be read: {reason}").format(file=file, reason=error.strerror)
        ) from None
    return import_csv(db, kind, data, str(file), vote_id=vote_id, dry_run=dry_run, today=today)
