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
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import genanki

from deckgen.identity import numeric_id
from deckgen.types import Card

MODEL_ID = 1_718_092_361
"""The deckgen note type's id. Never change it: Anki matches note types on import by this id, and
a new id would make every user's cards a new note type (and their next import a duplicate)."""
MODEL_NAME = "deckgen cloze"
FIELDS = ("Text", "Context", "Source")
"""The note type's fields, frozen forever: Anki refuses to update notes whose note type's fields
changed ("note type has changed"). The template and CSS may change; the fields may not."""

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


def model() -> genanki.Model:
    """The deckgen cloze note type."""
    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Cloze", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )


def deck_id(name: str) -> int:
    """The id of the deck called ``name``: derived from the name, so rebuilds land in the same deck."""
    return numeric_id("deck:" + name)


class _Note(genanki.Note):  # type: ignore[misc]
    """A genanki note that carries its own modification time (Anki updates only newer notes)."""

    def __init__(self, *args: Any, mod: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mod = mod

    def write_to_db(
        self, cursor: Any, timestamp: float, deck_id: int, id_gen: Iterator[int]
    ) -> None:
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


def _sort_field(card: Card) -> str:
    return card.fact.text


def write_package(
    cards: Sequence[Card],
    out: str | os.PathLike[str],
    deck_name: str,
    *,
    timestamp: int,
    modified: dict[str, int] | None = None,
) -> Path:
    """Write cards as an ``.apkg`` at ``out``, atomically; return the path written.

    Cards go in the deck called ``deck_name``, or in the subdeck their ``card.deck`` names.

    ``timestamp`` stamps the collection, deck and note type; ``modified`` maps a card's GUID to
    its own modification time (default: ``timestamp``). With the same arguments the bytes are the
    same.
    """
    out_path = Path(out)
    note_model = model()
    decks: dict[str, genanki.Deck] = {}
    modified = modified or {}
    for card in cards:
        name = card.deck or deck_name
        if name not in decks:
            decks[name] = genanki.Deck(deck_id(name), name)
            decks[name].add_model(note_model)
        decks[name].add_note(
            _Note(
                model=note_model,
                fields=[card.text, card.context, card.source],
                sort_field=_sort_field(card),
                tags=list(card.tags),
                guid=card.guid,
                mod=modified.get(card.guid, timestamp),
            )
        )
    with _temporary_file(out_path.parent, ".anki2") as db_path:
        conn = sqlite3.connect(db_path)
        try:
            cursor = conn.cursor()
            ids = itertools.count(timestamp * 1000)
            genanki.Package(list(decks.values())).write_to_db(cursor, timestamp, ids)
            conn.commit()
        finally:
            conn.close()
        with _temporary_file(out_path.parent, ".apkg") as zip_path:
            _zip(db_path, zip_path)
            os.chmod(zip_path, 0o666 & ~_umask())  # mkstemp makes it private; a deck is not
            os.replace(zip_path, out_path)
    return out_path


def _zip(db_path: Path, zip_path: Path) -> None:
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        info = zipfile.ZipInfo("collection.anki2", ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(db_path, "rb") as src, zf.open(info, "w") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        media = zipfile.ZipInfo("media", ZIP_TIME)
        media.compress_type = zipfile.ZIP_DEFLATED
        media.external_attr = 0o644 << 16
        zf.writestr(media, "{}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def _temporary_file(folder: Path, suffix: str) -> Iterator[Path]:
    """A temporary file in ``folder`` (so a rename into place is atomic), removed afterwards."""
    handle, name = tempfile.mkstemp(prefix=".deckgen-", suffix=suffix, dir=folder)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
