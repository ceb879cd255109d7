"""Preparing a vote: the candidates (the problems triaged as candidates, ticked), the method,
how many places, open or secret ballot, who may vote, balancing residents and professionals,
paper ballots entered twice, and what happens with a tie."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Select, SelectionList, Static

from buurt.errors import InputError
from buurt.i18n import N_, _
from buurt.services import Database
from buurt.services.labels import Eligibility, ProblemStatus, TieBreak, VoteMethod, choices, label
from buurt.services.neighbourhood import NeighbourhoodRead, get_neighbourhood
from buurt.services.priorities import TopPlaces, free_places
from buurt.services.problems import ProblemRead, list_problems
from buurt.services.votes import VoteRead, candidate_problems, create_vote
from buurt.text import visible
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal


@dataclass(frozen=True)
class SetupChoices:
    problems: list[ProblemRead]
    candidates: list[int]
    settings: NeighbourhoodRead
    places: TopPlaces


def setup_choices(db: Database) -> SetupChoices:
    """The open problems to choose from, the default candidates, the neighbourhood's defaults."""
    statuses = [ProblemStatus.CANDIDATE.value, ProblemStatus.NEW.value, ProblemStatus.PARKED.value]
    return SetupChoices(
        problems=list_problems(db, statuses=statuses, order_by="title", descending=False),
        candidates=candidate_problems(db),
        settings=get_neighbourhood(db),
        places=free_places(db),
    )


class VoteSetupScreen(FormModal[VoteRead]):
    """Dismisses with the prepared vote (status: being prepared), or None."""

    TITLE_TEXT = N_("Prepare a vote")
    SAVE_LABEL = N_("Prepare")
    DEFAULT_CSS = """
    VoteSetupScreen > #dialog { width: 98; }
    VoteSetupScreen #candidates-column { width: 1fr; height: auto; margin-right: 1; }
    VoteSetupScreen #settings-column { width: 1fr; height: auto; }
    VoteSetupScreen #candidates { height: 16; }
    VoteSetupScreen Checkbox { border: none; padding: 0; margin: 0; height: 1; }
    /* Textual's focus border on a one-line checkbox left no room for its label (issue 11, 5):
       the focused one is marked by its label (focus.tcss) and a tinted line instead. */
    VoteSetupScreen Checkbox:focus { border: none; background: $accent 15%; }
    VoteSetupScreen #seats { width: 12; }
    """

    def __init__(self, meeting_id: int | None) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def fields(self) -> ComposeResult:
        with Horizontal(classes="pair"):
            with Vertical(id="candidates-column"):
                yield FormRow(_("Title"), Input(id="title"), name="title")
                yield FormRow(
                    _("Candidates (space ticks)"),
                    SelectionList[int](id="candidates"),
                    name="problem_ids",
                )
            with Vertical(id="settings-column"):
                with Horizontal(classes="pair"):
                    yield FormRow(
                        _("Method"),
                        Select(choices(VoteMethod), allow_blank=False, id="method"),
                        name="method",
                    )
                    yield FormRow(_("Places"), Input("3", type="integer", id="seats"), name="seats")
                yield Static("", id="seats-why", classes="hint")
                yield FormRow(
                    _("Who may vote"),
                    Select(choices(Eligibility), allow_blank=False, id="eligibility"),
                    name="eligibility",
                )
                yield FormRow(
                    _("A tie that touches the top"),
                    Select(
                        [
                            (label(TieBreak.LOT), TieBreak.LOT.value),
                            (_("the chair decides after the count"), TieBreak.NONE.value),
                        ],
                        allow_blank=False,
                        id="tie-break",
                    ),
                    name="tie_break",
                )
                yield Checkbox(_("Secret ballot (booth mode)"), id="secret")
                yield Checkbox(_("Residents and professionals weigh the same"), id="balance")
                yield Checkbox(_("Paper ballots, each entered twice"), id="double-entry")

    def on_mount(self) -> None:
        # The title first: what the chair types goes there, not into the candidate list.
        self.query_one("#title", Input).focus()
        self.ask(setup_choices, then=self._choices)

    def _choices(self, data: SetupChoices) -> None:
        ticked = set(data.candidates)
        listing = self.query_one("#candidates", SelectionList)
        listing.clear_options()
        listing.add_options(
            (
                Content(visible(f"{p.title} · {p.street}" if p.street else p.title)),
                p.id,
                p.id in ticked,
            )
            for p in sorted(data.problems, key=lambda p: (p.id not in ticked, p.title.lower()))
        )
        self.query_one("#method", Select).value = data.settings.default_method
        # The top stays a top: the vote fills the free places (or, when none is free, all of
        # them, and the chair says which running priorities it replaces when confirming).
        self.query_one("#seats", Input).value = str(data.places.proposed_seats)
        self.query_one("#seats-why", Static).update(data.places.explanation)
        self.mark_clean()

    def save(self) -> None:
        seats = self.query_one("#seats", Input).value.strip()
        if not seats.isdigit():
            raise InputError(_("Places must be a whole number."), field="seats")
        self.submit(
            create_vote,
            {
                "meeting_id": self.meeting_id,
                "title": self.query_one("#title", Input).value,
                "problem_ids": list(self.query_one("#candidates", SelectionList).selected),
                "method": self.query_one("#method", Select).value,
                "seats": int(seats),
                "eligibility": self.query_one("#eligibility", Select).value,
                "tie_break": self.query_one("#tie-break", Select).value,
                "secret": self.query_one("#secret", Checkbox).value,
                "balance_groups": self.query_one("#balance", Checkbox).value,
                "double_entry": self.query_one("#double-entry", Checkbox).value,
            },
        )
