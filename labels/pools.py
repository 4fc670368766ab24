"""Which bench notes may be labelled and which are kept for judging, decided by file name alone.

    python labels/pools.py BENCH_FOLDER label|judge

A note is in the judging pool when the first byte of the SHA-256 of its file name is below 77
(about 30% of notes); the rest may be labelled. Notes of the real-dev set (shared/eval/real-dev,
also drawn from the bench, named channel__file.md) are in neither: they measure recall.
"""

import hashlib
import sys
from pathlib import Path


def pool(name: str) -> str:
    """'judge' or 'label' for a bench note's file name."""
    return "judge" if hashlib.sha256(name.encode()).digest()[0] < 77 else "label"


def notes(bench: Path, which: str, eval_names: set[str]) -> list[Path]:
    """The bench notes of one pool, sorted, without those the real-dev set holds."""
    found = []
    for path in sorted(bench.rglob("*.md")):
        flat = f"{path.parent.name}__{path.name}"
        if flat in eval_names or path.name in eval_names:
            continue
        if pool(flat) == which:
            found.append(path)
    return found


def real_dev_names(bench: Path) -> set[str]:
    """The file names of the real-dev notes beside the bench (shared/eval/real-dev/notes)."""
    real_dev = bench.parent.parent / "eval" / "real-dev" / "notes"
    return {p.name for p in real_dev.glob("*.md")} if real_dev.is_dir() else set()


if __name__ == "__main__":
    bench, which = Path(sys.argv[1]), sys.argv[2]
    for path in notes(bench, which, real_dev_names(bench)):
        print(path)
