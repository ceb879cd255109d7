"""PDF with fpdf2: pure Python, no system programs. Text is set in DejaVu Sans, shipped in
`fonts/` (free to redistribute, see fonts/LICENSE-DejaVu.txt), so ë, é, €, – and quotes print
as typed; the PDF core fonts know only Latin-1."""

from __future__ import annotations

import copy
import functools
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import TableBordersLayout, XPos
from fpdf.fonts import FontFace, SubsetMap, TTFFont

from buurt.i18n import _
from buurt.minutes.blocks import Block, Heading, Items, Paragraph, Rule, Run, Table, parse, plain
from buurt.text import PLACEHOLDER, visible

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
MONO = "DejaVuMono"
ACCENT = (31, 78, 121)
MUTED = (90, 100, 112)
TEXT = (29, 35, 42)
LINE = (201, 211, 221)
HEAD_FILL = (234, 240, 246)
BODY_SIZE = 10
HEADING_SIZE = {1: 17, 2: 13, 3: 11}


MARGIN = 20


class _Pdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text

    @functools.cached_property
    def draft(self) -> _Draft:
        """The scratch document of this one's dry runs, made at the first."""
        return _Draft(self)

    def footer(self) -> None:
        # A list item may have moved the left margin when the page broke: use the page's own.
        width = self.w - 2 * MARGIN
        self.set_y(-14)
        self.set_x(MARGIN)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.set_draw_color(*LINE)
        self.line(MARGIN, self.get_y() - 1, self.w - MARGIN, self.get_y() - 1)
        self.cell(width * 0.8, 5, self.footer_text, align="L")
        page = _("page {page} of {pages}").format(page=self.page_no(), pages="{nb}")
        self.cell(width * 0.2, 5, page, align="R")


# About two lines of body text: the least of a paragraph kept on the page of its heading.
ORPHAN_CHARS = 160
SURE_ROOM = 120  # mm


def _fonts(pdf: FPDF) -> None:
    _add_font(pdf, FAMILY, "", "DejaVuSans.ttf")
    _add_font(pdf, FAMILY, "B", "DejaVuSans-Bold.ttf")
    _add_font(pdf, FAMILY, "I", "DejaVuSans-Oblique.ttf")


@functools.cache
def _face(file: str, fontkey: str, style: str) -> TTFFont:
    """A face as fpdf2 reads it, once per process: its tables of character widths and glyph
    numbers (some 6,000 characters a face) took a third of a PDF's time when read anew for
    every document."""
    return TTFFont(FPDF(), FONTS / file, fontkey, style)


def _add_font(pdf: FPDF, family: str, style: str, file: str) -> None:
    """`pdf.add_font` from the face read once: the tables are shared (fpdf2 only reads them
    once made; its own dry runs share them too), while what a document changes is its own: the
    characters it uses, their sizes, and the font file, which fpdf2 cuts down to those
    characters when it writes the PDF."""
    fontkey = f"{family.lower()}{style}"
    font = copy.copy(_face(file, fontkey, style))
    font.i = len(pdf.fonts) + 1
    font.ttfont = TTFont(FONTS / file, recalcTimestamp=False, lazy=True)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    font.subset = SubsetMap(font)
    pdf.fonts[fontkey] = font


def _style(run: Run) -> str:
    # No bold-oblique face is shipped: bold carries the emphasis.
    return "B" if run.bold else ("I" if run.italic else "")


def _write_runs(pdf: FPDF, runs: list[Run], size: float, height: float) -> None:
    for run in runs:
        if run.code:
            if MONO.lower() not in pdf.fonts:
                _add_font(pdf, MONO, "", "DejaVuSansMono.ttf")
            pdf.set_font(MONO, "", size - 1)
        else:
            pdf.set_font(FAMILY, _style(run), size)
        pdf.write(height, run.text)
    pdf.set_font(FAMILY, "", size)


