"""The README's example output is what the quick start really gives (issue 13, point 9).

Each README code block that starts with ``$ deckgen ...`` is run, in README order, in a copy of
the sample notes, and its output compared with the block. The counts are never written here:
they come from an actual build, so when the cards change (a new stage 3, say) this test fails
and prints the output to paste into the README.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from deckgen.cli import main

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
_BLOCK = re.compile(r"^```\n(\$ deckgen [^\n]*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
ELLIPSIS = "..."
"""A line of only this in an example stands for lines of the output left out."""


def examples() -> list[tuple[str, list[str]]]:
    """Every ``$ deckgen ...`` block of the README: (command, its output lines), in order."""
    text = README.read_text(encoding="utf-8")
    found = [(m.group(1)[2:], m.group(2).splitlines()) for m in _BLOCK.finditer(text)]
    # `deckgen sync` examples need the user's Anki: they are shown, not run here.
    return [(command, lines) for command, lines in found if not command.startswith("deckgen sync")]


def shows(output: str, example: list[str]) -> bool:
    """Whether ``example`` is ``output``: exactly, or, where it has ``...`` lines, with any lines
    in their place (the parts between them appear whole, in order)."""
    lines = output.splitlines()
    if ELLIPSIS not in example:
        return lines == example
    parts: list[list[str]] = [[]]
    for line in example:
        if line == ELLIPSIS:
            parts.append([])
        else:
            parts[-1].append(line)
    pos = 0
    for i, part in enumerate(parts):
        if not part:
            continue
        starts = [
            s for s in range(pos, len(lines) - len(part) + 1) if lines[s : s + len(part)] == part
        ]
        if not starts or (i == 0 and starts[0] != 0):
            return False
        pos = starts[0] + len(part)
    return not parts[-1] or pos == len(lines)


def edit_the_lightning_note(notes: Path) -> None:
    """The edit the README's "Rebuilding and re-importing" example describes."""
    path = notes / "the-physics-of-lightning.md"
    text = path.read_text(encoding="utf-8")
    edited, removed = re.subn(r"A typical return stroke carries a peak current.*?</a>\. ", "", text)
    assert removed == 1 and edited.count("2 to 3 cm") == 1
    path.write_text(edited.replace("2 to 3 cm", "2 to 4 cm"), encoding="utf-8")


def test_readme_examples_are_what_the_quick_start_gives(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "notes", tmp_path / "notes")
    os.chdir(tmp_path)
    runner = CliRunner()
    found = examples()
    commands = [command for command, _ in found]
    assert commands == [
        "deckgen build",  # the quick start
        "deckgen preview notes/the-physics-of-lightning.md",
        "deckgen check decks/Notes.apkg",
        "deckgen build",  # after the edit
    ]
    builds = 0
    for command, example in found:
        args = command.split()[1:]
        if args == ["build"]:
            builds += 1
            if builds == 2:
                edit_the_lightning_note(tmp_path / "notes")
        done = runner.invoke(main, args)
        assert done.exit_code == 0, done.output
        # The build summary goes to standard error; a preview's cards and a check to stdout.
        output = done.stderr if args[0] == "build" else done.stdout
        assert shows(output, example), (
            f"the README's example of `{command}` is not what it gives; paste this:\n{output}"
        )
