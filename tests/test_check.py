"""``deckgen check``: a fresh deck passes; broken packages fail and say why."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from deckgen import BuildOptions, build
from deckgen.check import check_package, cloze_problems
from deckgen.cli import main
from deckgen.package import MODEL_NAME, write_package
from deckgen.types import Card


@pytest.fixture
def cards(glaciers: Path) -> list[Card]:
    return build(BuildOptions(paths=(str(glaciers),), write=False)).cards


@pytest.fixture
def fresh(cards: list[Card], tmp_path: Path) -> Path:
    return write_package(cards, tmp_path / "fresh.apkg", "Geo::Ice", timestamp=1_700_000_000)


def _broken(cards: list[Card], tmp_path: Path, **changes: str) -> Path:
    """A package whose first card has ``changes`` applied."""
    edited = [dataclasses.replace(cards[0], **changes), *cards[1:]]
    return write_package(edited, tmp_path / "broken.apkg", "Geo", timestamp=1_700_000_000)


@pytest.mark.parametrize("use_anki", [True, False], ids=["anki", "structure"])
def test_fresh_deck_passes(fresh: Path, cards: list[Card], use_anki: bool) -> None:
    report = check_package(fresh, use_anki=use_anki)
    assert report.problems == []
    assert report.engine == ("anki" if use_anki else "structure")
    assert report.notes == len(cards)
    assert report.cards == sum(len({d.number for d in c.fact.deletions}) for c in cards)
    assert report.note_types == [MODEL_NAME]
    assert report.decks == ["Geo::Ice"]


@pytest.mark.parametrize("use_anki", [True, False], ids=["anki", "structure"])
def test_note_without_a_deletion_fails(cards: list[Card], tmp_path: Path, use_anki: bool) -> None:
    package = _broken(cards, tmp_path, text="Glaciers are big and slow.")
    report = check_package(package, use_anki=use_anki)
    assert not report.ok
    assert any(
        cards[0].guid in p and "Glaciers are big and slow." in p and "no cloze deletion" in p
        for p in report.problems
    ), report.problems


def test_broken_cloze_markup_fails(cards: list[Card], tmp_path: Path) -> None:
    package = _broken(cards, tmp_path, text="Ice moves {{c1::slowly.")
    problems = check_package(package).problems
    assert any("never closed" in p for p in problems), problems


def test_duplicate_guids_fail(cards: list[Card], tmp_path: Path) -> None:
    package = _broken(cards, tmp_path, guid=cards[1].guid)
    problems = check_package(package).problems
    assert any(f"GUID {cards[1].guid} is shared by 2 notes" in p for p in problems), problems


def test_not_a_package(tmp_path: Path) -> None:
    junk = tmp_path / "junk.apkg"
    junk.write_text("not a zip", encoding="utf-8")
    assert "not a readable .apkg" in check_package(junk).problems[0]
    assert check_package(tmp_path / "missing.apkg").problems == ["no such file"]
    empty = tmp_path / "empty.apkg"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("media", "{}")
    assert "no collection.anki2" in check_package(empty).problems[0]


def test_note_with_fields_missing(fresh: Path, tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    with zipfile.ZipFile(fresh) as zf:
        zf.extractall(folder)
    conn = sqlite3.connect(folder / "collection.anki2")
    conn.execute("UPDATE notes SET flds = 'only one field' WHERE id = (SELECT min(id) FROM notes)")
    conn.commit()
    conn.close()
    damaged = tmp_path / "damaged.apkg"
    with zipfile.ZipFile(damaged, "w") as zf:
        zf.write(folder / "collection.anki2", "collection.anki2")
        zf.writestr("media", "{}")
    problems = check_package(damaged, use_anki=False).problems
    assert any("has 1 fields, its note type 'deckgen cloze' has 3" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "numbers", "problem"),
    [
        ("a {{c1::b}} c {{c2::d::hint}}", {1, 2}, None),
        ("nested {{c1::a {{c2::b}} c}}", {1, 2}, None),
        ("{{c1::open", {1}, "never closed"),
        ("{{c0::zero}}", {0}, "c0 is not"),
        ("{{c1:one colon}}", set(), "malformed cloze"),
        ("plain text with }} and {{", set(), None),
    ],
)
def test_cloze_markup(text: str, numbers: set[int], problem: str | None) -> None:
    found, problems = cloze_problems(text)
    assert found == numbers
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


def test_cli_passes_a_fresh_deck(fresh: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(fresh)])
    assert result.exit_code == 0, result.output
    assert "OK: no problems found." in result.stdout
    assert "decks: Geo::Ice" in result.stdout


def test_cli_fails_a_note_without_deletion_with_json(cards: list[Card], tmp_path: Path) -> None:
    package = _broken(cards, tmp_path, text="Glaciers are big and slow.")
    result = CliRunner().invoke(main, ["check", str(package), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)  # stdout holds nothing but the JSON object
    assert data["ok"] is False and data["exit_status"] == 1
    assert data["notes"] == len(cards)
    assert any("no cloze deletion" in p for p in data["problems"])
    assert "1 problem:" in result.stderr


def test_package_in_the_newer_anki_format(fresh: Path, tmp_path: Path) -> None:
    """A deck exported by a recent Anki (zstd-compressed collection.anki21b) is read by Anki."""
    from anki.collection import Collection
    from anki.import_export_pb2 import (
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(fresh), options=ImportAnkiPackageOptions())
        )
        exported = tmp_path / "exported.apkg"
        col.export_anki_package(
            out_path=str(exported),
            options=ExportAnkiPackageOptions(legacy=False, with_media=False),
            limit=None,
        )
    finally:
        col.close()
    assert "collection.anki21b" in zipfile.ZipFile(exported).namelist()
    with_anki = check_package(exported, use_anki=True)
    assert with_anki.ok, with_anki.problems
    assert with_anki.notes == check_package(fresh).notes
    assert with_anki.decks == ["Geo::Ice"]
    without = check_package(exported, use_anki=False)
    assert without.problems == [
        "written in the newer Anki format; install the anki package to check it"
    ]
