"""Ballot entry for an open vote, or for paper ballots: the chair picks whose ballot it is and
enters the ranking. With double entry each paper is entered twice; when the two entries differ
the differences are shown and nothing is stored until they agree.

Secret paper ballots (a secret vote with double entry) carry no name: the tellers enter paper
after paper, and the count of papers is the turnout."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option

from buurt.i18n import N_, _
from buurt.services.votes import (
    VoteRead,
    VoterRead,
    ballot_mismatches,
    cast_ballot,
    cast_paper_ballot,
    get_vote,
    voters,
)
from buurt.text import visible
from buurt.tui.base import BuurtScreen
from buurt.tui.screens.booth import RankingButtons
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.plain import Plain
from buurt.tui.widgets.ranking import RankingList

PAPER_HELP = N_(
    "Copy the order from the paper: ↑↓ choose, shift+↑↓ (or k/j) move, a digit gives a rank, "
    "= ties with the one above, space ranks or unranks. Leave out what the paper leaves out."
)


class BallotEntryScreen(BuurtScreen):
    """Dismisses (with None) when the chair is done entering."""

    TITLE_TEXT = N_("Ballot entry")
    CSS_PATH = "ballot_entry.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="entry.back"),
        Binding("ctrl+s", "save", N_("Save ballot"), id="entry.save"),
    ]

    def __init__(self, vote_id: int) -> None:
        super().__init__()
        self.vote_id = vote_id
        self.vote: VoteRead | None = None
        self.voters: list[VoterRead] = []
        self.voter: VoterRead | None = None
        self.first: dict[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="entry-count")
        with Horizontal(id="entry-body"):
            with Vertical(id="voter-column"):
                yield Static(_("Whose ballot?"), classes="entry-title")
                yield OptionList(id="entry-voters")
            with Vertical(id="ranking-column"):
                yield Plain(_("Choose the voter on the left."), id="entry-title")
                yield Static(_(PAPER_HELP), classes="entry-hint")
                yield Vertical(id="ranking-box")
                yield RankingButtons(id="ranking-buttons")
                yield Plain("", id="mismatch")
                with Horizontal(classes="buttons"):
                    yield Button(_("Save ballot"), id="save", variant="success")
                    yield Button(_("Start again"), id="again")
        yield BuurtFooter()

    def on_mount(self) -> None:
        self.ask(get_vote, self.vote_id, then=self._vote)
        self.query_one("#ranking-column").disabled = True

    @property
    def papers(self) -> bool:
        """A secret paper vote: papers without names."""
        return self.vote is not None and self.vote.secret and self.vote.double_entry

    def _vote(self, vote: VoteRead) -> None:
        self.vote = vote
        box = self.query_one("#ranking-box", Vertical)
        box.mount(RankingList([(c.id, c.label) for c in vote.candidates], id="ranking"))
        if self.papers:
            self.query_one("#voter-column").display = False
            self.query_one("#ranking-column").disabled = False
        self._refresh()

    def _refresh(self) -> None:
        self.ask(voters, self.vote_id, then=self._voters)

    def _voters(self, rows: list[VoterRead]) -> None:
        self.voters = rows
        if self.papers:
            self.ask(get_vote, self.vote_id, then=self._papers)
            return
        cast = sum(v.has_voted for v in rows)
        self.query_one("#entry-count", Static).update(
            _("Ballots entered: {cast} of {voters} members present who may vote.").format(
                cast=cast, voters=len(rows)
            )
        )
        listing = self.query_one("#entry-voters", OptionList)
        listing.clear_options()
        listing.add_options(
            Option(
                Content(visible(f"✓ {v.name}" if v.has_voted else f"  {v.name}")),
                id=str(v.member_id),
                disabled=v.has_voted,
            )
            for v in rows
        )
        waiting = [i for i, v in enumerate(rows) if not v.has_voted]
        if self.voter is None:
            listing.focus()
            listing.highlighted = waiting[0] if waiting else None

    def _papers(self, vote: VoteRead) -> None:
        self.vote = vote
        self.query_one("#entry-count", Static).update(
            _("Papers entered: {papers} of at most {voters} members present who may vote.").format(
                papers=vote.ballots, voters=len(self.voters)
            )
        )
        self._title()
        self.query_one(RankingList).focus()

    def _title(self) -> None:
        title = self.query_one("#entry-title", Plain)
        if self.papers and self.vote is not None:
            step = (
                _("first entry") if self.first is None else _("second entry: the same paper again")
            )
            title.update(_("Paper {n} — {step}").format(n=self.vote.ballots + 1, step=step))
            return
        if self.voter is None:
            title.update(_("Choose the voter on the left."))
        elif self.vote is not None and self.vote.double_entry:
            step = (
                _("first entry") if self.first is None else _("second entry: the same paper again")
            )
            title.update(_("Ballot of {name} — {step}").format(name=self.voter.name, step=step))
        else:
            title.update(_("Ballot of {name}").format(name=self.voter.name))

    @on(OptionList.OptionSelected, "#entry-voters")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.voter = next((v for v in self.voters if str(v.member_id) == event.option.id), None)
        self.first = None
        self.query_one("#mismatch", Plain).update("")
        self.query_one(RankingList).reset()
        self.query_one("#ranking-column").disabled = self.voter is None
        self._title()
        self.query_one(RankingList).focus()

    def action_save(self) -> None:
        if self.vote is None or (self.voter is None and not self.papers):
            return
        ranking = self.query_one(RankingList)
        ranks = ranking.ranks
        mismatch = self.query_one("#mismatch", Plain)
        if self.vote.double_entry and self.first is None:
            self.first = ranks
            ranking.reset()
            mismatch.update("")
            self._title()
            ranking.focus()
            return
        if self.vote.double_entry and self.first is not None:
            differ = ballot_mismatches(self.first, ranks)
            if differ:
                labels = {c.id: c.label for c in self.vote.candidates}
                mismatch.update(
                    _(
                        "The two entries differ on: {names}. Check the paper and enter it twice "
                        "again; nothing was stored."
                    ).format(names=", ".join(labels[c] for c in differ))
                )
                self.first = None
                ranking.reset()
                self._title()
                return
        if self.papers:
            self.ask(cast_paper_ballot, self.vote_id, ranks, then=self._paper_saved)
            return
        voter = self.voter
        assert voter is not None
        self.ask(cast_ballot, self.vote_id, voter.member_id, ranks, then=self._saved)

    def _paper_saved(self, vote: VoteRead) -> None:
        self.first = None
        self.query_one(RankingList).reset()
        self.query_one("#mismatch", Static).update("")
        self.notify(_("Paper {n} stored.").format(n=vote.ballots))
        self._papers(vote)

    def _saved(self, _vote: VoteRead) -> None:
        name = self.voter.name if self.voter else ""
        self.voter = None
        self.first = None
        self.query_one(RankingList).reset()
        self.query_one("#ranking-column").disabled = True
        self.query_one("#mismatch", Plain).update("")
        self._title()
        self.notify(_("Ballot of {name} stored.").format(name=name))
        self._refresh()

    def action_back(self) -> None:
        if self.papers:
            self.dismiss(None)
            return
        if self.voter is not None:
            self.voter = None
            self.first = None
            self.query_one(RankingList).reset()
            self.query_one("#ranking-column").disabled = True
            self._title()
            self.query_one("#entry-voters", OptionList).focus()
        else:
            self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#again")
    def _again(self) -> None:
        self.first = None
        self.query_one(RankingList).reset()
        self.query_one("#mismatch", Plain).update("")
        self._title()
