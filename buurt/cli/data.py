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
from buurt.cli.target import (
    NeighbourhoodOption,
    TargetArgument,
    is_url,
    open_target,
    shown_target,
    target_of,
)
from buurt.errors import FileProblem, InputError
from buurt.i18n import _, ngettext

if TYPE_CHECKING:
    from buurt.services import Database
    from buurt.services.csv_import import ImportReport

FileArgument = TargetArgument


def _actor() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "")


@contextmanager
def _opened(
    file: str,
    lang: str | None,
    neighbourhood: str | None = None,
    *,
    readonly: bool | None = None,
) -> Iterator[Database]:
    """Open an existing neighbourhood (file or URL) and speak its language (unless --lang)."""
    from buurt.services.neighbourhood import find_neighbourhood

    use_language(lang)
    db = open_target(file, neighbourhood, readonly=readonly, actor=_actor())
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
    neighbourhood: NeighbourhoodOption = None,
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
    """Copy FILE safely, even while buurt has it open. With a URL: a pg_dump of the
    neighbourhood's schema (default: backups/ in the current folder)."""
    use_language(lang)
    if is_url(file):
        from buurt.services.server_backup import dump_neighbourhood

        made = dump_neighbourhood(file, _named(file, neighbourhood), dest)
    else:
        from buurt.services.backup import make_backup

        made = make_backup(Path(target_of(file, neighbourhood)), dest)
    _say(_("Backup written to {file}.").format(file=made))
    return 0


def _named(file: str, neighbourhood: str | None) -> str:
    """The neighbourhood a command on a city database is about: --neighbourhood, or the schema
    in the URL."""
    from buurt.db.server import parse_url, schema_in_url

    name = neighbourhood or schema_in_url(parse_url(file))
    if name is None:
        raise InputError(_("Name the neighbourhood with --neighbourhood NAME."))
    return name


@app.command("restore")
def restore_command(
    backup: Annotated[Path, typer.Argument(help="The backup to restore.", show_default=False)],
    file: FileArgument,
    neighbourhood: NeighbourhoodOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists (a copy of it is kept).")
    ] = False,
    lang: LangOption = None,
) -> int:
    """Put the neighbourhood of BACKUP into FILE. The backup is checked first; an existing FILE
    is only replaced with --force, after a copy of it is kept in backups/. With a URL: BACKUP
    is a dump made by `buurt backup URL`, restored with pg_restore."""
    use_language(lang)
    if is_url(file):
        from buurt.services.server_backup import restore_neighbourhood

        schema, kept = restore_neighbourhood(backup, file, force=force)
        _say(
            _("The neighbourhood '{schema}' in {url} restored from {backup}.").format(
                schema=schema, url=shown_target(file), backup=backup
            )
        )
        if kept is not None:
            _say(_("What it held before was kept as {copy}.").format(copy=kept))
        return 0
    from buurt.services.backup import restore_backup

    report = restore_backup(backup, Path(target_of(file, neighbourhood)), force=force)
    _say(_("{file} restored from {backup}.").format(file=report.target, backup=backup))
    if report.replaced_copy is not None:
        _say(_("What it held before was kept as {copy}.").format(copy=report.replaced_copy))
    return 0


