"""The sheets of a round of labels near the model's threshold: per label-pool note, up to MODEL
candidates the model scores 0.2 or more (drawn at random among them, one a sentence) and up to
RULES cards the named finders make, never a candidate labelled before; all mixed, then dealt
into eight sheets.

    python labels/near_threshold_sheet.py BENCH OUT_DIR [--round 9 --seed 909 --model 2 --rules 1 --first 31]

Run at commit bf55ab7 (its model and its labels decide what is drawn) with the defaults, it
writes the sheets the readers of round 9 labelled: OUT_DIR/round9-sheetNN.jsonl (for
``training merge``) and .md (for the reader), NN from 31 to 38. Round 10 was drawn at the
commit that trained rounds 8 and 9, with ``--round 10 --seed 1010 --model 1 --rules 2 --first 39``. Notes whose file name another
note shares are left out: a reader finds a note by its name.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from deckgen import training
from deckgen.candidates import Candidate
from deckgen.ranking import default_model

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from pools import notes, real_dev_names

MIN_SCORE = 0.2
SHEETS = 8


def labelled_ids() -> set[str]:
    """The id of every candidate labelled so far, trained or not."""
    return {r["id"] for r in training.read_labels(sorted(HERE.rglob("*.jsonl")))}


def draw(
    bench: Path, seed: int, model_per_note: int, rules_per_note: int
) -> list[dict[str, object]]:
    """The rows of a round, mixed."""
    paths = notes(bench, "label", real_dev_names(bench))
    by_name: dict[str, int] = {}
    for path in paths:
        by_name[path.name] = by_name.get(path.name, 0) + 1
    paths = [p for p in paths if by_name[p.name] == 1]
    rng = random.Random(seed)
    rng.shuffle(paths)
    model = default_model()
    seen = labelled_ids()
    rows: list[dict[str, object]] = []
    for path in paths:
        scored = [c for c in training.note_candidates(path) if model.probability(c) >= MIN_SCORE]
        fresh = [c for c in scored if training.candidate_id(path, c) not in seen]
        rng.shuffle(fresh)
        taken: list[Candidate] = []
        texts: set[str] = set()
        for c in fresh:
            if len(taken) >= model_per_note:
                break
            if c.text not in texts:
                texts.add(c.text)
                taken.append(c)
        rules = [
            c
            for c in training.rule_cards(path)
            if training.candidate_id(path, c) not in seen and c.text not in texts
        ]
        rng.shuffle(rules)
        taken += rules[:rules_per_note]
        rows.extend(
            {"id": training.candidate_id(path, c), "note": path.name, "candidate": c.to_json()}
            for c in taken
        )
    rng.shuffle(rows)
    return rows


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("bench", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--round", type=int, default=9)
    p.add_argument("--seed", type=int, default=909)
    p.add_argument("--model", type=int, default=2, help="the model's candidates a note")
    p.add_argument("--rules", type=int, default=1, help="the named finders' cards a note")
    p.add_argument("--first", type=int, default=31, help="the number of the first sheet")
    a = p.parse_args()
    out = a.out
    out.mkdir(parents=True, exist_ok=True)
    rows = draw(a.bench, a.seed, a.model, a.rules)
    for i in range(SHEETS):
        part = sorted(rows[i::SHEETS], key=lambda r: str(r["note"]))
        name = f"round{a.round}-sheet{a.first + i}"
        text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in part)
        (out / f"{name}.jsonl").write_text(text, encoding="utf-8")
        (out / f"{name}.md").write_text(training.sheet_markdown(part), encoding="utf-8")
    print(f"{len(rows)} candidates of {len({r['note'] for r in rows})} notes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
