"""The text a reader sees in each format, for the minutes tests."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import docx
from pypdf import PdfReader


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return _squash(" ".join(parts))


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return _squash(" ".join(page.extract_text() or "" for page in reader.pages))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(content: bytes) -> str:
    parser = _Text()
    parser.feed(content.decode("utf-8"))
    return _squash(" ".join(parser.parts))


def markdown_text(content: bytes) -> str:
    text = content.decode("utf-8").replace("\\", "")
    return _squash(re.sub(r"[*`#|]", " ", text))


def visible_text(content: bytes, fmt: str) -> str:
    """What a reader of the file sees, squashed to single spaces."""
    return {"md": markdown_text, "html": html_text, "docx": docx_text, "pdf": pdf_text}[fmt](
        content
    )
