"""Follow-up (terugkoppeling), the core of the meeting: per priority, each action's owner
reports (status and note), then the committee decides: continue, adjust, achieved or drop."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, DataTable, Static

from buurt.i18n import N_, _
from buurt.services.labels import (
    ActionStatus,
    AgendaSection,
    PriorityDecisionKind,
    PriorityStatus,
    label,
    label_of,
)
from buurt.services.priorities import FollowUpItem, follow_up
from buurt.services.priorities.review import FollowUpAction
from buurt.text import visible
from buurt.tui.screens.action_form import FollowUpForm
from buurt.tui.screens.meeting_sections.base import Section
from buurt.tui.screens.meeting_sections.follow_up_forms import DecisionForm
from buurt.tui.screens.meeting_sections.notes import NoteBox
from buurt.tui.widgets.button_row import ButtonRow
from buurt.tui.widgets.plain import Plain
from buurt.tui.widgets.table import MIN_WIDTH, Column, RecordTable

# The four columns of a wide table: the report gets room for a few words per line.
WIDE_COLUMNS = [
    Column("title", N_("Action"), 16, flex=True),
    Column("owner", N_("Owner"), 16, flex=True, least=16),
    Column("status", N_("Status"), 11),
    Column("reported", N_("Reported"), 12, flex=True),
]
# Narrower than this (in cells; an 80- or 100-column terminal beside the agenda), four columns
# leave the report a word per line: the owner and the status go on the report's first line.
NARROW_BELOW = 76
NARROW_COLUMNS = [
    Column("title", N_("Action"), 16),
    Column("report", N_("Owner and report"), 30, flex=True),
]
# An owner's name keeps this many cells before the status beside it is cut.
OWNER_CELLS = 16


class ActionReports(RecordTable):
    """One priority's actions with what their owners reported.

    Wide, four columns: action, owner, status, report. Narrow, two: the action, and under the
    heading "Owner and report" the owner and the status on one line with the report below it,
    so that the report gets the width of the table less the action's, not a quarter of it."""

    def __init__(self, entries: list[FollowUpAction], *, id: str) -> None:
        super().__init__(WIDE_COLUMNS, id=id, wrap=True)
        self.entries = entries
        self.narrow = False
        self.add_class("follow-up-actions")

    def show(self) -> None:
        """Fill the table for its width (once it has one)."""
        narrow = 0 < self.size.width < NARROW_BELOW
        if narrow != self.narrow:
            self.narrow = narrow
            self.spec = NARROW_COLUMNS if narrow else WIDE_COLUMNS
            self.clear(columns=True)
            for column in self.spec:
                self.add_column(_(column.heading), width=column.width, key=column.key)
        self.fill((entry.action.id, self._cells(entry)) for entry in self.entries)

    def on_resize(self) -> None:
        if self.narrow or 0 < self.size.width < NARROW_BELOW:
            self.show()  # the first line of a narrow row is cut to the width it gets
        else:
            super().on_resize()

    def widths(self, width: int) -> dict[str, int]:
        if not self.narrow:
            return super().widths(width)
        room = width - 2 * self.cell_padding * len(self.spec) - self.styles.scrollbar_size_vertical
        title = max(MIN_WIDTH, min(NARROW_COLUMNS[0].width, room // 3))
        return {"title": title, "report": max(MIN_WIDTH, room - title)}

    def _cells(self, entry: FollowUpAction) -> tuple[object, ...]:
        action = entry.action
        status = label_of(ActionStatus, action.status)
        report = (
            Text("✓ " + (entry.reported.note or _("reported")), style="bold")
            if entry.reported
            else Text(action.last_note, style="dim")
        )
        if not self.narrow:
            return (action.title, action.owner, status, report)
        line = _owner_line(action.owner, status, self.widths(self.size.width)["report"])
        return (action.title, line + "\n" + report if report.plain else line)


def _owner_line(owner: str, status: str, width: int) -> Text:
    """ "Owner · status" in `width` cells: the owner cut first (to `OWNER_CELLS`), then all."""
    line = Text(visible(owner))
    after = Text.assemble(" · ", (status, "italic"))
    room = max(width - after.cell_len, min(OWNER_CELLS, width))
    if line.cell_len > room:
        line.truncate(room - 1, overflow="crop")
        line.append("…")
    line.append_text(after)
    if line.cell_len > width:
        line.truncate(width - 1, overflow="crop")
        line.append("…")
    return line


# What the chair can decide at the follow-up. "Replaced" is not among them: a priority is
# replaced only by confirming a new vote's top (the confirm dialog asks which ones it replaces).
DECISIONS = [kind for kind in PriorityDecisionKind if kind is not PriorityDecisionKind.REPLACED]


class PriorityBlock(Vertical):
    """One priority: its criterion, its actions with their reports, the decision buttons."""

    def __init__(self, item: FollowUpItem) -> None:
        super().__init__(classes="priority-block")
        self.item = item

    def compose(self) -> ComposeResult:
        priority = self.item.priority
        where = f" · {priority.street}" if priority.street else ""
        yield Plain(
            f"{priority.rank}. {priority.title}{where}  "
            f"({label_of(PriorityStatus, priority.status)})",
            classes="priority-title",
        )
        criterion = priority.success_criterion or _("no success criterion yet")
        yield Plain(_("Done when: {criterion}").format(criterion=criterion), classes="criterion")
        yield ActionReports(self.item.actions, id=f"actions-{priority.id}")
        decision = self.item.decision
        if decision is not None:
            text = _("Decided: {decision}").format(
                decision=label_of(PriorityDecisionKind, decision.decision)
            )
            if decision.note:
                text += f" — {decision.note}"
            yield Plain(text, classes="decision")
        else:
            with ButtonRow(classes="buttons"):
                for kind in DECISIONS:
                    yield Button(
                        label(kind).capitalize(), name=kind.value, classes="decide", compact=True
                    )

    def on_mount(self) -> None:
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        table = self.query_one(ActionReports)
        if not self.item.actions:
            table.styles.height = 2
        table.show()


class FollowUpSection(Section):
    SECTION = AgendaSection.FOLLOW_UP
    FIRST = "RecordTable"
    HINT = N_(
        "For each priority: select an action and press enter to record what its owner "
        "reports; then decide on the priority with the buttons below it."
    )

    def __init__(self, meeting):  # type: ignore[no-untyped-def]
        super().__init__(meeting)
        self.items: list[FollowUpItem] = []

    def body(self) -> ComposeResult:
        yield Vertical(id="follow-up-items")
        yield NoteBox(self.meeting.id, self.SECTION)

    def reload(self) -> None:
        self.ask(follow_up, self.meeting.id, then=self._show)

    async def _show(self, items: list[FollowUpItem]) -> None:
        focused = self.screen.focused
        refocus = focused.id if focused is not None and focused in self.query("*") else None
        self.items = items
        box = self.query_one("#follow-up-items", Vertical)
        await box.remove_children()
        if not items:
            await box.mount(
                Static(_("There are no running priorities to follow up."), classes="empty")
            )
            self.settle_focus()
            return
        await box.mount_all(PriorityBlock(item) for item in items)
        if refocus:
            self.call_after_refresh(self._refocus, refocus)
        self.call_after_refresh(self.settle_focus)

    def _refocus(self, widget_id: str) -> None:
        for widget in self.query(f"#{widget_id}"):
            widget.focus()

    @on(DataTable.RowSelected, ".follow-up-actions")
    def _report(self, event: DataTable.RowSelected) -> None:
        block = next(a for a in event.data_table.ancestors if isinstance(a, PriorityBlock))
        action = next(
            e.action for e in block.item.actions if str(e.action.id) == event.row_key.value
        )
        form = FollowUpForm(
            action, meeting_id=self.meeting.id, reported_by_id=action.owner_member_id
        )
        self.app.push_screen(form, self._changed)

    @on(Button.Pressed, ".decide")
    def _decide(self, event: Button.Pressed) -> None:
        event.stop()
        block = next(a for a in event.button.ancestors if isinstance(a, PriorityBlock))
        kind = PriorityDecisionKind(event.button.name or "continue")
        still_open = sum(1 for a in block.item.actions if a.action.is_open)
        self.app.push_screen(
            DecisionForm(block.item.priority, self.meeting.id, kind, open_actions=still_open),
            self._changed,
        )

    def _changed(self, result: object) -> None:
        if result is not None:
            self.reload()
