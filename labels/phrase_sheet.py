"""A sheet of common-word phrase candidates to label (round 6).

    python labels/phrase_sheet.py BENCH_FOLDER --notes 150 --per-note 4 --seed 6 --out /tmp/ph

A third of real-dev's missed facts have no candidate at all: their answers are phrases of common
words ("a map", "no resistance", "immune cells"). The build does not make such candidates yet;
without labels the model ranks them badly (`benchmarks/judgements/README.md`, phrases). This
script adds them (`phrases()` below) to a build's candidates and draws a sample of only them,
from labelling-pool notes that no earlier label came from, for readers to judge.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from deckgen import candidates, facts
from deckgen.grammar import closes_noun_phrase, is_verb_form
from deckgen.lexicon import STOPWORDS
from deckgen.targets import Target
from deckgen.training import note_candidates, sheet_markdown

sys.path.insert(0, str(Path(__file__).parent))
from pools import notes as pool_notes

HERE = Path(__file__).parent


def phrases(text: str) -> Iterator[tuple[int, int]]:
    """Every run of one to four common lower-case words, joined by spaces or hyphens, that ends
    on a word that may close a noun phrase and holds no function word, adverb or verb form
    ("no [resistance]", "[null-aware operators]", "[immune cells]"): the phrases of common
    words a careful reader may want hidden, which the finders above never offer."""
    tokens = candidates._tokens(text)
    n = len(tokens)
    i = 0
    while i < n:
        j = i
        while j < n:
            word = tokens[j][2]
            low = word.lower()
            if word[0].isupper() or low in STOPWORDS or low.endswith("ly"):
                break
            if is_verb_form(low) and not closes_noun_phrase(low):
                break
            if j > i and not candidates._joined(text, tokens[j - 1], tokens[j]):
                break
            j += 1
        if j == i:
            i += 1
            continue
        run = tokens[i:j]
        if closes_noun_phrase(run[-1][2].lower()):
            for a in range(max(0, len(run) - 4), len(run)):
                yield run[a][0], run[-1][1]
        i = j


def _with_phrases(original):  # type: ignore[no-untyped-def]
    def find_spans(text: str, spans: Sequence = (), *, english: bool = True) -> list[Target]:  # type: ignore[type-arg]
        found = original(text, spans, english=english)
        have = {(t.start, t.end) for t in found}
        for start, end in phrases(text) if english else ():
            t = Target(start, end, "phrase", 0.0)
            fits = candidates.well_formed(text, t) and not candidates.cuts_span(t, tuple(spans))
            if (start, end) not in have and fits:
                found.append(t)
                have.add((start, end))
        return sorted(found, key=lambda t: (t.start, t.end))

    return find_spans


OWN_LABELS = "round6-phrases-not-trained"
"""Where this sheet's own verdicts went: not an earlier round, so the same sheet comes again."""


def labelled_notes() -> set[str]:
    """The notes any earlier label came from."""
    seen: set[str] = set()
    for path in HERE.rglob("*.jsonl"):
        if path.parent.name == OWN_LABELS:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            seen.add(json.loads(line)["note"])
    return seen


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("bench", type=Path)
    p.add_argument("--notes", type=int, default=150)
    p.add_argument("--per-note", type=int, default=4)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--out", type=Path, required=True)
    a = p.parse_args()
    facts.find_spans = _with_phrases(facts.find_spans)
    real_dev = a.bench.parent.parent / "eval" / "real-dev" / "notes"
    eval_names = {q.name for q in real_dev.glob("*.md")} if real_dev.is_dir() else set()
    done = labelled_notes()
    paths = [q for q in pool_notes(a.bench, "label", eval_names) if q.name not in done]
    rng = random.Random(a.seed)
    rng.shuffle(paths)
    rows = []
    for path in sorted(paths[: a.notes]):
        cands = [c for c in note_candidates(path) if c.kind == "phrase"]
        rng.shuffle(cands)
        taken, texts = [], set()
        for c in cands:
            if c.text in texts:
                continue  # one phrase a sentence: the sheet spreads over the note
            texts.add(c.text)
            taken.append(c)
            if len(taken) == a.per_note:
                break
        for k, c in enumerate(taken):
            key = hashlib.sha256(f"{path.parent.name}/{path.name}/{k}".encode()).hexdigest()[:12]
            rows.append({"id": key, "note": path.name, "candidate": c.to_json()})
    a.out.with_suffix(".jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    a.out.with_suffix(".md").write_text(sheet_markdown(rows), encoding="utf-8")
    print(f"{len(rows)} phrase candidates from {min(a.notes, len(paths))} notes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
