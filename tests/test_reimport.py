"""Rebuild and re-import into the same Anki collection: cards update in place and keep their reviews.

Every test here imports with the real ``anki`` package into one collection that lives across
builds, the way a user's does.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deckgen import BuildOptions, BuildResult, build
from deckgen import package as package_module

VOLCANOES = """\
---
title: Inside a volcano
videoId: VoLcAn0_x1Z
tags: [geology]
---

From: [[rock_talks]] <br/>

## Magma

*   **Temperature**
    Basaltic magma erupts at temperatures betwen 1,100 and 1,250 °C <a class="yt-timestamp" data-t="00:01:10">[00:01:10]</a>.
*   **Viscosity**
    Rhyolite magma is about 10,000 times more viscous than basalt <a class="yt-timestamp" data-t="00:02:05">[00:02:05]</a>.

## Eruptions

A pyroclastic flow can travel faster than 100 km/hr down a slope <a class="yt-timestamp" data-t="00:05:12">[00:05:12]</a>.

1.  A caldera is a large hollow that forms after a magma chamber empties <a class="yt-timestamp" data-t="00:06:40">[00:06:40]</a>.
2.  Tephra refers to any rock fragment thrown into the air by an eruption <a class="yt-timestamp" data-t="00:07:15">[00:07:15]</a>.
"""

HONEYBEES = """\
# How honeybees talk

A forager bee performs a waggle dance to show other bees where food is.

## The dance

Each second of wagling stands for roughly 1 km of flight.

## The hive

Worker bees live for around 6 weeks in the busy season.
"""

NEW_FACT = "A queen bee can lay up to 2,000 eggs in a single day."


def edited_volcanoes() -> str:
    """The volcano note after a round of editing: typos fixed (one of them inside a hidden
    quantity), the two sections swapped, and the Tephra bullet removed."""
    text = VOLCANOES.replace("betwen", "between").replace("100 km/hr", "100 km/h")
    head, rest = text.split("## Magma\n", 1)
    magma, eruptions = rest.split("## Eruptions\n", 1)
    eruptions = "".join(
        line for line in eruptions.splitlines(keepends=True) if "Tephra" not in line
    )
    return head + "## Eruptions\n" + eruptions.rstrip("\n") + "\n\n## Magma\n" + magma


class Collection:
    """A user's Anki collection, kept open across imports."""

    def __init__(self, path: Path) -> None:
        from anki.collection import Collection as AnkiCollection

        self.col: Any = AnkiCollection(os.fspath(path))

    def import_package(self, apkg: Path) -> Any:
        """Import as Anki desktop does by default (update notes and note types when newer)."""
        from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

        response = self.col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=os.fspath(apkg.resolve()), options=ImportAnkiPackageOptions()
            )
        )
        return response.log

    def review_all(self, deck: str) -> int:
        """Study every card of ``deck`` once through the scheduler (answer: Good); return how many
        were answered."""
        self.col.decks.select(self.col.decks.id_for_name(deck))
        answered: set[int] = set()
        while (card := self.col.sched.getCard()) is not None and card.id not in answered:
            card.start_timer()
            self.col.sched.answerCard(card, 3)
            answered.add(card.id)
        return len(answered)

    def notes(self) -> dict[str, str]:
        """Each note's Text field, by GUID."""
        return dict(self.col.db.all("select guid, flds from notes"))

    def reviews(self) -> dict[tuple[str, int], int]:
        """How many review-log entries each card has, by (note GUID, card ordinal)."""
        rows = self.col.db.all(
            "select n.guid, c.ord, (select count() from revlog r where r.cid = c.id) "
            "from cards c join notes n on n.id = c.nid"
        )
        return {(guid, ord_): count for guid, ord_, count in rows}

    def card_count(self) -> int:
        return int(self.col.card_count())

    def note_type_names(self) -> list[str]:
        return sorted(name for (name,) in self.col.db.all("select name from notetypes"))

    def note_type(self) -> Any:
        self.col.models._clear_cache()
        return self.col.models.get(package_module.MODEL_ID)

    def close(self) -> None:
        self.col.close()


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    """A new collection that stays open for the whole test."""
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(folder / "collection.anki2")
    yield col
    col.close()


def deck_build(notes: Path, out: Path, timestamp: int) -> BuildResult:
    return build(
        BuildOptions(paths=(str(notes),), output=str(out), deck="Geo", timestamp=timestamp)
    )


def text_of(card_text: str) -> str:
    return card_text.split("\x1f", 1)[0]


