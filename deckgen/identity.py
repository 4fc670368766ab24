"""Stable identity: note GUIDs and deck ids that survive rebuilds.

Anki recognises a note on re-import by its GUID. genanki's default GUID hashes every field, so any
edit would make a new note and orphan the user's review history. deckgen instead derives a GUID
from what identifies a fact: the note it came from (its video id, else its title) and what the
card hides. Rewording the rest of the sentence keeps the GUID.

When the last build recorded its facts (:mod:`deckgen.state`), :func:`reconcile` goes further: a
fact whose hidden words changed too (a typo fixed in the answer, a retitled note) finds its old
GUID by the similarity of its text, so its card keeps its review history.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from deckgen.types import Card, Fact, Note

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
    next_number: dict[str, int] = {}
    for fact, guid in zip(facts, base, strict=True):
        if counts[guid] > 1:
            guid = stable_id(
                key, *[fold(a) for a in fact.answers], " ".join(sorted(content_words(fact.text)))
            )
        # The first of guid, guid#2, guid#3, ... not used yet. The search goes on from where the
        # last one for this guid stopped (those before it stay used), so a note that repeats one
        # fact thousands of times costs linear time, not quadratic.
        n = next_number.get(guid, 1)
        candidate = guid if n == 1 else stable_id(guid, str(n))
        while candidate in used:
            n += 1
            candidate = stable_id(guid, str(n))
        next_number[guid] = n + 1
        used.add(candidate)
        guids.append(candidate)
    return guids


SAME_NOTE_SIMILARITY = 0.5
"""How alike (trigram Jaccard of the folded text) an edited fact must be to an old fact of the same
note file to take its GUID. A fixed typo scores about 0.9, a replaced word about 0.7, two different
sentences about the same topic rarely above 0.3."""
OTHER_NOTE_SIMILARITY = 0.65
"""The same, for an old fact recorded from another note file (a renamed file, a moved bullet)."""
MAX_PAIRS = 200_000
"""Above this many (new fact, old fact) pairs, only facts of the same note file are compared, so
a rebuild after a large reorganisation stays fast."""


def fingerprint(text: str) -> str:
    """A short hash of a fact's folded text: equal for texts that differ only in case, spacing or
    punctuation."""
    return checksum("fact", fold(text))


def checksum(*parts: str) -> str:
    """A short hash of the given parts, for the state file (quicker than :func:`stable_id`, whose
    output must never change because GUIDs are made with it)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=9).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


@dataclass(frozen=True, slots=True)
class KnownFact:
    """A fact the last build recorded (see :mod:`deckgen.state`), as identity matching needs it."""

    guid: str
    fingerprint: str
    """:func:`fingerprint` of the fact's text."""
    text: str
    """The fact's plain text, for similarity and for telling the user what was removed."""
    path: str
    """The note file it came from."""
    gone: bool = False
    """True when it was no longer in the deck at the last build (it may come back)."""


def reconcile(
    cards: Sequence[Card], known: Iterable[KnownFact], prints: Sequence[str] | None = None
) -> list[str]:
    """The GUID each card should carry, given the facts the last build recorded.

    Matching goes from the surest evidence to the weakest, and each old GUID is given at most once:

    1. the same text (up to case and punctuation): the old GUID, wherever the fact moved;
    2. the GUID derived from the note and the hidden words (``card.guid``), when the last build
       had it: the sentence was reworded around the same answers;
    3. the most similar old text (:data:`SAME_NOTE_SIMILARITY`, :data:`OTHER_NOTE_SIMILARITY`):
       a typo fixed in a hidden word, a retitled note;
    4. otherwise the derived GUID, or, when another card or an old fact has it, a new one minted
       from it and the text, so that two different facts never share a GUID.

    With nothing known this is the derived GUIDs, made unique across the deck. ``prints`` are the
    cards' :func:`fingerprint`, when the caller has them already.
    """
    known_facts = sorted(known, key=lambda k: (k.gone, k.guid))
    by_guid = {k.guid: k for k in known_facts}
    if prints is None:
        prints = [fingerprint(card.fact.text) for card in cards]
    result: list[str | None] = [None] * len(cards)
    claimed: set[str] = set()

    by_print: dict[str, list[KnownFact]] = {}
    for k in known_facts:
        by_print.setdefault(k.fingerprint, []).append(k)
    for i, card in enumerate(cards):  # 1. same text
        candidates = [k for k in by_print.get(prints[i], ()) if k.guid not in claimed]
        if candidates:
            best = min(candidates, key=lambda k: (k.path != card.note_path, k.gone, k.guid))
            result[i] = best.guid
            claimed.add(best.guid)
    for i, card in enumerate(cards):  # 2. same note and hidden words
        if result[i] is None and card.guid in by_guid and card.guid not in claimed:
            result[i] = card.guid
            claimed.add(card.guid)
    _match_similar(cards, [k for k in known_facts if k.guid not in claimed], result, claimed)
    for i, card in enumerate(cards):  # 4. new facts
        if result[i] is None:
            guid = card.guid
            n = 1
            while guid in claimed or guid in by_guid:
                n += 1
                guid = stable_id(card.guid, prints[i], str(n))
            result[i] = guid
            claimed.add(guid)
    return [guid for guid in result if guid is not None]


def _match_similar(
    cards: Sequence[Card], old: Sequence[KnownFact], result: list[str | None], claimed: set[str]
) -> None:
    """Step 3 of :func:`reconcile`: pair the most similar unmatched cards and old facts."""
    new = [i for i, guid in enumerate(result) if guid is None]
    if not new or not old:
        return
    only_same_note = len(new) * len(old) > MAX_PAIRS
    old_grams = {k.guid: trigrams(k.text) for k in old}
    pairs: list[tuple[float, bool, bool, int, str]] = []
    for i in new:
        path = cards[i].note_path
        grams = trigrams(cards[i].fact.text)
        for k in old:
            same = k.path == path
            if only_same_note and not same:
                continue
            score = similarity(grams, old_grams[k.guid])
            if score >= (SAME_NOTE_SIMILARITY if same else OTHER_NOTE_SIMILARITY):
                pairs.append((-score, not same, k.gone, i, k.guid))
    pairs.sort()
    for _score, _other, _gone, i, guid in pairs:
        if result[i] is None and guid not in claimed:
            result[i] = guid
            claimed.add(guid)


def trigrams(text: str) -> frozenset[str]:
    """The three-character pieces of a text's folded form (the whole of it when shorter)."""
    folded = fold(text)
    if len(folded) < 3:
        return frozenset([folded])
    return frozenset(folded[i : i + 3] for i in range(len(folded) - 2))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two trigram sets: 1.0 for the same text, near 0 for unrelated ones."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)
