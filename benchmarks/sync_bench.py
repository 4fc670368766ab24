"""What ``deckgen sync`` costs, against building and importing by hand, measured in one run.

In a temporary folder, each step in a new process (as a user runs them):

1. ``deckgen build NOTES`` (empty cache, no state file), then a plain import of that deck into a
   new collection with the ``anki`` package, as Anki desktop imports it: the baseline;
2. ``deckgen sync NOTES --collection C`` into another new collection (empty cache, no state):
   the first sync;
3. the same sync again, with nothing changed.

It prints each wall time, the first sync over the baseline (the aim: at most 2) and the second
sync over the first (the aim: under 0.2). With ``--repeat N`` the steps run N times, interleaved,
and the fastest of each is used.

Usage::

    python benchmarks/sync_bench.py /work/shared/bench/tubegraph
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IMPORT = """
import sys
from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[1])
col.import_anki_package(ImportAnkiPackageRequest(package_path=sys.argv[2],
                                                 options=ImportAnkiPackageOptions()))
print(col.note_count())
col.close()
"""
NEW_COLLECTION = (
    "import sys; from anki.collection import Collection; Collection(sys.argv[1]).close()"
)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def deckgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "deckgen", *args, "-q"]


def one_round(notes: Path, folder: Path) -> dict[str, float]:
    base, synced = folder / "build", folder / "sync"
    for sub in (base, synced):
        sub.mkdir()
        subprocess.run(
            [sys.executable, "-c", NEW_COLLECTION, str(sub / "collection.anki2")], check=True
        )
    deck = base / "Deck.apkg"
    times = {"build": timed(deckgen("build", str(notes), "-o", str(deck), "--deck", "Bench"))}
    times["import"] = timed(
        [sys.executable, "-c", IMPORT, str(base / "collection.anki2"), str(deck)]
    )
    sync = deckgen(
        "sync",
        str(notes),
        "-o",
        str(synced / "Deck.apkg"),
        "--deck",
        "Bench",
        "--collection",
        str(synced / "collection.anki2"),
    )
    times["first sync"] = timed(sync)
    times["second sync"] = timed(sync)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notes", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPYCACHEPREFIX", tempfile.gettempdir() + "/deckgen-bench-pyc")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(__file__).parent.parent / "deckgen")],
        check=False,
    )
    best: dict[str, float] = {}
    for n in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="deckgen-sync-bench-") as tmp:
            times = one_round(args.notes.resolve(), Path(tmp))
        print(f"round {n + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items()))
        for key, value in times.items():
            best[key] = min(best.get(key, value), value)
    baseline = best["build"] + best["import"]
    print(f"build {best['build']:.2f} s + import {best['import']:.2f} s = {baseline:.2f} s")
    print(
        f"first sync {best['first sync']:.2f} s = {best['first sync'] / baseline:.2f} x "
        "(build + import); aim: at most 2"
    )
    print(
        f"second sync, nothing changed {best['second sync']:.2f} s = "
        f"{best['second sync'] / best['first sync']:.0%} of the first; aim: under 20%"
    )


if __name__ == "__main__":
    main()
