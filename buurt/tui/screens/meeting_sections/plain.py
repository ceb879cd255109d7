"""Sections that are a note only: agenda, announcements and apologies, situation update, any
other business."""

from __future__ import annotations

from textual.app import ComposeResult

from buurt.i18n import N_
from buurt.services.labels import AgendaSection
from buurt.services.meetings import NoteRead, list_notes
from buurt.tui.screens.meeting_sections.base import Section
from buurt.tui.screens.meeting_sections.notes import NoteBox


class NotesSection(Section):
    def body(self) -> ComposeResult:
        yield NoteBox(self.meeting.id, self.SECTION)

    def reload(self) -> None:
        self.ask(list_notes, self.meeting.id, then=self._notes)

    def _notes(self, notes: list[NoteRead]) -> None:
        self.query_one(NoteBox).show_stored(notes)
        self.settle_focus()


class AgendaNotes(NotesSection):
    SECTION = AgendaSection.AGENDA
    HINT = N_("Adopt the agenda. Note any item added or moved.")


class AnnouncementsNotes(NotesSection):
    SECTION = AgendaSection.ANNOUNCEMENTS
    HINT = N_("Announcements from members and partners, and who sent apologies.")


class SituationNotes(NotesSection):
    SECTION = AgendaSection.SITUATION
    HINT = N_(
        "The professionals' update: trends, reports (meldingen), what they see in the "
        "neighbourhood. About behaviour and places, not named people."
    )


class AobNotes(NotesSection):
    SECTION = AgendaSection.AOB
    HINT = N_("Any other business (rondvraag): a short line per question and who picks it up.")
