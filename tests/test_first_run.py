"""Issue 13, first-run friction: what a new user tripped over, one test (or a few) per point.

1. a one-note build never replaces the folder's deck; 2. warnings nobody can act on are one line
per kind; 3. ``check`` of a missing file says so; 4. ``-o mydeck`` writes ``mydeck.apkg``;
5. one hidden ``.deckgen/`` folder beside a deck, and old state files still work; 6. wording;
7. ``--json`` changes and ``deckgen.toml`` suggestions; 8. the preview page.
(Point 9, the README's figures, is in ``test_readme.py``.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ImportedCard
from test_robustness import anchor, sentences_with, wiki_note

from deckgen.cli import main
from deckgen.preview import PAGE_CSS

ImportDeck = Callable[[Path], list[ImportedCard]]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def forge_note(i: int) -> str:
    """A note with one fact, and so one card, different for each ``i``."""
    return (
        f"---\ntitle: Forge {i}\nvideoId: Forge{i:06d}\n---\n\n"
        f"The old anvil number {i} in the village forge weighs about {100 + i} kg.\n"
    )


def forge_folder(root: Path, count: int) -> Path:
    folder = root / "forge"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"anvil_{i:02d}.md").write_text(forge_note(i), encoding="utf-8")
    return folder


def build(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    done = runner.invoke(main, ["build", *args])
    assert "Traceback" not in done.stderr, done.stderr
    return done.exit_code, done.stdout, done.stderr


# --- 1. a one-note build never silently replaces a deck built from other inputs ----------------


def test_one_note_build_gets_its_own_deck_and_leaves_the_folders_alone(
    runner: CliRunner, tmp_path: Path, anki_import: ImportDeck
) -> None:
    os.chdir(tmp_path)
    folder = forge_folder(tmp_path, 6)
    assert build(runner, "forge")[0] == 0
    channel = tmp_path / "decks" / "Forge.apkg"
    before = channel.read_bytes()
    status, _, err = build(runner, "forge/anvil_03.md")
    assert status == 0, err
    assert channel.read_bytes() == before  # the folder's deck is untouched
    own = tmp_path / "decks" / "Anvil_03.apkg"
    assert f"Wrote decks/{own.name}: deck 'Anvil 03', 1 card (1 Anki note)" in err
    assert "left the deck" not in err
    [card] = anki_import(own)
    assert "anvil number 3" in card.fields["Text"] and card.deck == "Anvil 03"
    # The folder's deck still has all six, and its next build changes nothing.
    assert len(anki_import(channel)) == 6
    status, _, err = build(runner, str(folder.relative_to(tmp_path)))
    assert "0 added, 0 updated, 0 removed, 6 unchanged" in err


def test_a_build_that_would_drop_most_of_a_deck_needs_force(
    runner: CliRunner, tmp_path: Path, anki_import: ImportDeck
) -> None:
    folder = forge_folder(tmp_path, 6)
    out = tmp_path / "out" / "deck.apkg"
    assert build(runner, str(folder), "-o", str(out))[0] == 0
    package, state = out.read_bytes(), (out.parent / ".deckgen/deck/state.json").read_bytes()
    status, _, err = build(runner, str(folder / "anvil_01.md"), "-o", str(out))
    assert status == 1
    assert (
        f"Error: {out} was left as it was: it holds 6 Anki notes and this build has 1, so 5 would "
        "leave the deck. To build these notes on their own, give another output (-o NAME.apkg); "
        "to replace the deck anyway, add --force"
    ) in err
    assert out.read_bytes() == package
    assert (out.parent / ".deckgen/deck/state.json").read_bytes() == state
    # Losing half (3 of 6) is a normal edit; --force allows more.
    for i in (0, 1, 2):
        (folder / f"anvil_{i:02d}.md").unlink()
    assert build(runner, str(folder), "-o", str(out))[0] == 0
    status, _, err = build(runner, str(folder / "anvil_04.md"), "-o", str(out), "--force")
    assert status == 0 and "2 removed" in err
    assert len(anki_import(out)) == 1


def test_an_input_ending_in_apkg_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    forge_folder(tmp_path, 2)
    status, _, err = build(runner, "forge/anvil_01.md", "out.apkg")
    assert status == 2
    assert "out.apkg is a deck, not notes to read; did you mean -o out.apkg?" in err
    assert not (tmp_path / "decks").exists() and not (tmp_path / "out.apkg").exists()
    assert runner.invoke(main, ["preview", "forge", "x.APKG"]).exit_code == 2


def test_a_long_list_of_removed_notes_is_cut_short(runner: CliRunner, tmp_path: Path) -> None:
    folder = forge_folder(tmp_path, 30)
    out = tmp_path / "deck.apkg"
    assert build(runner, str(folder), "-o", str(out))[0] == 0
    for i in range(1, 15):
        (folder / f"anvil_{i:02d}.md").unlink()
    status, stdout, err = build(runner, str(folder), "-o", str(out), "--json")
    assert status == 0, err
    assert "14 Anki notes left the deck." in err
    listed = [line for line in err.splitlines() if line.startswith("  ") and "anvil_" in line]
    assert len(listed) == 10
    assert "  ... and 4 more; see --json" in err
    assert len(json.loads(stdout)["changes"]["removed_notes"]) == 14


# --- 2. warnings nobody can act on --------------------------------------------------------------

WHOLE_MINUTES = ["00:00:00", "01:27:00", "04:16:00", "06:23:00", "10:51:00"]


def whole_minute_talk(i: int) -> str:
    """A note whose ``H:MM:00`` timestamps deckgen reads as minutes and seconds."""
    body = "\n".join(
        f"Bell number {i}{n} in the old tower weighs about {100 * i + n} kg {anchor(t)}."
        for n, t in enumerate(WHOLE_MINUTES)
    )
    return wiki_note(body, video=f"Talk_{i:06d}", title=f"Talk {i}")


def test_warnings_deckgen_handled_are_one_line_per_kind(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "talks"
    folder.mkdir()
    for i in range(3):
        (folder / f"talk{i}.md").write_text(whole_minute_talk(i), encoding="utf-8")
    fixable = wiki_note(f"The bell tower is about 54 m tall {anchor('soon')}.", title="Bell")
    (folder / "bell.md").write_text(fixable, encoding="utf-8")
    out = str(tmp_path / "deck.apkg")
    status, _, err = build(runner, str(folder), "-o", out)
    assert status == 0, err
    lines = err.splitlines()
    assert (
        "warning: whole-minute timestamps (01:15:00) read as minutes and seconds (1:15) "
        "in 3 notes; -v lists them"
    ) in lines
    assert not [line for line in lines if "talk1.md" in line]
    # A problem the user can fix keeps its own line, with its file and line.
    assert f'{folder}/bell.md:6: warning: unreadable timestamp "soon"; no link made for it' in lines
    assert "4 warnings." in err  # every warning still counts (and --strict still fails)
    status, _, err = build(runner, str(folder), "-o", out, "-v")
    assert sum("read as minutes and seconds" in line for line in err.splitlines()) == 3
    assert f"{folder}/talk1.md:6: warning: 5 timestamps such as 01:27:00" in err


def test_the_example_in_a_warning_shows_a_change(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "talk.md").write_text(wiki_note(sentences_with(WHOLE_MINUTES)), encoding="utf-8")
    status, _, err = build(runner, str(folder), "-o", str(tmp_path / "deck.apkg"))
    assert status == 0
    assert "read as minutes and seconds (01:27:00 as 1 min 27 s, not 1 h 27 min)" in err
    assert "00:00:00 as" not in err


# --- 3. check of a file that is not there ------------------------------------------------------


def test_check_of_a_missing_file_says_no_such_file(runner: CliRunner, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    done = runner.invoke(main, ["check", "nothere.apkg"])
    assert done.exit_code == 1
    assert done.stdout == "nothere.apkg: no such file\n"
    data = json.loads(runner.invoke(main, ["check", "nothere.apkg", "--json"]).stdout)
    assert data["engine"] == "none" and data["problems"] == ["no such file"]


# --- 4. -o without .apkg -----------------------------------------------------------------------


def test_output_without_a_suffix_gets_apkg(
    runner: CliRunner, tmp_path: Path, anki_import: ImportDeck
) -> None:
    folder = forge_folder(tmp_path, 2)
    status, _, err = build(runner, str(folder), "-o", str(tmp_path / "mydeck"))
    assert status == 0, err
    assert f"Wrote {tmp_path}/mydeck.apkg:" in err
    assert not (tmp_path / "mydeck").exists()
    assert len(anki_import(tmp_path / "mydeck.apkg")) == 2


def test_output_with_another_suffix_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = forge_folder(tmp_path, 2)
    status, _, err = build(runner, str(folder), "-o", str(tmp_path / "deck.zip"))
    assert status == 1
    assert "Anki imports only files named *.apkg; give a name such as" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forge"]


# --- 5. one hidden folder beside the deck ------------------------------------------------------


def test_one_hidden_folder_beside_the_deck_and_the_summary_says_why(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = forge_folder(tmp_path / "in", 2)
    out = tmp_path / "x" / "deck.apkg"
    status, _, err = build(runner, str(folder), "-o", str(out))
    assert status == 0
    assert sorted(p.name for p in out.parent.iterdir()) == [".deckgen", "deck.apkg"]
    assert f"deckgen keeps what it needs to update it in {out.parent}/.deckgen/deck/" in err
    assert "review history" in err
    status, _, err = build(runner, str(folder), "-o", str(out))
    assert ".deckgen/" not in err  # said once, on the first build
    assert sorted(p.name for p in out.parent.iterdir()) == [".deckgen", "deck.apkg"]


def test_a_state_file_of_deckgen_0_1_is_moved_and_keeps_the_guids(
    runner: CliRunner, tmp_path: Path, anki_import: ImportDeck
) -> None:
    folder = forge_folder(tmp_path / "in", 3)
    out = tmp_path / "x" / "deck.apkg"
    assert build(runner, str(folder), "-o", str(out))[0] == 0
    before = {c.fields["Text"]: c.guid for c in anki_import(out)}
    # Lay the folder out as deckgen 0.1 did: the state beside the deck, the cache in its folder.
    data = out.parent / ".deckgen"
    (out.parent / "deck.deckgen.json").write_bytes((data / "deck" / "state.json").read_bytes())
    shutil.copytree(data / "deck" / "cache", out.parent / ".deckgen-cache" / "deck")
    shutil.rmtree(data)
    # An edit of the hidden words: only the state file can give the fact its old GUID.
    note = folder / "anvil_01.md"
    note.write_text(note.read_text(encoding="utf-8").replace("101 kg", "111 kg"), "utf-8")
    status, _, err = build(runner, str(folder), "-o", str(out))
    assert status == 0, err
    assert "Since the last build: 0 added, 1 updated, 0 removed, 2 unchanged Anki notes." in err
    assert sorted(p.name for p in out.parent.iterdir()) == [".deckgen", "deck.apkg"]
    after = {c.fields["Text"]: c.guid for c in anki_import(out)}
    assert sorted(after.values()) == sorted(before.values())


# --- 6. wording ---------------------------------------------------------------------------------


def test_counts_are_singular_or_plural_and_name_their_kind(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = forge_folder(tmp_path, 1)
    out = tmp_path / "deck.apkg"
    status, _, err = build(runner, str(folder), str(tmp_path / "missing"), "-o", str(out))
    assert status == 3
    assert f"Wrote {out}: deck 'Forge', 1 card (1 Anki note) from 1 of 1 Markdown file.\n" in err
    assert "1 error, 0 warnings." in err
    preview = runner.invoke(main, ["preview", str(folder)])
    assert "1 card (1 Anki note) would be made." in preview.stdout
    check = runner.invoke(main, ["check", str(out)])
    assert check.stdout.startswith(f"{out}: 1 card from 1 Anki note (")
    status, _, err = build(runner, str(folder), "-o", str(out))
    assert "Since the last build: 0 added, 0 updated, 0 removed, 1 unchanged Anki note.\n" in err


# --- 7. --json changes, and suggestions for deckgen.toml ----------------------------------------


def test_json_has_the_changes_of_the_build(runner: CliRunner, tmp_path: Path) -> None:
    folder = forge_folder(tmp_path, 4)
    out = str(tmp_path / "deck.apkg")
    first = json.loads(build(runner, str(folder), "-o", out, "--json")[1])
    assert first["changes"] == {
        "first_build": True,
        "added": 4,
        "updated": 0,
        "removed": 0,
        "unchanged": 0,
        "note_type_changed": False,
        "removed_notes": [],
    }
    (folder / "anvil_00.md").unlink()
    (folder / "anvil_01.md").write_text(forge_note(1).replace("101 kg", "121 kg"), "utf-8")
    (folder / "bell.md").write_text("# Bell\n\nThe bell tower is about 54 m tall.\n", "utf-8")
    second = json.loads(build(runner, str(folder), "-o", out, "--json")[1])["changes"]
    assert (second["added"], second["updated"], second["removed"], second["unchanged"]) == (
        1,
        1,
        1,
        2,
    )
    assert second["removed_notes"] == [
        {
            "path": f"{folder}/anvil_00.md",
            "text": "The old anvil number 0 in the village forge weighs about 100 kg.",
        }
    ]


def test_an_unknown_settings_key_gets_a_suggestion(runner: CliRunner, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    (tmp_path / "deckgen.toml").write_text('tag = ["x"]\n', encoding="utf-8")
    done = runner.invoke(main, ["build"])
    assert done.exit_code == 2
    assert "Error: deckgen.toml: unknown key 'tag'; did you mean 'tags'? The keys are:" in (
        done.stderr
    )


# --- 8. the preview page ------------------------------------------------------------------------


def test_preview_page_shows_titles_and_relative_paths(runner: CliRunner, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    folder = forge_folder(tmp_path, 3)
    page = tmp_path / "p.html"
    done = runner.invoke(main, ["preview", str(folder.resolve()), "--html", str(page)])
    assert done.exit_code == 0, done.output
    text = page.read_text(encoding="utf-8")
    assert str(tmp_path) not in text  # no absolute path
    assert '<h2>Forge 1 <span class="path">forge/anvil_01.md</span></h2>' in text
    # The list of notes is folded, so the first card comes before any long list.
    assert '<details class="toc"><summary>3 Markdown files</summary>' in text
    assert text.index('<a href="#note-0">Forge 0</a>') > text.index("<summary>3 Markdown")


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_preview_page_links_are_readable_in_night_mode() -> None:
    night_background = re.search(r"body\.preview\.nightMode \{[^}]*background: (#\w{6})", PAGE_CSS)
    link = re.search(r"\.preview\.nightMode a \{ color: (#\w{6}); \}", PAGE_CSS)
    day_link = re.search(r"\.preview a \{ color: (#\w{6}); \}", PAGE_CSS)
    day_background = re.search(r"body\.preview \{[^}]*background: (#\w{6})", PAGE_CSS)
    assert night_background and link and day_link and day_background
    assert _contrast(link.group(1), night_background.group(1)) >= 4.5
    assert _contrast(day_link.group(1), day_background.group(1)) >= 4.5
