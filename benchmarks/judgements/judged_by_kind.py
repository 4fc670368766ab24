"""The judged cards the current code still makes, tallied by who chose them, their kind and the
model's score: where the deck's bad cards come from.

    python benchmarks/judgements/judged_by_kind.py NOTES_DIR [SAMPLE ...] [--bins]

NOTES_DIR holds the notes the samples were drawn from (the judging pool). Each SAMPLE stands for
SAMPLE-sheet.md and SAMPLE-verdicts.jsonl in this folder; by default every random sample here
(a sheet with numbered verdicts and no key, so not a sheet of changed cards). The notes are
built with the library API, and each judged card the build still makes is matched to its
deletion: chosen by the named finders (`targets.py`) or by the model, its kind, and the model's
score of it (for the finders' deletions, the score that decided the veto). A card judged in
several samples counts once for each verdict. ``--bins`` splits each row by the model's score.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
from collections.abc import Iterator
from pathlib import Path

from deckgen.notes import find_notes
from deckgen.pipeline import process_note

HERE = Path(__file__).parent
_CARD = re.compile(r"\n## (\d+)\n- context and source: .*?\n- front: (.*?)\n- hidden: (.*?)\n")
_MODEL_SCORE = re.compile(r"\(model (\d\.\d\d)\)$|'\s(0\.\d\d)(?::|$)")
BINS = (0.15, 0.2, 0.3, 0.4, 0.5)


def squeezed(text: str) -> str:
    """Text as letters and digits only, lower case, with wiki links and markup let go: the
    sheet shows a card's text as Anki renders it, the build as the note writes it."""
    text = re.sub(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]", r"\1", text)
    text = re.sub(r"<[^>]+>|&#?\w+;|[*_`]", "", text)
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def deletions(notes_dir: str) -> dict[tuple[str, str], tuple[str, str, float | None]]:
    """(text, answer), squeezed → (who chose it, its kind, the model's score) for every
    deletion a build of the notes makes."""
    files, _ = find_notes([notes_dir])
    out: dict[tuple[str, str], tuple[str, str, float | None]] = {}
    for file in files:
        outcome = process_note(file)
        by_sentence = {id(d.sentence): d for d in outcome.decisions if d.accepted}
        for fact in outcome.facts:
            decision = by_sentence.get(id(fact.sentence))
            origin = "model" if fact.score < 1 else "finders"
            for d in fact.deletions:
                answer = fact.text[d.start : d.end]
                score = _score_of(answer, decision.targets if decision else ())
                out[squeezed(fact.text), squeezed(answer)] = (origin, d.kind, score)
    return out


def _score_of(answer: str, targets: tuple[str, ...]) -> float | None:
    for target in targets:
        if f"'{answer}'" in target:
            m = _MODEL_SCORE.search(target.split(": ", 1)[0])
            if m:
                return float(m.group(1) or m.group(2))
    return None


def random_samples() -> Iterator[str]:
    """The names of the random samples in this folder (not the keyed sheets of changes)."""
    for sheet in sorted(HERE.glob("*-sheet.md")):
        name = sheet.name.removesuffix("-sheet.md")
        verdicts = HERE / f"{name}-verdicts.jsonl"
        if (HERE / f"{name}-key.jsonl").exists() or not verdicts.exists():
            continue
        first = verdicts.read_text(encoding="utf-8").split("\n", 1)[0]
        if first and "n" in json.loads(first):
            yield name


def judged(names: list[str]) -> Iterator[tuple[str, str, str]]:
    """(text, answer), squeezed, and the verdict of each judged card of the samples."""
    for name in names:
        rows = (HERE / f"{name}-verdicts.jsonl").read_text(encoding="utf-8").splitlines()
        verdicts = {row["n"]: row["verdict"] for row in map(json.loads, filter(None, rows))}
        for m in _CARD.finditer((HERE / f"{name}-sheet.md").read_text(encoding="utf-8")):
            front, hidden = m.group(2), m.group(3)
            if int(m.group(1)) in verdicts:
                text = front.replace("[...]", hidden, 1)
                yield squeezed(text), squeezed(hidden), verdicts[int(m.group(1))]


def _bin(score: float | None) -> str:
    if score is None:
        return "?"
    low = max((b for b in BINS if b <= score), default=0.0)
    return f">={low:.2f}"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("notes_dir")
    p.add_argument("samples", nargs="*")
    p.add_argument("--bins", action="store_true", help="split each row by the model's score")
    a = p.parse_args()
    names = a.samples or list(random_samples())
    made = deletions(a.notes_dir)
    tally: dict[tuple[str, ...], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    matched = 0
    for text, answer, verdict in judged(names):
        found = made.get((text, answer))
        if found is None:
            continue
        matched += 1
        origin, kind, score = found
        tally[(origin, kind, _bin(score)) if a.bins else (origin, kind)][verdict] += 1
        tally[(origin, "(all)")][verdict] += 1
    print(f"{matched} judged cards of {len(names)} samples that the build still makes")
    for row, counts in sorted(tally.items(), key=lambda kv: (kv[0][0], -sum(kv[1].values()))):
        n = sum(counts.values())
        shares = " ".join(f"{v} {counts[v] / n:4.0%}" for v in ("GOOD", "WEAK", "BAD"))
        print(f"{' '.join(row):40} {n:5d}  {shares}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
