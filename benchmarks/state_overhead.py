"""What the state file costs a build: ``deckgen build`` with and without it, on a large corpus.

Each build runs in its own process (as ``deckgen build`` does); the runs of the different cases
are interleaved, so that a busy machine slows them all alike, and the script reports the median
and the minimum wall and CPU time of each, with the change from ``no state``. The cases:

- ``no state``: ``BuildOptions(state=False)``: no state file read or written;
- ``first``: no state file yet; the build writes one;
- ``unchanged``: a state file from the same notes (the package comes out byte-identical);
- ``edited``: a state file from before every ``--edit-every``-th note had a word changed in each
  of its lines (needs a writable copy of the notes, made in a temporary folder).

It also times the state steps alone, in this process: reading the file, matching and planning,
and writing it.

Usage::

    python benchmarks/state_overhead.py /work/shared/bench/tubegraph --runs 3
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = ("no state", "first", "unchanged", "edited")


def child(notes: str, out: str, state: bool) -> None:
    """One build, in this (child) process."""
    from deckgen import BuildOptions, build

    build(BuildOptions(paths=(notes,), output=out, state=state))


def run_build(notes: Path, out: Path, state: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one build in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--child", str(notes), str(out), "1" if state else "0"],
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def stat_of(runs: list[tuple[float, float]], stat: str) -> tuple[float, float]:
    """The median or the minimum of the wall times and of the CPU times of some runs."""
    pick = statistics.median if stat == "median" else min
    return pick(w for w, _ in runs), pick(c for _, c in runs)


def state_file(out: Path) -> Path:
    from deckgen.state import state_path

    return state_path(out)


def edit_copy(source: Path, target: Path, every: int) -> int:
    """Copy the notes to ``target``, changing one word ("the" → "teh") on every line of every
    ``every``-th note (in path order); return how many notes were edited."""
    shutil.copytree(source, target)
    edited = 0
    for i, path in enumerate(sorted(target.rglob("*.md"))):
        if i % every == 0:
            text = path.read_text(encoding="utf-8", errors="replace")
            path.write_text(re.sub(r"\bthe\b", "teh", text, count=0), encoding="utf-8")
            edited += 1
    return edited


def time_state_steps(notes: Path, out: Path) -> dict[str, float]:
    """Seconds spent in each state step, for a rebuild with an unchanged state file."""
    from deckgen import BuildOptions, build
    from deckgen.package import model_checksum
    from deckgen.state import load_state, plan_update, save_state

    result = build(BuildOptions(paths=(str(notes),), output=str(out), write=False))
    path = state_file(out)
    t0 = time.perf_counter()
    previous, _ = load_state(path)
    t1 = time.perf_counter()
    update = plan_update(
        result.cards, previous, now=int(time.time()), model_checksum=model_checksum()
    )
    t2 = time.perf_counter()
    copy = path.with_name("timing-" + path.name)
    save_state(copy, update.state)
    t3 = time.perf_counter()
    copy.unlink()
    return {
        "cards": len(result.cards),
        "state file MB": path.stat().st_size / 1e6,
        "read": t1 - t0,
        "match and plan": t2 - t1,
        "write": t3 - t2,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notes", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edit-every", type=int, default=20)
    if sys.argv[1:2] == ["--child"]:
        _, notes, out, state = sys.argv[1:5]
        child(notes, out, state == "1")
        return
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        edited_notes = work / "edited-notes"
        n_edited = edit_copy(args.notes, edited_notes, args.edit_every)
        plain_out = work / "plain" / "Bench.apkg"
        plain_out.parent.mkdir()
        first_out = work / "first" / "Bench.apkg"
        first_out.parent.mkdir()
        same_out = work / "same" / "Bench.apkg"
        same_out.parent.mkdir()
        edit_out = work / "edit" / "Bench.apkg"
        edit_out.parent.mkdir()
        run_build(args.notes, same_out, True)  # the state file the "unchanged" case starts from
        original_state = state_file(same_out).read_bytes()
        original_package = same_out.read_bytes()
        identical = True
        times: dict[str, list[tuple[float, float]]] = {case: [] for case in CASES}
        for run in range(args.runs):
            times["no state"].append(run_build(args.notes, plain_out, False))
            state_file(first_out).unlink(missing_ok=True)
            times["first"].append(run_build(args.notes, first_out, True))
            times["unchanged"].append(run_build(args.notes, same_out, True))
            identical = identical and same_out.read_bytes() == original_package
            state_file(edit_out).write_bytes(original_state)
            times["edited"].append(run_build(edited_notes, edit_out, True))
            print(f"run {run + 1}: " + ", ".join(f"{c} {times[c][-1][0]:.1f}s" for c in CASES))
        print(f"\n{args.notes}: {args.runs} runs; 'edited' changed {n_edited} notes")
        print(f"'unchanged' packages byte-identical to the first build: {identical}")
        base = {stat: stat_of(times["no state"], stat) for stat in ("median", "min")}
        heads = ("wall median", "wall min", "CPU median", "CPU min")
        print(f"{'case':<10} " + "  ".join(f"{h:<14}" for h in heads))
        for case in CASES:
            cells = []
            for kind in (0, 1):
                for stat in ("median", "min"):
                    value = stat_of(times[case], stat)[kind]
                    change = 100 * (value / base[stat][kind] - 1)
                    cells.append(f"{value:6.2f}s {change:+5.1f}%")
            print(f"{case:<10} " + "  ".join(cells))
        steps = time_state_steps(args.notes, same_out)
        print(
            "\nstate steps alone (unchanged notes): "
            + ", ".join(
                f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in steps.items()
            )
        )


if __name__ == "__main__":
    main()
