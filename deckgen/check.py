"""Check an ``.apkg`` file: does it open, and will every note make the cards it should?

:func:`check_package` reads the package's zip and its SQLite collection itself (the structure:
note types, decks, notes, cards, GUIDs, cloze markup), and, when the ``anki`` package is
installed, also imports it into a temporary collection the way Anki desktop does and asks Anki
about every note. It returns a :class:`CheckReport`; it never prints.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CLOZE_MODEL = 1
"""The ``type`` of a cloze note type in Anki's schema."""
_FIELD_SEPARATOR = "\x1f"
_CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")
_CLOZE_FIELD = re.compile(r"\{\{cloze:(?:[^}:]+:)*([^}]+)\}\}")
_LEGACY_COLLECTIONS = ("collection.anki21", "collection.anki2")
_NEWER_COLLECTION = "collection.anki21b"
_SHOWN = 60


@dataclass(slots=True)
class CheckReport:
    """What a package holds, and what is wrong with it."""

    path: str
    engine: str = "structure"
    """"anki" when the package was also imported with the anki package, "structure" when only
    its zip and collection were read, "none" when it could not be opened at all (no such file,
    not a zip, no collection in it: :attr:`problems` says which)."""
    notes: int = 0
    cards: int = 0
    note_types: list[str] = field(default_factory=list)
    decks: list[str] = field(default_factory=list)
    """The decks that hold cards, by full name (``Parent::Child``)."""
    problems: list[str] = field(default_factory=list)
    """Each problem found, naming the note it is in."""

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


@dataclass(frozen=True, slots=True)
class _Model:
    name: str
    fields: tuple[str, ...]
    cloze_fields: tuple[int, ...]
    """Indexes of the fields a cloze note type's template reads with ``{{cloze:...}}``."""


def anki_available() -> bool:
    """True when the ``anki`` package can be imported."""
    try:
        import anki.collection  # noqa: F401
    except ImportError:
        return False
    return True


def check_package(path: str | os.PathLike[str], *, use_anki: bool | None = None) -> CheckReport:
    """Open a package as Anki would and report its contents and every problem in it.

    ``use_anki``: True to require the anki package, False never to use it, None (the default)
    to use it when it is installed.
    """
    report = CheckReport(os.fspath(path))
    with_anki = use_anki or (use_anki is None and anki_available())
    with tempfile.TemporaryDirectory(prefix="deckgen-check-") as work:
        collection = _extract(Path(path), Path(work), report, with_anki)
        opened = report.ok  # the zip held a collection
        if collection is not None:
            _check_structure(collection, report)
        if with_anki and opened:
            _check_with_anki(Path(path), Path(work) / "anki", report)
        if not opened:
            report.engine = "none"
    return report


def cloze_problems(text: str) -> tuple[set[int], list[str]]:
    """The cloze numbers in a field, and what is wrong with its ``{{c1::...}}`` markup."""
    numbers: set[int] = set()
    problems: list[str] = []
    depth = 0
    pos = 0
    while pos < len(text):
        opening = _CLOZE_OPEN.match(text, pos)
        if opening:
            number = int(opening.group(1))
            if number == 0:
                problems.append("c0 is not a valid cloze number")
            numbers.add(number)
            depth += 1
            pos = opening.end()
        elif text.startswith("}}", pos) and depth:
            depth -= 1
            pos += 2
        elif text.startswith("{{c", pos) and text[pos + 3 : pos + 4].isdigit():
            problems.append(f"malformed cloze {text[pos : pos + 12]!r} (expected {{{{cN::...}}}})")
            pos += 3
        else:
            pos += 1
    if depth:
        problems.append("a cloze is opened with {{cN:: but never closed with }}")
    return numbers, problems


