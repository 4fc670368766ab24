"""A blind sheet of the cards two decks of the same notes do not share, to judge a change.

    python benchmarks/judgements/changed_cards_sheet.py OLD.apkg NEW.apkg SHARED_EVAL \\
        SHEET.md KEY.jsonl [--seed N]

Most cards of two builds of the same notes are the same; a sample of either deck would spend
most verdicts on them. This sheet holds every card only one deck has (each cloze deletion one
card, shown as ``sample_cards.py`` shows it), mixed at random; KEY.jsonl says which deck each
came from, and the reader is told neither. SHARED_EVAL is the folder holding ``score.py`` and
``sample_cards.py``. Tally by arm with ``--tally KEY.jsonl VERDICTS.jsonl``.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys

Card = tuple[str, str, str]


def deck_cards(deck: str) -> set[Card]:
    """(context and source, front, hidden) of each card of a deck, as the sampler shows it."""
    return set(deck_card_list(deck))


def deck_card_list(deck: str) -> list[Card]:
    """:func:`deck_cards` in the deck's order, a card twice when the deck has it twice."""
    from sample_cards import front, text_of  # type: ignore[import-not-found]
    from score import CLOZE, load_cards  # type: ignore[import-not-found]

    out: list[Card] = []
    for note in load_cards(deck):
        others = " | ".join(text_of(f) for f in note["others"] if text_of(f))
        for k in sorted({m.group(1) for m in CLOZE.finditer(note["text"])}, key=int):
            hidden = " … ".join(m.group(2) for m in CLOZE.finditer(note["text"]) if m.group(1) == k)
            out.append((others, front(note["text"], k), text_of(hidden)))
    return out


def write_sheet(old: str, new: str, sheet: str, key: str, seed: int) -> None:
    a, b = deck_cards(old), deck_cards(new)
    only = [(c, "old") for c in sorted(a - b)] + [(c, "new") for c in sorted(b - a)]
    random.Random(seed).shuffle(only)
    lines = [f"# Cards to judge ({len(only)})", ""]
    for i, ((context, shown, hidden), _arm) in enumerate(only, 1):
        lines += [f"## {i}", f"- context and source: {context}", f"- front: {shown}"]
        lines += [f"- hidden: {hidden}", ""]
    with open(sheet, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    with open(key, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"n": i, "arm": arm}) + "\n" for i, (_c, arm) in enumerate(only, 1))
    print(f"{len(a - b)} cards only in {old}, {len(b - a)} only in {new}", file=sys.stderr)


def tally(key: str, verdicts: str) -> None:
    with open(key, encoding="utf-8") as f:
        arms = {r["n"]: r["arm"] for r in map(json.loads, f)}
    count: collections.Counter[tuple[str, str]] = collections.Counter()
    with open(verdicts, encoding="utf-8") as f:
        for r in map(json.loads, filter(str.strip, f)):
            count[(arms[r["n"]], r["verdict"].upper())] += 1
    for arm in ("old", "new"):
        total = sum(count[(arm, v)] for v in ("GOOD", "WEAK", "BAD"))
        shares = ", ".join(
            f"{v} {count[(arm, v)]} ({100 * count[(arm, v)] / max(1, total):.0f}%)"
            for v in ("GOOD", "WEAK", "BAD")
        )
        print(f"{arm}: {total} cards, {shares}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tally", nargs=2, metavar=("KEY", "VERDICTS"))
    p.add_argument("args", nargs="*")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    if a.tally:
        tally(*a.tally)
        return
    old, new, shared_eval, sheet, key = a.args
    sys.path.insert(0, shared_eval)
    write_sheet(old, new, sheet, key, a.seed)


if __name__ == "__main__":
    main()
