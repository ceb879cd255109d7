"""The minutes of the demo's last meeting, word for word, in Dutch and English.

The demo is made as of DEMO_TODAY in Amsterdam time, so these files do not change from run to
run. After an intended change, rewrite them with `BUURT_UPDATE_GOLDEN=1 pytest tests/minutes`
and read the difference before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from buurt.i18n import set_language
from buurt.minutes.render import render
from buurt.services import Database
from buurt.services.minutes import build_minutes

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_minutes_of_the_demos_last_meeting_match_the_golden_file(
    demo_db: Database, lang: str, fmt: str
) -> None:
    set_language(lang)
    produced = render(build_minutes(demo_db, "latest"), fmt).decode("utf-8")
    path = GOLDEN / f"demo-latest-{lang}.{fmt}"
    if os.environ.get("BUURT_UPDATE_GOLDEN"):
        path.write_text(produced, encoding="utf-8", newline="\n")
    assert produced == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_public_minutes_of_the_demos_last_meeting_match_the_golden_file(
    demo_db: Database, lang: str
) -> None:
    set_language(lang)
    produced = render(build_minutes(demo_db, "latest", anonymise=True), "md").decode("utf-8")
    path = GOLDEN / f"demo-latest-public-{lang}.md"
    if os.environ.get("BUURT_UPDATE_GOLDEN"):
        path.write_text(produced, encoding="utf-8", newline="\n")
    assert produced == path.read_text(encoding="utf-8")
