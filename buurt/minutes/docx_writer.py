"""DOCX with python-docx: real headings (Word's Heading styles, so the navigation pane and a
table of contents work), real tables with a repeating header row, A4 pages with the footer line
and page numbers. Opens in Word and LibreOffice.

`template`: a .docx of the municipality's own (letterhead, fonts, colours); the minutes take its
styles and page setup, and its body is replaced.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from buurt.errors import FileProblem
from buurt.i18n import _
from buurt.minutes.blocks import Heading, Items, Paragraph, Rule, Run, Table, parse, plain
from buurt.text import visible

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
FONT = "Arial"
TEXT_WIDTH_CM = 17.0
LANGUAGE_TAG = {"nl": "nl-NL", "en": "en-GB"}


def _runs(paragraph: DocxParagraph, runs: list[Run]) -> None:
    for run in runs:
        parts = run.text.split("\n")
        for index, part in enumerate(parts):
            if index:
                paragraph.add_run().add_break()
            if not part:
                continue
            added = paragraph.add_run(part)
            added.bold = run.bold or None
            added.italic = run.italic or None
            if run.code:
                added.font.name = "Consolas"
                added.font.size = Pt(8.5)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _page_setup(document: DocumentObject, footer: str, *, keep_layout: bool) -> None:
    for section in document.sections:
        if not keep_layout:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.left_margin = section.right_margin = Cm(2)
            section.top_margin, section.bottom_margin = Cm(1.8), Cm(2)
        paragraph = section.footer.paragraphs[0]
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.add_run(footer + " · ")
        words = _("page {page} of {pages}").split("{page}")
        paragraph.add_run(words[0])
        _field(paragraph, "PAGE")
        rest = words[1].split("{pages}") if len(words) > 1 else ["", ""]
        paragraph.add_run(rest[0])
        _field(paragraph, "NUMPAGES")
        if len(rest) > 1:
            paragraph.add_run(rest[1])
        # The page numbers are fields: they take the paragraph style's font, not a run's.
        if paragraph.style is not None:
            paragraph.style.font.size = Pt(8)
            paragraph.style.font.color.rgb = RGBColor(0x5A, 0x64, 0x70)


def _language(document: DocumentObject, language: str) -> None:
    """Mark the text's language, so spelling checks Dutch as Dutch."""
    style = document.styles["Normal"]
    properties = style.element.get_or_add_rPr()
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), LANGUAGE_TAG.get(language, language))
    properties.append(tag)


def _repeat_header(table: DocxTable) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _widths(block: Table) -> list[float]:
    columns = max([len(block.header), *(len(r) for r in block.rows)])
    least, natural = [], []
    for i in range(columns):
        texts = [plain(block.header[i])] if i < len(block.header) else []
        texts += [plain(r[i]) for r in block.rows if i < len(r)]
        word = max((len(w) for t in texts for w in t.split()), default=2)
        least.append(min(word, 24) * 0.2 + 0.4)
        natural.append(max((len(t) for t in texts), default=2) * 0.19 + 0.4)
    if sum(natural) <= TEXT_WIDTH_CM:
        scale = TEXT_WIDTH_CM / sum(natural)
        return [n * scale for n in natural]
    room = max(TEXT_WIDTH_CM - sum(least), 0.0)
    extra = [max(n - m, 0.0) for n, m in zip(natural, least, strict=True)]
    total = sum(extra) or 1.0
    return [m + room * e / total for m, e in zip(least, extra, strict=True)]


def _table(document: DocumentObject, block: Table) -> None:
    columns = max([len(block.header), *(len(r) for r in block.rows)])
    rows = [block.header, *block.rows] if block.header else block.rows
    table = document.add_table(rows=len(rows), cols=columns)
    # A municipality's template without "Table Grid" keeps its default table style.
    with contextlib.suppress(KeyError):
        table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = _widths(block)
    # Word reads the cells' widths, LibreOffice the table grid: set both.
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)
    for r, cells in enumerate(rows):
        for c in range(columns):
            cell = table.cell(r, c)
            cell.width = Cm(widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            runs = cells[c] if c < len(cells) else []
            if r == 0 and block.header:
                runs = [Run(plain(runs), bold=True)]
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:color"), "auto")
                shading.set(qn("w:fill"), "EAF0F6")
                cell._tc.get_or_add_tcPr().append(shading)
            _runs(paragraph, runs)
            for run in paragraph.runs:
                run.font.size = Pt(9)
            if r == 0 and block.header:
                # The header row stays with the first row (and so with the heading above).
                paragraph.paragraph_format.keep_with_next = True
    if block.header:
        _repeat_header(table)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _items(document: DocumentObject, block: Items) -> None:
    for item in block.items:
        if item.number is None:
            style = "List Bullet" if item.level == 0 else "List Bullet 2"
            try:
                paragraph = document.add_paragraph(style=style)
            except KeyError:
                paragraph = document.add_paragraph()
                paragraph.add_run("• ")
        else:
            # Word's "List Number" continues one numbering through the whole document; a
            # top 3 must start at 1, so the number is written out with a hanging indent.
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.75 + 0.6 * item.level)
            paragraph.paragraph_format.first_line_indent = Cm(-0.6)
            paragraph.add_run(f"{item.number}.\t").bold = True
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(0.75 + 0.6 * item.level))
        paragraph.paragraph_format.space_after = Pt(2)
        _runs(paragraph, item.runs)


def write_docx(
    markdown: str, *, title: str, footer: str, language: str, template: Path | None = None
) -> bytes:
    """A .docx of the Markdown."""
    # XML cannot hold most control characters: show each as a placeholder (stored data from
    # before input was cleaned, or a user's template that prints a value raw).
    markdown, title, footer = (visible(t, multiline=True) for t in (markdown, title, footer))
    if template is not None:
        try:
            document = Document(str(template))
        except Exception as error:  # python-docx raises several kinds for a bad file
            raise FileProblem(
                _("{file} cannot be used as a Word template: {reason}").format(
                    file=template, reason=error
                )
            ) from error
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    else:
        document = Document()
        normal = document.styles["Normal"]
        # Arial: on every Windows and Mac, and metric-compatible Liberation Sans elsewhere.
        normal.font.name = FONT
        normal.font.size = Pt(10.5)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            style = document.styles[name]
            style.font.name = FONT
            style.font.color.rgb = ACCENT
        document.styles["Title"].font.size = Pt(22)
    _page_setup(document, footer, keep_layout=template is not None)
    _language(document, language)
    properties = document.core_properties
    properties.title = title
    properties.author = "buurt"
    properties.language = LANGUAGE_TAG.get(language, language)
    for block in parse(markdown):
        if isinstance(block, Heading):
            heading = document.add_heading(level=0 if block.level == 1 else block.level - 1)
            # Explicit, so that a municipality's template without it still keeps headings
            # with what follows them.
            heading.paragraph_format.keep_with_next = True
            _runs(heading, block.runs)
        elif isinstance(block, Paragraph):
            _runs(document.add_paragraph(), block.runs)
        elif isinstance(block, Items):
            _items(document, block)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Rule):
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
