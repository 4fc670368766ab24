"""End to end: a deck built from a note full of traps for referents and deletions, imported
into Anki. No card may give a pronoun a clause or a topic as referent, hide arithmetic, a verb,
a vague "similar" or a general noun, or swallow a sentence adverb into a deletion."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

from conftest import ImportedCard

from deckgen import BuildOptions, build

NOTE = """---
title: Harbour towns of the north coast
videoId: hArb0urT0wn
---

## The Lighthouse

The old lighthouse stands exactly due north, facing the harbour mouth {t1}. Its granite tower, \
built from local stone, rises 35 m above the rocks {t2}.

The reservoir above the town was built on a granite shelf {t3}. It supplies 12 million litres \
a day in winter {t4}.

## Fishing

*   **Net Repair**: For crews like Brixham, Looe, Mevagissey, and Polperro, he mended nets in \
the old sail loft {t5}. He found that a careful repair saved 30% of the cost of a new net {t6}.
*   **Catch Records**: They found that 70% of the winter catch was herring {t7}.
*   **Profit Margins**: The fish market keeps 40% of every sale {t8}. This figure is even \
higher than the inland markets, which have 20% profit margins {t9}.
*   **Quotas**: Check how often 4 fits into 28: 4 x 7 = 28 {t10}.
*   **Modern Fleets**: Cheap diesel engines are leading to overfishing in the bay {t11}.
*   **Storms**: Trawlers turned out to be damaged by similar winter gales {t12}.
*   **Costs**: Cost-wise, the wooden boat is much cheaper than the steel trawler {t13}.
"""


def _stamp(n: int) -> str:
    return f'<a class="yt-timestamp" data-t="00:{n:02d}:00">[00:{n:02d}:00]</a>'


def _cards(tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]) -> list[ImportedCard]:
    notes = tmp_path / "notes"
    notes.mkdir()
    text = NOTE.format(**{f"t{i}": _stamp(i) for i in range(1, 14)})
    (notes / "harbour.md").write_text(text, encoding="utf-8")
    package = tmp_path / "deck.apkg"
    build(BuildOptions(paths=(str(notes),), output=str(package), timestamp=1_700_000_000))
    return anki_import(package)


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_cards_name_real_referents_and_hide_real_facts(
    tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    cards = _cards(tmp_path, anki_import)
    texts = [_plain(c.fields["Text"]) for c in cards]
    joined = "\n".join(texts)
    # A clause is never an owner; a plain subject still is.
    assert "due north" not in joined
    # "The Lighthouse" is a headline of common words, which notes use for an aspect of their
    # topic as often as for a thing: it does not own the tower; the sentence before shows.
    tower = [c for c in cards if "granite tower, built" in _plain(c.fields["Text"])]
    assert len(tower) == 1
    assert "The Lighthouse's" not in _plain(tower[0].fields["Text"])
    assert "The old lighthouse stands" in _plain(tower[0].fields["Context"])
    assert any(t.startswith("The reservoir above the town supplies") for t in texts)
    # A list of crews or a topic label does not find anything.
    assert not re.search(r"\b(?:Polperro|Brixham|Net Repair|Catch Records) found", joined)
    # "The figure" would not say which figure.
    assert "The figure" not in joined and "The {{c1::figure" not in joined
    # Arithmetic, a verb and a vague "similar" are never deletions.
    assert "{{c1::4 x}}" not in joined
    assert "::leading" not in joined
    assert "::similar" not in joined
    # A sentence adverb stays outside the deletion.
    assert "{{c1::Cost-wise" not in joined
    assert any("{{c1::wooden boat}}" in t for t in texts)
    # What Anki renders: the hidden words are gone from the front, back on the back.
    for card in cards:
        if "wooden boat" in card.fields["Text"]:
            assert "wooden boat" not in _plain(card.question)
            assert "wooden boat" in _plain(card.answer)
            assert "Cost-wise" in _plain(card.question)
