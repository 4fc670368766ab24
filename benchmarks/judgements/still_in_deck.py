"""Which judged cards of an earlier random sample a new deck still makes, and their verdicts.

    python benchmarks/judgements/still_in_deck.py OLD.apkg NEW.apkg SHARED_EVAL \\
        final-3131 final-4141 ...

Each NAME stands for NAME-sheet.md and NAME-verdicts.jsonl in this folder: a sample drawn from a
deck like OLD.apkg (the same code, the same notes or more of them). A sampled card is "kept"
when NEW.apkg has a card with the same front and hidden text, "removed" when only OLD.apkg
has it. The verdicts of the removed cards say what a change took away, judged at random and in
context by readers who never saw the change: no reader is shown a sheet of one kind of card.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
_CARD = re.compile(r"\n## (\d+)\n.*?\n- front: (.*?)\n- hidden: (.*?)\n")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("shared_eval")
    p.add_argument("samples", nargs="+")
    a = p.parse_args()
    sys.path.insert(0, a.shared_eval)
    from changed_cards_sheet import deck_cards

    new = {(c[1], c[2]) for c in deck_cards(a.new)}
    old = {(c[1], c[2]) for c in deck_cards(a.old)}
    total: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for name in a.samples:
        sheet = (HERE / f"{name}-sheet.md").read_text(encoding="utf-8")
        verdicts = {}
        for line in (HERE / f"{name}-verdicts.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            verdicts[row["n"]] = row["verdict"]
        for m in _CARD.finditer(sheet):
            key = (m.group(2), m.group(3))
            state = "kept" if key in new else "removed" if key in old else "not found"
            total[state][verdicts[int(m.group(1))]] += 1
    for state in ("kept", "removed", "not found"):
        c = total[state]
        n = sum(c.values())
        if n:
            shares = ", ".join(f"{v} {c[v]} ({c[v] / n:.0%})" for v in ("GOOD", "WEAK", "BAD"))
            print(f"{state}: {n} cards, {shares}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
