"""The ranking model gives every candidate the same probability whatever Python's string hashing:
its sums must not follow the order of a set (a last-digit difference can flip a card)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DUMP = """
import sys
from pathlib import Path
from deckgen.ranking import default_model
from deckgen.training import note_candidates
model = default_model()
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    for c in note_candidates(path):
        print(path.name, c.start, c.end, repr(model.probability(c)))
"""


def decisions_with_hash_seed(seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run(
        [sys.executable, "-c", DUMP, str(ROOT / "notes")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return done.stdout


def test_scores_do_not_depend_on_hash_order() -> None:
    first = decisions_with_hash_seed("1")
    assert first.strip()
    for seed in ("2", "3", "4"):
        assert decisions_with_hash_seed(seed) == first
