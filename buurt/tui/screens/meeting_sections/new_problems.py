"""New problems: log each one (the problem form warns about personal data and likely
duplicates), then triage it: candidate for the top 3, parked, or referred as a melding."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button

from buurt.i18n import N_, _
from buurt.services.labels import AgendaSection, ProblemStatus, label_of
from buurt.services.meetings import MeetingRead, problems_to_triage
from buurt.services.problems import ProblemRead, set_problem_status
from buurt.tui.screens.meeting_sections.base import Section
from buurt.tui.screens.meeting_sections.notes import NoteBox
from buurt.tui.widgets.button_row import ButtonRow
from buurt.tui.widgets.table import Column, RecordTable


class NewProblemsSection(Section):
    SECTION = AgendaSection.NEW_PROBLEMS
    FIRST = "RecordTable"
    HINT = N_(
        "Log each problem raised (n), then triage it: c candidate for the top 3, "
        "k park it, r refer it as a report (melding) to the municipality or police."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_problem", N_("New problem"), id="meeting.problems.new"),
        Binding("c", "triage('candidate')", N_("Candidate"), id="meeting.problems.candidate"),
        Binding("k", "triage('parked')", N_("Park"), id="meeting.problems.park"),
        Binding("r", "triage('referred')", N_("Refer"), id="meeting.problems.refer"),
    ]

    def __init__(self, meeting: MeetingRead) -> None:
        super().__init__(meeting)
        self.problems: list[ProblemRead] = []
        self._just_logged: int | None = None

    def body(self) -> ComposeResult:
        yield RecordTable(
            [
                Column("title", N_("Problem"), 30, flex=True),
                Column("street", N_("Street"), 16, flex=True),
                Column("status", N_("Status"), 12),
            ],
            id="new-problems",
        )
        with ButtonRow(classes="buttons"):
            yield Button(_("New problem"), id="new-problem", variant="primary")
            yield Button(_("Candidate"), id="to-candidate")
            yield Button(_("Park"), id="to-parked")
            yield Button(_("Refer"), id="to-referred")
        yield NoteBox(self.meeting.id, self.SECTION)

    def reload(self) -> None:
        self.ask(problems_to_triage, self.meeting.id, then=self._show)

    def _show(self, problems: list[ProblemRead]) -> None:
        self.problems = problems
        table = self.query_one("#new-problems", RecordTable)
        table.fill(
            (
                p.id,
                (
                    Text(p.title, style="bold" if p.status == "new" else ""),
                    p.street,
                    label_of(ProblemStatus, p.status),
                ),
            )
            for p in problems
        )
        if not problems:
            table.styles.height = 3
        else:
            table.styles.height = min(len(problems) + 1, 10)
        if self._just_logged is not None and str(self._just_logged) in table.rows:
            # The problem just logged is the one to triage now: selected and in sight.
            table.move_cursor(row=table.get_row_index(str(self._just_logged)), scroll=True)
            table.focus()
            self._just_logged = None
        self.settle_focus()

    def _selected(self) -> ProblemRead | None:
        key = self.query_one("#new-problems", RecordTable).current_key
        return next((p for p in self.problems if str(p.id) == key), None)

    def action_new_problem(self) -> None:
        from buurt.tui.screens.problem_form import ProblemForm

        def logged(problem: ProblemRead | None) -> None:
            if problem is not None:
                self._just_logged = problem.id
                self.reload()
                self.notify(_("Logged: {title}. Now triage it.").format(title=problem.title))

        self.app.push_screen(ProblemForm(meeting_id=self.meeting.id), logged)

    def action_triage(self, status: str) -> None:
        problem = self._selected()
        if problem is None:
            return
        target = ProblemStatus(status)
        if target == ProblemStatus.CANDIDATE:
            if problem.status != target.value:
                self.ask(
                    set_problem_status,
                    problem.id,
                    target,
                    meeting_id=self.meeting.id,
                    then=lambda _p: self.reload(),
                )
            return
        from buurt.tui.screens.triage import TriageDialog

        self.app.push_screen(
            TriageDialog(problem, status=target, meeting_id=self.meeting.id),
            lambda result: self.reload() if result is not None else None,
        )

    @on(Button.Pressed, "#new-problem")
    def _new(self) -> None:
        self.action_new_problem()

    @on(Button.Pressed, "#to-candidate, #to-parked, #to-referred")
    def _triage(self, event: Button.Pressed) -> None:
        self.action_triage((event.button.id or "").removeprefix("to-"))
