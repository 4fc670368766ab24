"""Stable identity: note GUIDs and deck ids that survive rebuilds.

Anki recognises a note on re-import by its GUID. genanki's default GUID hashes every field, so any
edit would make a new note and orphan the user's review history. deckgen instead derives a GUID
from what identifies a fact: the note it came from (its video id, else its title) and what the
card hides. Rewording the rest of the sentence keeps the GUID.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from deckgen.types import Fact, Note

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"[^\W_]+")


def _encode(digest: bytes, length: int = 12) -> str:
    number = int.from_bytes(digest[:9], "big")
    chars = []
    for _ in range(length):
        number, rest = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[rest])
    return "".join(chars)


def stable_id(*parts: str) -> str:
    """A short, stable text id for the given parts (base 62 of their SHA-256)."""
    data = "\x1f".join(parts).encode("utf-8")
    return _encode(hashlib.sha256(data).digest())


def numeric_id(name: str) -> int:
    """A stable positive id for a name, in the range Anki uses for deck ids (< 2**53)."""
    digest = hashlib.sha256(("deckgen:" + name).encode("utf-8")).digest()
    return 1 << 40 | int.from_bytes(digest[:6], "big") & ((1 << 52) - 1 - (1 << 40))


def fold(text: str) -> str:
    """Text folded for comparison: NFKC, lower case, words only."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_WORD.findall(text))


def note_key(note: Note) -> str:
    """What identifies a note across renames: its video id, else its title."""
    return f"video:{note.video_id}" if note.video_id else f"title:{fold(note.title)}"


def content_words(text: str) -> frozenset[str]:
    """The set of folded words of a text, for telling facts apart."""
    return frozenset(w for w in fold(text).split() if len(w) > 2)


def assign_guids(note: Note, facts: Sequence[Fact]) -> list[str]:
    """A GUID for each fact of a note, from the note's key and what the fact hides.

    Two facts of a note that hide the same words are told apart by the rest of their words, so no
    two facts share a GUID.
    """
    key = note_key(note)
    base = [stable_id(key, *[fold(a) for a in fact.answers]) for fact in facts]
    counts: dict[str, int] = {}
    for guid in base:
        counts[guid] = counts.get(guid, 0) + 1
    guids: list[str] = []
    used: set[str] = set()
    for fact, guid in zip(facts, base, strict=True):
        if counts[guid] > 1:
            guid = stable_id(
                key, *[fold(a) for a in fact.answers], " ".join(sorted(content_words(fact.text)))
            )
        n = 1
        candidate = guid
        while candidate in used:
            n += 1
            candidate = stable_id(guid, str(n))
        used.add(candidate)
        guids.append(candidate)
    return guids
