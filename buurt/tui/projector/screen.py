"""The projector view: large, calm, read-only; it follows the chair's app on its own.

A thread worker asks the file "changed since?" four times a second (`ChangeWatch`: one PRAGMA
on SQLite, no disk read) and sleeps in between; only a change loads the view again, in an
exclusive worker, and the answer is drawn on the main thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Digits, Static
from textual.worker import get_current_worker

from buurt.i18n import _, ngettext
from buurt.services.labels import AgendaSection, label
from buurt.services.projector import (
    BLANK,
    PLAN,
    RESULT,
    VOTE,
    WAITING,
    ProjectorView,
    projector_view,
)
from buurt.services.watch import ChangeWatch
from buurt.tui.format import day, moment

if TYPE_CHECKING:
    from buurt.services import Database

POLL_SECONDS = 0.25


def _text(value: str, classes: str = "") -> Static:
    """Text from the file: never markup."""
    return Static(value, classes=classes, markup=False)


class ProjectorScreen(Screen[None]):
    """The room's view of the open meeting."""

    CSS_PATH = "projector.tcss"

    class Changed(Message):
        """The file changed: load the view again."""

    class Loaded(Message):
        def __init__(self, view: ProjectorView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, db: Database, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.db = db
        self.clock = clock
        self.view: ProjectorView | None = None
        self._stop = threading.Event()

    def compose(self) -> ComposeResult:
        with Horizontal(id="projector-bar"):
            yield Static("", id="projector-where", markup=False)
            yield Static("", id="projector-quorum")
        yield Vertical(id="projector-body")

    def on_mount(self) -> None:
        self.follow()

    def on_unmount(self) -> None:
        self._stop.set()

    @work(thread=True, group="projector-watch", exit_on_error=False)
    def follow(self) -> None:
        """Wait, ask whether the file changed, repeat: no busy loop, no write."""
        worker = get_current_worker()
        watch = ChangeWatch(self.db, report_own_commits=True)
        self.post_message(self.Changed())  # the first look loads at once
        try:
            while not worker.is_cancelled and not self._stop.is_set():
                if watch.changed():
                    self.post_message(self.Changed())
                self._stop.wait(POLL_SECONDS)
        finally:
            watch.close()

    @on(Changed)
    def _changed(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="projector-load", exit_on_error=False)
    def load(self) -> None:
        view = projector_view(self.db, now=self.clock() if self.clock else None)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(view))

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        if message.view == self.view:
            return
        await self.show(message.view)
        self.view = message.view  # what is on screen now

    async def show(self, view: ProjectorView) -> None:
        self.set_class(view.state == BLANK, "-blank")
        self._bar(view)
        body = self.query_one("#projector-body", Vertical)
        parts = {
            BLANK: _blank,
            WAITING: _waiting,
            VOTE: _vote,
            RESULT: _result,
            PLAN: _plan,
        }.get(view.state, _item)(view)
        async with body.batch():
            await body.remove_children()
            await body.mount_all(parts)

    def _bar(self, view: ProjectorView) -> None:
        where = self.query_one("#projector-where", Static)
        check = self.query_one("#projector-quorum", Static)
        parts = [view.neighbourhood]
        if view.meeting_starts_at is not None:
            parts.append(moment(view.meeting_starts_at))
        if view.meeting_place:
            parts.append(view.meeting_place)
        where.update(" · ".join(parts))
        quorum = view.quorum
        if quorum is None:
            check.update("")
            return
        # Words, not ✓/✗: the browser's terminal font has no such signs.
        if quorum.met:
            text = _("{present} of {members} present · quorum reached")
        else:
            text = _("{present} of {members} present · quorum of {required} not reached")
        check.update(
            text.format(present=quorum.present, members=quorum.members, required=quorum.required)
        )
        check.set_class(quorum.met, "-met")
        check.set_class(not quorum.met, "-short")


