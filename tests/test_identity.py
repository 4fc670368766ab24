"""GUIDs: the same fact keeps its GUID through edits; two different facts never share one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deckgen import BuildOptions, Card, build
from deckgen.identity import (
    KnownFact,
    fingerprint,
    reconcile,
    similarity,
    trigrams,
)

TIDES = """\
---
title: Why the sea has tides
videoId: TiDeS_4ever
---

## The Moon

The Moon's gravity raises two bulges of water on opposite sides of the Earth. Most coasts see
two high tides about every 24 hours and 50 minutes.

## The Sun

The Sun's pull on the oceans is about 46% of the Moon's pull.

## Extremes

The Bay of Fundy has a tidal range of up to 16 m, the largest in the world.
"""

CLOUDS = """\
# Reading the clouds

Cirrus clouds form above 6,000 m, where the air is cold enough to freeze water into ice crystals.
A cumulonimbus cloud can rise more than 12 km from its base to its top.
"""

SOUND = """\
# How sound travels

Sound moves through dry air at about 343 m/s at room temperature.
"""


def cards_of(folder: Path) -> list[Card]:
    """The cards a build makes, without writing anything (GUIDs derived from the notes alone)."""
    return build(BuildOptions(paths=(str(folder),), write=False)).cards


def known(cards: list[Card]) -> list[KnownFact]:
    """What a state file would record about these cards."""
    return [KnownFact(c.guid, fingerprint(c.fact.text), c.fact.text, c.note_path) for c in cards]


def by_text(cards: list[Card], guids: list[str] | None = None) -> dict[str, str]:
    """GUID by a short, stable piece of each fact's text."""
    guids = guids or [c.guid for c in cards]
    return {_label(c.fact.text): g for c, g in zip(cards, guids, strict=True)}


def _label(text: str) -> str:
    for label in ("bulges", "high tides", "Sun", "Fundy", "Cirrus", "cumulonimbus", "Sound"):
        if label in text:
            return label
    return text


@pytest.fixture
def tides(write_note: Callable[[str, str], Path]) -> Path:
    """A folder with two notes: one with a videoId, one whose identity is its title."""
    write_note("clouds.md", CLOUDS)
    return write_note("tides.md", TIDES).parent


def reorder_sections(text: str) -> str:
    head, *sections = text.split("\n## ")
    return "\n## ".join([head, *reversed(sections)])


EDITS: dict[str, Callable[[Path], None]] = {
    "rebuilt unchanged": lambda folder: None,
    "typo in a word that is not hidden": lambda folder: _edit(
        folder / "tides.md", "tidal range", "tidl range"
    ),
    "a changed word that is not hidden": lambda folder: _edit(
        folder / "tides.md", "pull on the oceans", "tug on the oceans"
    ),
    "sections reordered": lambda folder: _rewrite(folder / "tides.md", reorder_sections),
    "file renamed and moved (the note has a videoId)": lambda folder: _move(
        folder / "tides.md", folder / "ocean" / "tides-and-moon.md"
    ),
    "unrelated note added": lambda folder: (folder / "sound.md").write_text(SOUND),
    "unrelated note removed": lambda folder: (folder / "clouds.md").unlink(),
}


def expected_labels(before: set[str], edit: str) -> set[str]:
    """The facts a build should still find after ``edit``."""
    if edit == "unrelated note added":
        return before | {"Sound"}
    if edit == "unrelated note removed":
        return before - {"Cirrus", "cumulonimbus"}
    return before


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _rewrite(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text()))


def _move(path: Path, to: Path) -> None:
    to.parent.mkdir(parents=True, exist_ok=True)
    path.rename(to)


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_same_fact_keeps_its_guid_without_a_state_file(tides: Path, edit: str) -> None:
    before = by_text(cards_of(tides))
    assert {"high tides", "Sun", "Fundy", "Cirrus", "cumulonimbus"} <= set(before)
    EDITS[edit](tides)
    after = by_text(cards_of(tides))
    assert set(after) == expected_labels(set(before), edit)
    for label, guid in after.items():
        if label in before:
            assert guid == before[label], label


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_same_fact_keeps_its_guid_with_a_state_file(tides: Path, edit: str) -> None:
    first = cards_of(tides)
    before = by_text(first)
    EDITS[edit](tides)
    second = cards_of(tides)
    after = by_text(second, reconcile(second, known(first)))
    assert set(after) == expected_labels(set(before), edit)
    for label, guid in after.items():
        if label in before:
            assert guid == before[label], label


