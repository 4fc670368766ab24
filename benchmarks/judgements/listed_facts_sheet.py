"""A blind sheet that mixes two kinds of card from the same notes. The first kind is each fact
a reader listed for a note (``labels/gold``), made into the plainest card that hides the listed
answer. The second is the cards a deck of those notes holds. It shows whether cards of the
listed facts are cards a learner keeps.

    python benchmarks/judgements/listed_facts_sheet.py NOTES_DIR DECK.apkg SHARED_EVAL PREFIX \\
        [--listed 150] [--deck-cards 75] [--seed N]
    python benchmarks/judgements/listed_facts_sheet.py --tally PREFIX [DECK.apkg SHARED_EVAL]

It writes ``PREFIX-sheet.md`` (what the reader sees) and ``PREFIX-key.jsonl`` (which card is
which). Each card is shown as ``sample_cards.py`` shows a deck's card. SHARED_EVAL is the
folder that holds ``score.py`` and ``sample_cards.py``.

How a listed fact's card is made:
- The text is the first sentence that holds all of the fact's keys and one of its answers. That
  answer is hidden where it first occurs.
- A list item's bold label goes in front.
- The context line is the title and the headings. It leaves out any part that shows the answer,
  and there is no context line when no heading is above the sentence.
- A sentence that opens on "This", "It", "He" and the like also shows the sentence before it.

These follow what the build does. Nothing is rewritten.

The tally counts the verdicts (``PREFIX-verdicts.jsonl``) by kind of card. A card marked as a
duplicate of another card on the sheet is left out: mixing the two kinds is what put the other
card there. Given a deck of the same notes, it also counts how many of the judged listed facts
of each verdict the deck holds: a recall over the facts readers judged GOOD, which a better deck
should raise without raising the others.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

from deckgen.answers import shows_answer
from deckgen.notes import find_notes, read_note
from deckgen.sentences import split_sentences
from deckgen.types import Sentence

LABELS = Path(__file__).resolve().parents[2] / "labels" / "gold"
_LEANING = re.compile(
    r"(?:this|these|that|those|it|they|he|she|its|their|his|her|such)\b", re.IGNORECASE
)
Card = dict[str, Any]


def listed_facts() -> dict[str, list[dict[str, Any]]]:
    """The facts listed for each note, by the note's file name."""
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(LABELS.glob("round7-facts-*.json")):
        for name, note in json.loads(path.read_text(encoding="utf-8"))["notes"].items():
            out[name] = note["must"]
    return out


def _find(sentences: list[Sentence], fact: dict[str, Any]) -> tuple[int, int, int] | None:
    """(sentence index, start, end) of the fact's answer in the first sentence that holds all its
    keys and one of its answers, as ``score.py`` compares them (case-blind)."""
    from score import norm  # type: ignore[import-not-found]

    for i, s in enumerate(sentences):
        if not all(norm(k) in norm(s.text) for k in fact["keys"]):
            continue
        low = s.text.lower()
        for answer in fact["answers"]:
            at = low.find(answer.lower())
            if at >= 0:
                return i, at, at + len(answer)
    return None


def listed_cards(notes_dir: str) -> tuple[list[Card], int]:
    """The card of each listed fact of the notes in ``notes_dir``, and how many facts no single
    sentence holds."""
    facts = listed_facts()
    files, _ = find_notes([notes_dir])
    cards: list[Card] = []
    missing = 0
    for file in files:
        must = facts.get(file.path.name)
        if must is None:
            continue
        note, _ = read_note(file, ())
        if note is None:
            continue
        sentences, _ = split_sentences(note)
        for fact in must:
            found = _find(sentences, fact)
            if found is None:
                missing += 1
                continue
            cards.append(_card(note.title, sentences, *found, file.path.name, fact))
    return cards, missing


def _card(
    title: str, sentences: list[Sentence], i: int, start: int, end: int, name: str, fact: Any
) -> Card:
    s = sentences[i]
    answer = s.text[start:end]
    front = s.text[:start] + "[...]" + s.text[end:]
    if s.label and not s.text.startswith(s.label):
        front = f"{s.label}: {front}"
    parts = [
        p
        for p in (title, *s.section)
        if p and answer.lower() not in p.lower() and not shows_answer(p, answer)
    ]
    context = " › ".join(parts) if s.section else ""
    if _LEANING.match(s.text) and i > 0:
        context = f"{context} · {sentences[i - 1].text}" if context else sentences[i - 1].text
    stamps = " ".join(t.label for t in s.timestamps) or "video"
    source = f"{stamps} · {title}"
    shown = f"{context} | {source}" if context else source
    return {
        "origin": "listed",
        "note": name,
        "why": fact.get("why"),
        "context_and_source": shown,
        "front": front,
        "hidden": answer,
    }