def test_edited_notes_update_cards_in_place_and_keep_their_reviews(
    tmp_path: Path, collection: Collection
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "volcanoes.md").write_text(VOLCANOES, encoding="utf-8")
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    out = tmp_path / "decks" / "Geo.apkg"

    first = deck_build(notes, out, 1_700_000_000)
    log = collection.import_package(out)
    assert len(log.new) == len(first.cards) >= 7
    studied = collection.review_all("Geo")
    assert studied == collection.card_count() == first.anki_cards
    reviews_before = collection.reviews()
    assert all(count >= 1 for count in reviews_before.values())

    # A round of editing: typo fixes, a reordered section, a renamed file, a new fact, a
    # removed bullet.
    (notes / "volcanoes.md").unlink()
    (notes / "geology").mkdir()
    (notes / "geology" / "inside-a-volcano.md").write_text(edited_volcanoes(), encoding="utf-8")
    bees = HONEYBEES.replace("wagling", "waggling").replace(
        "## The hive\n", f"## The hive\n\n{NEW_FACT}\n"
    )
    (notes / "honeybees.md").write_text(bees, encoding="utf-8")

    second = deck_build(notes, out, 1_700_000_600)
    assert second.changes is not None
    assert [c.text for c in second.changes.added] == [NEW_FACT]
    assert [c.text for c in second.changes.removed] == [
        "Tephra refers to any rock fragment thrown into the air by an eruption."
    ]
    log = collection.import_package(out)
    assert not log.conflicting
    assert len(log.new) == 1
    assert len(log.updated) == len(second.changes.updated) == 3

    notes_now = collection.notes()
    first_guids = {c.guid for c in first.cards}
    assert len(notes_now) == len(first.cards) + 1  # only the genuinely new fact was added
    assert first_guids <= set(notes_now)
    texts = [text_of(fields) for fields in notes_now.values()]
    assert any("between {{c1::1,100 and 1,250 °C}}" in t for t in texts)
    assert any(re.search(r"\{\{c\d::100 km/h\}\}", t) for t in texts)
    assert not any("km/hr" in t or "betwen" in t or "wagling" in t for t in texts)
    assert any("waggling" in t for t in texts)
    reviews_after = collection.reviews()
    for card, count in reviews_before.items():
        assert reviews_after[card] == count, card  # every card kept its review history
    assert collection.note_type_names().count(package_module.MODEL_NAME) == 1


def test_changed_template_and_css_update_the_note_type_without_conflict(
    tmp_path: Path, collection: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    out = tmp_path / "Geo.apkg"
    first = deck_build(notes, out, 1_700_000_000)
    collection.import_package(out)
    collection.review_all("Geo")
    reviews_before = collection.reviews()

    monkeypatch.setattr(package_module, "CSS", package_module.CSS + "\n.deckgen { color: teal; }\n")
    monkeypatch.setattr(
        package_module, "BACK", package_module.BACK.replace('class="source"', 'class="source v2"')
    )
    second = deck_build(notes, out, 1_700_000_600)
    assert second.changes is not None and second.changes.note_type_changed
    assert not second.changes.added and not second.changes.updated
    log = collection.import_package(out)
    assert not log.conflicting and not log.new

    note_type = collection.note_type()
    assert "color: teal" in note_type["css"]
    assert 'class="source v2"' in note_type["tmpls"][0]["afmt"]
    assert collection.note_type_names().count(package_module.MODEL_NAME) == 1
    assert collection.reviews() == reviews_before
    assert {c.guid for c in first.cards} == set(collection.notes())


def test_note_type_is_frozen() -> None:
    """Anki matches the note type by id, and merges it only while its field and template names
    stay the same: these values may never change."""
    assert package_module.MODEL_ID == 1_718_092_361
    assert package_module.FIELDS == ("Text", "Context", "Source")
    assert package_module.TEMPLATE_NAME == "Cloze"
    assert package_module.MODEL_NAME == "deckgen cloze"


def test_imported_note_type_has_the_frozen_fields(tmp_path: Path, collection: Collection) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    out = tmp_path / "Geo.apkg"
    deck_build(notes, out, 1_700_000_000)
    collection.import_package(out)
    note_type = collection.note_type()
    assert [f["name"] for f in note_type["flds"]] == ["Text", "Context", "Source"]
    assert [t["name"] for t in note_type["tmpls"]] == ["Cloze"]
    assert note_type["id"] == 1_718_092_361


def test_unchanged_rebuild_imports_as_duplicates_only(
    tmp_path: Path, collection: Collection
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    out = tmp_path / "Geo.apkg"
    deck_build(notes, out, 1_700_000_000)
    collection.import_package(out)
    kept = tmp_path / "first.apkg"
    shutil.copy(out, kept)
    deck_build(notes, out, 1_700_000_600)
    assert out.read_bytes() == kept.read_bytes()
    log = collection.import_package(out)
    assert not log.new and not log.updated and not log.conflicting


def test_a_fact_that_hides_less_keeps_its_note_and_leaves_an_empty_card(
    tmp_path: Path, collection: Collection
) -> None:
    """As the README says: the note is updated in place, and Anki's Empty Cards finds the card of
    the part that is no longer hidden."""
    notes = tmp_path / "notes"
    notes.mkdir()
    head = "---\ntitle: Training\nvideoId: TrAiNiNg_01\n---\n\n"
    note = notes / "training.md"
    note.write_text(
        head + "Training raised serum BDNF by 32% over baseline and 45% over controls.\n"
    )
    out = tmp_path / "Geo.apkg"
    first = deck_build(notes, out, 1_700_000_000)
    assert first.anki_cards == 2
    collection.import_package(out)
    note.write_text(head + "Training raised serum BDNF by 32% over baseline.\n")
    second = deck_build(notes, out, 1_700_000_600)
    assert [c.guid for c in second.cards] == [c.guid for c in first.cards]
    log = collection.import_package(out)
    assert len(log.updated) == 1 and not log.new
    assert [text_of(t) for t in collection.notes().values()] == [
        "Training raised serum BDNF by {{c1::32%}} over baseline."
    ]
    empty = collection.col.get_empty_cards()
    assert [len(n.card_ids) for n in empty.notes] == [1]
