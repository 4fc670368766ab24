"""Which judged cards of an earlier random sample a new deck still makes, and their verdicts.

    python benchmarks/judgements/still_in_deck.py OLD.apkg NEW.apkg SHARED_EVAL \\
        final-3131 final-4141 ... [--list]

Each NAME stands for NAME-sheet.md and NAME-verdicts.jsonl in this folder: a sample drawn from a
deck like OLD.apkg (the same code, the same notes or more of them). A sampled card is "kept"
when NEW.apkg has a card with the same front and hidden text, "removed" when only OLD.apkg
has it. The verdicts of the removed cards say what a change took away, judged at random and in
context by readers who never saw the change: no reader is shown a sheet of one kind of card.
``--list`` prints each removed card with its verdict and the reader's reason.
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
    p.add_argument("--list", action="store_true", help="print each removed card and its verdict")
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
            verdicts[row["n"]] = row
        for m in _CARD.finditer(sheet):
            key = (m.group(2), m.group(3))
            state = "kept" if key in new else "removed" if key in old else "not found"
            row = verdicts[int(m.group(1))]
            total[state][row["verdict"]] += 1
            if a.list and state == "removed":
                print(f"{row['verdict']:4} {key[0]} | {key[1]}\n     ({row.get('reason', '')})")
    for state in ("kept", "removed", "not found"):
        c = total[state]
        n = sum(c.values())
        if n:
            shares = ", ".join(f"{v} {c[v]} ({c[v] / n:.0%})" for v in ("GOOD", "WEAK", "BAD"))
            print(f"{state}: {n} cards, {shares}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
