"""The data-safety tools the command palette offers (backup, retention) and the read-only
notice, kept here so the app shell only has to ask for them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from buurt.i18n import N_, _, ngettext
from buurt.services.backup import backup_database
from buurt.services.retention import RetentionPlan, apply_retention, retention_plan
from buurt.tui.base import BuurtModal
from buurt.tui.widgets.confirm import ConfirmDialog

if TYPE_CHECKING:
    from buurt.tui.app import BuurtApp


def make_backup(app: BuurtApp) -> None:
    def done(path: Path) -> None:
        app.notify(_("Backup written to {file}.").format(file=path))

    app.ask(backup_database, then=done)


def review_retention(app: BuurtApp) -> None:
    app.ask(
        lambda db: retention_plan(db, today=app.today()),
        then=lambda plan: app.push_screen(RetentionDialog(plan)),
    )


def readonly_notice(app: BuurtApp) -> None:
    """Say, and keep saying, that the file is open read-only."""
    if app.readonly:
        app.notify(
            _("{file} is open read-only: you can look, but nothing can be changed.").format(
                file=app.db.name
            ),
            title=_("Read-only"),
            severity="warning",
            timeout=24 * 3600,
        )


class RetentionDialog(BuurtModal[bool]):
    """What retention would anonymise, and a button to do it (after a confirmation)."""

    DEFAULT_CSS = """
    RetentionDialog { align: center middle; }
    RetentionDialog > Vertical {
        width: 80; height: auto; max-height: 90%; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    RetentionDialog VerticalScroll { height: auto; max-height: 20; }
    RetentionDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    RetentionDialog Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "dismiss(False)", N_("Cancel"), id="retention.cancel")]

    def __init__(self, plan: RetentionPlan) -> None:
        super().__init__()
        self.plan = plan

    def lines(self) -> list[str]:
        plan = self.plan
        if plan.years == 0:
            return [_("Retention is off for this neighbourhood (set a number of years to use it).")]
        if not plan.items:
            return [
                ngettext(
                    "Nothing is older than {years} year: nothing to anonymise.",
                    "Nothing is older than {years} years: nothing to anonymise.",
                    plan.years,
                ).format(years=plan.years)
            ]
        lines = [
            ngettext(
                "Older than {years} year (periods up to {horizon}):",
                "Older than {years} years (periods up to {horizon}):",
                plan.years,
            ).format(years=plan.years, horizon=plan.horizon)
        ]
        lines += [
            "  " + _("member {name} (left {day})").format(name=i.label, day=i.dated)
            for i in plan.members
        ]
        lines += [f"  {i.label}  →  {', '.join(i.excerpts)}" for i in plan.texts]
        return lines

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll():
                yield Static("\n".join(self.lines()), id="retention-plan")
            with Horizontal():
                yield Button(_("Close"), id="retention-close")
                if self.plan.items:
                    yield Button(_("Anonymise"), id="retention-apply", variant="warning")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "retention-apply":
            self.dismiss(False)
            return
        app = self.buurt

        def answered(yes: bool | None) -> None:
            if yes:
                app.ask(
                    lambda db: apply_retention(db, today=app.today()),
                    then=lambda _plan: app.notify(_("Anonymised.")),
                )
                self.dismiss(True)

        app.push_screen(
            ConfirmDialog(
                _(
                    "Anonymise everything listed? This cannot be undone (backups keep the old data "
                    "until they are removed)."
                ),
                _("Anonymise"),
            ),
            answered,
        )
