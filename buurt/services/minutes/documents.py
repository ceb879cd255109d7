"""The three documents of a meeting: the minutes, the action list and the "you said, we did"
summary.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from buurt.db.database import Database
from buurt.db.enums import ActionStatus, PriorityStatus, VoteStatus
from buurt.db.models import Action, ActionUpdate
from buurt.errors import InputError
from buurt.i18n import _, get_language
from buurt.minutes import model as m
from buurt.minutes.model import DocumentKind
from buurt.services.labels import label_of
from buurt.services.minutes.follow_up import (
    _action_line,
    _actions,
    _follow_up,
    _load_priorities,
    _problems,
    _status_then,
    _top3,
    _updates,
)
from buurt.services.minutes.people import redact
from buurt.services.minutes.record import OPEN_ACTION, _local_day, _record, resolve_meeting
from buurt.services.minutes.sections import (
    _approval,
    _attendance,
    _document,
    _header,
    _next_meeting,
    _notes,
    _previous,
)
from buurt.services.minutes.vote_section import _vote

# --- the three documents --------------------------------------------------------------------


def build_minutes(db: Database, meeting_id: int | str, *, anonymise: bool = False) -> m.Minutes:
    """The minutes of a meeting, from its record, in the current language.

    `anonymise=True` makes the public version: every resident is "Resident n"."""
    meeting_id = resolve_meeting(db, meeting_id)
    with db.reading() as session:
        record = _record(session, meeting_id, anonymise=anonymise)
        header = _header(record)
        attendance = _attendance(record)
        data = _load_priorities(record)
        actions = _actions(record)
        updates = _updates(record)
        follow_up, other_follow_up = _follow_up(record, data, actions, updates)
        problems = _problems(record)
        votes = [
            _vote(record, v)
            for v in data.votes.values()
            if v.meeting_id == meeting_id
            and v.status in (VoteStatus.CLOSED.value, VoteStatus.CONFIRMED.value)
        ]
        priorities = {p.id: p for p in data.rows if p.id is not None}
        new_actions = [
            _action_line(record, a, _status_then(a, updates), priorities, data.problems)
            for a in sorted(
                (a for a in actions if a.created_in_id == meeting_id),
                key=lambda a: (
                    priorities[a.priority_id].rank if a.priority_id in priorities else 99,
                    a.id or 0,
                ),
            )
        ]
        confirmed = any(
            v.meeting_id == meeting_id and v.status == VoteStatus.CONFIRMED.value
            for v in data.votes.values()
        )
        return redact(
            m.Minutes(
                language=get_language(),
                anonymised=anonymise,
                header=header,
                approval=_approval(record),
                attendance=attendance,
                previous=_previous(record),
                notes=_notes(record),
                follow_up=follow_up,
                other_follow_up=other_follow_up,
                problems_added=problems["added"],
                problems_referred=problems["referred"],
                problems_parked=problems["parked"],
                problems_closed=problems["closed"],
                votes=votes,
                top3=_top3(record, data),
                top3_confirmed=confirmed,
                new_actions=new_actions,
                next_meeting=_next_meeting(record),
            ),
            record.people,
        )


def build_action_list(
    db: Database, meeting_id: int | str, *, anonymise: bool = False, today: date | None = None
) -> m.ActionList:
    """The open actions (as of `today`) with owners and due dates, by priority and due date,
    headed by the meeting they follow."""
    day = today or date.today()
    meeting_id = resolve_meeting(db, meeting_id)
    with db.reading() as session:
        record = _record(session, meeting_id, anonymise=anonymise)
        _attendance(record)  # number the residents as the minutes do
        data = _load_priorities(record)
        priorities = {p.id: p for p in data.rows if p.id is not None}
        notes: dict[int, str] = {}
        for update in session.exec(select(ActionUpdate).order_by(col(ActionUpdate.created_at))):
            if update.note:
                notes[update.action_id] = update.note
        rows = session.exec(select(Action).where(col(Action.status).in_(sorted(OPEN_ACTION)))).all()
        lines = [
            _action_line(
                record,
                a,
                a.status,
                priorities,
                data.problems,
                today=day,
                note=notes.get(a.id or -1, ""),
            )
            for a in rows
        ]
        lines.sort(
            key=lambda a: (
                a.rank_group,
                a.due_on is None,
                a.due_on or date.max,
                a.title.lower(),
            )
        )
        return redact(
            m.ActionList(
                **_document(record), today=day, actions=lines, next_meeting=_next_meeting(record)
            ),
            record.people,
        )


def build_summary(db: Database, meeting_id: int | str) -> m.Summary:
    """ "You said, we did": the top 3, what was done (reported at this meeting), what comes
    next, and the next meeting. Always anonymised: it is for the whole neighbourhood."""
    meeting_id = resolve_meeting(db, meeting_id)
    with db.reading() as session:
        record = _record(session, meeting_id, anonymise=True, generic=True)
        attendance = _attendance(record)
        data = _load_priorities(record)
        priorities = {p.id: p for p in data.rows if p.id is not None}
        actions = _actions(record)
        updates = _updates(record)
        by_id = {a.id: a for a in actions}
        done = []
        for update in updates:
            action = by_id.get(update.action_id)
            if (
                update.meeting_id != meeting_id
                or action is None
                or update.status not in (ActionStatus.DONE.value, ActionStatus.IN_PROGRESS.value)
            ):
                continue
            done.append(
                m.FollowUp(
                    action=record.people.text(action.title),
                    owner=record.people.owner(action.owner_member_id, action.owner_organisation_id),
                    status=update.status,
                    status_label=label_of(ActionStatus, update.status),
                    note=record.people.text(update.note),
                )
            )
        meeting_day = _local_day(record.meeting.starts_at)
        coming = [
            _action_line(record, a, status, priorities, data.problems, today=meeting_day)
            for a in actions
            if (status := _status_then(a, updates)) in OPEN_ACTION
        ]
        coming.sort(key=lambda a: (a.due_on is None, a.due_on or date.max, a.title.lower()))
        return redact(
            m.Summary(
                **_document(record),
                top3=[t for t in _top3(record, data) if t.status in _IN_FORCE],
                done=done,
                solved=_problems(record)["closed"],
                coming=coming,
                next_meeting=_next_meeting(record),
                residents_present=len(attendance.present_residents),
                guests=attendance.guests,
            ),
            record.people,
        )


_IN_FORCE = (PriorityStatus.ACTIVE.value, PriorityStatus.CONTINUED.value)


def build_document(
    db: Database,
    meeting_id: int | str,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    *,
    anonymise: bool = False,
    today: date | None = None,
) -> m.Minutes | m.ActionList | m.Summary:
    """One of the three documents of a meeting."""
    which = check_kind(kind)
    if which == DocumentKind.ACTIONS:
        return build_action_list(db, meeting_id, anonymise=anonymise, today=today)
    if which == DocumentKind.SUMMARY:
        return build_summary(db, meeting_id)
    return build_minutes(db, meeting_id, anonymise=anonymise)


# --- exporting ------------------------------------------------------------------------------


def check_kind(kind: DocumentKind | str) -> DocumentKind:
    """The document kind, or an `InputError` listing the ones there are."""
    try:
        return DocumentKind(str(kind).strip().lower())
    except ValueError:
        raise InputError(
            _("Unknown document '{kind}': choose minutes, actions or summary.").format(kind=kind),
            field="kind",
        ) from None