def _heading(pdf: FPDF, block: Heading) -> None:
    size = HEADING_SIZE.get(block.level, BODY_SIZE + 1)
    space_before = {1: 0, 2: 5, 3: 3}.get(block.level, 2)
    if pdf.get_y() > pdf.t_margin + 1:
        pdf.ln(space_before)
    pdf.set_text_color(*(ACCENT if block.level <= 2 else TEXT))
    pdf.set_font(FAMILY, "B", size)
    pdf.multi_cell(0, size * 0.5, plain(block.runs), align="L", new_x=XPos.LMARGIN)
    if block.level == 2:
        pdf.set_draw_color(*LINE)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.8, pdf.w - pdf.r_margin, pdf.get_y() + 0.8)
        pdf.ln(2.5)
    else:
        pdf.ln(1.5)
    pdf.set_text_color(*TEXT)
    pdf.set_font(FAMILY, "", BODY_SIZE)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    _write_runs(pdf, block.runs, BODY_SIZE, 5)
    pdf.ln(5)
    pdf.ln(2)


def _items(pdf: FPDF, block: Items) -> None:
    margin = pdf.l_margin
    for item in block.items:
        indent = 6 + 5 * item.level
        marker = f"{item.number}." if item.number is not None else "•"
        pdf.set_x(margin + indent - 5)
        pdf.set_font(FAMILY, "B" if item.number is not None else "", BODY_SIZE)
        pdf.cell(5, 5, marker)
        pdf.set_left_margin(margin + indent)
        _write_runs(pdf, item.runs, BODY_SIZE, 5)
        pdf.set_left_margin(margin)
        pdf.ln(5)
        pdf.ln(1)
    pdf.ln(1.5)


def _widths(pdf: FPDF, table: Table) -> list[float]:
    """Column widths (mm): every column at least as wide as its longest word, the room left
    shared in proportion to how much text each column holds."""
    columns = max([len(table.header), *(len(r) for r in table.rows)])
    padding = 2 * pdf.c_margin + 6.0  # cell padding, margins and a little air (measured)
    least: list[float] = []
    natural: list[float] = []
    for i in range(columns):
        cells = [(plain(table.header[i]), "B")] if i < len(table.header) else []
        cells += [(plain(r[i]), "") for r in table.rows if i < len(r)]
        word = natural_width = 0.0
        for text, style in cells:
            pdf.set_font(FAMILY, style, BODY_SIZE - 1)
            natural_width = max(natural_width, pdf.get_string_width(text))
            for part in text.split():
                word = max(word, pdf.get_string_width(part))
        least.append(min(word + padding, pdf.epw * 0.4))
        natural.append(natural_width + padding)
    pdf.set_font(FAMILY, "", BODY_SIZE)
    if sum(natural) <= pdf.epw:
        return natural
    room = pdf.epw - sum(least)
    if room <= 0:
        return least
    extra = [n - m for n, m in zip(natural, least, strict=True)]
    total = sum(extra) or 1.0
    return [m + room * e / total for m, e in zip(least, extra, strict=True)]


def _table(pdf: FPDF, block: Table) -> None:
    pdf.set_font(FAMILY, "", BODY_SIZE - 1)
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.2)
    heading = FontFace(emphasis="BOLD", fill_color=HEAD_FILL, color=TEXT)
    with pdf.table(
        col_widths=_widths(pdf, block),
        width=pdf.epw,
        text_align="LEFT",
        v_align="TOP",
        line_height=4.6,
        padding=(1.2, 1.5, 1.2, 1.5),
        headings_style=heading,
        borders_layout=TableBordersLayout.ALL,
        repeat_headings=1,
    ) as table:
        if block.header:
            row = table.row()
            for cell in block.header:
                row.cell(plain(cell))
        for cells in block.rows:
            row = table.row()
            for cell in cells:
                bold = bool(cell) and all(run.bold for run in cell)
                row.cell(plain(cell), style=FontFace(emphasis="BOLD") if bold else None)
    pdf.set_font(FAMILY, "", BODY_SIZE)
    pdf.ln(3)


def _rule(pdf: FPDF) -> None:
    pdf.ln(2)
    pdf.set_draw_color(*LINE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)


