"""`buurt import/export/backup/restore/verify/forget/retention`: the data-safety commands.

Each command opens the file through the same checks as the app (a bad file is one sentence and
exit code 2, the file untouched) and calls one service; it prints what happened.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.errors import FileProblem
from buurt.i18n import _, ngettext

if TYPE_CHECKING:
    from buurt.services import Database
    from buurt.services.csv_import import ImportReport

FileArgument = Annotated[Path, typer.Argument(help="The neighbourhood file.", show_default=False)]


def _actor() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "")


@contextmanager
def _opened(file: Path, lang: str | None, *, readonly: bool | None = None) -> Iterator[Database]:
    """Open an existing neighbourhood file and speak the file's language (unless --lang)."""
    from buurt.services import open_database
    from buurt.services.neighbourhood import find_neighbourhood

    use_language(lang)
    db = open_database(file, readonly=readonly, actor=_actor())
    try:
        settings = find_neighbourhood(db)
        use_language(lang, settings.language if settings else None)
        yield db
    finally:
        db.close()


def _say(text: str) -> None:
    print(text)


@app.command("backup")
def backup_command(
    file: FileArgument,
    dest: Annotated[
        Path | None,
        typer.Argument(
            help="Where to write the copy (a file or a folder). Default: a timestamped file in "
            "the backups/ folder beside FILE.",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> int:
    """Copy FILE safely, even while buurt has it open."""
    from buurt.services.backup import make_backup

    use_language(lang)
    made = make_backup(file, dest)
    _say(_("Backup written to {file}.").format(file=made))
    return 0


@app.command("restore")
def restore_command(
    backup: Annotated[Path, typer.Argument(help="The backup to restore.", show_default=False)],
    file: FileArgument,
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists (a copy of it is kept).")
    ] = False,
    lang: LangOption = None,
) -> int:
    """Put the neighbourhood of BACKUP into FILE. The backup is checked first; an existing FILE
    is only replaced with --force, after a copy of it is kept in backups/."""
    from buurt.services.backup import restore_backup

    use_language(lang)
    report = restore_backup(backup, file, force=force)
    _say(_("{file} restored from {backup}.").format(file=report.target, backup=backup))
    if report.replaced_copy is not None:
        _say(_("What it held before was kept as {copy}.").format(copy=report.replaced_copy))
    return 0


@app.command("verify")
def verify_command(file: FileArgument, lang: LangOption = None) -> int:
    """Check that FILE is what was written: recompute the audit trail's chain of hashes and
    count every vote again from its ballots. Exit code 1 at the first difference."""
    from buurt.services.integrity import verify

    with _opened(file, lang, readonly=True) as db:
        report = verify(db)
    chain = report.chain
    if chain.first_break is None:
        _say(
            ngettext(
                "Audit trail intact: {n} event checked.",
                "Audit trail intact: {n} events checked.",
                chain.events,
            ).format(n=chain.events)
        )
    else:
        _say(_("Audit trail broken: {reason}").format(reason=chain.first_break.reason))
    for vote in report.votes:
        if vote.ok:
            _say(
                _("Vote {id} ({title}): counted again, same result.").format(
                    id=vote.vote_id, title=vote.title
                )
            )
        else:
            _say(vote.reason)
    if not report.intact:
        print(
            _("{file} does not match what was written; see above.").format(file=file),
            file=sys.stderr,
        )
        raise typer.Exit(1)
    return 0


def _print_import_report(report: ImportReport) -> None:
    for row in report.rows:
        where = _("line {line}").format(line=row.line)
        if row.column:
            where = _("line {line}, column {column}").format(line=row.line, column=row.column)
        if row.outcome == "add":
            verb = _("add") if report.applied else _("would add")
            _say(f"{where}: {verb}: {row.label}")
        elif row.outcome == "skip":
            _say(f"{where}: {_('skipped')}: {row.label} ({row.reason})")
        else:
            what = f"{row.label}: " if row.label else ""
            _say(f"{where}: {_('refused')}: {what}{row.reason}")
        for warning in row.warnings:
            _say("    " + _("privacy: {message}").format(message=warning.message))
    if report.ignored_columns:
        _say(
            _("Columns not imported (buurt does not keep them): {columns}.").format(
                columns=", ".join(report.ignored_columns)
            )
        )
    _say(
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
    from buurt.services.csv_import import import_csv

    with _opened(file, lang) as db:
        try:
            data = csv_file.read_bytes()
        except IsADirectoryError:
            raise FileProblem(
                _("{file} is a folder, not a CSV file.").format(file=csv_file)
            ) from None
        except OSError as error:
            raise FileProblem(
                _("{file} cannot be read: {reason}").format(file=csv_file, reason=error.strerror)
            ) from None
        report = import_csv(
            db,
            kind.strip().lower(),
            data,
            str(csv_file),
            vote_id=vote,
            dry_run=dry_run,
        )
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
        _say(_("Dry run: nothing was changed."))
    else:
        _say(_("Imported into {file}.").format(file=file))
    return 0