def _fraction(part: int, whole: int) -> Widget:
    """ "4 / 9" in large digits."""
    return Horizontal(
        Digits(str(part)), Static("/", classes="slash"), Digits(str(whole)), classes="fraction"
    )


def _blank(view: ProjectorView) -> list[Widget]:
    return []


def _waiting(view: ProjectorView) -> list[Widget]:
    parts: list[Widget] = [Static(_("The meeting has not started yet."), classes="big")]
    if view.next_starts_at is not None:
        where = f" · {view.next_place}" if view.next_place else ""
        parts.append(
            _text(_("Next meeting: {when}").format(when=moment(view.next_starts_at)) + where)
        )
    return parts


def _item(view: ProjectorView) -> list[Widget]:
    section = AgendaSection(view.section or "opening")
    number = list(AgendaSection).index(section) + 1
    parts: list[Widget] = [Static(f"{number}. {label(section)}", classes="big")]
    quorum = view.quorum
    if section == AgendaSection.OPENING and quorum is not None:
        parts.append(_fraction(quorum.present, quorum.members))
        present = ngettext("{n} member present", "{n} members present", quorum.present).format(
            n=quorum.present
        )
        apologies = ngettext("{n} sent apologies", "{n} sent apologies", view.apologies).format(
            n=view.apologies
        )
        parts.append(_text(f"{present} · {apologies}", "line"))
    parts.extend(_text(note, "note") for note in view.notes)
    return parts


def _vote(view: ProjectorView) -> list[Widget]:
    count = view.count
    assert count is not None
    title = count.title or _("Vote")
    kind = _("secret ballot") if count.secret else _("open ballot")
    return [
        Static(_("Vote in progress"), classes="heading"),
        _text(title, "big"),
        _fraction(count.cast, count.voters),
        Static(
            ngettext(
                "{cast} of {n} member who may vote has cast a ballot",
                "{cast} of {n} members who may vote have cast a ballot",
                count.voters,
            ).format(cast=count.cast, n=count.voters),
            classes="line",
        ),
        Static(kind, classes="muted"),
    ]


def _result(view: ProjectorView) -> list[Widget]:
    board = view.result
    assert board is not None
    parts: list[Widget] = [
        Static(_("Result"), classes="heading"),
        _text(board.title or _("Vote"), "big"),
        Static(
            ngettext("{n} ballot counted", "{n} ballots counted", board.ballots).format(
                n=board.ballots
            ),
            classes="line muted",
        ),
    ]
    parts.extend(
        _text(f"{place}. {name}", "winner") for place, name in enumerate(board.winners, start=1)
    )
    parts.extend(_text(tie, "tie") for tie in board.ties)
    if board.lines:
        parts.append(Static(_("How it was counted"), classes="heading spaced"))
        parts.extend(_text(line, "line") for line in board.lines)
    return parts


def _plan(view: ProjectorView) -> list[Widget]:
    parts: list[Widget] = [Static(_("Top 3"), classes="heading")]
    if not view.priorities:
        parts.append(Static(_("No top 3 yet."), classes="line muted"))
    for priority in view.priorities:
        parts.append(_text(f"{priority.rank}. {priority.title}", "priority"))
        criterion = priority.success_criterion or _("no success criterion yet")
        parts.append(_text(_("Done when: {criterion}").format(criterion=criterion), "criterion"))
    parts.append(Static(_("Actions"), classes="heading"))
    if not view.actions:
        parts.append(Static(_("No actions yet."), classes="line muted"))
    for action in view.actions:
        due = day(action.due_on) if action.due_on else "-"
        widget = _text(f"• {action.title} · {action.owner} · {due}", "action")
        widget.set_class(action.agreed_here, "-here")
        parts.append(widget)
    if view.actions_more:
        parts.append(
            Static(
                ngettext("and {n} more", "and {n} more", view.actions_more).format(
                    n=view.actions_more
                ),
                classes="muted",
            )
        )
    return parts
