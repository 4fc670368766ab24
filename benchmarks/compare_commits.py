"""Time a build with an earlier commit beside the work tree's, in one run, turn about.

    python benchmarks/compare_commits.py BASE_COMMIT NOTES_FOLDER [--repeat 3] [--workers N]

BASE_COMMIT is checked out into a temporary git worktree and run from its source (PYTHONPATH),
with this checkout's installed dependencies; each round builds NOTES_FOLDER with the base, then
with the work tree, both with ``--no-cache`` into fresh folders. Prints each run's wall and CPU
seconds and peak memory, then the medians and the ratio new/base.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_build(source: Path, notes: Path, workers: int | None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the build and its workers, peak MB), by GNU time."""
    out = Path(tempfile.mkdtemp(prefix="bench-")) / "deck.apkg"
    args = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-c"]
    args += ["from deckgen.cli import main; main()", "build", str(notes)]
    args += ["-o", str(out), "-q", "--no-cache"]
    if workers:
        args += ["--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=str(source))
    done = subprocess.run(args, check=True, env=env, cwd=source, capture_output=True, text=True)
    wall, user, system, peak_kb = done.stderr.strip().splitlines()[-1].split()
    shutil.rmtree(out.parent, ignore_errors=True)
    return float(wall), float(user) + float(system), int(peak_kb) / 1024


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("base")
    p.add_argument("notes", type=Path)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--workers", type=int)
    a = p.parse_args()
    base = Path(tempfile.mkdtemp(prefix="base-"))
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(base), a.base], check=True
    )
    try:
        runs: dict[str, list[tuple[float, float, float]]] = {"base": [], "new": []}
        for i in range(a.repeat):
            for name, source in (("base", base), ("new", ROOT)):
                result = run_build(source, a.notes.resolve(), a.workers)
                runs[name].append(result)
                wall, cpu, peak = result
                print(
                    f"round {i + 1} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {peak:.0f} MB peak"
                )
        medians = {
            name: tuple(statistics.median(r[k] for r in rs) for k in range(3))
            for name, rs in runs.items()
        }
        for name, (wall, cpu, peak) in medians.items():
            print(f"median {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {peak:.0f} MB peak")
        print(
            f"new/base: {medians['new'][0] / medians['base'][0]:.2f}x wall, "
            f"{medians['new'][1] / medians['base'][1]:.2f}x CPU"
        )
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