def _extract(path: Path, work: Path, report: CheckReport, with_anki: bool) -> Path | None:
    """Unzip the package's collection into ``work``; None when it cannot (or need not)."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            name = next((n for n in _LEGACY_COLLECTIONS if n in names), None)
            if _NEWER_COLLECTION in names:
                # Only Anki itself reads this zstd-compressed format (Anki 2.1.50+ exports).
                if not with_anki:
                    report.problems.append(
                        "written in the newer Anki format; install the anki package to check it"
                    )
                return None
            if name is None:
                report.problems.append("no collection.anki2 in the package: not an Anki deck")
                return None
            target = work / "collection.sqlite"
            target.write_bytes(package.read(name))
            return target
    except FileNotFoundError:
        report.problems.append("no such file")
    except (zipfile.BadZipFile, OSError) as err:
        report.problems.append(f"not a readable .apkg (zip) file: {err}")
    return None


def _check_structure(collection: Path, report: CheckReport) -> None:
    try:
        conn = sqlite3.connect(f"file:{collection}?mode=ro", uri=True)
    except sqlite3.Error as err:
        report.problems.append(f"the collection does not open: {err}")
        return
    try:
        _read_collection(conn, report)
    except (sqlite3.Error, ValueError, KeyError, TypeError) as err:
        report.problems.append(f"the collection is not a valid Anki collection: {err}")
    finally:
        conn.close()


def _read_collection(conn: sqlite3.Connection, report: CheckReport) -> None:
    models_json, decks_json = conn.execute("SELECT models, decks FROM col").fetchone()
    models = {int(k): _model(v) for k, v in json.loads(models_json).items()}
    decks = {int(k): str(v["name"]) for k, v in json.loads(decks_json).items()}
    notes = conn.execute("SELECT id, guid, mid, flds FROM notes ORDER BY id").fetchall()
    cards = conn.execute("SELECT nid, did, ord FROM cards").fetchall()
    report.notes, report.cards = len(notes), len(cards)
    report.note_types = sorted({models[mid].name for _, _, mid, _ in notes if mid in models})
    report.decks = sorted({decks.get(did, f"missing deck {did}") for _, did, _ in cards})
    ords: dict[int, set[int]] = {}
    for nid, did, ord_ in cards:
        ords.setdefault(nid, set()).add(ord_)
        if did not in decks:
            report.problems.append(f"a card of note {nid} is in deck {did}, which is not defined")
    for guid, count in sorted(Counter(guid for _, guid, _, _ in notes).items()):
        if count > 1:
            report.problems.append(
                f"GUID {guid} is shared by {count} notes; Anki tells notes apart by GUID, "
                "so a re-import would update the wrong one"
            )
    for nid, guid, mid, flds in notes:
        where = f"note {guid} ({_excerpt(flds)})"
        model = models.get(mid)
        if model is None:
            report.problems.append(f"{where}: its note type {mid} is not defined")
            continue
        fields = flds.split(_FIELD_SEPARATOR)
        if len(fields) != len(model.fields):
            report.problems.append(
                f"{where}: has {len(fields)} fields, its note type {model.name!r} "
                f"has {len(model.fields)}"
            )
            continue
        if model.cloze_fields:
            _check_cloze_note(where, [fields[i] for i in model.cloze_fields], ords, nid, report)
        elif not ords.get(nid):
            report.problems.append(f"{where}: has no card")


def _check_cloze_note(
    where: str, fields: list[str], ords: dict[int, set[int]], nid: int, report: CheckReport
) -> None:
    numbers: set[int] = set()
    for text in fields:
        found, problems = cloze_problems(text)
        numbers |= found
        report.problems.extend(f"{where}: {p}" for p in problems)
    if not numbers:
        report.problems.append(f"{where}: no cloze deletion, so it makes no card worth studying")
        return
    missing = sorted(n for n in numbers if n - 1 not in ords.get(nid, set()))
    if missing and not any(p.startswith(where) for p in report.problems):
        report.problems.append(f"{where}: no card for c{', c'.join(map(str, missing))}")


def _model(raw: dict[str, Any]) -> _Model:
    names = tuple(str(f["name"]) for f in sorted(raw["flds"], key=lambda f: f["ord"]))
    cloze: tuple[int, ...] = ()
    if raw.get("type") == CLOZE_MODEL:
        used = {
            m.group(1).strip()
            for t in raw.get("tmpls", [])
            for m in _CLOZE_FIELD.finditer(t.get("qfmt", ""))
        }
        cloze = tuple(i for i, name in enumerate(names) if name in used) or (0,)
    return _Model(str(raw["name"]), names, cloze)


def _check_with_anki(path: Path, folder: Path, report: CheckReport) -> None:
    """Import the package into a new collection with the anki package, and ask Anki about it."""
    from anki.collection import Collection
    from anki.errors import AnkiException
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.notes import NoteFieldsCheckResult

    report.engine = "anki"
    folder.mkdir(parents=True, exist_ok=True)
    col = Collection(os.fspath(folder / "collection.anki2"))
    try:
        try:
            response = col.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=os.fspath(path.resolve()),
                    options=ImportAnkiPackageOptions(with_scheduling=False),
                )
            )
        except AnkiException as err:
            report.problems.append(f"Anki cannot import it: {err}")
            return
        log = response.log
        for kind in ("missing_notetype", "missing_deck", "empty_first_field", "conflicting"):
            if len(getattr(log, kind)):
                label = kind.replace("_", " ")
                report.problems.append(f"Anki import: {len(getattr(log, kind))} notes {label}")
        cards = col.find_cards("")
        report.cards = len(cards)
        report.notes = col.note_count()
        used = {col.get_card(cid).did for cid in cards}
        report.decks = sorted(col.decks.name(did) for did in used)
        report.note_types = sorted(
            {col.get_note(nid).note_type()["name"] for nid in col.find_notes("")}  # type: ignore[index]
        )
        bad = {
            NoteFieldsCheckResult.MISSING_CLOZE: "Anki finds no valid cloze deletion",
            NoteFieldsCheckResult.NOTETYPE_NOT_CLOZE: "cloze markup in a note type that is not cloze",
            NoteFieldsCheckResult.FIELD_NOT_CLOZE: "cloze markup in a field the template does not read",
        }
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            state = note.fields_check()
            if state in bad:
                where = f"note {note.guid} ({_excerpt(note.fields[0])})"
                problem = f"{where}: {bad[state]}"
                if not any(p.startswith(where) for p in report.problems):
                    report.problems.append(problem)
    finally:
        col.close()


def _excerpt(text: str) -> str:
    plain = re.sub(r"<[^>]*>", "", text.split(_FIELD_SEPARATOR, 1)[0]).strip()
    return plain if len(plain) <= _SHOWN else plain[: _SHOWN - 1] + "…"
