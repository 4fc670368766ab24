"""Stage 5: list of :class:`Card` → an ``.apkg`` file Anki imports.

The only module that uses genanki. It holds the deckgen note type, whose id and fields must never
change (see :data:`MODEL_ID`), writes the collection with every time and id fixed by the caller,
zips it deterministically with deflate, and puts the file in place atomically: the package is
written to a temporary file in the same folder and renamed over the old one, so a build that is
killed leaves the previous deck whole.
"""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import genanki

from deckgen.identity import numeric_id, stable_id
from deckgen.types import Card

MODEL_ID = 1_718_092_361
"""The deckgen note type's id. Never change it: Anki matches note types on import by this id, and
a new id would make every user's cards a new note type (and their next import a duplicate)."""
MODEL_NAME = "deckgen cloze"
FIELDS = ("Text", "Context", "Source")
"""The note type's fields, frozen forever: Anki refuses to update notes whose note type's fields
changed ("note type has changed"). The template and CSS may change; the fields may not."""
TEMPLATE_NAME = "Cloze"
"""The card template's name, frozen like the fields: Anki's importer compares note types by their
field and template names, and imports a note type whose names differ as a new one."""

CSS = """\
.card {
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: #1d1d1f;
  background-color: #ffffff;
  margin: 0;
  padding: 16px;
  overflow-wrap: break-word;
  word-wrap: break-word;
}
.deckgen { max-width: 42em; margin: 0 auto; }
.deckgen .context {
  font-size: 16px;
  color: #5f6368;
  margin-bottom: 12px;
}
.deckgen .text { font-size: 20px; }
.deckgen .source {
  font-size: 16px;
  color: #5f6368;
  margin-top: 16px;
  padding-top: 12px;
  border-top: 1px solid #dadce0;
}
.deckgen .source a {
  display: inline-block;
  color: #0b57d0;
  padding: 4px 0;
  margin-right: 8px;
}
.cloze { font-weight: 700; color: #0b57d0; }
.nightMode .card, .night_mode .card, .card.nightMode, .card.night_mode {
  color: #e8eaed;
  background-color: #1f1f1f;
}
.nightMode .deckgen .context, .night_mode .deckgen .context,
.nightMode .deckgen .source, .night_mode .deckgen .source { color: #bdc1c6; border-color: #5f6368; }
.nightMode .deckgen .source a, .night_mode .deckgen .source a { color: #8ab4f8; }
.nightMode .cloze, .night_mode .cloze { color: #8ab4f8; }
@media (max-width: 480px) {
  .card { padding: 12px; }
  .deckgen .text { font-size: 18px; }
}
"""
"""Mobile-friendly, night-mode aware, no JavaScript and nothing loaded from the network."""

FRONT = """<div class="deckgen">
<div class="context">{{Context}}</div>
<div class="text">{{cloze:Text}}</div>
</div>"""
BACK = """<div class="deckgen">
<div class="context">{{Context}}</div>
<div class="text">{{cloze:Text}}</div>
<div class="source">{{Source}}</div>
</div>"""

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every zip entry gets this time, so the same cards give the same bytes."""


class _Model(genanki.Model):  # type: ignore[misc]
    """A genanki note type that carries its own modification time.

    Anki updates a note type on import only when the package's is newer, so the time must change
    when (and only when) the template or CSS does: see :func:`model_checksum`.
    """

    def __init__(self, *args: Any, mod: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mod = mod

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        data: dict[str, Any] = super().to_json(self.mod, deck_id)
        return data


def model(mod: int = 0) -> genanki.Model:
    """The deckgen cloze note type, stamped with modification time ``mod``."""
    return _Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": TEMPLATE_NAME, "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
        model_type=genanki.Model.CLOZE,
        mod=mod,
    )


def model_checksum() -> str:
    """A checksum of the note type as written: it changes when the template or CSS does, which is
    when a rebuild must give the note type a newer time (see :mod:`deckgen.state`)."""
    return stable_id(str(MODEL_ID), MODEL_NAME, *FIELDS, TEMPLATE_NAME, FRONT, BACK, CSS)


def deck_id(name: str) -> int:
    """The id of the deck called ``name``: derived from the name, so rebuilds land in the same deck."""
    return numeric_id("deck:" + name)


_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)
"""A deletion in the Text field, as genanki counts them to decide which cards a note makes."""
_INSERT_NOTE = "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);"
_INSERT_CARD = "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);"


class _Deck(genanki.Deck):  # type: ignore[misc]
    """A genanki deck that writes its notes' rows itself.

    genanki builds a ``Note`` object per card and checks its fields with regular expressions, which
    took most of the package's time on a large deck. The rows written here hold exactly the values
    genanki's ``Note.write_to_db`` and ``Card.write_to_db`` would (same order, same ids), so the
    package's bytes are the same: the deck and note-type rows are still genanki's.
    """

    def __init__(self, name: str, cards: list[Card], write_note: Callable[[Any, int, Card], None]):
        super().__init__(deck_id(name), name)
        self.cards = cards
        self._write_note = write_note

    def write_to_db(self, cursor: Any, timestamp: float, id_gen: Iterator[int]) -> None:
        super().write_to_db(cursor, timestamp, id_gen)  # the deck and note type, no notes yet
        for card in self.cards:
            self._write_note(cursor, self.deck_id, card)


def _note_writer(
    model_id: int, ids: Iterator[int], modified: Mapping[str, int], timestamp: int
) -> Callable[[Any, int, Card], None]:
    """Writes one card's note and its cards as genanki would (see :class:`_Deck`)."""

    def write(cursor: Any, deck: int, card: Card) -> None:
        mod = int(modified.get(card.guid, timestamp))
        note_id = next(ids)
        tags = " " + " ".join(card.tags) + " "
        fields = f"{card.text}\x1f{card.context}\x1f{card.source}"
        sort_field = card.fact.text or card.text  # what Anki sorts the browser by
        cursor.execute(
            _INSERT_NOTE,
            (note_id, card.guid, model_id, mod, -1, tags, fields, sort_field, 0, 0, ""),
        )
        # genanki's order: the deletion numbers as a set, iterated (never sorted).
        ords = {int(m) - 1 for m in _CLOZE_NUMBER.findall(card.text) if int(m) > 0}
        for ord_ in ords:
            cursor.execute(
                _INSERT_CARD,
                (next(ids), note_id, deck, ord_, mod, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ""),
            )

    return write


