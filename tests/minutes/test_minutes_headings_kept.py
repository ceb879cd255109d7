"""A heading is never stranded at the bottom of a page: it stays with what follows it (PDF and
DOCX), wherever the text before it happens to end."""

from __future__ import annotations

import io

import docx
from pypdf import PdfReader

from buurt.minutes.docx_writer import write_docx
from buurt.minutes.pdf_writer import write_pdf

FILLER = "Dit is een regel tekst die de bladzijde vult, zodat de kop ergens onderaan valt."


def _document(lines: int) -> str:
    """`lines` filler paragraphs, then a heading with a subheading and a table of tall rows."""
    filler = "\n\n".join(f"{FILLER} ({n})" for n in range(lines))
    tall = "<br>".join(["lang"] * 1)
    rows = "\n".join(
        f"| Kandidaat {n} | {'Een lange toelichting die over meerdere regels loopt. ' * 4} "
        f"| {tall} |"
        for n in range(6)
    )
    return (
        f"# Verslag\n\n{filler}\n\n## 8. Stemming over de top 3\n\n### Uitslag\n\n"
        f"| Kandidaat | Toelichting | Stemmen |\n|---|---|---|\n{rows}\n\n"
        "## 9. Acties\n\nEerste regel na de kop over acties.\n"
    )


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def test_a_pdf_heading_stays_on_the_page_of_what_follows_it() -> None:
    stranded = []
    for lines in range(20, 46):
        content = write_pdf(_document(lines), title="Verslag", footer="Testbuurt", language="nl")
        for page in _pages(content):
            if "8. Stemming over de top 3" in page and (
                "Uitslag" not in page or "Kandidaat 0" not in page
            ):
                stranded.append(lines)
            if "9. Acties" in page and "Eerste regel na de kop" not in page:
                stranded.append(lines)
    assert stranded == []


def test_docx_headings_and_table_headers_keep_with_next() -> None:
    content = write_docx(_document(3), title="Verslag", footer="Testbuurt", language="nl")
    document = docx.Document(io.BytesIO(content))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [p.text for p in headings] == ["8. Stemming over de top 3", "Uitslag", "9. Acties"]
    assert all(p.paragraph_format.keep_with_next for p in headings)
    (table,) = document.tables
    header = table.rows[0]
    assert all(p.paragraph_format.keep_with_next for c in header.cells for p in c.paragraphs)
    assert header._tr.xpath("./w:trPr/w:cantSplit")