@app.command("verify")
def verify_command(
    file: FileArgument, neighbourhood: NeighbourhoodOption = None, lang: LangOption = None
) -> int:
    """Check that FILE is what was written: recompute the audit trail's chain of hashes and
    count every vote again from its ballots. Exit code 1 at the first difference."""
    from buurt.services.integrity import verify

    with _opened(file, lang, neighbourhood, readonly=True) as db:
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
        if vote.note:
            _say(vote.note)
        elif vote.ok:
            _say(
                _("Vote {id} ({title}): counted again, same result.").format(
                    id=vote.vote_id, title=vote.title
                )
            )
        else:
            _say(vote.reason)
    if not report.intact:
        print(
            _("{file} does not match what was written; see above.").format(file=shown_target(file)),
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

    with _opened(file, lang, neighbourhood) as db:
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
        _say(_("Dry run: nothing was changed."))
    else:
        _say(_("Imported into {file}.").format(file=shown_target(file)))
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

    with _opened(file, lang, neighbourhood, readonly=True) as db:
        chosen = sum((as_json, member is not None, contacts))
        if chosen != 1:
            raise InputError(_("Choose one of --json, --member NAME or --contacts."))
        if as_json:
            text = transfer.export_json(db)
        elif member is not None:
            text = transfer.member_data_json(db, member)
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
    db = open_database(file, create=True, actor=_actor())
    try:
        counts = import_json(db, data, str(export))
    except BaseException:
        db.close()
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{file}{suffix}").unlink(missing_ok=True)
        raise
    db.close()
    _say(
        _("{file} made from {export}: {rows} rows.").format(
            file=file, export=export, rows=sum(counts.values())
        )
    )
    return 0


@app.command("forget")
def forget_command(
    file: FileArgument,
    member: Annotated[
        str, typer.Option("--member", help="The member whose personal data is erased.")
    ],
    neighbourhood: NeighbourhoodOption = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", help="Also replace every likely mention found, without asking one by one."
        ),
    ] = False,
    purge_backups: Annotated[
        bool,
        typer.Option(
            "--purge-backups",
            help="Delete buurt's own backups that still hold the member (after listing them).",
        ),
    ] = False,
    lang: LangOption = None,
) -> int:
    """Erase a member's personal data (AVG/GDPR): the name becomes a pseudonym, contact details
    and consents are removed, ballots are unlinked; counts and minutes stay valid. Audited."""
    from buurt.services.backup import copies_elsewhere, copies_holding, own_backups, purge
    from buurt.services.forget import forget_member, forget_plan

    with _opened(file, lang, neighbourhood) as db:
        plan = forget_plan(db, member)
        confirmed = []
        asking = bool(plan.likely) and not yes and sys.stdin.isatty()
        for mention in plan.likely if asking else []:
            question = _('{table} {id}, {field}: "{excerpt}". Is "{word}" {name}?').format(
                table=mention.table,
                id=mention.row_id,
                field=mention.field,
                excerpt=mention.excerpt,
                word=mention.text,
                name=plan.name,
            )
            if typer.confirm(question, default=False):
                confirmed.append(mention)
        report = forget_member(db, plan.member_id, also_likely=yes, confirmed=confirmed)
        path = db.path
    _say(
        _(
            "{name} is now {pseudonym}: {ballots} ballots unlinked, {texts} texts and "
            "{events} audit events rewritten."
        ).format(
            name=plan.name,
            pseudonym=report.pseudonym,
            ballots=report.ballots_unlinked,
            texts=report.texts_changed,
            events=report.events_rewritten,
        )
    )
    if report.likely and not asking:
        _say(_("Left as they are (ordinary words that may also be the name; --yes replaces):"))
        for mention in report.likely:
            _say(
                "  "
                + _("{table} {id}, {field}: {excerpts}").format(
                    table=mention.table,
                    id=mention.row_id,
                    field=mention.field,
                    excerpts=mention.excerpt,
                )
            )
    if path is None:
        return 0
    own = copies_holding(own_backups(path), plan.traces)
    elsewhere = copies_holding(copies_elsewhere(path), plan.traces)
    if own:
        _say(_("buurt's own backups that still hold {name}:").format(name=plan.name))
        for copy in own:
            _say(f"  {copy}")
        if purge_backups:
            for copy in purge(own):
                _say("  " + _("deleted {file}").format(file=copy))
        else:
            _say(_("Add --purge-backups to delete them: the erasure is complete only then."))
    if elsewhere:
        _say(_("Copies you made yourself still hold {name}; delete them:").format(name=plan.name))
        for copy in elsewhere:
            _say(f"  {copy}")
    if not own and not elsewhere:
        _say(_("No backup that buurt knows of holds {name}.").format(name=plan.name))
    return 0


@app.command("retention")
def retention_command(
    file: FileArgument,
    neighbourhood: NeighbourhoodOption = None,
    apply: Annotated[
        bool, typer.Option("--apply", help="Anonymise what is listed (one audited change).")
    ] = False,
    lang: LangOption = None,
) -> int:
    """List what is older than the neighbourhood's retention period (people who left, texts
    with personal data) and, with --apply, anonymise it."""
    from buurt.services.retention import apply_retention, retention_plan

    with _opened(file, lang, neighbourhood) as db:
        plan = apply_retention(db) if apply else retention_plan(db)
    if plan.years == 0:
        _say(_("Retention is off for this neighbourhood (set a number of years to use it)."))
        return 0
    if not plan.items:
        _say(
            _("Nothing is older than {years} years: nothing to anonymise.").format(years=plan.years)
        )
        return 0
    _say(
        _("Older than {years} years (periods up to {horizon}):").format(
            years=plan.years, horizon=plan.horizon
        )
    )
    for item in plan.members:
        _say("  " + _("member {name} (left {day})").format(name=item.label, day=item.dated))
    for item in plan.texts:
        _say(
            "  "
            + _("{table} {id}, {field}: {excerpts}").format(
                table=item.table,
                id=item.row_id,
                field=item.field,
                excerpts=", ".join(item.excerpts),
            )
        )
    if plan.applied:
        _say(_("Anonymised."))
    else:
        _say(_("Nothing was changed; add --apply to anonymise this."))
    return 0
