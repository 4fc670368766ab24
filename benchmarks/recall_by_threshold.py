"""Recall, cards and false cards of a folder of notes at several model thresholds, down to
keeping nearly every candidate: how far the threshold alone can move recall.

    python benchmarks/recall_by_threshold.py NOTES_DIR GOLD.json [--thresholds 0.36 0.2 0.1 0.02]

Each threshold builds a deck in a temporary folder, the finders' deletions vetoed at 0 (kept
whatever the model says), and scores it with ``score.py`` beside GOLD.json's folder
(``../shared/eval/score.py``), as the README's recall figures are. A measurement only: the
thresholds are not meant to be tuned on the notes measured.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from deckgen import ranking
from deckgen.pipeline import BuildOptions, build

_DENSITY = "sweep"
"""The name a threshold is built under: an entry of :data:`deckgen.ranking.DENSITIES` that only
this script adds. The notes are read in this process (``workers=1``): a worker started by
spawn would not have the entry."""


def score_at(notes: str, gold: Path, threshold: float, scorer: Path, out: Path) -> str:
    """score.py's summary line for a deck of ``notes`` built at ``threshold``."""
    shift = threshold - ranking.default_model().threshold
    ranking.DENSITIES[_DENSITY] = (shift, 0.0)
    deck = out / f"t{threshold:g}.apkg"
    options = BuildOptions(
        paths=(notes,),
        output=str(deck),
        density=_DENSITY,
        cache=False,
        state=False,
        force=True,
        workers=1,
    )
    build(options)
    run = subprocess.run(
        [sys.executable, str(scorer), str(deck), str(gold)],
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notes")
    parser.add_argument("gold", type=Path)
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.36, 0.2, 0.1, 0.02])
    parser.add_argument("--scorer", type=Path, default=None, help="score.py (default: beside GOLD)")
    args = parser.parse_args()
    scorer = args.scorer or args.gold.parent.parent / "score.py"
    if not scorer.exists():
        scorer = args.gold.parent / "score.py"
    with tempfile.TemporaryDirectory(prefix="deckgen-sweep-") as tmp:
        for threshold in args.thresholds:
            line = score_at(args.notes, args.gold, threshold, scorer, Path(tmp))
            print(f"threshold {threshold:<5g} {line}", flush=True)


if __name__ == "__main__":
    main()
