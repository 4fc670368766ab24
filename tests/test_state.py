"""The state file beside the deck: same notes give the same bytes; only changed cards get newer."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from deckgen import BuildOptions, BuildResult, Level, build
from deckgen import package as package_module
from deckgen.cli import main
from deckgen.report import changes_text
from deckgen.state import (
    DeckState,
    NoteRecord,
    encode_state,
    load_state,
    save_state,
    state_path,
)

KITCHEN = """\
---
title: Kitchen science
videoId: KiTcHeN_s01
---

## Heat

Water boils at 100 °C at sea level <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>.
Sugar starts to caramelise at about 160 °C <a class="yt-timestamp" data-t="00:02:00">[00:02:00]</a>.

## Salt

Sea water holds about 35 g of salt per litre <a class="yt-timestamp" data-t="00:03:00">[00:03:00]</a>.
"""

T0 = 1_700_000_000


@pytest.fixture
def kitchen(write_note: Callable[[str, str], Path]) -> Path:
    return write_note("kitchen.md", KITCHEN)


def build_to(note: Path, out: Path, timestamp: int = T0, **options: object) -> BuildResult:
    return build(
        BuildOptions(paths=(str(note.parent),), output=str(out), timestamp=timestamp, **options)  # type: ignore[arg-type]
    )


def package_times(apkg: Path, tmp_path: Path) -> tuple[dict[str, int], int, list[int]]:
    """(note mod by the first words of its text, the note type's mod, the note ids)."""
    db = tmp_path / "unpacked.anki2"
    with zipfile.ZipFile(apkg) as zf:
        db.write_bytes(zf.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        mods = {
            flds.split("\x1f")[0][:12]: mod
            for flds, mod in conn.execute("select flds, mod from notes")
        }
        models = json.loads(conn.execute("select models from col").fetchone()[0])
        ids = [nid for (nid,) in conn.execute("select id from notes order by id")]
    finally:
        conn.close()
        db.unlink()
    return mods, models[str(package_module.MODEL_ID)]["mod"], ids


def test_state_file_is_named_after_the_deck() -> None:
    assert state_path("decks/Notes.apkg") == Path("decks/.deckgen/Notes/state.json")
    assert state_path("out/my.deck.APKG") == Path("out/.deckgen/my.deck/state.json")
    assert state_path("deck") == Path(".deckgen/deck/state.json")


def test_state_round_trips(tmp_path: Path) -> None:
    state = DeckState(
        T0,
        "abc",
        T0 - 5,
        {
            "g1": NoteRecord("fp1", "sum1", T0, "a.md", "Ice melts at 0 °C.", gone=False),
            "g0": NoteRecord("fp0", "sum0", T0 - 9, "b/c.md", 'A "quoted" fact.', gone=True),
        },
    )
    path = tmp_path / "x.deckgen.json"
    assert save_state(path, state)
    assert load_state(path) == (state, None)
    assert not save_state(path, state)  # unchanged: not rewritten
    empty = DeckState(T0, "abc", T0)
    save_state(path, empty)
    assert load_state(path) == (empty, None)


def test_unchanged_notes_give_a_byte_identical_package(kitchen: Path, tmp_path: Path) -> None:
    out = tmp_path / "decks" / "Kitchen.apkg"
    first = build_to(kitchen, out, T0)
    assert first.changes is not None and first.changes.first_build
    package, state = out.read_bytes(), state_path(out).read_bytes()
    state_mtime = state_path(out).stat().st_mtime_ns

    second = build_to(kitchen, out, T0 + 3600)  # a later clock changes nothing
    assert out.read_bytes() == package
    assert state_path(out).read_bytes() == state
    assert state_path(out).stat().st_mtime_ns == state_mtime
    assert second.changes is not None
    assert not second.changes.any_change
    assert second.changes.unchanged == len(second.cards) == 3
    assert (
        changes_text(second)
        == "Since the last build: 0 added, 0 updated, 0 removed, 3 unchanged Anki notes."
    )


def test_only_a_changed_card_gets_a_newer_time(kitchen: Path, tmp_path: Path) -> None:
    out = tmp_path / "Kitchen.apkg"
    build_to(kitchen, out, T0)
    mods, model_mod, _ = package_times(out, tmp_path)
    assert set(mods.values()) == {T0} and model_mod == T0

    kitchen.write_text(KITCHEN.replace("starts to caramelise", "begins to caramelise"))
    result = build_to(kitchen, out, T0 + 600)
    mods, model_mod, _ = package_times(out, tmp_path)
    assert mods == {"Water boils ": T0, "Sugar begins": T0 + 600, "Sea water ho": T0}
    assert model_mod == T0  # the template did not change
    assert result.changes is not None
    assert [c.text[:12] for c in result.changes.updated] == ["Sugar begins"]


def test_a_changed_template_gives_the_note_type_a_newer_time(
    kitchen: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "Kitchen.apkg"
    build_to(kitchen, out, T0)
    monkeypatch.setattr(package_module, "CSS", package_module.CSS + ".x { color: red; }\n")
    result = build_to(kitchen, out, T0 + 600)
    mods, model_mod, _ = package_times(out, tmp_path)
    assert model_mod == T0 + 600
    assert set(mods.values()) == {T0}  # the notes did not change
    assert result.changes is not None and result.changes.note_type_changed
    assert "template or style changed" in changes_text(result)


def test_a_clock_that_went_back_still_makes_changes_newer(kitchen: Path, tmp_path: Path) -> None:
    out = tmp_path / "Kitchen.apkg"
    build_to(kitchen, out, T0)
    kitchen.write_text(KITCHEN.replace("at sea level", "at sea level and 1 atm"))
    build_to(kitchen, out, T0 - 86_400)
    mods, _, _ = package_times(out, tmp_path)
    assert mods["Water boils "] == T0 + 1
    assert mods["Sea water ho"] == T0


def test_removed_facts_are_reported_for_the_user_to_delete(kitchen: Path, tmp_path: Path) -> None:
    out = tmp_path / "Kitchen.apkg"
    build_to(kitchen, out, T0)
    kitchen.write_text(KITCHEN.split("## Salt")[0])
    result = build_to(kitchen, out, T0 + 600)
    assert result.changes is not None
    removed = result.changes.removed
    assert [(r.path, r.text) for r in removed] == [
        (str(kitchen), "Sea water holds about 35 g of salt per litre.")
    ]
    text = changes_text(result)
    assert "0 added, 0 updated, 1 removed, 2 unchanged" in text
    assert "cannot delete" in text
    assert f"  {kitchen}: Sea water holds about 35 g of salt per litre." in text

    again = build_to(kitchen, out, T0 + 1200)  # reported once, then remembered as gone
    assert again.changes is not None and not again.changes.removed
    state, _ = load_state(state_path(out))
    assert state is not None
    assert [r.gone for r in state.notes.values()].count(True) == 1


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b'{"format": 99, "timestamp": 1, "model": {}, "notes": {}}',
        b'{"format": 1, "timestamp": "soon", "model": {"checksum": "x", "mod": 1}, "notes": {}}',
        b'{"format": 1, "timestamp": 1, "model": {"checksum": "x", "mod": 1}, "notes": {"g": 3}}',
        b"[]",
    ],
    ids=["truncated", "binary", "other format", "bad timestamp", "bad note", "not an object"],
)
def test_an_unreadable_state_file_warns_and_the_build_goes_on(
    kitchen: Path, tmp_path: Path, content: bytes
) -> None:
    out = tmp_path / "Kitchen.apkg"
    state_path(out).parent.mkdir(parents=True)
    state_path(out).write_bytes(content)
    result = build_to(kitchen, out)
    assert result.output == out and len(result.cards) == 3
    warnings = [d for d in result.diagnostics if d.path == str(state_path(out))]
    assert len(warnings) == 1
    assert warnings[0].level is Level.WARNING
    assert "cannot read the state file" in warnings[0].message
    assert result.changes is not None and result.changes.first_build
    state, problem = load_state(state_path(out))  # replaced by a good one
    assert problem is None and state is not None and len(state.notes) == 3


def test_a_state_file_that_cannot_be_saved_warns_but_the_deck_is_written(
    kitchen: Path, tmp_path: Path
) -> None:
    out = tmp_path / "Kitchen.apkg"
    state_path(out).mkdir(parents=True)  # a folder where the state file should go
    result = build_to(kitchen, out)
    assert out.exists() and result.output == out
    messages = [d.message for d in result.diagnostics if d.path == str(state_path(out))]
    assert any(m.startswith("cannot read the state file") for m in messages)
    assert any(m.startswith("cannot save the state file") for m in messages)


def test_no_state_file_when_turned_off(kitchen: Path, tmp_path: Path) -> None:
    out = tmp_path / "Kitchen.apkg"
    result = build_to(kitchen, out, state=False)
    assert out.exists() and not state_path(out).exists()
    assert result.changes is None and changes_text(result) == ""


def test_state_is_replaced_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "Kitchen.deckgen.json"
    old = DeckState(T0, "abc", T0)
    save_state(path, old)

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        save_state(path, DeckState(T0 + 1, "abc", T0))
    assert path.read_bytes() == encode_state(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Kitchen.deckgen.json"]


def test_cli_prints_the_change_report(kitchen: Path, tmp_path: Path) -> None:
    out = tmp_path / "Kitchen.apkg"
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(kitchen.parent), "-o", str(out)])
    assert first.exit_code == 0, first.output
    assert (
        f"First build of this deck: deckgen keeps what it needs to update it in {tmp_path}/.deckgen/Kitchen/"
        in first.stderr
    )
    kitchen.write_text(KITCHEN.split("## Salt")[0])
    second = runner.invoke(main, ["build", str(kitchen.parent), "-o", str(out)])
    assert second.exit_code == 0
    assert "1 removed" in second.stderr
    assert "kitchen.md: Sea water holds about 35 g of salt per litre." in second.stderr
    assert second.stdout == ""
    quiet = runner.invoke(main, ["build", str(kitchen.parent), "-o", str(out), "-q"])
    assert quiet.stderr == ""
