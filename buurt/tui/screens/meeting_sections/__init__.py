"""The agenda sections of meeting mode, one widget each, in the order of the agenda."""

from __future__ import annotations

from buurt.services.labels import AgendaSection
from buurt.tui.screens.meeting_sections.actions import ActionsSection
from buurt.tui.screens.meeting_sections.base import Section
from buurt.tui.screens.meeting_sections.closing import ClosingSection, NextMeetingSection
from buurt.tui.screens.meeting_sections.follow_up import FollowUpSection
from buurt.tui.screens.meeting_sections.new_problems import NewProblemsSection
from buurt.tui.screens.meeting_sections.opening import OpeningSection
from buurt.tui.screens.meeting_sections.plain import (
    AgendaNotes,
    AnnouncementsNotes,
    AobNotes,
    SituationNotes,
)
from buurt.tui.screens.meeting_sections.previous_minutes import PreviousMinutesSection
from buurt.tui.screens.meeting_sections.vote import VoteSection

SECTIONS: dict[AgendaSection, type[Section]] = {
    AgendaSection.OPENING: OpeningSection,
    AgendaSection.AGENDA: AgendaNotes,
    AgendaSection.ANNOUNCEMENTS: AnnouncementsNotes,
    AgendaSection.PREVIOUS_MINUTES: PreviousMinutesSection,
    AgendaSection.FOLLOW_UP: FollowUpSection,
    AgendaSection.SITUATION: SituationNotes,
    AgendaSection.NEW_PROBLEMS: NewProblemsSection,
    AgendaSection.VOTE: VoteSection,
    AgendaSection.ACTIONS: ActionsSection,
    AgendaSection.AOB: AobNotes,
    AgendaSection.NEXT_MEETING: NextMeetingSection,
    AgendaSection.CLOSING: ClosingSection,
}

__all__ = ["SECTIONS", "Section"]
