"""The problem form: log a new problem or edit one. Reused by meeting mode for "new problems".

While the chair types, the form suggests problems that look like the same one (likely
duplicates) and warns when the title or description holds what should not be stored about people
(a name, a house number, a phone number, ...). Both only advise: the chair decides.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static, TextArea

from buurt.i18n import N_, _
from buurt.services import Database
from buurt.services.labels import ProblemSource, ProblemStatus, choices, label_of
from buurt.services.members import MemberRead, list_members
from buurt.services.neighbourhood import CategoryRead, list_categories
from buurt.services.privacy import privacy_warnings
from buurt.services.problems import ProblemRead, add_problem, similar_problems, update_problem
from buurt.text import visible
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal, chosen
from buurt.tui.widgets.text_box import TextBox

# Seconds of quiet typing before the hints are looked up (one lookup per pause, not per key).
HINT_DELAY = 0.3


@dataclass(frozen=True)
class Hints:
    """What the form shows while the chair types."""

    similar: list[ProblemRead]
    title_privacy: list[str]
    description_privacy: list[str]


def find_hints(
    db: Database, title: str, street: str, description: str, exclude_id: int | None
) -> Hints:
    """Likely duplicates and privacy warnings for the text typed so far (runs in a worker)."""
    return Hints(
        similar=similar_problems(db, title, street, exclude_id=exclude_id),
        title_privacy=[w.message for w in privacy_warnings(db, title)],
        description_privacy=[w.message for w in privacy_warnings(db, description)],
    )


def form_choices(db: Database) -> tuple[list[CategoryRead], list[MemberRead]]:
    return list_categories(db), list_members(db)


def similar_text(similar: list[ProblemRead]) -> str:
    if not similar:
        return ""
    lines = [_("Maybe already logged:")]
    for problem in similar:
        where = f", {problem.street}" if problem.street else ""
        status = label_of(ProblemStatus, problem.status)
        lines.append(f"  #{problem.id} {problem.title}{where} ({status})")
    return "\n".join(lines)


class ProblemForm(FormModal[ProblemRead]):
    """Log a problem, or edit `problem`. Dismisses with the saved `ProblemRead` (None: cancelled).

    `meeting_id` and `raised_by_id` prefill where a new problem was raised (meeting mode)."""

    TITLE_TEXT = N_("New problem")
    DEFAULT_CSS = """
    ProblemForm #description { height: 4; }
    ProblemForm .privacy {
        color: $text-warning; height: auto; display: none;
        border-left: thick $warning; padding-left: 1;
    }
    ProblemForm #similar {
        height: auto; display: none; margin: 1 0;
        border-left: thick $primary; padding-left: 1;
    }
    """

    def __init__(
        self,
        problem: ProblemRead | None = None,
        *,
        meeting_id: int | None = None,
        raised_by_id: int | None = None,
    ) -> None:
        super().__init__()
        self.problem = problem
        self.meeting_id = meeting_id
        self.raised_by_id = raised_by_id if problem is None else problem.raised_by_id

    def heading(self) -> str:
        if self.problem is None:
            return _(self.TITLE_TEXT)
        return _("Edit problem #{id}").format(id=self.problem.id)

    def fields(self) -> ComposeResult:
        p = self.problem
        yield FormRow(_("Title"), Input(p.title if p else "", id="title"), name="title")
        yield Static("", id="title-privacy", classes="privacy")
        yield Static("", id="similar")
        yield FormRow(
            _("Description"),
            TextBox(p.description if p else "", id="description", soft_wrap=True),
            name="description",
        )
        yield Static("", id="description-privacy", classes="privacy")
        with Horizontal(classes="pair"):
            yield FormRow(
                _("Street"),
                Input(
                    p.street if p else "",
                    placeholder=_("street name, no house number"),
                    id="street",
                ),
                name="street",
            )
            yield FormRow(
                _("Where in the street"),
                Input(
                    p.location_detail if p else "",
                    placeholder=_("e.g. near the playground"),
                    id="location",
                ),
                name="location_detail",
            )
        with Horizontal(classes="pair"):
            yield FormRow(
                _("Category"),
                Select[int]([], prompt=_("Choose"), id="category"),
                name="category_id",
            )
            yield FormRow(
                _("Source"),
                Select(
                    choices(ProblemSource),
                    value=p.source if p else ProblemSource.MEETING.value,
                    allow_blank=False,
                    id="source",
                ),
                name="source",
            )
        yield FormRow(
            _("Raised by"),
            Select[int]([], prompt=_("Nobody named"), id="raised-by"),
            name="raised_by_id",
        )

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self.ask(form_choices, then=self._choices)

    def _choices(self, loaded: tuple[list[CategoryRead], list[MemberRead]]) -> None:
        categories, members = loaded
        category: Select[int] = self.query_one("#category", Select)
        category.set_options((Text(visible(c.label)), c.id) for c in categories)
        raised_by: Select[int] = self.query_one("#raised-by", Select)
        raised_by.set_options((Text(visible(m.name)), m.id) for m in members)
        if self.problem is not None and self.problem.category_id is not None:
            category.value = self.problem.category_id
        if self.raised_by_id is not None and any(m.id == self.raised_by_id for m in members):
            raised_by.value = self.raised_by_id

    @on(Input.Changed, "#title, #street")
    @on(TextArea.Changed, "#description")
    def _typed(self) -> None:
        self._look_up_hints()

    @work(exclusive=True, group="problem-hints")
    async def _look_up_hints(self) -> None:
        await asyncio.sleep(HINT_DELAY)
        if not self.is_attached or not self.query("#title"):
            return  # the form closed while the typing settled: nothing to look up
        self.ask(
            find_hints,
            self.query_one("#title", Input).value,
            self.query_one("#street", Input).value,
            self.query_one("#description", TextArea).text,
            self.problem.id if self.problem else None,
            then=self._show_hints,
        )

    def _show_hints(self, hints: Hints) -> None:
        if not self.is_attached:  # the form was closed while the hints were looked up
            return
        similar = self.query_one("#similar", Static)
        similar.update(similar_text(hints.similar))
        similar.display = bool(hints.similar)
        for name, messages in (
            ("#title-privacy", hints.title_privacy),
            ("#description-privacy", hints.description_privacy),
        ):
            box = self.query_one(name, Static)
            box.update("\n".join(f"⚠ {m}" for m in messages))
            box.display = bool(messages)

    def save(self) -> None:
        data: dict[str, Any] = {
            "title": self.query_one("#title", Input).value,
            "description": self.query_one("#description", TextArea).text,
            "street": self.query_one("#street", Input).value,
            "location_detail": self.query_one("#location", Input).value,
            "category_id": chosen(self.query_one("#category", Select)),
            "source": chosen(self.query_one("#source", Select)),
            "raised_by_id": chosen(self.query_one("#raised-by", Select)),
        }
        if self.problem is None:
            if self.meeting_id is not None:
                data["logged_in_id"] = self.meeting_id
            self.submit(add_problem, data)
        else:
            self.submit(update_problem, self.problem.id, data, version=self.problem.version)