def deck_cards(deck: str) -> list[Card]:
    """Each card of a deck (one a cloze deletion), as the sampler shows it."""
    from changed_cards_sheet import deck_card_list

    return [
        {"origin": "deck", "context_and_source": shown, "front": front, "hidden": hidden}
        for shown, front, hidden in deck_card_list(deck)
    ]


def write_sheet(chosen: list[Card], prefix: str, seed: int) -> None:
    lines = [f"# Cards to judge ({len(chosen)}, seed {seed})", ""]
    for n, c in enumerate(chosen, 1):
        lines += [f"## {n}", f"- context and source: {c['context_and_source']}"]
        lines += [f"- front: {c['front']}", f"- hidden: {c['hidden']}", ""]
    Path(f"{prefix}-sheet.md").write_text("\n".join(lines), encoding="utf-8")
    with open(f"{prefix}-key.jsonl", "w", encoding="utf-8") as key:
        for n, c in enumerate(chosen, 1):
            key.write(json.dumps({"n": n, **c}, ensure_ascii=False) + "\n")


def tally(prefix: str, deck: str | None = None) -> None:
    """The verdicts by kind of card; with ``deck``, also how many of the judged listed facts of
    each verdict that deck holds (as ``score.py`` counts a fact covered)."""
    with open(f"{prefix}-key.jsonl", encoding="utf-8") as f:
        key = {r["n"]: r for r in map(json.loads, f)}
    count: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    judged: list[tuple[dict[str, Any], str]] = []
    left_out = 0
    with open(f"{prefix}-verdicts.jsonl", encoding="utf-8") as f:
        for r in map(json.loads, filter(str.strip, f)):
            if "duplicate" in r.get("category", ""):
                left_out += 1
                continue
            count[key[r["n"]]["origin"]][r["verdict"].upper()] += 1
            if key[r["n"]]["origin"] == "listed":
                judged.append((key[r["n"]], r["verdict"].upper()))
    for kind in ("listed", "deck"):
        c = count[kind]
        total = sum(c.values())
        shares = ", ".join(
            f"{v} {c[v]} ({100 * c[v] / max(1, total):.0f}%)" for v in ("GOOD", "WEAK", "BAD")
        )
        print(f"{kind:7} {total:4} cards: {shares}")
    print(f"left out as duplicates of another card on the sheet: {left_out}")
    if deck is not None:
        _coverage(judged, deck)


def _coverage(judged: list[tuple[dict[str, Any], str]], deck: str) -> None:
    """How many of the judged listed facts of each verdict ``deck`` holds, as ``score.py``
    counts a fact covered."""
    from score import score

    facts = listed_facts()
    notes = {card["note"] for card, _ in judged}
    report = score(deck, {"notes": {name: {"must": facts[name]} for name in notes}})
    missed = {(name, tuple(m["keys"])) for name, n in report["notes"].items() for m in n["missed"]}
    held: dict[str, collections.Counter[bool]] = collections.defaultdict(collections.Counter)
    for card, verdict in judged:
        fact = next(
            f
            for f in facts[card["note"]]
            if any(a.lower() == card["hidden"].lower() for a in f["answers"])
        )
        held[verdict][(card["note"], tuple(fact["keys"])) not in missed] += 1
    for verdict in ("GOOD", "WEAK", "BAD"):
        c = held[verdict]
        total = c[True] + c[False]
        share = 100 * c[True] / max(1, total)
        print(
            f"listed facts judged {verdict} that {deck} holds: {c[True]} of {total} ({share:.0f}%)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("args", nargs="+", help="NOTES_DIR DECK.apkg SHARED_EVAL PREFIX")
    parser.add_argument("--listed", type=int, default=150)
    parser.add_argument("--deck-cards", type=int, default=75)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--tally",
        action="store_true",
        help="count PREFIX-verdicts.jsonl; args: PREFIX [DECK.apkg SHARED_EVAL] (with a deck: "
        "how many judged listed facts of each verdict it holds)",
    )
    a = parser.parse_args()
    if a.tally:
        if len(a.args) == 3:
            sys.path.insert(0, a.args[2])
            tally(a.args[0], a.args[1])
        else:
            tally(a.args[0])
        return
    notes, deck, shared_eval, prefix = a.args
    sys.path.insert(0, shared_eval)
    rng = random.Random(a.seed)
    listed, missing = listed_cards(notes)
    made = deck_cards(deck)
    chosen = rng.sample(listed, min(a.listed, len(listed)))
    chosen += rng.sample(made, min(a.deck_cards, len(made)))
    rng.shuffle(chosen)
    write_sheet(chosen, prefix, a.seed)
    print(
        f"{len(listed)} listed facts made into cards ({missing} in no single sentence), "
        f"{len(made)} cards in the deck",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
