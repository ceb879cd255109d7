"""Meetings: planning, opening and closing, attendance with the quorum, guests and the notes the
chair leaves per agenda section.
"""

from __future__ import annotations

from buurt.services.meetings.notes import (
    NoteRead,
    SectionText,
    add_note,
    list_notes,
    merge_section_text,
    merged_text,
    set_section_text,
    update_note,
)
from buurt.services.meetings.planning import (
    MeetingInput,
    MeetingRead,
    close_meeting,
    get_meeting,
    latest_meeting,
    list_meetings,
    next_meeting,
    open_meeting,
    plan_meeting,
    planned_after,
    previous_meeting,
    problems_to_triage,
    set_opening_time,
    update_meeting,
)
from buurt.services.meetings.presence import (
    AttendanceRow,
    Quorum,
    attendance,
    quorum,
    set_attendance,
    set_guests,
)

__all__ = [
    "AttendanceRow",
    "MeetingInput",
    "MeetingRead",
    "NoteRead",
    "Quorum",
    "SectionText",
    "add_note",
    "attendance",
    "close_meeting",
    "get_meeting",
    "latest_meeting",
    "list_meetings",
    "list_notes",
    "merge_section_text",
    "merged_text",
    "next_meeting",
    "open_meeting",
    "plan_meeting",
    "planned_after",
    "previous_meeting",
    "problems_to_triage",
    "quorum",
    "set_attendance",
    "set_guests",
    "set_opening_time",
    "set_section_text",
    "update_meeting",
    "update_note",
]
