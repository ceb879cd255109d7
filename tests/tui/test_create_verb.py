"""The dialog that makes a new neighbourhood file says "Aanmaken" / "Create" on its button and on
ctrl+s in the footer: it creates a file, it does not save an edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from settle import pilot_test, settle
from textual.widgets import Button, Input

from buurt.i18n import set_language
from buurt.tui.picker import NewNeighbourhoodForm, PickerApp


@pytest.mark.parametrize(
    ("lang", "verb", "save"), [("nl", "Aanmaken", "Opslaan"), ("en", "Create", "Save")]
)
@pilot_test
async def test_the_new_neighbourhood_dialog_says_create(
    tmp_path: Path, lang: str, verb: str, save: str
) -> None:
    set_language(lang)
    target = tmp_path / "bospolder.sqlite"
    app = PickerApp(tmp_path, target=target)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, focus="#name")
        dialog = app.screen
        assert isinstance(dialog, NewNeighbourhoodForm)
        assert str(dialog.query_one("#save", Button).label) == verb
        descriptions = {b.binding.description for b in app.active_bindings.values()}
        assert verb in descriptions
        assert save not in descriptions
        dialog.query_one("#name", Input).value = "Bospolder"
        await pilot.press("ctrl+s")  # the key the footer names still creates the file
        await settle(pilot)
    assert app.return_value == target
    assert target.exists()
