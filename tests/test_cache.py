"""The per-note cache: rebuilds read only changed notes, and a bad cache never breaks a build."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from test_parallel import STAMP, river_note

from deckgen import BuildOptions, build, cache, pipeline
from deckgen.notes import NoteFile
from deckgen.pipeline import _NoteOutcome
from deckgen.state import data_folder


@pytest.fixture
def rivers(notes_dir: Path) -> Path:
    for i in range(6):
        (notes_dir / f"river_{i}.md").write_text(river_note(i), encoding="utf-8")
    return notes_dir


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the notes stages 1-3 run on (builds here use one process)."""
    seen: list[str] = []
    original = pipeline.process_note

    def recording(file: NoteFile, *rest: Any) -> _NoteOutcome:
        seen.append(file.path.name)
        return original(file, *rest)

    monkeypatch.setattr(pipeline, "process_note", recording)
    return seen


def build_bytes(notes: Path, out: Path, **options: object) -> bytes:
    build(BuildOptions(paths=(str(notes),), output=str(out), timestamp=STAMP, workers=1, **options))  # type: ignore[arg-type]
    return out.read_bytes()


def entries(out: Path) -> list[Path]:
    return sorted((data_folder(out) / cache.CACHE_FOLDER).glob("*" + cache.ENTRY_SUFFIX))


def test_rebuild_reads_only_the_changed_note(
    rivers: Path, tmp_path: Path, reads: list[str]
) -> None:
    out = tmp_path / "decks" / "rivers.apkg"
    first = build_bytes(rivers, out)
    assert len(reads) == 6
    assert len(entries(out)) == 6

    reads.clear()
    assert build_bytes(rivers, out) == first  # nothing changed: nothing read, same deck
    assert reads == []

    changed = rivers / "river_3.md"
    changed.write_text(river_note(3).replace("123 km", "321 km"), encoding="utf-8")
    rebuilt = build_bytes(rivers, out)
    assert reads == ["river_3.md"]
    # The same deck as a build from scratch (both without the state file, whose times differ).
    assert build_bytes(rivers, out, state=False) == build_bytes(
        rivers, tmp_path / "fresh.apkg", cache=False, state=False
    )
    assert rebuilt[:2] == b"PK"
    assert len(entries(out)) == 6  # the old entry of river_3 is gone


def test_cache_gives_the_same_result_as_reading(rivers: Path, tmp_path: Path) -> None:
    options = BuildOptions(paths=(str(rivers),), output=str(tmp_path / "d.apkg"), workers=1)
    fresh = build(options)
    cached = build(options)
    assert [c.text for c in cached.cards] == [c.text for c in fresh.cards]
    assert cached.decisions == fresh.decisions
    assert cached.notes == fresh.notes
    assert cached.diagnostics == fresh.diagnostics


def test_reading_options_are_part_of_the_key(
    notes_dir: Path, tmp_path: Path, reads: list[str]
) -> None:
    note = river_note(1) + "\n> [!TIP] Field kit\n> A survey pole is 2 m long for wading.\n"
    (notes_dir / "river.md").write_text(note, encoding="utf-8")
    out = tmp_path / "deck.apkg"

    def card_texts(**options: object) -> list[str]:
        result = build(BuildOptions(paths=(str(notes_dir),), output=str(out), workers=1, **options))  # type: ignore[arg-type]
        return [c.text for c in result.cards]

    with_tip = card_texts()
    without_tip = card_texts(skip_callouts=("tip",))
    assert len(reads) == 2  # the second build could not reuse the first one's entry
    assert any("2 m" in t for t in with_tip)
    assert not any("2 m" in t for t in without_tip)
    assert card_texts(skip_callouts=("tip",)) == without_tip
    assert len(reads) == 2


