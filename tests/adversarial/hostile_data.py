"""The fixed set of hostile values an attacker types or imports (issue 10).

Each is a string a member name, a place, a title or a seed could hold. Tests put them through
the services, the renderers and the screens and check they come out as text: no markup read,
no escape reaching the terminal, no element in HTML that the template did not write, no code run.
"""

from __future__ import annotations

ESC = "\x1b"
BEL = "\x07"

MARKUP_CLOSE = "Piet [/] Jansen"
MARKUP_TAG = "Wijkcentrum [/noord]"
MARKUP_LINK = "Plein [@click=app.quit]klik[/] [md](https://evil.example)"
TERMINAL_TITLE = f"Losse stoeptegels {ESC}]0;pwned{BEL}{ESC}[2J"
CSI_COLOUR = f"Rood {ESC}[31mgevaar{ESC}[0m"
C1_CSI = "Acht\x9b2J bits"
BIDI = "Fiets\u202eneddieb\u202c diefstal"
NUL_AND_DEL = "Nul\x00 en\x7f del"
HTML_SCRIPT = "</title><script>alert(1)</script>"
HTML_IMG = '<img src=x onerror="alert(1)">'
MARKDOWN_LINK = "`x` [x](https://evil.example) **vet**"
SEED_LINK = "a` [x](https://evil.example)"
TEMPLATE_CODE = '{{ cycler.__init__.__globals__.os.popen("id").read() }}'
TEMPLATE_BLOCK = "{% for x in range(3) %}x{% endfor %}"
CSV_FORMULA = '=HYPERLINK("https://evil.example","klik")'
CSV_AT = "@SUM(1+1)*cmd|' /C calc'!A0"
CSV_PLUS = "+1+2"
CSV_MINUS = "-2+3"
NEWLINE_IN_NAME = "Regel een\nRegel twee"
FORMFEED = "Blad\x0cwissel"

#: Every hostile value, for tests that put each one everywhere.
ALL: tuple[str, ...] = (
    MARKUP_CLOSE,
    MARKUP_TAG,
    MARKUP_LINK,
    TERMINAL_TITLE,
    CSI_COLOUR,
    C1_CSI,
    BIDI,
    NUL_AND_DEL,
    HTML_SCRIPT,
    HTML_IMG,
    MARKDOWN_LINK,
    SEED_LINK,
    TEMPLATE_CODE,
    TEMPLATE_BLOCK,
    CSV_FORMULA,
    CSV_AT,
    CSV_PLUS,
    CSV_MINUS,
    NEWLINE_IN_NAME,
    FORMFEED,
)

#: Values that are printable text (no control characters): must survive input unchanged.
PRINTABLE: tuple[str, ...] = tuple(v for v in ALL if v.isprintable())

#: The characters that must never reach a terminal or a document.
CONTROL = (
    {chr(c) for c in range(0x20) if chr(c) not in "\n"}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}
)
