"""Each PDF carries the characters it prints, whatever PDFs were written before it in the same
process: the font tables are read once and shared, while the font file each PDF embeds is cut
down to that PDF's own characters (fpdf2 cuts the file it is given, so sharing it would leave
the next PDF with the first one's glyphs)."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from buurt.minutes.pdf_writer import FONTS, write_pdf


def _embedded(content: bytes) -> dict[str, set[str]]:
    """Font name (without the subset tag) -> the glyph names its embedded file holds."""
    fonts: dict[str, set[str]] = {}
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            data = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object()
            name = str(font["/BaseFont"]).split("+")[-1]
            fonts[name] = set(TTFont(io.BytesIO(data.get_data())).getGlyphOrder())
    return fonts


def _has(glyphs: set[str], char: str) -> bool:
    """Whether the glyph of `char` is among `glyphs` (by the face's own name for it, or the
    uniXXXX name the cut-down file may give it)."""
    name = TTFont(str(FONTS / "DejaVuSans.ttf")).getBestCmap()[ord(char)]
    return bool({name, f"uni{ord(char):04X}"} & glyphs)


def _pdf(text: str) -> bytes:
    return write_pdf(
        f"# Kop\n\n{text}\n\nEen `code` woord.\n", title="T", footer="F", language="nl"
    )


def test_each_pdf_embeds_its_own_characters_whatever_came_before() -> None:
    first = _embedded(_pdf("Ωmega"))
    second = _embedded(_pdf("Жук, één en ëën"))
    again = _embedded(_pdf("Ωmega"))

    assert _has(first["DejaVuSansBook"], "Ω")
    assert _has(second["DejaVuSansBook"], "Ж")
    assert _has(second["DejaVuSansBook"], "ë")
    assert not _has(second["DejaVuSansBook"], "Ω")
    assert not _has(again["DejaVuSansBook"], "Ж")
    assert again == first
    assert "DejaVuSansMonoBook" in second  # the code face, added only when a document needs it
