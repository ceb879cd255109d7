"""Cases 3, 4 and 6: whatever text the record holds, every minutes format shows it as text.

The documents of the demo's latest meeting are built once; then every text field of the model
is given a hostile value (the fixed set, and arbitrary text from hypothesis). For each format:
no control character reaches the output, the HTML has exactly the elements it has when the
same fields hold plain text, the DOCX and the PDF are written. A user's template folder is run
in a sandbox: template code in it is refused with one sentence, never run."""

from __future__ import annotations

import io
import logging
import zipfile
from html.parser import HTMLParser
from itertools import cycle
from pathlib import Path
from typing import Any

import hostile_data as hostile
import pytest
from hostile_cli import cli, one_sentence
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from buurt.minutes.model import DocumentKind, Minutes, Place, TieNote, VoteRecord
from buurt.minutes.render import render
from buurt.services import Database
from buurt.services.minutes import build_document, resolve_meeting
from buurt.text import visible

# Fields that steer the templates (a state, a rule, a number as text): kept as they are.
LOGIC = {"state", "status", "rule", "method", "decision", "language", "kind", "matrix", "score"}
KINDS = (DocumentKind.MINUTES, DocumentKind.ACTIONS, DocumentKind.SUMMARY)


def _swap(value: Any, make: Any) -> Any:
    if isinstance(value, BaseModel):
        changes = {
            name: _swap(getattr(value, name), make)
            for name in type(value).model_fields
            if name not in LOGIC
        }
        return value.model_copy(update=changes)
    if isinstance(value, str):
        return make(value)
    if isinstance(value, list):
        return [_swap(v, make) for v in value]
    if isinstance(value, dict):
        return {k: _swap(v, make) for k, v in value.items()}
    return value


def _plain(value: str) -> str:
    """Text shaped like `value` (same line breaks, same blanks) that holds nothing special."""
    shown = visible(value, multiline=True)
    return "".join("\n" if c == "\n" else (" " if c.isspace() else "x") for c in shown)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag: str) -> None:
        self.elements.append(("/" + tag, ()))


def _tree(html: str) -> list[tuple[str, tuple[tuple[str, str | None], ...]]]:
    parser = _Tree()
    parser.feed(html)
    parser.close()
    return parser.elements


@pytest.fixture(scope="module")
def documents(_demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    import shutil

    from buurt.services import open_database

    path = tmp_path_factory.mktemp("hostile-minutes") / "demo.sqlite"
    shutil.copyfile(_demo_template, path)
    db: Database = open_database(path, actor="test")
    try:
        meeting = resolve_meeting(db, "latest")
        built = [build_document(db, meeting, kind) for kind in KINDS] + [
            build_document(db, meeting, DocumentKind.MINUTES, anonymise=True)
        ]
    finally:
        db.close()
    return [_with_tie(d) if isinstance(d, Minutes) else d for d in built]


def _with_tie(minutes: Minutes) -> Minutes:
    """Every part of the template in use: a vote whose tie was decided by lot, with a seed."""
    tie = TieNote(
        tied=["A", "B"], rule="lot", rule_label="by lot", where="stage 1", seed="s", order=["B"]
    )
    vote = VoteRecord(
        title="Top 3",
        method="schulze",
        method_label="Schulze",
        method_text="Schulze method",
        seats=3,
        ballots=9,
        secret=True,
        balance_groups=False,
        order=[Place(place=1, names=["A", "B"], score="")],
        matrix_names=["A", "B"],
        matrix=[["", "4"], ["4", ""]],
        summary=["A and B tie"],
        ties=[tie],
        winners=["B"],
        digest="abc",
        engine_version="1",
    )
    return minutes.model_copy(update={"votes": [*minutes.votes, vote]})


def _no_control(text: str) -> None:
    found = sorted({hex(ord(c)) for c in text if c in hostile.CONTROL})
    assert found == [], f"control characters in the output: {found}"


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def _check_all_formats(document: Any, value_of: Any, caplog: pytest.LogCaptureFixture) -> None:
    hostile_doc = _swap(document, value_of)
    plain_doc = _swap(document, lambda old: _plain(value_of(old)))
    md = render(hostile_doc, "md").decode("utf-8")
    _no_control(md)
    html = render(hostile_doc, "html").decode("utf-8")
    _no_control(html)
    assert _tree(html) == _tree(render(plain_doc, "html").decode("utf-8"))
    _no_control(_docx_text(render(hostile_doc, "docx")))
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        pdf = render(hostile_doc, "pdf")
    assert pdf.startswith(b"%PDF")
    assert [r for r in caplog.records if r.name.startswith("fpdf")] == []


def test_every_field_with_every_hostile_value_stays_text_in_every_format(
    documents: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    for document in documents:
        values = cycle(hostile.ALL)
        _check_all_formats(document, lambda _old, v=values: next(v), caplog)


def test_a_script_in_the_neighbourhood_name_is_no_element(documents: list[Any]) -> None:
    document = _swap(documents[0], lambda _old: hostile.HTML_SCRIPT)
    html = render(document, "html").decode("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html


def test_a_seed_with_a_link_is_no_link(documents: list[Any]) -> None:
    minutes = documents[0]
    votes = [
        v.model_copy(
            update={"ties": [t.model_copy(update={"seed": hostile.SEED_LINK}) for t in v.ties]}
        )
        for v in minutes.votes
    ]
    assert any(v.ties for v in votes), "the demo's latest meeting should hold a tie"
    html = render(minutes.model_copy(update={"votes": votes}), "html").decode("utf-8")
    assert "<a " not in html
    assert "https://evil.example" in html


SPECIAL = st.sampled_from(
    [
        "[",
        "]",
        "[/]",
        "<",
        ">",
        "&",
        "`",
        "*",
        "_",
        "|",
        "#",
        "\n",
        "\x1b",
        "\x9b",
        "\u202e",
        "{{",
        "}}",
        "{%",
        "=",
        "1.",
        "-",
        "\\",
        "!",
        "(",
        ")",
        "\x00",
        "\r",
        "\t",
        "\x7f",
    ]
)
ARBITRARY = st.lists(st.one_of(st.text(max_size=6), SPECIAL), max_size=12).map("".join)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=ARBITRARY)
def test_arbitrary_text_in_every_field_stays_text_in_every_format(
    documents: list[Any], caplog: pytest.LogCaptureFixture, text: str
) -> None:
    _check_all_formats(documents[0], lambda _old: text, caplog)


def test_template_code_in_a_template_folder_is_refused_not_run(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "minutes.md.j2").write_text(hostile.TEMPLATE_CODE.replace('"id"', '"echo pwned"'))
    code, out, err = cli(capsys, "minutes", demo_path, "--templates", folder)
    assert code == 2
    assert one_sentence(err)
    assert "pwned" not in out


def test_template_code_in_the_data_is_printed_not_run(documents: list[Any]) -> None:
    document = _swap(documents[0], lambda _old: hostile.TEMPLATE_CODE)
    md = render(document, "md").decode("utf-8")
    assert "popen" in md
    assert "uid=" not in md