def test_removed_note_loses_its_entry(rivers: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    build_bytes(rivers, out)
    (rivers / "river_0.md").unlink()
    build_bytes(rivers, out)
    assert len(entries(out)) == 5


def test_moved_note_is_read_again_under_its_new_path(
    rivers: Path, tmp_path: Path, reads: list[str]
) -> None:
    out = tmp_path / "deck.apkg"
    build_bytes(rivers, out)
    reads.clear()
    (rivers / "river_2.md").rename(rivers / "renamed.md")
    result = build(BuildOptions(paths=(str(rivers),), output=str(out), workers=1))
    assert reads == ["renamed.md"]  # messages must name the file where it is now
    assert any(n.path.endswith("renamed.md") and n.cards for n in result.notes)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a cache entry",
        cache.dumps(_NoteOutcome(None, [], [], []))[:-5],  # cut short
        cache.dumps(["a list, not an outcome"]),
        cache.dumps(_NoteOutcome(None, [], [], []))[:30] + b"\xff" * 40,
    ],
    ids=["empty", "garbage", "truncated", "wrong type", "corrupted"],
)
def test_damaged_entries_are_read_again(
    rivers: Path, tmp_path: Path, reads: list[str], damage: bytes
) -> None:
    out = tmp_path / "deck.apkg"
    first = build_bytes(rivers, out)
    for entry in entries(out):
        entry.write_bytes(damage)
    reads.clear()
    assert build_bytes(rivers, out) == first
    assert len(reads) == 6
    assert all(cache.loads(e.read_bytes(), _NoteOutcome) for e in entries(out))  # rewritten


def test_entry_that_would_run_code_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Writes:
        def __reduce__(self) -> tuple[object, tuple[str, str]]:
            return (Path.write_text, (marker, "ran"))  # type: ignore[return-value]

    data = cache.dumps(_NoteOutcome(None, [], [], []))
    evil = data[: data.index(b"\n") + 1] + pickle.dumps(Writes())
    assert cache.loads(evil, _NoteOutcome) is None
    assert not marker.exists()


def test_code_change_changes_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.note_key(b"same bytes", "a.md", "a.md")
    assert cache.note_key(b"same bytes", "a.md", "a.md") == before
    assert cache.note_key(b"same bytes", "b.md", "b.md") != before
    assert cache.note_key(b"other bytes", "a.md", "a.md") != before
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another deckgen")
    assert cache.note_key(b"same bytes", "a.md", "a.md") != before


def test_fingerprint_covers_deckgens_sources() -> None:
    fingerprint = cache.code_fingerprint()
    assert len(fingerprint) == 64
    assert cache.code_fingerprint() == fingerprint


def test_unwritable_cache_is_skipped(rivers: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    data_folder(out).mkdir(parents=True)
    (data_folder(out) / cache.CACHE_FOLDER).write_text("a file where the cache folder would go")
    assert build_bytes(rivers, out) == build_bytes(rivers, tmp_path / "other.apkg", cache=False)


def test_no_cache_writes_no_cache_folder(rivers: Path, tmp_path: Path) -> None:
    build_bytes(rivers, tmp_path / "deck.apkg", cache=False)
    assert not (data_folder(tmp_path / "deck.apkg") / cache.CACHE_FOLDER).exists()


def test_cache_folder_does_not_clash_with_deck_files(rivers: Path, tmp_path: Path) -> None:
    out = tmp_path / "decks" / "Rivers.apkg"
    build_bytes(rivers, out)
    names = sorted(p.name for p in out.parent.iterdir())
    assert names == [".deckgen", "Rivers.apkg"]  # one hidden folder holds state and cache
    assert sorted(p.name for p in (out.parent / ".deckgen" / "Rivers").iterdir()) == [
        cache.CACHE_FOLDER,
        "state.json",
    ]


def test_build_without_a_package_only_reads_the_cache(
    rivers: Path, tmp_path: Path, reads: list[str]
) -> None:
    out = tmp_path / "decks" / "deck.apkg"
    preview = BuildOptions(paths=(str(rivers),), output=str(out), workers=1, write=False)
    build(preview)
    assert not (tmp_path / "decks").exists()  # no deck, and no cache either
    build_bytes(rivers, out)
    reads.clear()
    (rivers / "river_0.md").unlink()
    assert len(build(preview).cards) > 0
    assert reads == []  # every note came from the cache
    assert len(entries(out)) == 6  # and the cache was left as it was


def test_entries_are_written_whole(tmp_path: Path) -> None:
    store = cache.NoteCache(tmp_path / "c")
    store.put("k", b"x" * 100_000)
    store.put("k", b"y" * 10)
    assert store.get("k") == b"y" * 10
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["k" + cache.ENTRY_SUFFIX]
    store.keep_only([])
    assert store.get("k") is None
