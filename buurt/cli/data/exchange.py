"""`buurt import/export/import-json`: data in from CSV, out as JSON or CSV, and a whole
neighbourhood back from its JSON export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.cli.data.opening import FileArgument, actor, opened, say
from buurt.cli.target import NeighbourhoodOption, shown_target
from buurt.errors import FileProblem, InputError
from buurt.i18n import _, ngettext
from buurt.text import json_escaped

if TYPE_CHECKING:
    from buurt.services.csv_import import ImportReport


def _print_import_report(report: ImportReport) -> None:
    for row in report.rows:
        where = _("line {line}").format(line=row.line)
        if row.column:
            where = _("line {line}, column {column}").format(line=row.line, column=row.column)
        if row.outcome == "add":
            verb = _("add") if report.applied else _("would add")
            say(f"{where}: {verb}: {row.label}")
        elif row.outcome == "skip":
            say(f"{where}: {_('skipped')}: {row.label} ({row.reason})")
        else:
            what = f"{row.label}: " if row.label else ""
            say(f"{where}: {_('refused')}: {what}{row.reason}")
        for warning in row.warnings:
            say("    " + _("privacy: {message}").format(message=warning.message))
    if report.ignored_columns:
        say(
            _("Columns not imported (buurt does not keep them): {columns}.").format(
                columns=", ".join(report.ignored_columns)
            )
        )
    say(
        _("{added} to add, {skipped} skipped, {refused} refused.").format(
            added=len(report.added), skipped=len(report.skipped), refused=len(report.refused)
        )
    )


@app.command("import")
def import_command(
    file: FileArgument,
    kind: Annotated[
        str,
        typer.Argument(help="What the CSV holds: members, problems or ballots.", metavar="KIND"),
    ],
    csv_file: Annotated[
        Path, typer.Argument(help="The CSV file (as Excel saves it).", metavar="CSV")
    ],
    neighbourhood: NeighbourhoodOption = None,
    vote: Annotated[
        int | None, typer.Option("--vote", help="The open vote the ballots are for.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would happen; change nothing.")
    ] = False,
    lang: LangOption = None,
) -> int:
    """Import members, problems or ballots from a CSV file: all rows or none. Each row is
    reported as added, skipped (already there) or refused (line, column, reason), with the
    privacy check's warnings."""
    from buurt.services.csv_import import import_csv_file

    with opened(file, lang, neighbourhood) as db:
        report = import_csv_file(db, kind.strip().lower(), csv_file, vote_id=vote, dry_run=dry_run)
    _print_import_report(report)
    if report.refused:
        print(
            ngettext(
                "Nothing was imported: {n} row was refused; correct it and import again.",
                "Nothing was imported: {n} rows were refused; correct them and import again.",
                len(report.refused),
            ).format(n=len(report.refused)),
            file=sys.stderr,
        )
        raise typer.Exit(2)
    if dry_run:
        say(_("Dry run: nothing was changed."))
    else:
        say(_("Imported into {file}.").format(file=shown_target(file)))
    return 0


def _write_out(text: str, out: Path | None, *, force: bool, protect: Path | None) -> None:
    """Print `text`, or write it to a file readable by its owner only (it holds personal
    data)."""
    if out is None:
        sys.stdout.write(text)
        return
    from buurt.services.output import write_document

    written = write_document(out, text, force=force, protect=[protect], mode=0o600)
    print(_("Written to {file}.").format(file=written), file=sys.stderr)


@app.command("export")
def export_command(
    file: FileArgument,
    neighbourhood: NeighbourhoodOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Everything in the file as JSON (schema-versioned; buurt import-json reads it "
            "back into a new file).",
        ),
    ] = False,
    member: Annotated[
        str | None,
        typer.Option(
            "--member", help="Everything held about one member (an AVG/GDPR access request)."
        ),
    ] = None,
    contacts: Annotated[
        bool,
        typer.Option("--contacts", help="The contact list: only members who consented to it."),
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this new file instead of the screen.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the file given with --out if it exists.")
    ] = False,
    lang: LangOption = None,
) -> int:
    """Export FILE: --json (everything), --member NAME (one person's data) or --contacts."""
    from buurt.services import transfer

    with opened(file, lang, neighbourhood, readonly=True) as db:
        chosen = sum((as_json, member is not None, contacts))
        if chosen != 1:
            raise InputError(_("Choose one of --json, --member NAME or --contacts."))
        if as_json:
            text = json_escaped(transfer.export_json(db))
        elif member is not None:
            text = json_escaped(transfer.member_data_json(db, member))
        else:
            from buurt.services.csv_export import csv_text

            keys = ("name", "organisation", "function", "email", "phone")
            text = csv_text(
                ("naam", "organisatie", "functie", "e-mail", "telefoon"),
                ([row[k] for k in keys] for row in transfer.contact_list(db)),
            )
        protect = db.path
    _write_out(text, out, force=force, protect=protect)
    return 0


@app.command("import-json")
def import_json_command(
    file: Annotated[
        Path, typer.Argument(help="The new neighbourhood file to make.", show_default=False)
    ],
    export: Annotated[
        Path, typer.Argument(help="A file made by buurt export --json.", show_default=False)
    ],
    lang: LangOption = None,
) -> int:
    """Make FILE from an export made by `buurt export --json` (FILE must be new or empty):
    the same neighbourhood, audit trail included."""
    from buurt.services import open_database
    from buurt.services.transfer import import_json

    use_language(lang)
    try:
        data = export.read_bytes()
    except OSError as error:
        raise FileProblem(
            _("{file} cannot be read: {reason}").format(file=export, reason=error.strerror)
        ) from None
    existed = file.exists()
    db = open_database(file, create=True, actor=actor())
    try:
        counts = import_json(db, data, str(export))
    except BaseException:
        db.close()
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{file}{suffix}").unlink(missing_ok=True)
        raise
    db.close()
    say(
        ngettext(
            "{file} made from {export}: {rows} row.",
            "{file} made from {export}: {rows} rows.",
            sum(counts.values()),
        ).format(file=file, export=export, rows=sum(counts.values()))
    )
    return 0