def write_package(
    cards: Sequence[Card],
    out: str | os.PathLike[str],
    deck_name: str,
    *,
    timestamp: int,
    modified: Mapping[str, int] | None = None,
    model_mod: int | None = None,
) -> Path:
    """Write cards as an ``.apkg`` at ``out``, atomically; return the path written.

    Cards go in the deck called ``deck_name``, or in the subdeck their ``card.deck`` names.

    ``timestamp`` stamps the collection and is the base of the note and card ids; ``modified``
    maps a card's GUID to its own modification time, and ``model_mod`` is the note type's (both
    default to ``timestamp``). Anki applies an imported note or note type only when it is newer
    than its copy. With the same arguments the bytes are the same.
    """
    out_path = Path(out)
    note_model = model(timestamp if model_mod is None else model_mod)
    by_deck: dict[str, list[Card]] = {}
    for card in cards:
        by_deck.setdefault(card.deck or deck_name, []).append(card)
    ids = itertools.count(timestamp * 1000)
    write_note = _note_writer(MODEL_ID, ids, modified or {}, timestamp)
    decks = [_Deck(name, deck_cards, write_note) for name, deck_cards in by_deck.items()]
    for deck in decks:
        deck.add_model(note_model)
    with _temporary_file(out_path.parent, ".anki2") as db_path:
        conn = sqlite3.connect(db_path)
        try:
            cursor = conn.cursor()
            genanki.Package(decks).write_to_db(cursor, timestamp, ids)
            conn.commit()
        finally:
            conn.close()
        with _temporary_file(out_path.parent, ".apkg") as zip_path:
            _zip(db_path, zip_path)
            os.chmod(zip_path, 0o666 & ~_umask())  # mkstemp makes it private; a deck is not
            os.replace(zip_path, out_path)
    return out_path


ZIP_LEVEL = 1
"""Deflate's fastest level: on the 2,000-note bench the package is 26% of genanki's default
(uncompressed) size instead of 23% at zlib's default level, and compressing takes 37 ms instead
of 116 ms."""


def _zip(db_path: Path, zip_path: Path) -> None:
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("collection.anki2", ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        # writestr is the public way to give an entry its level (a ZipInfo opened for writing
        # gets zlib's default); the collection is a few MB per thousand notes.
        zf.writestr(info, db_path.read_bytes(), compresslevel=ZIP_LEVEL)
        media = zipfile.ZipInfo("media", ZIP_TIME)
        media.compress_type = zipfile.ZIP_DEFLATED
        media.external_attr = 0o644 << 16
        zf.writestr(media, "{}")


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed into place,
    so that a reader sees the old file or the new one, never a part."""
    path = Path(path)
    with _temporary_file(path.parent, path.suffix) as temporary:
        temporary.write_bytes(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def _temporary_file(folder: Path, suffix: str) -> Iterator[Path]:
    """A temporary file in ``folder`` (so a rename into place is atomic), removed afterwards.

    Its name holds the process id, so that the files a killed build left behind are known and
    removed by the next build (while those of a build still running stay)."""
    _remove_leftovers(folder)
    handle, name = tempfile.mkstemp(prefix=f".deckgen-{os.getpid()}-", suffix=suffix, dir=folder)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


_LEFTOVER = re.compile(r"\.deckgen-(\d{1,10})-[\w-]{1,40}\.(?:anki2|apkg|json)")


def _remove_leftovers(folder: Path) -> None:
    """Remove the temporary files of builds that were killed before they could."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _LEFTOVER.fullmatch(name)
        if m and not _process_alive(int(m.group(1))):
            with suppress(OSError):
                (folder / name).unlink()


def _process_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":
        return True  # on Windows, os.kill(pid, 0) would not ask but interrupt
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or not a pid we can ask about: leave its files
    return True
