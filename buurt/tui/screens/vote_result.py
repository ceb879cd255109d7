"""The result of a vote: the top places big and clear, the count explained in plain words
(pairwise matrix, scores or rounds), first choices as a bar chart, how a tie was decided, and
confirming the winners as the priorities of the period with their success criteria."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Header

from buurt.i18n import N_, _, ngettext
from buurt.services.labels import VoteMethod, VoteStatus, label_of
from buurt.services.votes import VoteOutcome, VoteRead, recount_vote, vote_outcome
from buurt.tui.base import BuurtScreen
from buurt.tui.screens.vote_result_parts import CastingVoteForm, ConfirmTopForm, ResultView
from buurt.tui.widgets.confirm import ConfirmDialog
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.plain import Plain


class VoteResultScreen(BuurtScreen):
    """Shows a counted vote; `confirmed` says whether the chair confirmed its top."""

    TITLE_TEXT = N_("Vote result")
    CSS_PATH = "vote_result.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="result.back"),
        Binding("c", "confirm", N_("Confirm the top"), id="result.confirm"),
        Binding("k", "casting", N_("Casting vote"), id="result.casting"),
        Binding("l", "lot", N_("Draw by lot"), id="result.lot"),
    ]

    def __init__(self, vote_id: int, meeting_id: int | None = None) -> None:
        super().__init__()
        self.vote_id = vote_id
        self.meeting_id = meeting_id
        self.outcome: VoteOutcome | None = None
        self.confirmed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("", id="result-head")
        yield Vertical(id="result-body")
        yield BuurtFooter()

    def on_mount(self) -> None:
        self._load()

    def _load(self) -> None:
        self.ask(vote_outcome, self.vote_id, then=self._show)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        outcome = self.outcome
        if action in ("casting", "lot"):
            return outcome is not None and bool(outcome.open_tie) and self._counted()
        if action == "confirm":
            return outcome is not None and outcome.complete and self._counted()
        return True

    def _counted(self) -> bool:
        return self.outcome is not None and self.outcome.vote.status == VoteStatus.CLOSED.value

    async def _show(self, outcome: VoteOutcome) -> None:
        self.outcome = outcome
        self.refresh_bindings()
        vote = outcome.vote
        self.query_one("#result-head", Plain).update(
            " · ".join(
                [
                    vote.title,
                    label_of(VoteMethod, outcome.method),
                    ngettext("{n} ballot", "{n} ballots", outcome.ballots).format(
                        n=outcome.ballots
                    ),
                    label_of(VoteStatus, vote.status),
                ]
            )
        )
        body = self.query_one("#result-body", Vertical)
        await body.remove_children()
        await body.mount(ResultView(outcome, counted=self._counted()))

    # -- actions ------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss(None)

    def action_casting(self) -> None:
        outcome = self.outcome
        if outcome is None or not outcome.open_tie:
            return

        def decided(order: list[str] | None) -> None:
            if order:
                self.ask(recount_vote, self.vote_id, casting=order, then=self._recounted)

        self.app.push_screen(CastingVoteForm(outcome.open_tie), decided)

    def action_lot(self) -> None:
        outcome = self.outcome
        if outcome is None or not outcome.open_tie:
            return
        question = _(
            "Draw lots between {names}? Each name's ticket is SHA-256 of the seed and the name; "
            "the lowest ticket comes first. Seed: {seed}"
        ).format(names=", ".join(outcome.open_tie), seed=outcome.seed)

        def answered(yes: bool | None) -> None:
            if yes:
                self.ask(recount_vote, self.vote_id, tie_break="lot", then=self._recounted)

        self.app.push_screen(ConfirmDialog(question, _("Draw by lot")), answered)

    def _recounted(self, _vote: VoteRead) -> None:
        self._load()

    def action_confirm(self) -> None:
        outcome = self.outcome
        if outcome is None or not outcome.complete or not self._counted():
            return

        def confirmed(ids: list[int] | None) -> None:
            if ids:
                self.notify(_("The top is confirmed: now agree the actions."))
                self.confirmed = True
                self.dismiss(None)

        self.app.push_screen(ConfirmTopForm(outcome, self.buurt.today()), confirmed)

    @on(Button.Pressed, "#result-buttons Button")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        getattr(self, f"action_{event.button.id}")()
