"""The state file beside a deck: what the last build wrote, so a rebuild can update it in place.

``decks/Notes.apkg`` gets ``decks/.deckgen/Notes/state.json``: deckgen keeps all it needs beside
a deck in one hidden folder, ``.deckgen/``, with a folder per deck (its cache, see
:mod:`deckgen.cache`, is there too). deckgen 0.1 wrote ``decks/Notes.deckgen.json``; a build
reads that file when there is no new one, and removes it once the new one is saved. It records, for every note of the deck, its
GUID, a fingerprint of its fact, a checksum of its fields and the modification time it was written
with; and the note type's checksum and modification time. A rebuild uses it to

- give edited facts their old GUIDs (:func:`deckgen.identity.reconcile`), so Anki updates the cards
  instead of adding new ones, and they keep their review history;
- give a newer modification time to exactly the notes whose fields changed (Anki applies an
  imported note only when it is newer than its copy) and to the note type when its template or CSS
  changed; everything else keeps its old time, so the same notes give the same bytes;
- report what was added, updated and removed (:class:`Changes`).

deckgen never writes into the notes themselves. A missing state file means a first build; an
unreadable one gives a warning and a build as if it were missing. The file is replaced atomically.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from deckgen.identity import KnownFact, checksum, fingerprint, reconcile
from deckgen.package import write_atomically
from deckgen.types import Card, Diagnostic, Level

FORMAT = 1
"""The state file's format version; a file with another version is read as missing."""
DATA_FOLDER = ".deckgen"
"""The hidden folder beside a deck where deckgen keeps its state and cache, a folder per deck."""
STATE_FILE = "state.json"
LEGACY_SUFFIX = ".deckgen.json"
"""deckgen 0.1 kept the state in ``<deck>.deckgen.json`` beside the deck."""


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """What the state file keeps about one note of the deck."""

    fingerprint: str
    """:func:`deckgen.identity.fingerprint` of the fact's text."""
    checksum: str
    """:func:`card_checksum` of the fields and tags written."""
    mod: int
    """The modification time the note was written with (seconds since the epoch)."""
    path: str
    """The note file the fact came from."""
    text: str
    """The fact's plain text."""
    gone: bool = False
    """True when the fact is no longer in the deck (kept so that it gets its GUID back if it
    returns)."""


@dataclass(frozen=True, slots=True)
class DeckState:
    """The whole state file."""

    timestamp: int
    """When the deck last changed: the collection's time, and the base of its note and card ids."""
    model_checksum: str
    """:func:`deckgen.package.model_checksum` of the note type written."""
    model_mod: int
    """The modification time the note type was written with."""
    notes: Mapping[str, NoteRecord] = field(default_factory=dict)
    """Every note written, and every note removed since, by GUID."""


@dataclass(frozen=True, slots=True)
class ChangedFact:
    """A note of the deck named in the change report."""

    guid: str
    path: str
    text: str


@dataclass(frozen=True, slots=True)
class Changes:
    """What a build changed in the deck since the state file."""

    added: tuple[ChangedFact, ...] = ()
    """Notes that are new to the deck (an import adds them)."""
    updated: tuple[ChangedFact, ...] = ()
    """Notes whose fields changed (an import updates them in place)."""
    removed: tuple[ChangedFact, ...] = ()
    """Notes no longer in the deck. An import cannot delete them: the user has to."""
    unchanged: int = 0
    note_type_changed: bool = False
    """The template or CSS changed (an import updates the note type)."""
    first_build: bool = True
    """True when there was no (readable) state file to compare with."""

    @property
    def any_change(self) -> bool:
        """True when the package differs from the last one in anything Anki imports."""
        return bool(
            self.first_build or self.added or self.updated or self.removed or self.note_type_changed
        )


