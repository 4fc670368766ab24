"""Shared fixtures: note folders, and importing a built deck with the real ``anki`` package."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class ImportedCard:
    """One card as Anki renders it after importing a package."""

    question: str
    answer: str
    fields: dict[str, str]
    tags: list[str]
    deck: str
    guid: str
    ord: int


@pytest.fixture(autouse=True)
def _restore_working_folder() -> Iterator[None]:
    """Tests that change the working folder (to find deckgen.toml) must not leak it to others."""
    here = os.getcwd()
    yield
    os.chdir(here)


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    """An empty folder for notes."""
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder


@pytest.fixture
def write_note(notes_dir: Path) -> Callable[..., Path]:
    """Write a note file into ``notes_dir`` (text, or bytes as given)."""

    def write(name: str, content: str | bytes) -> Path:
        path = notes_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def glaciers(notes_dir: Path) -> Path:
    """The wiki-format fixture note, copied into ``notes_dir``."""
    target = notes_dir / "glaciers.md"
    shutil.copy(FIXTURES / "glaciers.md", target)
    return target


def import_package(apkg: Path, collection_dir: Path) -> list[ImportedCard]:
    """Import a package into a new collection, as Anki desktop does, and render every card."""
    from anki.collection import Collection
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    collection_dir.mkdir(parents=True, exist_ok=True)
    col = Collection(os.fspath(collection_dir / "collection.anki2"))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=os.fspath(apkg.resolve()),
                options=ImportAnkiPackageOptions(with_scheduling=False),
            )
        )
        return _cards(col)
    finally:
        col.close()


def _cards(col: object) -> list[ImportedCard]:
    cards = []
    for cid in col.find_cards(""):  # type: ignore[attr-defined]
        card = col.get_card(cid)  # type: ignore[attr-defined]
        note = card.note()
        cards.append(
            ImportedCard(
                question=card.question(),
                answer=card.answer(),
                fields=dict(note.items()),
                tags=list(note.tags),
                deck=col.decks.name(card.did),  # type: ignore[attr-defined]
                guid=note.guid,
                ord=card.ord,
            )
        )
    return cards


@pytest.fixture
def anki_import(tmp_path: Path) -> Callable[[Path], list[ImportedCard]]:
    """Import a package into a fresh temporary collection and return its rendered cards."""
    counter = iter(range(1000))

    def run(apkg: Path) -> list[ImportedCard]:
        return import_package(apkg, tmp_path / f"collection-{next(counter)}")

    return run