@functools.cache
def _glyphs() -> frozenset[int]:
    """The characters every shipped face can draw (regular, bold, oblique and mono)."""
    from fontTools.ttLib import TTFont

    faces = (
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSansMono.ttf",
    )
    sets = [set(TTFont(str(FONTS / face)).getBestCmap()) for face in faces]
    return frozenset(set.intersection(*sets))


def drawable(text: str) -> str:
    """`text` with control characters, and characters no shipped font can draw, shown as the
    replacement character: the PDF shows where something was, and fpdf has nothing to warn
    about on the terminal."""
    text = visible(text, multiline=True)
    glyphs = _glyphs()
    if all(ord(c) in glyphs or c == "\n" for c in text):
        return text
    return "".join(c if ord(c) in glyphs or c == "\n" else PLACEHOLDER for c in text)


def write_pdf(markdown: str, *, title: str, footer: str, language: str) -> bytes:
    """An A4 PDF of the Markdown, with the footer line and page numbers on every page."""
    markdown, title, footer = drawable(markdown), drawable(title), drawable(footer)
    pdf = _Pdf(footer)
    _fonts(pdf)
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("buurt")
    pdf.set_author("buurt")
    pdf.set_margins(MARGIN, 18, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_text_color(*TEXT)
    pdf.set_font(FAMILY, "", BODY_SIZE)
    blocks = parse(markdown)
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and (
            index == 0 or not isinstance(blocks[index - 1], Heading)
        ):
            _keep_with_next(pdf, blocks[index:])
        _block(pdf, block)
    return bytes(pdf.output())


def _block(pdf: FPDF, block: Block) -> None:
    if isinstance(block, Heading):
        _heading(pdf, block)
    elif isinstance(block, Paragraph):
        _paragraph(pdf, block)
    elif isinstance(block, Items):
        _items(pdf, block)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Rule):
        _rule(pdf)


def _start_of(block: Block) -> Block:
    """The part of a block a heading must not be parted from: a table's header and first row,
    a list's first item, a paragraph's first two lines or so."""
    if isinstance(block, Table):
        return Table(header=block.header, rows=block.rows[:1])
    if isinstance(block, Items):
        return Items(items=block.items[:1])
    if isinstance(block, Paragraph):
        runs, length = [], 0
        for run in block.runs:
            if length >= ORPHAN_CHARS:
                break
            runs.append(run)
            length += len(run.text)
        return Paragraph(runs=runs)
    return block


def _keep_with_next(pdf: _Pdf, blocks: list[Block]) -> None:
    """Start a new page when a heading (with the headings right under it) and the start of what
    follows would not fit on this one: a heading is never stranded at the bottom of a page.
    Measured by a dry run, not guessed."""
    group: list[Block] = []
    for block in blocks:
        group.append(block if isinstance(block, Heading) else _start_of(block))
        if not isinstance(block, Heading):
            break
    # At the top of a page nothing is gained; with half a page left the start of a block
    # always fits, and the dry run is not worth its time.
    room = pdf.page_break_trigger - pdf.get_y()
    if pdf.get_y() <= pdf.t_margin + 1 or room > SURE_ROOM:
        return
    if pdf.draft.overflows(group):
        pdf.add_page()


class _Draft(FPDF):
    """A scratch document for dry runs: the same page, margins and fonts as the real one (its
    font objects, not copies), and no page breaks, so what is set on it shows how far down the
    page it would reach. fpdf2's own `offset_rendering` deep-copies the whole document for
    each dry run, its fonts' tables included: two thirds of a PDF's time went there.

    Text set here is set for real right after (a heading, the start of what follows), so the
    shared fonts learn no character the document does not use."""

    def __init__(self, real: _Pdf) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.real = real
        self._resource_catalog.font_registry = real.fonts
        self.set_auto_page_break(False, margin=real.b_margin)

    def overflows(self, blocks: list[Block]) -> bool:
        real = self.real
        self.set_margins(real.l_margin, real.t_margin, real.r_margin)
        self.add_page()
        self.set_xy(real.get_x(), real.get_y())
        self.set_font(real.font_family, real.font_style, real.font_size_pt)
        for block in blocks:
            _block(self, block)
        return self.get_y() > self.page_break_trigger