@dataclass(frozen=True, slots=True)
class Update:
    """How to write a deck so that re-importing it updates the last one: see :func:`plan_update`."""

    cards: tuple[Card, ...]
    """The cards, with the GUIDs of the facts they were before."""
    timestamp: int
    """The collection's time (and the base of its ids)."""
    mods: Mapping[str, int]
    """Each card's modification time, by GUID."""
    model_mod: int
    """The note type's modification time."""
    changes: Changes
    state: DeckState
    """The state to save once the package is written."""


def data_folder(output: str | os.PathLike[str]) -> Path:
    """The folder where deckgen keeps what it needs for the deck written to ``output``:
    ``decks/Notes.apkg`` → ``decks/.deckgen/Notes``."""
    path = Path(output)
    stem = path.stem if path.suffix.lower() == ".apkg" else path.name
    return path.parent / DATA_FOLDER / (stem or "deck")


def state_path(output: str | os.PathLike[str]) -> Path:
    """The state file of the deck written to ``output``:
    ``decks/Notes.apkg`` → ``decks/.deckgen/Notes/state.json``."""
    return data_folder(output) / STATE_FILE


def legacy_state_path(output: str | os.PathLike[str]) -> Path:
    """Where deckgen 0.1 kept the state file: ``decks/Notes.apkg`` → ``decks/Notes.deckgen.json``."""
    path = Path(output)
    stem = path.stem if path.suffix.lower() == ".apkg" else path.name
    return path.with_name(stem + LEGACY_SUFFIX)


def card_checksum(card: Card) -> str:
    """A checksum of everything an import writes into a note: its fields and its tags."""
    return checksum("card", card.text, card.context, card.source, *card.tags)


def plan_update(
    cards: Sequence[Card], previous: DeckState | None, *, now: int, model_checksum: str
) -> Update:
    """Match the cards to the last build's notes and choose every time the package carries.

    Nothing changed: the last build's times, so the package is byte for byte the same. Something
    changed: the changed notes (and the note type, if its checksum changed) get a time newer than
    any written before (``now``, or one second after the last build if the clock went back).
    """
    old = previous.notes if previous else {}
    known = [KnownFact(guid, r.fingerprint, r.text, r.path, r.gone) for guid, r in old.items()]
    prints = [fingerprint(card.fact.text) for card in cards]
    guids = reconcile(cards, known, prints)
    cards = tuple(
        card if card.guid == guid else replace(card, guid=guid)
        for card, guid in zip(cards, guids, strict=True)
    )
    checksums = [card_checksum(card) for card in cards]
    changes = _compare(cards, checksums, previous, model_checksum)
    if previous is None:
        timestamp = now
    elif changes.any_change:
        timestamp = max(now, previous.timestamp + 1)
    else:
        timestamp = previous.timestamp
    fresh = {c.guid for c in changes.added} | {c.guid for c in changes.updated}
    mods = {card.guid: timestamp if card.guid in fresh else old[card.guid].mod for card in cards}
    model_mod = timestamp
    if previous is not None and not changes.note_type_changed:
        model_mod = previous.model_mod
    records = {guid: replace(r, gone=True) for guid, r in old.items() if guid not in mods}
    for card, print_, digest in zip(cards, prints, checksums, strict=True):
        records[card.guid] = NoteRecord(
            print_, digest, mods[card.guid], card.note_path, card.fact.text
        )
    state = DeckState(timestamp, model_checksum, model_mod, records)
    return Update(cards, timestamp, mods, model_mod, changes, state)


def _compare(
    cards: Sequence[Card],
    checksums: Sequence[str],
    previous: DeckState | None,
    model_checksum: str,
) -> Changes:
    """What differs between the cards (already carrying their old GUIDs) and the last build."""
    old = previous.notes if previous else {}
    added: list[ChangedFact] = []
    updated: list[ChangedFact] = []
    for card, digest in zip(cards, checksums, strict=True):
        record = old.get(card.guid)
        if record is None or record.gone:
            added.append(_changed(card))
        elif record.checksum != digest:
            updated.append(_changed(card))
    present = {card.guid for card in cards}
    removed = sorted(
        (
            ChangedFact(guid, r.path, r.text)
            for guid, r in old.items()
            if not r.gone and guid not in present
        ),
        key=lambda fact: (fact.path, fact.guid),
    )
    return Changes(
        added=tuple(added),
        updated=tuple(updated),
        removed=tuple(removed),
        unchanged=len(cards) - len(added) - len(updated),
        note_type_changed=previous is not None and previous.model_checksum != model_checksum,
        first_build=previous is None,
    )