def test_typo_fixed_inside_the_hidden_words_keeps_the_guid_only_with_state(tides: Path) -> None:
    _edit(tides / "tides.md", "up to 16 m,", "up to 61 m,")
    first = cards_of(tides)
    _edit(tides / "tides.md", "up to 61 m,", "up to 16 m,")
    second = cards_of(tides)
    assert by_text(first)["Fundy"] != by_text(second)["Fundy"]  # the hidden words changed
    matched = by_text(second, reconcile(second, known(first)))
    assert matched["Fundy"] == by_text(first)["Fundy"]
    assert matched == {**by_text(first), "Fundy": matched["Fundy"]}


def test_retitled_note_without_a_video_id_keeps_its_guids_with_state(tides: Path) -> None:
    first = cards_of(tides)
    _edit(tides / "clouds.md", "# Reading the clouds", "# Reading clouds and weather")
    second = cards_of(tides)
    assert by_text(first)["Cirrus"] != by_text(second)["Cirrus"]  # the note key is its title
    matched = by_text(second, reconcile(second, known(first)))
    assert matched == by_text(first)


def test_an_unrelated_new_fact_does_not_take_a_removed_facts_guid(tides: Path) -> None:
    first = cards_of(tides)
    _edit(
        tides / "tides.md",
        "The Bay of Fundy has a tidal range of up to 16 m, the largest in the world.",
        "Spring tides come about every 14 days, when Sun and Moon line up.",
    )
    second = cards_of(tides)
    guids = reconcile(second, known(first))
    new = [g for c, g in zip(second, guids, strict=True) if "Spring tides" in c.fact.text]
    assert len(new) == 1
    assert new[0] not in {c.guid for c in first}


def test_a_removed_fact_that_comes_back_gets_its_old_guid(tides: Path) -> None:
    first = cards_of(tides)
    fundy = by_text(first)["Fundy"]
    gone = [replace(k, gone=True) if k.guid == fundy else k for k in known(first)]
    again = cards_of(tides)
    assert by_text(again, reconcile(again, gone))["Fundy"] == fundy


def test_two_notes_on_one_video_never_share_a_guid(
    write_note: Callable[[str, str], Path], tmp_path: Path
) -> None:
    head = "---\ntitle: {}\nvideoId: SaMe_vid_01\n---\n\n"
    write_note("a.md", head.format("Part one") + "Bamboo can grow about 91 cm in a single day.\n")
    folder = write_note(
        "b.md", head.format("Part two") + "A giant panda eats bamboo for about 91 cm of gut.\n"
    ).parent
    derived = cards_of(folder)
    assert len(derived) == 2
    assert derived[0].guid == derived[1].guid  # same video, same hidden words
    result = build(BuildOptions(paths=(str(folder),), output=str(tmp_path / "d.apkg")))
    assert len({c.guid for c in result.cards}) == 2
    again = build(BuildOptions(paths=(str(folder),), output=str(tmp_path / "d.apkg")))
    assert [c.guid for c in again.cards] == [c.guid for c in result.cards]


def test_similarity_tells_a_typo_from_another_sentence() -> None:
    base = trigrams("Sound moves through dry air at about 343 m/s at room temperature.")
    typo = trigrams("Sound moves through dry air at about 343 m/s at room temprature.")
    other = trigrams("Light moves through a vacuum at about 300,000 km/s.")
    assert similarity(base, typo) > 0.8
    assert similarity(base, other) < 0.4
    assert similarity(base, base) == 1.0


facts_text = st.sampled_from(
    ["Ice melts at 0 °C.", "Water boils at 100 °C.", "Ice melts at 0 C.", "Salt melts at 801 °C."]
)


@given(
    texts=st.lists(facts_text, min_size=1, max_size=8),
    derived=st.lists(st.sampled_from(["g1", "g2", "g3"]), min_size=8, max_size=8),
    old=st.lists(
        st.tuples(st.sampled_from(["g1", "g2", "g4", "g5"]), facts_text, st.booleans()),
        max_size=6,
    ),
)
def test_reconcile_never_gives_two_cards_one_guid(
    texts: list[str], derived: list[str], old: list[tuple[str, str, bool]]
) -> None:
    cards = [_card(guid, text) for guid, text in zip(derived, texts, strict=False)]
    records = {guid: KnownFact(guid, fingerprint(t), t, "n.md", gone) for guid, t, gone in old}
    guids = reconcile(cards, records.values())
    assert len(set(guids)) == len(guids) == len(cards)
    assert guids == reconcile(cards, records.values())  # and deterministic


def _card(guid: str, text: str) -> Card:
    from deckgen.types import Fact, Sentence

    sentence = Sentence(text, (), (), 1, (), None, "paragraph", 0)
    return Card(guid, text, "", "", (), Fact(text, (), sentence, 1.0), "n.md")
