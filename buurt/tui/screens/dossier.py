"""A problem's dossier: its whole story on one page.

When it was first logged, how its status changed and why, the meetings that discussed it, the
votes it took part in and the place it took, the periods it was in the top 3, its actions with
their follow-ups, and how many days it has been open.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from buurt.i18n import N_, _, ngettext
from buurt.services.labels import (
    ActionStatus,
    PriorityStatus,
    ProblemSource,
    ProblemStatus,
    label_of,
)
from buurt.services.problems import Dossier, ProblemRead, dossier
from buurt.tui.base import BuurtScreen
from buurt.tui.format import day, long_day, moment
from buurt.tui.screens.problem_form import ProblemForm
from buurt.tui.screens.triage import TriageDialog
from buurt.tui.widgets.footer import BuurtFooter


def _section(title: str) -> Text:
    return Text("\n" + title, style="bold underline")


def _status(value: str | None) -> str:
    return label_of(ProblemStatus, value) if value else "-"


def story(d: Dossier) -> Text:
    """The dossier as text, section by section (empty sections say so)."""
    p = d.problem
    parts: list[Text] = []
    head = Text(f"#{p.id} {p.title}", style="bold")
    head.append(f"  [{_status(p.status)}]", style="bold reverse")
    parts.append(head)
    facts = [x for x in (p.street, p.location_detail, p.category) if x]
    facts.append(_("source: {source}").format(source=label_of(ProblemSource, p.source)))
    if p.raised_by:
        facts.append(_("raised by {name}").format(name=p.raised_by))
    if p.referred_to:
        facts.append(_("referred to {whom}").format(whom=p.referred_to))
    parts.append(Text(" · ".join(facts)))
    logged = _("First logged {when}").format(when=long_day(p.logged_at.astimezone().date()))
    open_days = ngettext("{n} day", "{n} days", d.days_open).format(n=d.days_open)
    if d.days_open == 0:
        logged += " · " + (_("logged today") if p.is_open else _("closed the same day"))
    elif p.is_open:
        logged += " · " + _("open for {days}").format(days=open_days)
    else:
        logged += " · " + _("was open for {days}").format(days=open_days)
    parts.append(Text(logged, style="italic"))
    if p.description:
        parts.append(Text("\n" + p.description))

    parts.append(_section(_("Status history")))
    for change in d.history:
        line = Text(f"  {day(change.changed_at.astimezone().date())}  ")
        line.append(f"{_status(change.from_status)} → {_status(change.to_status)}", style="bold")
        if change.reason:
            line.append(f": {change.reason}")
        parts.append(line)

    parts.append(_section(_("Discussed in meetings")))
    if not d.meetings:
        parts.append(Text("  " + _("Not discussed in a meeting yet."), style="dim"))
    for _meeting, starts_at, where in d.meetings:
        parts.append(Text(f"  {moment(starts_at)}" + (f", {where}" if where else "")))

    parts.append(_section(_("Votes")))
    if not d.votes:
        parts.append(Text("  " + _("Not in a vote yet."), style="dim"))
    for _vote, title, place in d.votes:
        took = _("place {n}").format(n=place) if place is not None else _("not counted yet")
        parts.append(Text(f"  {title or _('Vote')}: {took}"))

    parts.append(_section(_("In the top 3")))
    if not d.periods:
        parts.append(Text("  " + _("Never in the top 3."), style="dim"))
    for start, end, rank, status in d.periods:
        parts.append(
            Text(
                "  "
                + _("{start} - {end}: number {rank}, {status}").format(
                    start=day(start),
                    end=day(end),
                    rank=rank,
                    status=label_of(PriorityStatus, status),
                )
            )
        )

    parts.append(_section(_("Actions and follow-ups")))
    if not d.actions:
        parts.append(Text("  " + _("No actions."), style="dim"))
    for action in d.actions:
        line = Text("  • ")
        line.append(action.title, style="bold")
        line.append(f" ({label_of(ActionStatus, action.status)}")
        if action.due_on is not None:
            line.append(", " + _("due {day}").format(day=day(action.due_on)))
        line.append(")")
        parts.append(line)
        for when, status, note in action.updates:
            text = f"      {day(when.astimezone().date())} {label_of(ActionStatus, status)}"
            parts.append(Text(text + (f": {note}" if note else ""), style="dim"))
    return Text("\n").join(parts)


class DossierScreen(BuurtScreen):
    TITLE_TEXT = N_("Dossier")
    DEFAULT_CSS = """
    DossierScreen #dossier { padding: 0 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the list"), id="dossier.back"),
        Binding("e", "edit", N_("Edit"), tooltip=N_("Edit the problem"), id="dossier.edit"),
        Binding(
            "t",
            "triage",
            N_("Status"),
            tooltip=N_("Triage: change the status"),
            id="dossier.triage",
        ),
    ]

    def __init__(self, problem_id: int) -> None:
        super().__init__()
        self.problem_id = problem_id
        self.dossier: Dossier | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dossier-scroll"):
            yield Static("", id="dossier")
        yield BuurtFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.ask(dossier, self.problem_id, today=self.buurt.today(), then=self.show)

    def show(self, data: Dossier) -> None:
        if not self.is_attached:
            return
        self.dossier = data
        self.sub_title = f"#{data.problem.id} {data.problem.title}"
        self.query_one("#dossier", Static).update(story(data))

    def action_back(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        if self.dossier is not None:
            self.app.push_screen(ProblemForm(self.dossier.problem), self._changed)

    def action_triage(self) -> None:
        if self.dossier is not None:
            self.app.push_screen(TriageDialog(self.dossier.problem), self._changed)

    def _changed(self, problem: ProblemRead | None) -> None:
        if problem is not None:
            self.load()
