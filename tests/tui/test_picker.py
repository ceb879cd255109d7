"""The neighbourhood picker: listing the files of the data folder, opening and creating."""

from __future__ import annotations

from pathlib import Path

import pytest
from neighbourhood_folder import fill_folder
from settle import pilot_test, settle
from textual.widgets import Input, Select, Static

from buurt.services import open_database
from buurt.services.neighbourhood import find_neighbourhood
from buurt.tui.picker import PickerApp, data_folder, file_name
from buurt.tui.widgets.table import RecordTable


@pytest.fixture
def folder(tmp_path: Path, _template: Path) -> Path:
    return fill_folder(tmp_path / "buurt", _template)


def rows(app: PickerApp) -> list[list[str]]:
    table = app.query_one("#files", RecordTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


@pilot_test
async def test_the_picker_lists_each_neighbourhood_and_a_bad_file_with_its_problem(folder):
    app = PickerApp(folder)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert rows(app) == [
            ["Oude Westen", "Rotterdam", "oude-westen.sqlite"],
            ["Transvaal", "Den Haag", "transvaal.sqlite"],
            ["cannot be opened", "", "kapot.sqlite"],
        ]
        await pilot.press("down", "down")
        await settle(pilot)
        problem = str(app.query_one("#problem", Static).render())
        assert "kapot.sqlite is not a buurt neighbourhood file" in problem
        # Enter on the bad file explains again, and does not open it.
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running


@pilot_test
async def test_enter_opens_the_chosen_neighbourhood(folder):
    app = PickerApp(folder)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.return_value == folder / "transvaal.sqlite"


@pilot_test
async def test_a_new_neighbourhood_gets_a_file_named_after_it(folder):
    app = PickerApp(folder)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot, focus="#name")  # the form is open, its first field has the keyboard
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
        assert app.screen.query_one("#row-name").has_class("-invalid")
        app.screen.query_one("#name", Input).value = "Het Nieuwe Westen"
        app.screen.query_one("#municipality", Input).value = "Rotterdam"
        app.screen.query_one("#language", Select).value = "en"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
    path = folder / "het-nieuwe-westen.sqlite"
    assert app.return_value == path
    db = open_database(path)
    settings = find_neighbourhood(db)
    db.close()
    assert settings is not None
    assert (settings.name, settings.municipality, settings.language) == (
        "Het Nieuwe Westen",
        "Rotterdam",
        "en",
    )


@pilot_test
async def test_creating_at_a_given_path_shows_only_the_form(tmp_path):
    target = tmp_path / "mijn-buurt.sqlite"
    app = PickerApp(tmp_path, target=target)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, focus="#name")
        app.screen.query_one("#name", Input).value = "Bospolder"
        await pilot.press("ctrl+s")  # the keyboard: a click can miss a button that moves
        await settle(pilot)
    assert app.return_value == target
    assert target.exists()


@pilot_test
async def test_cancelling_the_create_form_makes_no_file(tmp_path):
    target = tmp_path / "mijn-buurt.sqlite"
    app = PickerApp(tmp_path, target=target)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, focus="#name")
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is None
    assert not target.exists()


def test_file_names_are_made_from_the_neighbourhood_name():
    assert file_name("Oude Westen") == "oude-westen"
    assert file_name("Feijenoord / Noordereiland") == "feijenoord-noordereiland"
    assert file_name("Café Zuid-Oost") == "cafe-zuid-oost"
    assert file_name("???") == "buurt"


def test_the_data_folder_can_be_chosen_with_an_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("BUURT_DATA_DIR", str(tmp_path / "elders"))
    assert data_folder() == tmp_path / "elders"
    assert data_folder().is_dir()
