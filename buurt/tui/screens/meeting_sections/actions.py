"""Actions: for each priority (the ones chosen at this meeting first) what will be done, by whom,
by when, and how many professional hours it takes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from buurt.i18n import N_, _
from buurt.services.actions import ActionRead
from buurt.services.labels import AgendaSection
from buurt.services.meetings import MeetingRead
from buurt.services.priorities import PlanItem, action_plan
from buurt.tui.format import day
from buurt.tui.screens.meeting_sections.base import Section
from buurt.tui.screens.meeting_sections.notes import NoteBox
from buurt.tui.widgets.plain import Plain
from buurt.tui.widgets.table import Column, RecordTable


class PlanBlock(Vertical):
    """One priority with its actions and an "add action" button."""

    def __init__(self, item: PlanItem, meeting_id: int) -> None:
        super().__init__(classes="priority-block")
        self.item = item
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        priority = self.item.priority
        mark = _("new") if self.item.chosen_here else _("running")
        yield Plain(f"{priority.rank}. {priority.title}  ({mark})", classes="priority-title")
        if priority.success_criterion:
            yield Plain(
                _("Done when: {criterion}").format(criterion=priority.success_criterion),
                classes="criterion",
            )
        table = RecordTable(
            [
                Column("title", N_("Action"), 19, flex=True),
                Column("owner", N_("Owner"), 12, flex=True),
                Column("due", N_("Due"), 10, keep=True),
                Column("hours", N_("Hours"), 5, keep=True),
            ],
            id=f"plan-{priority.id}",
        )
        table.add_class("plan-actions")
        yield table
        with Horizontal(classes="buttons"):
            yield Button(_("Add action"), classes="add-action", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        table = self.query_one(RecordTable)
        table.styles.height = len(self.item.actions) + 1 if self.item.actions else 2
        table.fill((a.id, self._cells(a)) for a in self.item.actions)

    def _cells(self, action: ActionRead) -> tuple[object, ...]:
        here = action.created_in_id == self.meeting_id
        return (
            Text(action.title, style="bold" if here else ""),
            action.owner,
            day(action.due_on) if action.due_on else "",
            "" if action.hours is None else str(action.hours),
        )


class ActionsSection(Section):
    SECTION = AgendaSection.ACTIONS
    FIRST = "RecordTable"
    HINT = N_(
        "Agree what will be done for each priority: what, by whom (a member, an organisation "
        "or both), by when, and the professional hours it takes. Press n (or the button) to add."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add_action", N_("Add action"), id="meeting.actions.add"),
    ]

    def __init__(self, meeting: MeetingRead) -> None:
        super().__init__(meeting)
        self.items: list[PlanItem] = []

    def body(self) -> ComposeResult:
        yield Vertical(id="plan-items")
        yield NoteBox(self.meeting.id, self.SECTION)

    def reload(self) -> None:
        self.ask(action_plan, self.meeting.id, then=self._show)

    async def _show(self, items: list[PlanItem]) -> None:
        self.items = items
        box = self.query_one("#plan-items", Vertical)
        await box.remove_children()
        if not items:
            await box.mount(Static(_("There are no running priorities yet."), classes="empty"))
            self.settle_focus()
            return
        await box.mount_all(PlanBlock(item, self.meeting.id) for item in items)
        self.call_after_refresh(self.settle_focus)

    def _current_block(self) -> PlanBlock | None:
        focused = self.screen.focused
        if focused is not None:
            for ancestor in focused.ancestors_with_self:
                if isinstance(ancestor, PlanBlock):
                    return ancestor
        blocks = self.query(PlanBlock)
        return blocks.first() if blocks else None

    def action_add_action(self, block: PlanBlock | None = None) -> None:
        from buurt.tui.screens.action_form import ActionForm

        target = block or self._current_block()
        if target is None:
            return

        def added(action: ActionRead | None) -> None:
            if action is not None:
                self.reload()

        self.app.push_screen(
            ActionForm(priority_id=target.item.priority.id, meeting_id=self.meeting.id), added
        )

    @on(Button.Pressed, ".add-action")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        block = next(a for a in event.button.ancestors if isinstance(a, PlanBlock))
        self.action_add_action(block)
