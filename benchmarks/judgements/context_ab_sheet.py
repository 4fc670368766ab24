"""A blind A/B sheet of a change to the context line: each card two decks both make, differing
only in its context line, is shown once, in one deck's version drawn at random; cards only one
deck makes are shown as they are.

    python benchmarks/judgements/context_ab_sheet.py OLD.apkg NEW.apkg SHARED_EVAL \\
        SHEET.md KEY.jsonl [--seed N]

A reader shown both versions of a card would compare them; shown one, they judge it as a
learner meets it. KEY.jsonl says which deck each card came from ("old" or "new") and whether it
is one of a pair; tally with ``changed_cards_sheet.py --tally KEY.jsonl VERDICTS.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("shared_eval")
    p.add_argument("sheet")
    p.add_argument("key")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    sys.path.insert(0, a.shared_eval)
    sys.path.insert(0, str(Path(__file__).parent))
    from changed_cards_sheet import deck_cards

    old, new = deck_cards(a.old), deck_cards(a.new)
    only_old = sorted(old - new)
    only_new = sorted(new - old)
    new_by_card = {(front, hidden): context for context, front, hidden in only_new}
    rng = random.Random(a.seed)
    shown: list[tuple[tuple[str, str, str], str, bool]] = []
    paired = set()
    for context, front, hidden in only_old:
        other = new_by_card.get((front, hidden))
        if other is None:
            shown.append(((context, front, hidden), "old", False))
            continue
        paired.add((front, hidden))
        if rng.random() < 0.5:
            shown.append(((context, front, hidden), "old", True))
        else:
            shown.append(((other, front, hidden), "new", True))
    shown += [(c, "new", False) for c in only_new if (c[1], c[2]) not in paired]
    rng.shuffle(shown)
    lines = [f"# Cards to judge ({len(shown)})", ""]
    keys = []
    for n, ((context, front, hidden), arm, pair) in enumerate(shown, start=1):
        lines += [f"## {n}", f"- context and source: {context}", f"- front: {front}"]
        lines += [f"- hidden: {hidden}", ""]
        keys.append(json.dumps({"n": n, "arm": arm, "pair": pair}))
    Path(a.sheet).write_text("\n".join(lines), encoding="utf-8")
    Path(a.key).write_text("\n".join(keys) + "\n", encoding="utf-8")
    print(f"{len(shown)} cards: {len(paired)} pairs shown once, the rest as one deck makes them")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
