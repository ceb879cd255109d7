"""Planning a meeting (or changing one): date (dd-mm-yyyy), time, place, chair, minute-taker."""

from __future__ import annotations

from datetime import datetime, time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

from buurt.errors import BuurtError, ChangedElsewhere, InputError
from buurt.i18n import N_, _
from buurt.services.meetings import MeetingRead, get_meeting, plan_meeting, update_meeting
from buurt.services.members import MemberRead, list_members
from buurt.text import visible
from buurt.tui.widgets.form import FormRow
from buurt.tui.widgets.form_modal import FormModal, chosen, date_input, date_text, read_date


def read_time(text: str) -> time:
    """A time as typed: 19:30, 19.30 or 1930."""
    value = text.strip().replace(".", ":")
    if value.isdigit() and len(value) in (3, 4):
        value = f"{value[:-2]}:{value[-2:]}"
    try:
        return time.fromisoformat(value if len(value) > 2 else f"{value}:00")
    except ValueError:
        raise InputError(
            _("'{text}' is not a time (use hh:mm, for example 19:30).").format(text=text),
            field="time",
        ) from None


def _choose(select: Select[int], member_id: int | None, listed: set[int]) -> None:
    """Show `member_id` in a member select box; nothing when empty or not `listed`."""
    if member_id is not None and member_id in listed:
        select.value = member_id
    else:
        select.clear()


class MeetingForm(FormModal[MeetingRead]):
    """Plan a meeting, or change `meeting`; `like` prefills place, chair and minute-taker."""

    TITLE_TEXT = N_("Plan a meeting")

    def __init__(
        self,
        meeting: MeetingRead | None = None,
        *,
        like: MeetingRead | None = None,
        starts_at: datetime | None = None,
    ) -> None:
        super().__init__()
        self.meeting = meeting
        self.like = meeting or like
        self.starts_at = meeting.starts_at if meeting else starts_at
        self._listed: set[int] = set()

    def heading(self) -> str:
        return _(self.TITLE_TEXT) if self.meeting is None else _("Change the meeting")

    def fields(self) -> ComposeResult:
        local = self.starts_at.astimezone() if self.starts_at else None
        with Horizontal(classes="pair"):
            yield FormRow(
                _("Date"), date_input(local.date() if local else None, id="day"), name="starts_at"
            )
            yield FormRow(
                _("Time"),
                Input(f"{local:%H:%M}" if local else "19:30", placeholder="19:30", id="time"),
                name="time",
            )
        yield FormRow(
            _("Place"), Input(self.like.place if self.like else "", id="place"), name="place"
        )
        with Horizontal(classes="pair"):
            yield FormRow(
                _("Chair"), Select[int]([], prompt=_("Choose"), id="chair"), name="chair_id"
            )
            yield FormRow(
                _("Minute-taker"),
                Select[int]([], prompt=_("Choose"), id="minute-taker"),
                name="minute_taker_id",
            )

    def on_mount(self) -> None:
        self.query_one("#day", Input).focus()
        self.ask(list_members, then=self._members)

    def _members(self, members: list[MemberRead]) -> None:
        options = [(Text(visible(m.name)), m.id) for m in members]
        self._listed = {m.id for m in members}
        for select_id, attribute in (("#chair", "chair_id"), ("#minute-taker", "minute_taker_id")):
            select = self.query_one(select_id, Select)
            select.set_options(options)
            current = getattr(self.like, attribute, None) if self.like else None
            _choose(select, current, self._listed)

    def save(self) -> None:
        when = read_date(self.query_one("#day", Input).value, "starts_at")
        if when is None:
            raise InputError(_("Give the date of the meeting."), field="starts_at")
        moment = datetime.combine(when, read_time(self.query_one("#time", Input).value))
        values = {
            "starts_at": moment.astimezone(),
            "place": self.query_one("#place", Input).value,
            "chair_id": chosen(self.query_one("#chair", Select)),
            "minute_taker_id": chosen(self.query_one("#minute-taker", Select)),
        }
        if self.meeting is None:
            self.submit(plan_meeting, values)
        else:
            # The version the form showed: a change made elsewhere since is never overwritten.
            self.submit(update_meeting, self.meeting.id, values, version=self.meeting.version)

    def fail(self, error: BuurtError) -> None:
        super().fail(error)
        if isinstance(error, ChangedElsewhere) and self.meeting is not None:
            # The message stays; the fields show the meeting as it is now.
            self.ask(get_meeting, self.meeting.id, then=self._reloaded)

    def _reloaded(self, meeting: MeetingRead) -> None:
        self.meeting = self.like = meeting
        self.starts_at = meeting.starts_at
        local = meeting.starts_at.astimezone()
        self.query_one("#day", Input).value = date_text(local.date())
        self.query_one("#time", Input).value = f"{local:%H:%M}"
        self.query_one("#place", Input).value = meeting.place
        for select_id, current in (
            ("#chair", meeting.chair_id),
            ("#minute-taker", meeting.minute_taker_id),
        ):
            _choose(self.query_one(select_id, Select), current, self._listed)
        self.mark_clean()
