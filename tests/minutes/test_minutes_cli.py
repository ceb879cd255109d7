"""`buurt minutes FILE --meeting ID|latest`: what a chair types at the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from minutes_text import docx_text, pdf_text
from minutes_world import World

from buurt.cli import run


def test_markdown_goes_to_standard_output_by_default(
    world_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["minutes", str(world_path), "--meeting", "latest", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Minutes Buurt Bestuurt Testbuurt\n")
    assert "Sunday 1 November 2026, 19:30" in out


def test_language_follows_the_file_setting_or_lang(
    world_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["minutes", str(world_path), "--meeting", "1", "--lang", "nl"]) == 0
    assert capsys.readouterr().out.startswith("# Verslag Buurt Bestuurt Testbuurt\n")


def test_pdf_to_a_named_file(
    world_path: Path, world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "verslag.pdf"
    code = run(["minutes", str(world_path), "--meeting", "1", "--out", str(target)])
    assert code == 0
    assert str(target) in capsys.readouterr().out
    text = pdf_text(target.read_bytes())
    assert all(title in text for title in world.winners)


def test_public_docx_into_a_folder_gets_the_suggested_name(
    world_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    args = ["minutes", str(world_path), "--meeting", "2", "--format", "docx"]
    assert run([*args, "--out", str(folder), "--anonymise", "--lang", "nl"]) == 0
    [written] = folder.iterdir()
    assert written.name == "verslag-testbuurt-2026-11-01-openbaar.docx"
    text = docx_text(written.read_bytes())
    assert "Bewoner 1" in text
    assert "Anna de Boer" in text  # the chair consented to be named
    assert "Bram Claes" not in text


def test_binary_format_without_out_lands_in_the_current_folder(
    world_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["minutes", str(world_path), "--kind", "actions", "--format", "pdf", "--lang", "en"]
    assert run(args) == 0
    assert (tmp_path / "action-list-testbuurt-2026-11-01.pdf").exists()


def test_html_summary_from_the_extension_of_out(world_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "nieuwsbrief.html"
    assert run(["minutes", str(world_path), "--kind", "summary", "--out", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "U vroeg, wij deden" in html or "You said, we did" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--meeting", "99", "--lang", "en"], "There is no meeting with number 99."),
        (
            ["--meeting", "gisteren", "--lang", "en"],
            "'gisteren' is not a meeting number; give a number or 'latest'.",
        ),
        (
            ["--format", "odt", "--lang", "en"],
            "Unknown format 'odt': choose md, html, docx or pdf.",
        ),
        (
            ["--kind", "agenda", "--lang", "en"],
            "Unknown document 'agenda': choose minutes, actions or summary.",
        ),
        (
            ["--out", "/nonexistent-folder/verslag.pdf", "--lang", "en"],
            "The folder /nonexistent-folder does not exist.",
        ),
    ],
)
def test_bad_input_is_one_sentence_and_exit_code_2(
    world_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(["minutes", str(world_path), *args]) == 2
    captured = capsys.readouterr()
    assert captured.err == message + "\n"
    assert captured.out == ""


def test_an_unwritable_file_is_refused_with_exit_code_2(
    world_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # /proc accepts no new files, whoever asks (even root, who may write anywhere else).
    code = run(["minutes", str(world_path), "--out", "/proc/verslag.md", "--lang", "en"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("/proc/verslag.md cannot be written: ")
    assert captured.err.count("\n") == 1


def test_a_missing_neighbourhood_file_is_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["minutes", str(tmp_path / "geen.sqlite"), "--lang", "en"]) == 2
    assert "does not exist" in capsys.readouterr().err
