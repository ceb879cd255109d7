"""The audit trail: every write, newest first, filtered by date, kind of thing and person.

Each event shows when, who, what and a summary; the highlighted event's before and after are
shown in full below the table. `v` recomputes the chain of hashes and says whether the trail is
intact, or where it was first changed.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static

from buurt.i18n import N_, _, ngettext
from buurt.services.audit import AuditRead, ChainReport, audit_entities, list_events, verify_chain
from buurt.services.base import parse_date
from buurt.tui.base import BuurtScreen
from buurt.tui.format import moment
from buurt.tui.widgets.footer import BuurtFooter
from buurt.tui.widgets.table import Column, RecordTable

COLUMNS = [
    Column("at", N_("When"), 20),
    Column("actor", N_("Who"), 10),
    Column("action", N_("Action"), 9),
    Column("entity", N_("What"), 14),
    Column("summary", N_("Summary"), 30, flex=True),
]
PAGE = 500


def _fields(text: str) -> dict[str, Any]:
    """An event's before or after; a damaged one (not a JSON object) is shown as it is, never
    a crash (`buurt verify` reports it)."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return {"?": text}
    return data if isinstance(data, dict) else {"?": text}


def _changes(event: AuditRead) -> str:
    """Before and after as "field: old -> new" lines."""
    before = _fields(event.before_json)
    after = _fields(event.after_json)
    lines = []
    for key in list(dict.fromkeys([*before, *after])):
        if key in before and key in after:
            lines.append(f"{key}: {before[key]} → {after[key]}")
        elif key in after:
            lines.append(f"{key}: {after[key]}")
        else:
            lines.append(f"{key}: {before[key]} → -")
    return "\n".join(lines)


class AuditScreen(BuurtScreen):
    """The audit trail, with filters."""

    TITLE_TEXT = N_("Audit trail")
    CSS_PATH = "audit.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Back"), id="audit.close"),
        Binding(
            "v", "verify", N_("Verify"), tooltip=N_("Check the chain of hashes"), id="audit.verify"
        ),
        Binding("ctrl+r", "clear_filters", N_("Clear filters"), id="audit.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.events: dict[int, AuditRead] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="audit-filters"):
            yield Input(placeholder=_("From (dd-mm-yyyy)"), id="audit-since")
            yield Input(placeholder=_("Until (dd-mm-yyyy)"), id="audit-until")
            yield Select[str]([], prompt=_("Everything"), id="audit-entity")
            yield Input(placeholder=_("Person"), id="audit-person")
        yield Static("", id="audit-summary")
        yield RecordTable(COLUMNS, id="audit-events")
        yield Static("", id="audit-details")
        yield BuurtFooter()

    def on_mount(self) -> None:
        self.ask(audit_entities, then=self._entities)
        self.load()

    def _entities(self, entities: list[str]) -> None:
        self.query_one("#audit-entity", Select).set_options((e, e) for e in entities)

    def _date(self, widget_id: str) -> tuple[date | None, str]:
        text = self.query_one(widget_id, Input).value.strip()
        if not text:
            return None, ""
        try:
            return parse_date(text), ""
        except ValueError as error:
            return None, str(error)

    @on(Input.Changed)
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self.load()

    def load(self) -> None:
        since, problem = self._date("#audit-since")
        until, problem_until = self._date("#audit-until")
        entity = self.query_one("#audit-entity", Select).value
        if problem or problem_until:
            self.query_one("#audit-summary", Static).update(problem or problem_until)
            return
        self.ask(
            list_events,
            since=since,
            until=until,
            entity=entity if isinstance(entity, str) else None,
            person=self.query_one("#audit-person", Input).value,
            limit=PAGE,
            then=self.show,
            group="audit-list",
        )

    def show(self, events: list[AuditRead]) -> None:
        self.events = {e.id: e for e in events}
        table = self.query_one("#audit-events", RecordTable)
        table.fill(
            (
                e.id,
                [
                    moment(e.at),
                    e.actor,
                    e.action,
                    f"{e.entity} {e.entity_id}".strip(),
                    e.summary,
                ],
            )
            for e in events
        )
        summary = ngettext(
            "{n} event shown, newest first.", "{n} events shown, newest first.", len(events)
        ).format(n=len(events))
        if len(events) >= PAGE:
            summary = _(
                "The newest {n} events shown; narrow the filters to see older ones."
            ).format(n=PAGE)
        self.query_one("#audit-summary", Static).update(summary)
        self._show_details()

    @on(DataTable.RowHighlighted, "#audit-events")
    def _show_details(self) -> None:
        key = self.query_one("#audit-events", RecordTable).current_id
        event = self.events.get(key) if key is not None else None
        text = ""
        if event is not None:
            text = _changes(event) or event.summary
        self.query_one("#audit-details", Static).update(text)

    def action_verify(self) -> None:
        self.ask(verify_chain, then=self._verified)

    def _verified(self, report: ChainReport) -> None:
        if report.first_break is None:
            self.notify(
                ngettext(
                    "Audit trail intact: {n} event checked.",
                    "Audit trail intact: {n} events checked.",
                    report.events,
                ).format(n=report.events)
            )
        else:
            self.notify(
                _("Audit trail broken: {reason}").format(reason=report.first_break.reason),
                severity="error",
                timeout=15,
            )

    def action_clear_filters(self) -> None:
        for widget_id in ("#audit-since", "#audit-until", "#audit-person"):
            self.query_one(widget_id, Input).value = ""
        self.query_one("#audit-entity", Select).clear()

    def action_close(self) -> None:
        self.app.pop_screen()
