"""Background work: how a screen or widget asks a service without freezing the app.

There is one way, built on Textual's workers, and every screen, dialog, agenda section and app
of buurt has it (they are `Asker`s; a new widget that asks adds the mixin first:
`class PriorityCard(Asker, Vertical)`):

    def load(self) -> None:
        self.ask(list_members, include_inactive=True, then=self.show, group="member-list")

`self.ask(function, *args, then=..., failed=..., group=..., **kwargs)` runs
`function(db, *args, **kwargs)` in a thread worker owned by the asker
(`run_worker(thread=True, group=...)`); `db` is what the app hands every service (the open
neighbourhood file; the picker hands the data folder). Then, on the main thread:

- the answer goes to `then(answer)`, but only while the worker is not cancelled and the asker is
  still mounted. Textual cancels an asker's workers when it is removed, so an answer for a
  section that has gone is dropped, never a `NoMatches`;
- name a `group` when only the newest answer counts (a list shown with other filters, a preview):
  the worker is then exclusive, a newer `ask` in that group from the same asker cancels the
  older one, and the stale answer is dropped (no counters). Without a group every answer counts
  (a write: each saved row updates the screen); the worker's group is then the function's name;
- a refusal (`BuurtError`) goes to `failed(error)` (e.g. to show it beside a form field), or is
  shown as a notification;
- anything else (a bug in the service, or in `then`) fails the worker. `Worker.StateChanged`
  does not bubble, so the asker hands a failed worker up to the app, whose one
  `@on(Worker.StateChanged)` handler (`report_failed_worker`) logs the traceback to the log
  file and tells the user in one sentence. Nothing vanishes: a failure after the asker has
  gone is logged by the worker itself.

`ask` returns the worker: `worker.is_finished` says whether an answer is still to come (a form's
busy state ends with its worker, see `FormModal.submit`). Tests wait for worker groups with
`tests/settle.py`, never for time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from textual.app import App
from textual.worker import Worker, WorkerState, get_current_worker

from buurt.errors import BuurtError
from buurt.i18n import _
from buurt.logging_setup import log_file

T = TypeVar("T")
log = logging.getLogger("buurt.tui")


class AppClosing(Exception):
    """The app closed while a service call waited for the file to open: the call just stops."""


@runtime_checkable
class ServiceHost(Protocol):
    """An app whose screens ask services: it hands every service its first argument."""

    def service_argument(self) -> Any:
        """The first argument of every service call (waits, in the worker's thread, until it
        is there; raises `AppClosing` when the app closes meanwhile)."""
        ...


def unexpected_error_message() -> str:
    return _("Something unexpected went wrong; the details were written to {path}.").format(
        path=log_file()
    )


def _log_failure(worker: Worker[Any], error: BaseException) -> None:
    log.error(
        "background work %r (group %r) failed",
        worker.name,
        worker.group,
        exc_info=(type(error), error, error.__traceback__),
    )


if TYPE_CHECKING:
    from textual.dom import DOMNode

    _Node = DOMNode
else:
    # A plain mixin, not a DOMNode subclass: Textual gathers a widget's DEFAULT_CSS along its
    # first DOMNode base, and `class X(Asker, Screen)` must keep Screen's.
    _Node = object


class Asker(_Node):
    """A screen, widget or app that asks services in the background (see the module doc).
    Put it first among the bases: `class PriorityCard(Asker, Vertical)`."""

    def ask(
        self,
        function: Callable[..., T],
        /,
        *args: Any,
        then: Callable[[T], object] | None = None,
        failed: Callable[[BuurtError], object] | None = None,
        group: str | None = None,
        **kwargs: Any,
    ) -> Worker[None]:
        """Run `function(db, *args, **kwargs)` in a thread; hand its answer to `then` on the
        main thread while this asker still wants it; a `BuurtError` goes to `failed`. With a
        `group`, a newer ask in that group cancels this one (its answer is dropped)."""
        app = self.app
        if not isinstance(app, ServiceHost):
            raise TypeError(f"{type(app).__name__} does not host services")
        host: ServiceHost = app
        name = getattr(function, "__name__", "") or "service"

        def work() -> None:
            worker = get_current_worker()
            try:
                answer = function(host.service_argument(), *args, **kwargs)
            except AppClosing:
                return
            except BuurtError as error:
                reply: Callable[[], object] = partial(self._ask_refused, error, failed)
            except Exception as error:
                if worker.is_cancelled:  # nobody listens any more: log it here
                    _log_failure(worker, error)
                raise
            else:
                if then is None:
                    return
                reply = partial(then, answer)
            if not worker.is_cancelled:
                # Blocks this thread until `reply` ran on the main thread, so an exception in
                # `then` fails this worker and reaches the app's handler.
                app.call_from_thread(self._ask_reply, worker, reply)

        return self.run_worker(
            work,
            name=name,
            group=group or name,
            thread=True,
            exclusive=group is not None,
            exit_on_error=False,
        )

    def _ask_reply(self, worker: Worker[None], reply: Callable[[], object]) -> object:
        """On the main thread: give the answer, unless it went stale or its asker has gone.
        (`call_from_thread` awaits what `then` returns, e.g. a pushed screen's mount.)"""
        if worker.is_cancelled or not (isinstance(self, App) or self.is_attached):
            return None
        return reply()

    def _ask_refused(
        self, error: BuurtError, failed: Callable[[BuurtError], object] | None
    ) -> object:
        if failed is not None:
            return failed(error)
        self.app.notify(error.message, severity="error", timeout=8)
        return None

    def _on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker.StateChanged does not bubble: a failure goes up to the app's handler.
        if event.state is WorkerState.ERROR and not isinstance(self, App):
            self.app.post_message(Worker.StateChanged(event.worker, event.state))


def report_failed_worker(app: App[Any], event: Worker.StateChanged) -> None:
    """The app's one `Worker.StateChanged` handler: a failed worker (of any screen or widget)
    is logged with its traceback, and the user is told in one sentence."""
    if event.state is not WorkerState.ERROR:
        return
    error = event.worker.error
    if error is None or isinstance(error, AppClosing):
        return
    if isinstance(error, BuurtError):
        app.notify(error.message, severity="error", timeout=8)
        return
    _log_failure(event.worker, error)
    app.notify(unexpected_error_message(), severity="error", timeout=10)
