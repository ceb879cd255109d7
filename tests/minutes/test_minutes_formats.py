"""Every format carries every section, the top 3 and every action; DOCX has real headings and
tables; the PDF prints Dutch characters; the HTML stands alone."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from minutes_text import docx_text, pdf_text, visible_text
from minutes_world import World
from pypdf import PdfReader

from buurt.i18n import set_language
from buurt.minutes.render import render
from buurt.services import Database, meetings
from buurt.services.minutes import build_document, build_minutes

SECTIONS_NL = [
    "1. Opening",
    "2. Vaststelling van de agenda",
    "3. Mededelingen en afmeldingen",
    "4. Verslag van de vorige bijeenkomst",
    "5. Actielijst en terugkoppeling",
    "6. Stand van zaken in de buurt",
    "7. Nieuwe problemen",
    "8. Stemming over de top 3",
    "9. Acties",
    "10. Rondvraag",
    "11. Volgende bijeenkomst",
    "12. Sluiting",
]
ACTIONS = [
    "Extra handhaving bij de containers",
    "Schoonmaakactie met bewoners",
    "Snelheidsmeting op de Kruiskade",
    "Gesprek met de groep",
]


@pytest.fixture
def dutch() -> None:
    set_language("nl")


@pytest.mark.usefixtures("dutch")
@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_every_format_has_every_section_the_top3_and_every_action(
    shared_world_db: Database, world: World, fmt: str
) -> None:
    minutes = build_minutes(shared_world_db, world.first)
    text = visible_text(render(minutes, fmt), fmt)
    positions = [text.index(section) for section in SECTIONS_NL]
    assert positions == sorted(positions)
    for title in world.winners:
        assert title in text
    for action in ACTIONS:
        assert action in text
    assert minutes.votes[0].digest in text
    assert "Verslag Buurt Bestuurt Testbuurt" in text


@pytest.mark.usefixtures("dutch")
def test_docx_uses_real_headings_and_tables(shared_world_db: Database, world: World) -> None:
    content = render(build_minutes(shared_world_db, world.first), "docx")
    document = docx.Document(io.BytesIO(content))
    headings = {p.text: p.style.name for p in document.paragraphs if p.style is not None}
    assert headings["Verslag Buurt Bestuurt Testbuurt"] == "Title"
    for section in SECTIONS_NL:
        assert headings[section] == "Heading 1"
    assert headings["Vastgestelde top 3"] == "Heading 2"
    # New actions: a real table with a header row that repeats on every page.
    [actions] = [t for t in document.tables if t.rows[0].cells[1].text == "Wat"]
    assert [r.cells[1].text for r in actions.rows[1:]] == ACTIONS
    assert actions.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    section = document.sections[0]
    assert round(section.page_width.mm) == 210  # A4


@pytest.mark.usefixtures("dutch")
def test_pdf_is_a4_with_page_numbers_and_dutch_characters(world_db: Database, world: World) -> None:
    meetings.add_note(
        world_db,
        world.second,
        "situation",
        "Café De Ĳzeren Man: overlast geëvalueerd – € 250 subsidie, ‘goed’ idee… Çok güzel.",
    )
    content = render(build_minutes(world_db, world.second), "pdf")
    reader = PdfReader(io.BytesIO(content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)) == (210, 297)
    text = pdf_text(content)
    assert "Café De Ĳzeren Man: overlast geëvalueerd – € 250 subsidie, ‘goed’ idee… Çok güzel." in (
        text
    )
    pages = len(reader.pages)
    assert f"pagina 1 van {pages}" in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Verslag Buurt Bestuurt Testbuurt"


def test_html_stands_alone_and_prints(shared_world_db: Database, world: World) -> None:
    html = render(build_minutes(shared_world_db, world.first), "html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<style>" in html
    assert "@media print" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html
    assert "<table>" in html
    assert "<h2>1. Opening</h2>" in html


def test_text_typed_by_people_cannot_inject_markup(world_db: Database, world: World) -> None:
    meetings.add_note(
        world_db,
        world.second,
        "aob",
        "<script>alert(1)</script> | **niet vet** # geen kop\n1. geen lijst",
    )
    minutes = build_minutes(world_db, world.second)
    html = render(minutes, "html").decode("utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | **niet vet** # geen kop" in html
    text = docx_text(render(minutes, "docx"))
    assert "<script>alert(1)</script> | **niet vet** # geen kop 1. geen lijst" in text


@pytest.mark.parametrize("kind", ["actions", "summary"])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_action_list_and_summary_in_office_formats(
    shared_world_db: Database, world: World, kind: str, fmt: str
) -> None:
    document = build_document(shared_world_db, world.second, kind, today=date(2026, 11, 29))
    text = visible_text(render(document, fmt), fmt)
    assert "Rattenbestrijding aanvragen" in text
    assert "Gemeente Rotterdam" in text
    if kind == "actions":
        assert "Action list Buurt Bestuurt Testbuurt" in text
        assert "15-11-2026 overdue" in text
    else:
        assert "You said: our top 3" in text
        assert "Te hard rijden" in text


def test_a_municipality_template_overrides_the_shipped_one(
    shared_world_db: Database, world: World, tmp_path: Path
) -> None:
    (tmp_path / "summary.md.j2").write_text(
        "# {{ _('You said, we did') }}: {{ doc.header.neighbourhood | md }}\n\n"
        "{% for t in doc.top3 %}- {{ t.title | md }}\n{% endfor %}\n"
        "Gemeente Rotterdam, wijkteam.\n",
        encoding="utf-8",
    )
    document = build_document(shared_world_db, world.second, "summary")
    text = render(document, "md", templates=tmp_path).decode("utf-8")
    assert text.startswith("# You said, we did: Testbuurt\n")
    assert "- Te hard rijden\n" in text
    assert "Gemeente Rotterdam, wijkteam." in pdf_text(render(document, "pdf", templates=tmp_path))


def test_docx_takes_the_styles_of_a_word_template(
    shared_world_db: Database, world: World, tmp_path: Path
) -> None:
    template = docx.Document()
    template.add_paragraph("Dit verdwijnt.")
    template.styles["Normal"].font.name = "Verdana"
    path = tmp_path / "huisstijl.docx"
    template.save(str(path))
    content = render(build_minutes(shared_world_db, world.first), "docx", docx_template=path)
    document = docx.Document(io.BytesIO(content))
    assert document.styles["Normal"].font.name == "Verdana"
    assert "Dit verdwijnt." not in [p.text for p in document.paragraphs]
