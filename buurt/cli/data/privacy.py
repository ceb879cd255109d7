"""`buurt forget/retention`: erase a member's personal data (AVG/GDPR) and anonymise what is
older than the retention period."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from buurt.cli.base import LangOption, app
from buurt.cli.data.opening import FileArgument, opened, say
from buurt.cli.target import NeighbourhoodOption
from buurt.i18n import _, ngettext


def _say_places(places: Iterable[tuple[str, object, str, str]]) -> None:
    """One line per place where personal data was found: table, row, field and excerpts."""
    for table, row_id, field, excerpts in places:
        say(
            "  "
            + _("{table} {id}, {field}: {excerpts}").format(
                table=table, id=row_id, field=field, excerpts=excerpts
            )
        )


def _say_files(paths: Iterable[Path]) -> None:
    for path in paths:
        say(f"  {path}")


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

    with opened(file, lang, neighbourhood) as db:
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
    say(
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
        say(_("Left as they are (ordinary words that may also be the name; --yes replaces):"))
        _say_places((m.table, m.row_id, m.field, m.excerpt) for m in report.likely)
    if path is None:
        return 0
    own = copies_holding(own_backups(path), plan.traces)
    elsewhere = copies_holding(copies_elsewhere(path), plan.traces)
    if own:
        say(_("buurt's own backups that still hold {name}:").format(name=plan.name))
        _say_files(own)
        if purge_backups:
            for copy in purge(own):
                say("  " + _("deleted {file}").format(file=copy))
        else:
            say(_("Add --purge-backups to delete them: the erasure is complete only then."))
    if elsewhere:
        say(_("Copies you made yourself still hold {name}; delete them:").format(name=plan.name))
        _say_files(elsewhere)
    if not own and not elsewhere:
        say(_("No backup that buurt knows of holds {name}.").format(name=plan.name))
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

    with opened(file, lang, neighbourhood) as db:
        plan = apply_retention(db) if apply else retention_plan(db)
    if plan.years == 0:
        say(_("Retention is off for this neighbourhood (set a number of years to use it)."))
        return 0
    if not plan.items:
        say(
            ngettext(
                "Nothing is older than {years} year: nothing to anonymise.",
                "Nothing is older than {years} years: nothing to anonymise.",
                plan.years,
            ).format(years=plan.years)
        )
        return 0
    say(
        ngettext(
            "Older than {years} year (periods up to {horizon}):",
            "Older than {years} years (periods up to {horizon}):",
            plan.years,
        ).format(years=plan.years, horizon=plan.horizon)
    )
    for item in plan.members:
        say("  " + _("member {name} (left {day})").format(name=item.label, day=item.dated))
    _say_places((t.table, t.row_id, t.field, ", ".join(t.excerpts)) for t in plan.texts)
    if plan.applied:
        say(_("Anonymised."))
    else:
        say(_("Nothing was changed; add --apply to anonymise this."))
    return 0
