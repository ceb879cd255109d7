"""Booth mode for a secret vote: one voter at a time.

The voter picks their own name from the present members who have not voted yet, ranks the
candidates and casts the ballot (stored at once, without any link to them). Then the screen
clears and shows a neutral "pass the laptop on" page, so nobody sees the ballot before it. The
count of ballots cast against the members who may vote stays at the top."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.reactive import var
from textual.widgets import Button, ContentSwitcher, Header, OptionList, Static
from textual.widgets.option_list import Option

from buurt.i18n import N_, _
from buurt.services.votes import VoteRead, VoterRead, cast_ballot, get_vote, voters
from buurt.text import visible
from buurt.tui.base import BuurtScreen
from buurt.tui.widgets.confirm import ConfirmDialog
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.pin import PinDialog
from buurt.tui.widgets.plain import Plain
from buurt.tui.widgets.ranking import RankingList

RANKING_HELP = N_(
    "Put the problems in your order: ↑↓ choose, shift+↑↓ (or k/j) move, a digit gives a "
    "rank, = ties with the one above, space ranks or unranks. Leave out what you do not want "
    "to rank."
)


class RankingButtons(Horizontal):
    """The ranking keys as buttons, for the mouse."""

    def compose(self) -> ComposeResult:
        yield Button(_("Move up"), id="rank-up", compact=True)
        yield Button(_("Move down"), id="rank-down", compact=True)
        yield Button(_("Tie with above"), id="rank-tie", compact=True)
        yield Button(_("Rank / unrank"), id="rank-toggle", compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        ranking = self.screen.query_one(RankingList)
        action = {
            "rank-up": ranking.action_move_up,
            "rank-down": ranking.action_move_down,
            "rank-tie": ranking.action_tie,
            "rank-toggle": ranking.action_toggle_rank,
        }[event.button.id or ""]
        action()
        ranking.focus()


class BoothScreen(BuurtScreen):
    """Dismisses (with None) when the chair takes the laptop back: leaving the booth, or
    quitting the app from it, needs the chair's PIN (chosen when the booth opened)."""

    TITLE_TEXT = N_("Voting booth")
    CSS_PATH = "booth.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="booth.back"),
        Binding("ctrl+s", "cast", N_("Cast my ballot"), id="booth.cast"),
        Binding("ctrl+q", "quit_booth", N_("Quit"), show=False, id="booth.quit"),
    ]
    # A voter stays in the booth: the app's keys to other screens do nothing here.
    keeps_its_user = True
    # The page shown: "who" (choose your name), "ballot", or "passing" (pass the laptop on).
    page: var[str] = var("who", always_update=True, init=False)

    def __init__(self, vote_id: int, pin: str) -> None:
        super().__init__()
        self.vote_id = vote_id
        self._pin = pin
        self.vote: VoteRead | None = None
        self.voters: list[VoterRead] = []
        self.voter: VoterRead | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="booth-count")
        with ContentSwitcher(initial="who", id="booth"):
            with Vertical(id="who"):
                yield Static(_("Voter: choose your own name."), classes="booth-title")
                yield OptionList(id="names")
                yield Static(
                    _("Only members who are present and have not voted yet are listed."),
                    classes="booth-hint",
                )
                yield Button(_("Back to the chair"), id="to-chair")
            with Vertical(id="ballot"):
                yield Plain("", id="ballot-title", classes="booth-title")
                yield Static(_(RANKING_HELP), classes="booth-hint")
                yield Vertical(id="ranking-box")
                yield RankingButtons(id="ranking-buttons")
                with Horizontal(classes="buttons"):
                    yield Button(_("Cast my ballot"), id="cast", variant="success")
                    yield Button(_("Back, nothing is stored"), id="abandon")
            with Center(id="passing"):
                yield Static(
                    _("Thank you. Your ballot is stored.\n\nPass the laptop to the next voter."),
                    id="passing-text",
                )
                with Center():
                    yield Button(_("Next voter"), id="next-voter", variant="primary")
        # No "palette" in the footer: the palette is off in the booth.
        yield BuurtFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.ask(get_vote, self.vote_id, then=self._vote)
        # Nor does the command palette open (it could take the voter anywhere).
        self._palette_was_on = self.app.use_command_palette
        self.app.use_command_palette = False

    def on_unmount(self) -> None:
        self.app.use_command_palette = self._palette_was_on

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cast":
            return bool(self.page == "ballot")
        return True

    def _vote(self, vote: VoteRead) -> None:
        self.vote = vote
        box = self.query_one("#ranking-box", Vertical)
        box.mount(RankingList([(c.id, c.label) for c in vote.candidates], id="ranking"))
        self._refresh_voters()

    def _refresh_voters(self) -> None:
        self.ask(voters, self.vote_id, then=self._voters)

    def _voters(self, rows: list[VoterRead]) -> None:
        self.voters = rows
        waiting = [v for v in rows if not v.has_voted]
        cast = len(rows) - len(waiting)
        self.query_one("#booth-count", Static).update(
            _("Ballots cast: {cast} of {voters} members present who may vote.").format(
                cast=cast, voters=len(rows)
            )
        )
        names = self.query_one("#names", OptionList)
        names.clear_options()
        names.add_options(Option(Content(visible(v.name)), id=str(v.member_id)) for v in waiting)
        if not waiting:
            names.add_option(
                Option(_("Everyone has voted. Hand the laptop back to the chair."), disabled=True)
            )
        if self.page == "who":
            self.set_focus(names)
            if waiting:
                names.highlighted = 0

    def watch_page(self, page: str) -> None:
        self.query_one(ContentSwitcher).current = page
        self.refresh_bindings()
        self._focus_page()

    def on_screen_resume(self) -> None:
        # A dialog closed (the "cast this ballot?" question): Textual gives the keyboard back to
        # what had it before, which may be on a page no longer shown.
        self._focus_page()

    def _focus_page(self) -> None:
        """The keyboard goes to the shown page: the names, the ranking, or "Next voter". At
        once (not later, as `Widget.focus` does): a key pressed as soon as the page shows
        must reach it."""
        if self.page == "who":
            names = self.query_one("#names", OptionList)
            self.set_focus(names)
            if names.option_count and names.highlighted is None:
                names.highlighted = 0
        elif self.page == "ballot":
            for ranking in self.query(RankingList):  # there once the vote is read
                self.set_focus(ranking)
        else:
            button = self.query_one("#next-voter", Button)
            # The same button served the voter before: Textual ignores a press while the
            # last one's effect lasts (0.2 s), and this page is new, so that press is over.
            button.remove_class("-active")
            self.set_focus(button)

    @on(OptionList.OptionSelected, "#names")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.voter = next((v for v in self.voters if str(v.member_id) == event.option.id), None)
        if self.voter is None:
            return
        self.query_one(RankingList).reset()
        self.query_one("#ballot-title", Plain).update(
            _("Ballot of {name}").format(name=self.voter.name)
        )
        self.page = "ballot"

    def _clear_ballot(self) -> None:
        """Nothing of a ballot stays on screen once it is cast or abandoned."""
        self.voter = None
        self.query_one(RankingList).reset()
        self.query_one("#ballot-title", Plain).update("")

    def action_back(self) -> None:
        page = self.page
        if page == "ballot":
            self._clear_ballot()
            self.page = "who"
        elif page == "passing":
            self.page = "who"
        else:
            self._with_pin(lambda: self.dismiss(None))

    def _with_pin(self, then: Callable[[], object]) -> None:
        """Run `then` only when the chair types the booth's PIN."""

        def typed(pin: str | None) -> None:
            if pin is None:
                return
            if hmac.compare_digest(pin, self._pin):
                then()
            else:
                self.notify(_("That is not the chair's PIN."), severity="warning")

        self.app.push_screen(PinDialog(_("The chair's PIN, to leave the booth:")), typed)

    def action_quit_booth(self) -> None:
        self._with_pin(self.app.exit)

    def action_cast(self) -> None:
        if self.voter is None or self.page != "ballot":
            return
        voter = self.voter
        ranks = self.query_one(RankingList).ranks
        summary = self.query_one(RankingList).describe()

        def answered(yes: bool | None) -> None:
            if yes:
                self.ask(cast_ballot, self.vote_id, voter.member_id, ranks, then=self._cast)

        self.app.push_screen(
            ConfirmDialog(
                _("Cast this ballot? It cannot be changed afterwards.\n\n{ranking}").format(
                    ranking=summary
                ),
                _("Cast my ballot"),
            ),
            answered,
        )

    def _cast(self, _vote: VoteRead) -> None:
        self._clear_ballot()
        self.page = "passing"
        self._refresh_voters()

    @on(Button.Pressed, "#cast")
    def _cast_pressed(self) -> None:
        self.action_cast()

    @on(Button.Pressed, "#abandon")
    def _abandon(self) -> None:
        self._clear_ballot()
        self.page = "who"

    @on(Button.Pressed, "#next-voter")
    def _next(self) -> None:
        self.page = "who"

    @on(Button.Pressed, "#to-chair")
    def _to_chair(self) -> None:
        self._with_pin(lambda: self.dismiss(None))
