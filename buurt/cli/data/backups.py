"""`buurt backup/restore/verify`: keep a copy, put it back, check that a file is what was
written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.cli.data.opening import FileArgument, opened, say
from buurt.cli.target import NeighbourhoodOption, is_url, shown_target, target_of
from buurt.errors import InputError
from buurt.i18n import _, ngettext


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
    say(_("Backup written to {file}.").format(file=made))
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
        say(
            _("The neighbourhood '{schema}' in {url} restored from {backup}.").format(
                schema=schema, url=shown_target(file), backup=backup
            )
        )
        if kept is not None:
            say(_("What it held before was kept as {copy}.").format(copy=kept))
        return 0
    from buurt.services.backup import restore_backup

    report = restore_backup(backup, Path(target_of(file, neighbourhood)), force=force)
    say(_("{file} restored from {backup}.").format(file=report.target, backup=backup))
    if report.replaced_copy is not None:
        say(_("What it held before was kept as {copy}.").format(copy=report.replaced_copy))
    return 0


@app.command("verify")
def verify_command(
    file: FileArgument, neighbourhood: NeighbourhoodOption = None, lang: LangOption = None
) -> int:
    """Check that FILE is what was written: recompute the audit trail's chain of hashes and
    count every vote again from its ballots. Exit code 1 at the first difference."""
    from buurt.services.integrity import verify

    with opened(file, lang, neighbourhood, readonly=True) as db:
        report = verify(db)
    chain = report.chain
    if chain.first_break is None:
        say(
            ngettext(
                "Audit trail intact: {n} event checked.",
                "Audit trail intact: {n} events checked.",
                chain.events,
            ).format(n=chain.events)
        )
    else:
        say(_("Audit trail broken: {reason}").format(reason=chain.first_break.reason))
    for vote in report.votes:
        if vote.note:
            say(vote.note)
        elif vote.ok:
            say(
                _("Vote {id} ({title}): counted again, same result.").format(
                    id=vote.vote_id, title=vote.title
                )
            )
        else:
            say(vote.reason)
    if not report.intact:
        print(
            _("{file} does not match what was written; see above.").format(file=shown_target(file)),
            file=sys.stderr,
        )
        raise typer.Exit(1)
    return 0
