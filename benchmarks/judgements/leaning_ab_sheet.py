"""An A/B sheet of leaning cards: the sentence a card leans on shown in front of its text, or in
its context line, drawn at random and mixed, so that a reader judges both blind.

    python benchmarks/judgements/leaning_ab_sheet.py DECK.apkg SHARED_EVAL SHEET.md KEY.jsonl

DECK.apkg must be built by a deckgen that writes the earlier sentence in front of the text, in a
``<span class="lead">`` (commit 1dc024b). SHARED_EVAL is the folder holding ``score.py`` and
``sample_cards.py``. KEY.jsonl says which arm each card of SHEET.md is in.
"""

from __future__ import annotations

import json
import random
import re
import sys

LEAD = re.compile(r'<span class="lead">(.*?)</span> (.*)', re.DOTALL)
SEED = 2612
CARDS = 60


def main(deck: str, shared_eval: str, sheet_path: str, key_path: str) -> None:
    sys.path.insert(0, shared_eval)
    from sample_cards import front, text_of  # type: ignore[import-not-found]
    from score import CLOZE, load_cards  # type: ignore[import-not-found]

    leaning = []
    for note in load_cards(deck):
        m = LEAD.match(note["text"])
        if not m:
            continue
        for k in sorted({x.group(1) for x in CLOZE.finditer(note["text"])}, key=int):
            hidden = " … ".join(x.group(2) for x in CLOZE.finditer(note["text"]) if x.group(1) == k)
            leaning.append((note, m.group(1), m.group(2), k, hidden))
    rng = random.Random(SEED)
    rng.shuffle(leaning)
    out = [f"# Cards to judge ({CARDS})", ""]
    key = []
    for i, (note, lead, rest, k, hidden) in enumerate(leaning[:CARDS], 1):
        others = [text_of(f) for f in note["others"] if text_of(f)]
        arm = "new" if rng.random() < 0.5 else "old"
        if arm == "old":  # the earlier sentence in the context line, the text alone
            others[0] = others[0] + " · " + text_of(lead)
            shown = front(rest, k)
        else:
            shown = front(note["text"], k)
        out += [f"## {i}", "- context and source: " + " | ".join(others)]
        out += ["- front: " + shown, "- hidden: " + text_of(hidden), ""]
        key.append({"n": i, "arm": arm})
    with open(sheet_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    with open(key_path, "w", encoding="utf-8") as f:
        f.write("".join(json.dumps(k) + "\n" for k in key))


if __name__ == "__main__":
    main(*sys.argv[1:5])
