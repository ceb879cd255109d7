"""The pieces of the result screen: the podium, the tabs that explain the count, the tie line,
and the two dialogs (the chair's casting vote; confirming the top with success criteria)."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Digits,
    Input,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
)

from buurt.errors import InputError
from buurt.i18n import N_, _, ngettext
from buurt.services import Database
from buurt.services.labels import VoteMethod
from buurt.services.neighbourhood import NeighbourhoodRead, get_neighbourhood
from buurt.services.priorities import PeriodRead, TopPlaces, free_places, running_period
from buurt.services.result_words import in_plain_words
from buurt.services.vote_words import joined_names, method_in_words, tie_rule
from buurt.services.votes import VoteOutcome, confirm_vote
from buurt.text import visible
from buurt.tui.format import day
from buurt.tui.screens.booth import RankingButtons
from buurt.tui.widgets.bars import BarChart, show_number
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal
from buurt.tui.widgets.matrix import PairwiseMatrix, RoundsTable
from buurt.tui.widgets.plain import Plain
from buurt.tui.widgets.ranking import RankingList
from buurt.voting import Stage


def tie_text(outcome: VoteOutcome) -> str:
    """One line per tie that decided or blocks the top places (empty when there is none)."""
    lines = []
    if outcome.open_tie:
        lines.append(
            _("Tie between {names}: the chair decides by casting vote (k) or by lot (l).").format(
                names=joined_names(outcome.open_tie)
            )
        )
    for tie in outcome.decided_ties:
        line = _("Tie between {names} ({where}): {rule}, order {order}.").format(
            names=joined_names(tie.tied),
            where=tie.where,
            rule=tie_rule(tie.rule),
            order=" > ".join(tie.order or []),
        )
        lines.append(line)
    return "\n".join(lines)


def count_widgets(outcome: VoteOutcome) -> tuple[str, list[Widget]]:
    """The tab title and the widgets that show the count of this method."""
    tables = outcome.tables
    names = list(tables.candidates or outcome.candidates)
    if outcome.method in (VoteMethod.SCHULZE.value, VoteMethod.RANKED_PAIRS.value):
        parts: list[Widget] = [
            Static(
                _(
                    "Row against column: how many voters ranked the row above the column. "
                    "Green: the row wins the pair; red: it loses; yellow: level."
                ),
                classes="chart-title",
            ),
            PairwiseMatrix(names, tables.pairwise),
        ]
        if tables.strongest_paths:
            parts.append(Static(_("Strongest paths:"), classes="chart-title"))
            parts.append(PairwiseMatrix(names, tables.strongest_paths))
        return _("Pairwise matrix"), parts
    if outcome.method == VoteMethod.BORDA.value:
        items = sorted(tables.scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return _("Scores"), [
            Static(_("Borda points per problem:"), classes="chart-title"),
            BarChart(items, highlight=outcome.winners),
        ]
    if outcome.method == VoteMethod.IRV.value:
        charts: list[Widget] = []
        for run in tables.runs:
            charts.append(
                Static(
                    _("Count for place {place}:").format(place=run.place),
                    classes="chart-title",
                )
            )
            charts.append(
                RoundsTable(
                    run.candidates or names,
                    [r.votes for r in run.rounds],
                    headings=[_("round {n}").format(n=r.round) for r in run.rounds],
                    elected=[run.winner] if run.winner else [],
                )
            )
        return _("Rounds"), charts
    stages = tables.stages
    legend = " · ".join(f"{s.stage}: {_stage_kind(s)}" for s in stages)
    quota = "" if tables.quota is None else show_number(tables.quota)
    return _("Rounds"), [
        Static(_("Quota: {quota}").format(quota=quota), classes="chart-title"),
        RoundsTable(
            names,
            [s.votes for s in stages],
            headings=[str(s.stage) for s in stages],
            elected=outcome.winners,
        ),
        Plain(legend, classes="legend"),
    ]


def _stage_kind(stage: Stage) -> str:
    who = stage.candidate or ", ".join(stage.excluded)
    if stage.kind == "first":
        return _("first choices")
    if stage.kind == "surplus":
        return _("surplus of {name}").format(name=who)
    return _("{name} excluded").format(name=who)


class Podium(Horizontal):
    """The winners, one big card each."""

    def __init__(self, outcome: VoteOutcome) -> None:
        super().__init__(id="podium")
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        places = self.outcome.winners
        for place in range(1, self.outcome.seats + 1):
            with Horizontal(classes="place-card"):
                yield Digits(str(place), classes="place-number")
                if place <= len(places):
                    yield Plain(places[place - 1], classes="place-title")
                else:
                    yield Static(_("undecided: a tie"), classes="place-title -open")


class ResultView(Vertical):
    """Everything below the title line of the result screen."""

    def __init__(self, outcome: VoteOutcome, *, counted: bool) -> None:
        super().__init__(id="result-view")
        self.outcome = outcome
        self.counted = counted

    def compose(self) -> ComposeResult:
        outcome = self.outcome
        yield Podium(outcome)
        tie = tie_text(outcome)
        if tie:
            yield Plain(tie, id="tie-line", classes="-open" if outcome.open_tie else "")
        with Horizontal(id="result-buttons"):
            if self.counted and outcome.open_tie:
                yield Button(_("Casting vote (k)"), id="casting", variant="warning")
                yield Button(_("Draw by lot (l)"), id="lot", variant="warning")
            elif self.counted:
                yield Button(_("Confirm the top (c)"), id="confirm", variant="success")
            yield Button(_("Back"), id="back")
        count_title, count_parts = count_widgets(outcome)
        first = sorted(outcome.first_choices.items(), key=lambda kv: (-kv[1], kv[0]))
        with TabbedContent(id="result-tabs"):
            # Plain words first, for residents; the count's technical detail one tab on.
            with TabPane(_("In plain words"), id="tab-words"), VerticalScroll():
                for line in in_plain_words(outcome):
                    yield Plain(line, classes="explanation-line")
            with TabPane(_("How it was counted"), id="tab-explanation"), VerticalScroll():
                yield Static(method_in_words(outcome.method), classes="in-words")
                for line in outcome.lines:
                    yield Plain(line, classes="explanation-line")
            with TabPane(count_title, id="tab-count"), VerticalScroll():
                yield from count_parts
            with TabPane(_("First choices"), id="tab-chart"), VerticalScroll():
                yield Static(_("How often each problem was ranked first:"), classes="chart-title")
                yield BarChart(first, highlight=outcome.winners)
            with TabPane(_("Record"), id="tab-record"), VerticalScroll():
                yield Plain(record_text(outcome), classes="record")

    def on_mount(self) -> None:
        self.query("#result-buttons Button").first().focus()


def record_text(outcome: VoteOutcome) -> str:
    vote = outcome.vote
    lines = [
        _("Ballots: {n}").format(n=outcome.ballots),
        _("Digest of the ballots (SHA-256): {digest}").format(digest=outcome.digest),
        _("Seed for a lot: {seed}").format(seed=outcome.seed),
        _("Engine version: {version}").format(version=vote.engine_version),
        _("Places: {seats}; ballot: {ballot}; groups balanced: {balanced}.").format(
            seats=outcome.seats,
            ballot=_("secret") if vote.secret else _("open"),
            balanced=_("yes") if vote.balance_groups else _("no"),
        ),
    ]
    if vote.quorum_members is not None:
        lines.append(
            _("Quorum at opening: {present}/{members} (needed {required}).").format(
                present=vote.quorum_present,
                members=vote.quorum_members,
                required=vote.quorum_required,
            )
        )
    order = " > ".join(t[0] if len(t) == 1 else "(" + " = ".join(t) + ")" for t in outcome.ranking)
    lines += ["", _("Full order: {order}").format(order=order)]
    return "\n".join(lines)


class CastingVoteForm(FormModal[list[str]]):
    """The chair puts the tied candidates in order (best first); dismisses with that order."""

    SAVE_LABEL = N_("Confirm")

    TITLE_TEXT = N_("The chair's casting vote")

    def __init__(self, tied: list[str]) -> None:
        super().__init__()
        self.tied = tied

    def fields(self) -> ComposeResult:
        yield Static(
            _(
                "Put the tied problems in the order the chair decides, best first "
                "(shift+↑↓ or k/j move)."
            ),
            classes="hint",
        )
        ranking = RankingList(list(enumerate(self.tied)), id="casting-order")
        for index in range(len(self.tied)):
            ranking.model.set_rank(index, index + 1)
        yield FormRow(_("Order"), ranking, name="casting")
        yield RankingButtons()

    def on_mount(self) -> None:
        self.query_one(RankingList).focus()

    def save(self) -> None:
        ranking = self.query_one(RankingList)
        ranks = ranking.ranks
        if len(ranks) != len(self.tied) or len(set(ranks.values())) != len(self.tied):
            raise InputError(
                _("Give every tied problem its own place: no ties, none left out."),
                field="casting",
            )
        self.dismiss([self.tied[i] for i in ranking.model.order()])


class ConfirmTopForm(FormModal[list[int]]):
    """Each winner's success criterion; the period they belong to (or a new one)."""

    TITLE_TEXT = N_("Confirm the top")
    SAVE_LABEL = N_("Confirm")

    def __init__(self, outcome: VoteOutcome, today: date) -> None:
        super().__init__()
        self.outcome = outcome
        self.today = today
        self._running_period = False

    def fields(self) -> ComposeResult:
        for index, name in enumerate(self.outcome.winners):
            yield FormRow(
                _("{place}. {title} — done when ...").format(place=index + 1, title=name),
                Input(id=f"criterion-{index}"),
                name=f"criteria-{index}",
            )
        yield Plain("", id="period-line")
        yield Checkbox(_("Start a new period today"), id="new-period")
        yield FormRow(
            _("Why does the running period end early?"),
            Input(id="close-reason"),
            name="close_reason",
        )
        yield Static("", id="places-line")
        yield FormRow(
            _("Running priorities this vote replaces (space ticks)"),
            SelectionList[int](id="replaces"),
            name="replaces",
        )

    def on_mount(self) -> None:
        self.query_one("#criterion-0", Input).focus()
        self.query_one("#row-close_reason").display = False
        self.query_one("#row-replaces").display = False
        self.ask(period_choice, self.today, then=self._period)

    @on(Checkbox.Changed, "#new-period")
    def _new_period(self, event: Checkbox.Changed) -> None:
        self.query_one("#row-close_reason").display = event.value and self._running_period

    def _period(self, choice: PeriodChoice) -> None:
        period, settings, places = choice
        running = len(places.running)
        self._running_period = period is not None
        needed = len(self.outcome.winners) - places.free
        if needed > 0:
            self.query_one("#places-line", Static).update(
                ngettext(
                    "{free} of the {maximum} places is free and this vote fills {count}: tick "
                    "{needed} running priority it replaces.",
                    "{free} of the {maximum} places are free and this vote fills {count}: tick "
                    "the {needed} running priorities it replaces.",
                    needed,
                ).format(
                    free=places.free,
                    maximum=places.maximum,
                    count=len(self.outcome.winners),
                    needed=needed,
                )
            )
            listing = self.query_one("#replaces", SelectionList)
            listing.add_options(
                (Content(visible(f"{p.rank}. {p.title}")), p.id, False) for p in places.running
            )
            self.query_one("#row-replaces").display = True
        line = self.query_one("#period-line", Plain)
        box = self.query_one("#new-period", Checkbox)
        if period is None:
            line.update(
                _(
                    "No period is running. A new one starts today: {months} months, {hours} "
                    "professional hours."
                ).format(months=settings.period_months, hours=settings.professional_hours)
            )
            box.value = True
            box.disabled = True
        else:
            line.update(
                _("They become the priorities of the period {label}{start} – {end}.").format(
                    label=f"{period.label} " if period.label else "",
                    start=day(period.start_on),
                    end=day(period.end_on),
                )
                + (
                    " "
                    + ngettext(
                        "{n} earlier priority is still running.",
                        "{n} earlier priorities are still running.",
                        running,
                    ).format(n=running)
                    if running
                    else ""
                )
            )
        self.mark_clean()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter moves on to the next criterion; on the last one it saves (not the form's own
        # handler, which would save at the first Enter).
        event.stop()
        event.prevent_default()
        inputs = [i for i in self.query(Input) if (i.id or "").startswith("criterion-")]
        if event.input in inputs and inputs.index(event.input) + 1 < len(inputs):
            inputs[inputs.index(event.input) + 1].focus()
        elif event.input in inputs and self.query_one("#row-replaces").display:
            self.query_one("#replaces", SelectionList).focus()
        else:
            self.action_save()

    def save(self) -> None:
        criteria = {
            name: self.query_one(f"#criterion-{index}", Input).value
            for index, name in enumerate(self.outcome.winners)
        }
        self.submit(
            confirm_vote,
            self.outcome.vote.id,
            criteria=criteria,
            today=self.today,
            new_period=self.query_one("#new-period", Checkbox).value,
            close_reason=self.query_one("#close-reason", Input).value,
            replaces=list(self.query_one("#replaces", SelectionList).selected),
        )


PeriodChoice = tuple[PeriodRead | None, NeighbourhoodRead, TopPlaces]


def period_choice(db: Database, today: date) -> PeriodChoice:
    """The running period (if any), the neighbourhood's settings, and the places of the top
    (which priorities still run, how many places are free)."""
    return running_period(db, today), get_neighbourhood(db), free_places(db)


__all__ = ["CastingVoteForm", "ConfirmTopForm", "ResultView", "count_widgets", "tie_text"]