def _changed(card: Card) -> ChangedFact:
    return ChangedFact(card.guid, card.note_path, card.fact.text)


def load_state(path: str | os.PathLike[str]) -> tuple[DeckState | None, Diagnostic | None]:
    """Read a state file: ``(None, None)`` when there is none, ``(None, warning)`` when it cannot
    be read (the build then goes on as if there were none)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as err:
        return None, _unreadable(path, err.strerror or str(err))
    try:
        return _decode(json.loads(raw.decode("utf-8"))), None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        return None, _unreadable(path, f"not valid JSON: {err}")
    except StateError as err:
        return None, _unreadable(path, str(err))


class StateError(ValueError):
    """A state file that is valid JSON but not a deckgen state file this version can read."""


def _unreadable(path: Path, reason: str) -> Diagnostic:
    return Diagnostic(
        str(path),
        None,
        Level.WARNING,
        f"cannot read the state file ({reason}); built as if there were none, so facts whose "
        "hidden words were edited may become new cards, and the file is written anew",
    )


def _decode(data: Any) -> DeckState:
    if not isinstance(data, dict):
        raise StateError("not a JSON object")
    if data.get("format") != FORMAT:
        raise StateError(f"format {data.get('format')!r}, expected {FORMAT}")
    try:
        model = data["model"]
        notes = {
            str(guid): NoteRecord(
                fingerprint=_text(r["fingerprint"]),
                checksum=_text(r["checksum"]),
                mod=_int(r["mod"]),
                path=_text(r["path"]),
                text=_text(r["text"]),
                gone=bool(r.get("gone", False)),
            )
            for guid, r in data["notes"].items()
        }
        return DeckState(
            timestamp=_int(data["timestamp"]),
            model_checksum=_text(model["checksum"]),
            model_mod=_int(model["mod"]),
            notes=notes,
        )
    except (KeyError, TypeError, AttributeError) as err:
        raise StateError(f"missing or malformed entry {err}") from err


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(repr(value))
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError(repr(value))
    return value


_UNESCAPED = json.JSONEncoder(ensure_ascii=False)
"""json.dumps(..., ensure_ascii=False), without making an encoder per call."""


def encode_state(state: DeckState) -> bytes:
    """The state as the file holds it: JSON, one note per line, in GUID order."""
    head = {
        "format": FORMAT,
        "timestamp": state.timestamp,
        "model": {"checksum": state.model_checksum, "mod": state.model_mod},
    }
    lines = [json.dumps(head, sort_keys=True, ensure_ascii=False)[:-1] + ', "notes": {']
    entries = []
    for guid in sorted(state.notes):
        record = state.notes[guid]
        entry: dict[str, Any] = {
            "fingerprint": record.fingerprint,
            "checksum": record.checksum,
            "mod": record.mod,
            "path": record.path,
            "text": record.text,
        }
        if record.gone:
            entry["gone"] = True
        entries.append(f"{json.dumps(guid)}: {_UNESCAPED.encode(entry)}")
    lines.append(",\n".join(entries))
    lines.append("}}\n")
    return "\n".join(lines).encode("utf-8")


def save_state(path: str | os.PathLike[str], state: DeckState) -> bool:
    """Write the state file atomically (a temporary file in the same folder, renamed over the old
    one). Returns False, without writing, when the file already holds exactly this state."""
    path = Path(path)
    data = encode_state(state)
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
    return True
