"""The vote: prepare it (candidates, method, ballot), open it past the quorum gate, collect the
ballots (booth mode for a secret vote, ballot entry otherwise), close and count, see the
result. Closing and cancelling ask first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from buurt.errors import BuurtError
from buurt.i18n import N_, _, ngettext
from buurt.services.labels import (
    AgendaSection,
    Eligibility,
    MemberKind,
    VoteMethod,
    VoteStatus,
    label_of,
)
from buurt.services.meetings import MeetingRead
from buurt.services.secret_ballots import small_groups
from buurt.services.votes import (
    VoteRead,
    VoterRead,
    cancel_vote,
    close_vote,
    list_votes,
    open_vote,
    voters,
)
from buurt.tui.screens.meeting_sections.base import Section
from buurt.tui.screens.meeting_sections.notes import NoteBox
from buurt.tui.widgets.confirm import ConfirmDialog
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal
from buurt.tui.widgets.pin import PinDialog
from buurt.tui.widgets.plain import Plain

BUTTONS = ("prepare", "open", "ballots", "close", "result", "cancel")
SHOWN = {
    None: {"prepare"},
    VoteStatus.DRAFT.value: {"open", "cancel"},
    VoteStatus.OPEN.value: {"ballots", "close", "cancel"},
    VoteStatus.CLOSED.value: {"result"},
    VoteStatus.CONFIRMED.value: {"result", "prepare"},
    VoteStatus.CANCELLED.value: {"prepare"},
}


class CancelVoteForm(FormModal[VoteRead]):
    """Cancelling a vote needs a reason (the minutes say why); the ballots stay uncounted."""

    TITLE_TEXT = N_("Cancel the vote")
    SAVE_LABEL = N_("Cancel the vote")

    def __init__(self, vote: VoteRead) -> None:
        super().__init__()
        self.vote = vote

    def fields(self) -> ComposeResult:
        yield Static(
            _("The ballots cast so far stay stored but are not counted."), classes="warning"
        )
        yield FormRow(_("Why is the vote cancelled?"), Input(id="reason"), name="reason")

    def save(self) -> None:
        self.submit(cancel_vote, self.vote.id, self.query_one("#reason", Input).value)


class VoteSection(Section):
    SECTION = AgendaSection.VOTE
    FIRST = "#vote-buttons Button"
    HINT = N_(
        "Choose the new top 3: prepare the vote, open it (the quorum is checked), collect "
        "every present member's ballot, then close and count."
    )

    def __init__(self, meeting: MeetingRead) -> None:
        super().__init__(meeting)
        self.vote: VoteRead | None = None
        self.voters: list[VoterRead] = []

    def body(self) -> ComposeResult:
        yield Plain("", id="vote-status")
        yield Plain("", id="vote-problem")
        with Horizontal(classes="buttons", id="vote-buttons"):
            yield Button(_("Prepare a vote"), id="prepare", variant="primary")
            yield Button(_("Open the vote"), id="open", variant="primary")
            yield Button(_("Collect ballots"), id="ballots", variant="primary")
            yield Button(_("Close and count"), id="close", variant="warning")
            yield Button(_("Show the result"), id="result", variant="primary")
            yield Button(_("Cancel the vote"), id="cancel", variant="error")
        yield NoteBox(self.meeting.id, self.SECTION)

    def reload(self) -> None:
        self.ask(list_votes, meeting_id=self.meeting.id, then=self._votes)

    def _votes(self, votes: list[VoteRead]) -> None:
        live = [v for v in votes if v.status != VoteStatus.CANCELLED.value]
        self.vote = live[-1] if live else (votes[-1] if votes else None)
        if self.vote is not None and self.vote.status in (
            VoteStatus.OPEN.value,
            VoteStatus.DRAFT.value,  # for the warning about small groups, before it opens
        ):
            self.ask(voters, self.vote.id, then=self._voters)
        else:
            self.voters = []
            self._show()

    def _voters(self, rows: list[VoterRead]) -> None:
        self.voters = rows
        self._show()

    def _show(self) -> None:
        vote = self.vote
        status = None if vote is None else vote.status
        for name in BUTTONS:
            self.query_one(f"#{name}", Button).display = name in SHOWN[status]
        if vote is not None and vote.status == VoteStatus.OPEN.value:
            self.query_one("#ballots", Button).label = (
                _("Enter the papers")
                if vote.secret and vote.double_entry
                else _("Booth mode")
                if vote.secret
                else _("Enter ballots")
            )
        self.query_one("#vote-status", Plain).update(self._describe())
        self.settle_focus()

    def _describe(self) -> str:
        vote = self.vote
        if vote is None:
            return _("No vote yet at this meeting.")
        lines = [
            f"{vote.title} — {label_of(VoteStatus, vote.status)}",
            ngettext(
                "{method}, {seats} place, {ballot}, {who}.",
                "{method}, {seats} places, {ballot}, {who}.",
                vote.seats,
            ).format(
                method=label_of(VoteMethod, vote.method),
                seats=vote.seats,
                ballot=(
                    _("secret paper ballots, entered twice, no names")
                    if vote.secret and vote.double_entry
                    else _("secret ballot")
                    if vote.secret
                    else _("open ballot")
                ),
                who=label_of(Eligibility, vote.eligibility),
            ),
            _("Candidates: {names}").format(names=", ".join(c.label for c in vote.candidates)),
        ]
        if vote.status == VoteStatus.OPEN.value:
            lines.append(
                _("Ballots cast: {cast} of {voters} who may vote.").format(
                    cast=vote.ballots, voters=len(self.voters)
                )
            )
        if vote.quorum_members is not None:
            lines.append(
                _("Quorum at opening: {present}/{members} (needed {required}).").format(
                    present=vote.quorum_present,
                    members=vote.quorum_members,
                    required=vote.quorum_required,
                )
            )
        lines += self._small_groups()
        return "\n".join(lines)

    def _small_groups(self) -> list[str]:
        """A secret vote that weighs the groups, with a group of fewer than three voters: its
        ballots can be recognised (say so before the vote opens, and while it is open)."""
        vote = self.vote
        if vote is None or not (vote.secret and vote.balance_groups):
            return []
        if vote.status not in (VoteStatus.DRAFT.value, VoteStatus.OPEN.value):
            return []
        small = small_groups([v.kind for v in self.voters])
        sentences = {
            MemberKind.RESIDENT.value: lambda n: ngettext(
                "Only {n} resident may vote: with the groups weighed, their secret ballot "
                "can be recognised. Consider not weighing the groups.",
                "Only {n} residents may vote: with the groups weighed, their secret ballots "
                "can be recognised. Consider not weighing the groups.",
                n,
            ),
            MemberKind.PROFESSIONAL.value: lambda n: ngettext(
                "Only {n} professional may vote: with the groups weighed, their secret "
                "ballot can be recognised. Consider not weighing the groups.",
                "Only {n} professionals may vote: with the groups weighed, their secret "
                "ballots can be recognised. Consider not weighing the groups.",
                n,
            ),
        }
        return [sentences[kind](n).format(n=n) for kind, n in small.items() if kind in sentences]

    def _problem(self, error: BuurtError) -> None:
        line = self.query_one("#vote-problem", Plain)
        line.update(error.message)
        line.add_class("-error")

    def _clear_problem(self) -> None:
        self.query_one("#vote-problem", Plain).update("")

    # -- the steps ----------------------------------------------------------------------------
    def action_prepare(self) -> None:
        from buurt.tui.screens.vote_setup import VoteSetupScreen

        def prepared(vote: VoteRead | None) -> None:
            if vote is not None:
                self._clear_problem()
                self.vote = vote
                self.action_open()

        self.app.push_screen(VoteSetupScreen(self.meeting.id), prepared)

    def action_open(self) -> None:
        if self.vote is None or self.vote.status != VoteStatus.DRAFT.value:
            return

        def opened(_vote: VoteRead) -> None:
            self._clear_problem()
            self.reload()

        def refused(error: BuurtError) -> None:
            self._problem(error)
            self.reload()

        self.ask(open_vote, self.vote.id, then=opened, failed=refused)

    def action_ballots(self) -> None:
        if self.vote is None or self.vote.status != VoteStatus.OPEN.value:
            self.notify(_("There is no open vote."))
            return
        if self.vote.secret and not self.vote.double_entry:
            self._open_booth(self.vote.id)
            return
        from buurt.tui.screens.ballot_entry import BallotEntryScreen

        self.app.push_screen(BallotEntryScreen(self.vote.id), lambda _r: self.reload())

    def _open_booth(self, vote_id: int) -> None:
        """The chair chooses a PIN first: leaving the booth (or quitting) asks for it."""
        from buurt.tui.screens.booth import BoothScreen

        def chosen(pin: str | None) -> None:
            if pin is not None:
                self.app.push_screen(BoothScreen(vote_id, pin), lambda _r: self.reload())

        self.app.push_screen(
            PinDialog(
                _(
                    "Choose a PIN of 4 digits. Voters cannot leave the booth without it; you "
                    "type it when the laptop comes back."
                )
            ),
            chosen,
        )

    def action_close(self) -> None:
        vote = self.vote
        if vote is None or vote.status != VoteStatus.OPEN.value:
            self.notify(_("There is no open vote."))
            return
        question = _(
            "Close the vote and count it? {cast} of {voters} have voted; no ballot can be "
            "added afterwards."
        ).format(cast=vote.ballots, voters=len(self.voters))
        if vote.ballots * 2 < len(self.voters):
            question += "\n\n" + _(
                "Fewer than half of the members who may vote have voted: is everyone done?"
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.ask(close_vote, vote.id, then=self._counted, failed=self._problem)

        self.app.push_screen(ConfirmDialog(question, _("Close and count")), answered)

    def _counted(self, vote: VoteRead) -> None:
        self.vote = vote
        if vote.rebuild_pending:
            self.notify(
                _(
                    "Another program is reading this file (the projector?), so buurt could "
                    "not yet wipe the order in which the ballots were cast. It does so at the "
                    "next change or the next opening; close the other program to make sure."
                ),
                severity="warning",
                timeout=30,
            )
        self.reload()
        self.action_result()

    def action_result(self) -> None:
        counted = (VoteStatus.CLOSED.value, VoteStatus.CONFIRMED.value)
        if self.vote is None or self.vote.status not in counted:
            self.notify(_("There is no counted vote yet."))
            return
        from buurt.tui.screens.vote_result import VoteResultScreen

        screen = VoteResultScreen(self.vote.id, self.meeting.id)

        def back(_result: None) -> None:
            self.reload()
            if screen.confirmed:
                self.post_message(Section.Go(AgendaSection.ACTIONS))

        self.app.push_screen(screen, back)

    def action_cancel(self) -> None:
        running = (VoteStatus.DRAFT.value, VoteStatus.OPEN.value)
        if self.vote is None or self.vote.status not in running:
            self.notify(_("There is no open vote."))
            return
        self.app.push_screen(CancelVoteForm(self.vote), lambda _r: self.reload())

    @on(Button.Pressed, "#vote-buttons Button")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        getattr(self, f"action_{event.button.id}")()
