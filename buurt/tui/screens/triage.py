"""Triage and status changes of a problem, with the reason the minutes will give.

Candidate for the top 3, parked, referred (to whom: "municipality, report 2026-123"), solved or
dropped. Every change but "candidate" needs a reason; the service refuses it beside the field.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select

from buurt.i18n import N_, _
from buurt.services.labels import ProblemStatus, label, label_of
from buurt.services.problems import ProblemRead, set_problem_status
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal, chosen

# The statuses a chair may choose; "priority" only comes from confirming a vote.
TRIAGE = (
    ProblemStatus.CANDIDATE,
    ProblemStatus.PARKED,
    ProblemStatus.REFERRED,
    ProblemStatus.SOLVED,
    ProblemStatus.DROPPED,
    ProblemStatus.NEW,
)


class TriageDialog(FormModal[ProblemRead]):
    """Change a problem's status. Dismisses with the changed problem (None: cancelled)."""

    TITLE_TEXT = N_("Change status")
    DEFAULT_CSS = """
    TriageDialog > #dialog { width: 70; }
    TriageDialog #row-referred_to { display: none; }
    TriageDialog.-referred #row-referred_to { display: block; }
    """

    def __init__(
        self,
        problem: ProblemRead,
        *,
        status: ProblemStatus | None = None,
        meeting_id: int | None = None,
    ) -> None:
        super().__init__()
        self.problem = problem
        self.status = status
        self.meeting_id = meeting_id

    def heading(self) -> str:
        return _("Status of #{id} {title} (now: {status})").format(
            id=self.problem.id,
            title=self.problem.title,
            status=label_of(ProblemStatus, self.problem.status),
        )

    def fields(self) -> ComposeResult:
        options = [(label(s), s.value) for s in TRIAGE if s.value != self.problem.status]
        preset = self.status.value if self.status is not None else options[0][1]
        yield FormRow(
            _("New status"),
            Select(options, value=preset, allow_blank=False, id="status"),
            name="status",
        )
        yield FormRow(_("Reason"), Input(id="reason"), name="reason")
        yield FormRow(
            _("Referred to"),
            Input(
                self.problem.referred_to,
                placeholder=_("e.g. municipality, report 2026-123"),
                id="referred-to",
            ),
            name="referred_to",
        )

    def on_mount(self) -> None:
        self._status_changed()
        # The reason first (the status is preset): typed text is never lost on the status box.
        self.query_one("#reason", Input).focus()

    @on(Select.Changed, "#status")
    def _status_changed(self) -> None:
        referred = chosen(self.query_one("#status", Select)) == ProblemStatus.REFERRED.value
        self.set_class(referred, "-referred")

    def save(self) -> None:
        self.submit(
            set_problem_status,
            self.problem.id,
            chosen(self.query_one("#status", Select)),
            reason=self.query_one("#reason", Input).value,
            referred_to=self.query_one("#referred-to", Input).value,
            meeting_id=self.meeting_id,
        )
