"""The notes the chair leaves per agenda section."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import AgendaSection
from buurt.db.models import Meeting, MeetingNote
from buurt.db.types import utcnow
from buurt.errors import ChangedElsewhere, InputError
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.base import ReadModel, clean_text, get, require
from buurt.services.minutes_approval import ensure_minutes_open


class NoteRead(ReadModel):
    id: int
    meeting_id: int
    section: str
    position: int
    text: str
    updated_at: datetime


NOTES_CHANGED = N_(
    "These notes were changed elsewhere (another copy of buurt) since you started typing; "
    "nothing was overwritten."
)


def _unchanged(stored: str, was: str | None) -> None:
    """Refuse when the notes are no longer what the box showed (`was`; None: no check)."""
    if was is not None and stored.strip() != was.strip():
        raise ChangedElsewhere(_(NOTES_CHANGED), field="text")


@retry_on_conflict
def add_note(
    db: Database,
    meeting_id: int,
    section: AgendaSection | str,
    text: str,
    *,
    was: str | None = None,
) -> NoteRead:
    """Leave a note in an agenda section (saved at once). With `was` (a running note box: what
    it showed), refused when the section got a note elsewhere meanwhile."""
    try:
        where = AgendaSection(section)
    except ValueError:
        raise InputError(
            _("Unknown agenda section: {section}.").format(section=section), field="section"
        ) from None
    text = clean_text(text, multiline=True).strip()
    require(text, _("A note cannot be empty."), field="text")
    with db.transaction() as session:
        get(session, Meeting, meeting_id, _("meeting"))
        ensure_minutes_open(session, meeting_id)
        existing = session.exec(
            select(MeetingNote.text)
            .where(MeetingNote.meeting_id == meeting_id)
            .where(MeetingNote.section == where.value)
        ).all()
        _unchanged(existing[0] if existing else "", was)
        position = len(existing)
        row = MeetingNote(meeting_id=meeting_id, section=where.value, position=position, text=text)
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="meeting_note",
            entity_id=row.id,
            after=audit.snapshot(row),
        )
        return NoteRead.model_validate(row)


@retry_on_conflict
def update_note(
    db: Database, note_id: int, text: str, *, was: str | None = None
) -> NoteRead | None:
    """Change a note; an emptied note is removed (returns None). With `was` (what the note
    box showed), refused when the note was changed elsewhere meanwhile."""
    text = clean_text(text, multiline=True).strip()
    with db.transaction() as session:
        row = get(session, MeetingNote, note_id, _("note"))
        ensure_minutes_open(session, row.meeting_id)
        _unchanged(row.text, was)
        before = audit.snapshot(row)
        if not text:
            session.delete(row)
            audit.record(
                session,
                actor=db.actor,
                action="delete",
                entity="meeting_note",
                entity_id=note_id,
                before=before,
            )
            return None
        row.text = text
        row.updated_at = utcnow()
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="update",
            entity="meeting_note",
            entity_id=row.id,
            before={"text": before["text"]},
            after={"text": text},
        )
        return NoteRead.model_validate(row)


def _running_note(db: Database, meeting_id: int, section: AgendaSection | str) -> NoteRead | None:
    """The section's running note (its first), or None."""
    with db.reading() as session:
        row = session.exec(
            select(MeetingNote)
            .where(MeetingNote.meeting_id == meeting_id)
            .where(MeetingNote.section == str(section))
            .order_by(col(MeetingNote.position))
        ).first()
        return NoteRead.model_validate(row) if row is not None else None


def set_section_text(
    db: Database,
    meeting_id: int,
    section: AgendaSection | str,
    text: str,
    *,
    was: str | None = None,
) -> NoteRead | None:
    """Keep one running note for a section: create it, change it, or remove it when emptied.
    (Meeting mode saves the section's text box through this as the chair types.) `was`: the
    text the box last showed as stored; when the stored note is no longer that (another copy
    of buurt changed it), nothing is written and `ChangedElsewhere` says so."""
    existing = _running_note(db, meeting_id, section)
    text = clean_text(text, multiline=True)
    if existing is None:
        if not text.strip():
            _unchanged("", was)
            return None
        return add_note(db, meeting_id, section, text, was=was)
    if existing.text == text.strip():
        return existing
    return update_note(db, existing.id, text, was=was)


def merged_text(elsewhere: str, mine: str) -> str:
    """The notes of one section typed in two copies of buurt at once, as one text: what the
    other copy saved (`elsewhere`) above the chair's own (`mine`), unless the chair's text
    already holds it. So neither copy's words are lost, and nothing is doubled."""
    return mine if elsewhere.strip() in mine else f"{elsewhere}\n{mine}".strip()


class SectionText(ReadModel):
    """A section's running note after `merge_section_text`: the stored note (None when the
    section has none), and what another copy had saved meanwhile (None: nobody had)."""

    note: NoteRead | None
    elsewhere: str | None = None

    @property
    def text(self) -> str:
        """The stored text ("" when the section has no note)."""
        return self.note.text if self.note is not None else ""


# How often a merge is tried again when the note changes elsewhere while it is merged.
MERGE_TRIES = 3


def merge_section_text(
    db: Database, meeting_id: int, section: AgendaSection | str, text: str, *, was: str
) -> SectionText:
    """Save a section's running note as a note box does, never losing what another copy of
    buurt saved: as `set_section_text` with `was` (what the box last showed as stored), but when
    the note was changed elsewhere since, the stored text and `text` are saved together
    (`merged_text`) and `elsewhere` says what the other copy had saved. `ChangedElsewhere` only
    when the note keeps changing elsewhere while it is merged; nothing is overwritten then."""
    try:
        return SectionText(note=set_section_text(db, meeting_id, section, text, was=was))
    except ChangedElsewhere as error:
        refused = error
    for _try in range(MERGE_TRIES):
        stored = _running_note(db, meeting_id, section)
        elsewhere = stored.text if stored is not None else ""
        merged = merged_text(elsewhere, text)
        try:
            note = set_section_text(db, meeting_id, section, merged, was=elsewhere)
        except ChangedElsewhere as error:
            refused = error
            continue
        return SectionText(note=note, elsewhere=elsewhere)
    raise refused


def list_notes(db: Database, meeting_id: int) -> list[NoteRead]:
    """The meeting's notes in agenda order."""
    order = {s.value: i for i, s in enumerate(AgendaSection)}
    with db.reading() as session:
        rows = session.exec(select(MeetingNote).where(MeetingNote.meeting_id == meeting_id)).all()
        notes = [NoteRead.model_validate(r) for r in rows]
        notes.sort(key=lambda n: (order.get(n.section, 99), n.position, n.id))
        return notes
