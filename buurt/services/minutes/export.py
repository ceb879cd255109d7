"""Exporting a document: formats, file names, where files go, and writing them whole."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from sqlmodel import col, select

from buurt.db.database import Database
from buurt.db.models import Meeting, Neighbourhood
from buurt.errors import FileProblem, InputError
from buurt.i18n import N_, _
from buurt.minutes.model import DocumentKind
from buurt.minutes.render import FORMATS, render
from buurt.services.base import get
from buurt.services.minutes.documents import build_document, check_kind
from buurt.services.minutes.record import TOOK_PLACE, _local_day, resolve_meeting
from buurt.services.output import check_target, write_document


def check_format(fmt: str) -> str:
    """The format name, or an `InputError` listing the ones there are."""
    value = fmt.strip().lower().lstrip(".")
    if value == "markdown":
        value = "md"
    if value not in FORMATS:
        raise InputError(
            _("Unknown format '{format}': choose md, html, docx or pdf.").format(format=fmt),
            field="format",
        )
    return value


def minutes_markdown(
    db: Database,
    meeting_id: int | str,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    *,
    anonymise: bool = False,
    today: date | None = None,
) -> str:
    """A document as Markdown (the TUI previews this)."""
    document = build_document(db, meeting_id, kind, anonymise=anonymise, today=today)
    return render(document, "md").decode("utf-8")


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "buurt"


FILE_WORDS = {
    DocumentKind.MINUTES: N_("minutes"),
    DocumentKind.ACTIONS: N_("action-list"),
    DocumentKind.SUMMARY: N_("you-said-we-did"),
}


def suggested_filename(
    db: Database,
    meeting_id: int | str,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    fmt: str = "pdf",
    *,
    anonymise: bool = False,
) -> str:
    """A file name people recognise: "verslag-oude-westen-2026-11-08.pdf"."""
    meeting_id = resolve_meeting(db, meeting_id)
    which = check_kind(kind)
    with db.reading() as session:
        meeting = get(session, Meeting, meeting_id, _("meeting"))
        settings = session.exec(select(Neighbourhood)).first()
        day = _local_day(meeting.starts_at)
    name = settings.name if settings else ""
    parts = [_(FILE_WORDS[which]), _slug(name), day.isoformat()]
    if anonymise and which != DocumentKind.SUMMARY:
        parts.append(_("public"))
    return "-".join(p for p in parts if p) + "." + check_format(fmt)


def default_folder() -> Path:
    """Where exports go unless the user says otherwise: Documents, else the home folder."""
    try:
        from platformdirs import user_documents_dir

        documents = Path(user_documents_dir())
        if documents.is_dir():
            return documents
    except Exception:  # platformdirs may not know this system; the home folder will do
        pass
    return Path.home()


def render_document(
    db: Database,
    meeting_id: int | str,
    *,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    fmt: str = "md",
    anonymise: bool = False,
    today: date | None = None,
    templates: Path | None = None,
) -> bytes:
    """A document of a meeting in a format, as bytes."""
    chosen = check_format(fmt)
    document = build_document(db, meeting_id, kind, anonymise=anonymise, today=today)
    if templates is not None and not templates.is_dir():
        raise FileProblem(
            _("The template folder {folder} does not exist.").format(folder=templates)
        )
    return render(document, chosen, templates=templates)


def _target(
    db: Database,
    meeting_id: int | str,
    path: Path,
    kind: DocumentKind | str,
    fmt: str,
    anonymise: bool,
) -> Path:
    """The file a document goes to: `path`, or the suggested name inside it when it is a folder."""
    path = path.expanduser()
    if path.is_dir():
        path = path / suggested_filename(db, meeting_id, kind, fmt, anonymise=anonymise)
    return path


def export_target(
    db: Database,
    meeting_id: int | str,
    path: Path,
    *,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    fmt: str | None = None,
    anonymise: bool = False,
) -> tuple[Path, bool]:
    """Where `export_document` would write, and whether that replaces an existing file (the app
    asks first). A target buurt never writes to (the open neighbourhood file or its journals,
    any database, a folder, a device, a dangling link) raises a `FileProblem`."""
    chosen = check_format(fmt or path.suffix or "md")
    target = _target(db, meeting_id, path, kind, chosen, anonymise)
    real = check_target(target, force=True, protect=[db.path])
    return target, real.exists()


def export_document(
    db: Database,
    meeting_id: int | str,
    path: Path,
    *,
    kind: DocumentKind | str = DocumentKind.MINUTES,
    fmt: str | None = None,
    anonymise: bool = False,
    today: date | None = None,
    templates: Path | None = None,
    force: bool = False,
) -> Path:
    """Write a document of a meeting to `path` (format from `fmt`, else from the file's
    extension, else Markdown). A folder as `path` gets the suggested file name inside it. An
    existing file is replaced only with `force`; see `buurt.services.output.write_document`."""
    chosen = check_format(fmt or path.suffix or "md")
    path = _target(db, meeting_id, path, kind, chosen, anonymise)
    check_target(path, force=force, protect=[db.path])  # refuse before the work of rendering
    content = render_document(
        db,
        meeting_id,
        kind=kind,
        fmt=chosen,
        anonymise=anonymise,
        today=today,
        templates=templates,
    )
    # minutes hold personal data: readable by their owner only
    return write_document(path, content, force=force, protect=[db.path], mode=0o600)


def taken_place(db: Database) -> list[tuple[int, datetime, str]]:
    """Meetings that have minutes (open or closed), newest first: (id, local start, place)."""
    with db.reading() as session:
        rows = session.exec(
            select(Meeting)
            .where(col(Meeting.status).in_(TOOK_PLACE))
            .order_by(col(Meeting.starts_at).desc())
        ).all()
        return [(r.id or 0, r.starts_at.astimezone(), r.place) for r in rows]
