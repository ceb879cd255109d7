"""From a minutes model to a file: Markdown (Jinja2 templates), then HTML, DOCX and PDF from that
Markdown.

Templates live in `templates/` (`minutes.md.j2`, `actions.md.j2`, `summary.md.j2` and the HTML
page around them, `page.html.j2`). A municipality adapts them by copying one into a folder of its
own and passing that folder (`template_folders`, or `buurt minutes --templates FOLDER`): a file
there wins over the shipped one of the same name. A DOCX made with `docx_template` takes its
styles (fonts, colours, margins, letterhead) from that Word file.

Every label in a template goes through `_()`, so one template serves Dutch and English.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from buurt.errors import FileProblem
from buurt.i18n import _, get_language, ngettext
from buurt.minutes import format as fmt
from buurt.minutes.model import ActionList, DocumentKind, Minutes, Summary
from buurt.text import visible

FORMATS = ("md", "html", "docx", "pdf")
TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_OF = {
    DocumentKind.MINUTES: "minutes.md.j2",
    DocumentKind.ACTIONS: "actions.md.j2",
    DocumentKind.SUMMARY: "summary.md.j2",
}

Document = Minutes | ActionList | Summary

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START = re.compile(r"^(\s*)(\d*)([#>+=.)-])(?=[#=-]*(?:\s|$))")


def md(value: object) -> str:
    """Text for inside a Markdown line or table cell: special characters escaped, on one line,
    control characters shown as a placeholder."""
    text = " ".join(visible(value).split())
    return _LINE_START.sub(_escape_marker, _INLINE_SPECIAL.sub(r"\\\1", text))


def _escape_marker(match: re.Match[str]) -> str:
    """A line that would start a heading, quote or list: escape its marker ("1\\." "\\#")."""
    indent, digits, mark = match.groups()
    if digits and mark not in ".)":
        return match.group(0)
    return f"{indent}{digits}\\{mark}"


def md_block(value: object) -> str:
    """Free text as Markdown paragraphs: escaped, line breaks kept, control characters shown as
    a placeholder."""
    paragraphs = re.split(r"\n\s*\n", visible(value or "", multiline=True).strip())
    result = []
    for paragraph in paragraphs:
        lines = []
        for line in paragraph.splitlines():
            escaped = _INLINE_SPECIAL.sub(r"\\\1", line.strip())
            lines.append(_LINE_START.sub(_escape_marker, escaped))
        result.append("\\\n".join(line for line in lines if line))
    return "\n\n".join(p for p in result if p)


def code(value: object) -> str:
    """Text as a Markdown code span, on one line: fenced with more backticks than the text
    holds in a row, so nothing inside is read as Markdown (a seed, a digest)."""
    text = " ".join(visible(value).split())
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _autoescape(name: str | None) -> bool:
    """HTML templates (`page.html.j2`) escape every value; the Markdown ones use the `md`,
    `md_block` and `code` filters on every value instead."""
    return name is not None and ".htm" in name.lower()


def fill(template: str, **values: object) -> str:
    """`{{ _("Quorum {present}/{members}") | fill(present=9, members=14) }}`."""
    return template.format(**values)


@functools.cache
def _environment(folders: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    """One environment per set of template folders (templates compile once per process;
    Jinja notices when a template file changes)."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(f)) for f in folders]
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    # A template folder is the user's: its templates run sandboxed (no attribute walks to
    # Python's internals, no calls to unsafe functions), and nothing in the data is ever
    # compiled as a template.
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_, ngettext=ngettext, newstyle=False
    )
    env.filters.update(md=md, md_block=md_block, code=code, fill=fill)
    env.globals.update(
        long_date=fmt.long_date,
        short_date=fmt.short_date,
        clock=fmt.clock,
        language=get_language,
    )
    return env


def template_folders(extra: Path | Sequence[Path] | None) -> tuple[Path, ...]:
    if extra is None:
        return ()
    return (extra,) if isinstance(extra, Path) else tuple(extra)


def _render_template(name: str, templates: Path | Sequence[Path] | None, **values: object) -> str:
    """Render one template; a user's template that is broken or tries what the sandbox forbids
    is one sentence naming it, never a traceback (and never run)."""
    env = _environment(template_folders(templates))
    try:
        return env.get_template(name).render(**values)
    except jinja2.TemplateError as error:
        where = getattr(error, "filename", None) or name
        reason = " ".join(str(error.message or type(error).__name__).split())[:160]
        raise FileProblem(
            _("The template {template} cannot be used: {reason}").format(
                template=where, reason=visible(reason)
            )
        ) from None


def render_markdown(document: Document, *, templates: Path | Sequence[Path] | None = None) -> str:
    """The document as Markdown, from its template."""
    text = _render_template(TEMPLATE_OF[document.kind], templates, doc=document)
    # Templates are written for reading; collapse the blank lines their logic leaves behind.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def title_of(document: Document) -> str:
    """The document's title line (its first heading)."""
    name = visible(document.header.neighbourhood)
    if document.kind == DocumentKind.ACTIONS:
        return _("Action list Buurt Bestuurt {neighbourhood}").format(neighbourhood=name)
    if document.kind == DocumentKind.SUMMARY:
        return _("You said, we did: Buurt Bestuurt {neighbourhood}").format(neighbourhood=name)
    return _("Minutes Buurt Bestuurt {neighbourhood}").format(neighbourhood=name)


def footer_of(document: Document) -> str:
    """One line for the foot of every page: what this is, and for minutes their state."""
    parts = [title_of(document), fmt.short_date(document.header.starts_at)]
    if isinstance(document, Minutes):
        parts.append(_("adopted") if document.approval.adopted else _("draft"))
    if document.anonymised:
        parts.append(_("public version"))
    return visible(" · ".join(parts))


def render_html(
    document: Document,
    *,
    templates: Path | Sequence[Path] | None = None,
    markdown: str | None = None,
) -> str:
    """A standalone HTML page: the Markdown rendered, print-friendly CSS inline, nothing
    fetched from elsewhere."""
    from buurt.minutes.blocks import markdown_parser  # Markdown alone does not need it

    source = markdown if markdown is not None else render_markdown(document, templates=templates)
    body = markdown_parser().render(source)
    page = _render_template(
        "page.html.j2",
        templates,
        doc=document,
        title=title_of(document),
        footer=footer_of(document),
        body=Markup(body),
        lang=document.language,
    )
    return page


def render(
    document: Document,
    format: str,
    *,
    templates: Path | Sequence[Path] | None = None,
    docx_template: Path | None = None,
) -> bytes:
    """The document in `format` (md, html, docx or pdf) as bytes ready to write."""
    markdown = render_markdown(document, templates=templates)
    if format == "md":
        return markdown.encode("utf-8")
    if format == "html":
        return render_html(document, templates=templates, markdown=markdown).encode("utf-8")
    meta: dict[str, Any] = {
        "title": title_of(document),
        "footer": footer_of(document),
        "language": document.language,
    }
    if format == "docx":
        from buurt.minutes.docx_writer import write_docx

        return write_docx(markdown, template=docx_template, **meta)
    if format == "pdf":
        from buurt.minutes.pdf_writer import write_pdf

        return write_pdf(markdown, **meta)
    raise ValueError(f"unknown format {format}")
