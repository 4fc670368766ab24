"""The command line: flags, summary, exit codes, help."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ImportedCard

from deckgen.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("deckgen, version ")


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"]])
def test_help_explains_itself(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert "Example" in result.output or "Run `deckgen build`" in result.output


def test_default_build_reads_notes_and_writes_decks(
    runner: CliRunner,
    glaciers: Path,
    tmp_path: Path,
    anki_import: Callable[[Path], list[ImportedCard]],
) -> None:
    os.chdir(tmp_path)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "decks" / "Notes.apkg").is_file()
    assert "Wrote decks/Notes.apkg" in result.stderr
    said = re.search(r"(\d+) cards \((\d+) Anki notes\) from 1 of 1 Markdown file\.", result.stderr)
    assert said is not None, result.stderr
    # The summary counts what Anki imports.
    cards = anki_import(tmp_path / "decks" / "Notes.apkg")
    assert int(said.group(1)) == len(cards) >= 3
    assert int(said.group(2)) == len({c.guid for c in cards})


def test_summary_names_notes_without_cards_and_warnings(
    runner: CliRunner, glaciers: Path, write_note: Callable[[str, str], Path], tmp_path: Path
) -> None:
    write_note("empty.md", "")
    write_note("broken.md", "---\ntitle: [oops\n---\nNothing here.\n")
    out = tmp_path / "x.apkg"
    result = runner.invoke(main, ["build", str(glaciers.parent), "-o", str(out)])
    assert result.exit_code == 0
    assert "empty.md: empty file" in result.stderr
    assert "broken.md:2: warning: invalid YAML" in result.stderr
    strict = runner.invoke(main, ["build", str(glaciers.parent), "-o", str(out), "--strict"])
    assert strict.exit_code == 3


def test_nothing_usable_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(tmp_path / "nope"), "-o", str(tmp_path / "x.apkg")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr
    assert "Error: no cards to write" in result.stderr


def test_unreadable_file_beside_good_notes_exits_3(
    runner: CliRunner, glaciers: Path, write_note: Callable[[str, bytes], Path], tmp_path: Path
) -> None:
    write_note("blob.md", b"\x00\x01\x02binary")
    result = runner.invoke(main, ["build", str(glaciers.parent), "-o", str(tmp_path / "x.apkg")])
    assert result.exit_code == 3
    assert "blob.md: error: binary file" in result.stderr
    assert (tmp_path / "x.apkg").is_file()


def test_output_that_is_a_folder(runner: CliRunner, glaciers: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(glaciers), "-o", str(tmp_path)])
    assert result.exit_code != 0


def test_explain_lists_every_sentence(runner: CliRunner, glaciers: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["build", str(glaciers), "-o", str(tmp_path / "x.apkg"), "--explain"]
    )
    assert result.exit_code == 0
    assert "CARD" in result.stdout and "skip about the video itself" in result.stdout


def test_explain_still_lists_sentences_when_no_card_is_made(
    runner: CliRunner, write_note: Callable[[str, str], Path], tmp_path: Path
) -> None:
    # A note that gives no card is exactly when a user asks --explain why.
    note = write_note(
        "musings.md",
        "---\ntitle: Musings\n---\nI think this could be interesting.\n\nLet us see.\n",
    )
    result = runner.invoke(main, ["build", str(note), "-o", str(tmp_path / "x.apkg"), "--explain"])
    assert result.exit_code == 1
    assert "no cards to write" in result.stderr
    assert "musings.md" in result.stdout and "skip" in result.stdout
    assert "I think this could be interesting." in result.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "deckgen", "--version"], capture_output=True, text=True, check=True
    )
    assert "deckgen, version" in done.stdout


def test_build_json_is_one_object_on_stdout(
    runner: CliRunner, glaciers: Path, write_note: Callable[[str, str], Path], tmp_path: Path
) -> None:
    import json

    write_note("broken.md", "---\ntitle: [oops\n---\nNothing here.\n")
    out = tmp_path / "x.apkg"
    result = runner.invoke(main, ["build", str(glaciers.parent), "-o", str(out), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["output"] == str(out) and out.is_file()
    assert data["note_files"] == 2 and data["note_files_with_cards"] == 1
    assert data["cards"] >= data["notes"] > 0
    assert data["warnings"][0]["path"].endswith("broken.md")
    assert data["warnings"][0]["line"] == 2
    assert data["exit_status"] == 0 and data["error"] is None
    assert "Wrote" in result.stderr  # the human summary still goes to stderr


def test_build_json_on_failure(runner: CliRunner, tmp_path: Path) -> None:
    import json

    result = runner.invoke(main, ["build", str(tmp_path / "nope"), "--json", "--explain"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["output"] is None and data["exit_status"] == 1
    assert data["error"].startswith("no cards to write")


@pytest.mark.parametrize("command", ["build", "preview", "check"])
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


@pytest.mark.parametrize("command", ["build", "preview", "check"])
def test_every_command_is_in_the_readme(command: str) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"deckgen {command}" in readme
