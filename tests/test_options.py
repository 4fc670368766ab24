"""Build options set by deckgen.toml or flags: subdecks, extra tags, include/exclude globs,
skipped callouts and the most cards per note, checked on decks imported with Anki."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ImportedCard

from deckgen import BuildOptions, build
from deckgen.notes import NoteFile
from deckgen.pipeline import select_files

MOONS = """---
title: Moons of the outer planets
videoId: M00nsOuter1
---

From: [[sky_tonight]] <br/>

Jupiter has at least 95 known moons <a class="yt-timestamp" data-t="00:01:10">[00:01:10]</a>.
Titan is about 5,150 km across <a class="yt-timestamp" data-t="00:02:00">[00:02:00]</a>.

> [!NOTE] Viewing tip
> A small telescope shows the four largest moons of Jupiter at 30x magnification.

> [!TIP]
> Saturn's rings are about 10 m thick in most places.
"""

TIDES = """---
title: Why the sea has tides
---

The Moon is about 384,400 km from the Earth.
Spring tides come about 2 days after a full or new moon.
"""


@pytest.fixture
def two_notes(write_note: Callable[[str, str], Path]) -> Path:
    write_note("space/moons.md", MOONS)
    write_note("sea/tides.md", TIDES)
    draft = "# Rogue waves\n\nA rogue wave is at least twice as tall as the waves around it.\n"
    return write_note("sea/waves.draft.md", draft).parent.parent


def _import(
    notes: Path,
    tmp_path: Path,
    anki_import: Callable[[Path], list[ImportedCard]],
    **options: object,
) -> list[ImportedCard]:
    out = tmp_path / "deck.apkg"
    build(BuildOptions(paths=(str(notes),), output=str(out), timestamp=1, **options))  # type: ignore[arg-type]
    return anki_import(out)


def test_subdeck_per_channel(
    two_notes: Path, tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    cards = _import(two_notes, tmp_path, anki_import, deck="Astro", subdeck="channel")
    by_deck = {c.deck for c in cards if "Jupiter" in c.answer} | {
        c.deck for c in cards if "Titan" in c.answer
    }
    assert by_deck == {"Astro::sky_tonight"}
    # A note without a channel stays in the main deck.
    assert {c.deck for c in cards if "384,400" in c.answer} == {"Astro"}


def test_subdeck_per_note(
    two_notes: Path, tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    cards = _import(two_notes, tmp_path, anki_import, deck="Astro", subdeck="note")
    assert {c.deck for c in cards if "Titan" in c.answer} == {"Astro::Moons of the outer planets"}
    assert {c.deck for c in cards if "Spring tides" in c.answer} == {"Astro::Why the sea has tides"}


def test_extra_tags_on_every_card(
    two_notes: Path, tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    cards = _import(two_notes, tmp_path, anki_import, tags=("deckgen", "to review"))
    assert cards
    for card in cards:
        assert {"deckgen", "to_review"} <= set(card.tags)
    assert any("sky_tonight" in c.tags for c in cards)  # the note's own tags stay


def test_include_and_exclude_globs(two_notes: Path) -> None:
    def paths(**options: object) -> set[str]:
        result = build(BuildOptions(paths=(str(two_notes),), write=False, **options))  # type: ignore[arg-type]
        return {Path(n.path).name for n in result.notes}

    assert paths() == {"moons.md", "tides.md", "waves.draft.md"}
    assert paths(exclude=("*.draft.md",)) == {"moons.md", "tides.md"}
    assert paths(include=("sea/*",)) == {"tides.md", "waves.draft.md"}
    assert paths(include=("sea/*",), exclude=("*.draft.md",)) == {"tides.md"}


def test_glob_matches_any_trailing_part_of_the_path() -> None:
    files = [NoteFile(Path("x"), d) for d in ("vault/a/drafts/one.md", "vault/b/two.md")]
    assert [f.display for f in select_files(files, (), ("drafts/*",))] == ["vault/b/two.md"]
    assert [f.display for f in select_files(files, ("two.md",), ())] == ["vault/b/two.md"]
    assert select_files(files, ("b/*",), ("*.md",)) == []


def test_skipped_callouts_by_type_and_title(two_notes: Path) -> None:
    def texts(**options: object) -> str:
        result = build(BuildOptions(paths=(str(two_notes / "space"),), write=False, **options))  # type: ignore[arg-type]
        return " ".join(c.fact.text for c in result.cards)

    everything = texts()
    assert "30x" in everything and "10 m thick" in everything
    assert "30x" not in texts(skip_callouts=("viewing tip",))
    skipped = texts(skip_callouts=("Tip",))  # the TIP type, any case
    assert "10 m thick" not in skipped and "30x" in skipped


def test_most_cards_per_note_keeps_the_best_scoring(two_notes: Path) -> None:
    options = BuildOptions(paths=(str(two_notes / "space"),), write=False)
    full = build(options)
    assert full.anki_cards > 2
    limited = build(BuildOptions(paths=options.paths, write=False, max_cards_per_note=2))
    assert 0 < limited.anki_cards <= 2
    fits = [c for c in full.cards if len({d.number for d in c.fact.deletions}) <= 2]
    best = max(fits, key=lambda c: c.fact.score)  # the first of the best, as max keeps ties
    assert best.guid in {c.guid for c in limited.cards}
    dropped = [d for _, d in limited.decisions if "over the limit of 2 cards" in d.reason]
    assert len(dropped) == len(full.cards) - len(limited.cards)
    assert not any(d.accepted for d in dropped)
