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
from typing import Annotated

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.i18n import _, ngettext

FileArgument = Annotated[Path, typer.Argument(help="The neighbourhood file.", show_default=False)]


def _actor() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "")


@contextmanager
def _opened(file: Path, lang: str | None, *, readonly: bool | None = None) -> Iterator[object]:
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
        report = verify(db)  # type: ignore[arg-type]
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
        return 1
    return 0
