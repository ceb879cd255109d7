"""Markdown as a short list of blocks (headings, paragraphs, lists, tables) for the DOCX and PDF
writers: the Markdown the templates produce is the one source of every format.

Only what the templates use is kept: headings, paragraphs, bullet and numbered lists, tables, a
horizontal rule, and bold, italic and code inside a line. Links keep their text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


Runs = list[Run]


@dataclass(slots=True)
class Heading:
    level: int
    runs: Runs


@dataclass(slots=True)
class Paragraph:
    runs: Runs


@dataclass(slots=True)
class Item:
    runs: Runs
    level: int = 0
    number: int | None = None


@dataclass(slots=True)
class Items:
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Table:
    header: list[Runs] = field(default_factory=list)
    rows: list[list[Runs]] = field(default_factory=list)


@dataclass(slots=True)
class Rule:
    pass


Block = Heading | Paragraph | Items | Table | Rule


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables; raw HTML is shown as text, never passed through."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def plain(runs: Runs) -> str:
    return "".join(run.text for run in runs)


def _inline(token: Token) -> Runs:
    runs: Runs = []
    bold = italic = False
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "text" and child.content:
            runs.append(Run(child.content, bold, italic))
        elif kind == "code_inline":
            runs.append(Run(child.content, bold, italic, code=True))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run("\n" if kind == "hardbreak" else " ", bold, italic))
    merged: Runs = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.code) == (run.bold, run.italic, run.code):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.code)
        else:
            merged.append(run)
    return merged


def parse(markdown: str) -> list[Block]:
    """The blocks of a Markdown text, in order."""
    tokens = markdown_parser().parse(markdown)
    blocks: list[Block] = []
    lists: list[dict[str, int | None]] = []  # open lists: next number (None for bullets)
    items: Items | None = None
    table: Table | None = None
    row: list[Runs] | None = None
    in_head = False
    heading_level = 0
    item_number: int | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            number = int(start) if isinstance(start, int | str) and str(start).isdigit() else 1
            lists.append({"next": number if kind == "ordered_list_open" else None})
            if items is None:
                items = Items()
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists and items is not None:
                blocks.append(items)
                items = None
        elif kind == "list_item_open":
            current = lists[-1]["next"]
            item_number = current
            if current is not None:
                lists[-1]["next"] = current + 1
        elif kind == "table_open":
            table = Table()
        elif kind == "table_close" and table is not None:
            blocks.append(table)
            table = None
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and table is not None and row is not None:
            if in_head:
                table.header = row
            else:
                table.rows.append(row)
            row = None
        elif kind == "hr":
            blocks.append(Rule())
        elif kind == "inline":
            runs = _inline(token)
            if row is not None:
                row.append(runs)
            elif heading_level:
                blocks.append(Heading(heading_level, runs))
                heading_level = 0
            elif items is not None and lists:
                items.items.append(Item(runs, level=len(lists) - 1, number=item_number))
                item_number = None
            else:
                blocks.append(Paragraph(runs))
    return blocks
