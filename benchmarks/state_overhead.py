"""What the state file costs a build: ``deckgen build`` with and without it, on a large corpus.

Each build runs in its own process (as ``deckgen build`` does); the runs of the different cases
are interleaved, so that a busy machine slows them all alike, and the script reports the median
and the minimum wall and CPU time of each, with the change from ``no state``. The cases:

- ``no state``: ``BuildOptions(state=False)``: no state file read or written;
- ``first``: no state file yet; the build writes one;
- ``unchanged``: a state file from the same notes (the package comes out byte-identical);
- ``edited``: a state file from before every ``--edit-every``-th note had a word changed in each
  of its lines (needs a writable copy of the notes, made in a temporary folder).

Whole builds on a busy machine vary by tens of percent, so it also times the one step whose code
differs, writing the package (stage 5), alone and in this process, without and with the state
file: the difference is what the state file costs a build.

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
from dataclasses import replace
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


def time_write_step(notes: Path, plain_out: Path, same_out: Path, runs: int) -> dict[str, float]:
    """CPU seconds of the package-writing step (stage 5), alone, without and with the state file.

    Every stage before it runs the same code in both cases, so the difference between the two is
    all that the state file costs; measured in one process, it is far less noisy than whole builds.
    """
    from deckgen import BuildOptions, build
    from deckgen.pipeline import write_deck

    result = build(BuildOptions(paths=(str(notes),), write=False))
    cpu: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(runs):
        for state, out in ((False, plain_out), (True, same_out)):
            fresh = replace(result, cards=list(result.cards), diagnostics=[])
            start = time.process_time()
            write_deck(fresh, BuildOptions(paths=(str(notes),), output=str(out), state=state))
            cpu[state].append(time.process_time() - start)
    return {
        "cards": len(result.cards),
        "state file MB": state_file(same_out).stat().st_size / 1e6,
        "without state (min)": min(cpu[False]),
        "with state (min)": min(cpu[True]),
        "without state (median)": statistics.median(cpu[False]),
        "with state (median)": statistics.median(cpu[True]),
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
        steps = time_write_step(args.notes, plain_out, same_out, args.runs)
        extra = steps["with state (median)"] - steps["without state (median)"]
        print(
            f"\nstage 5 alone ({steps['cards']} cards, state file {steps['state file MB']:.1f} MB),"
            f" CPU: without state {steps['without state (median)']:.2f}s median"
            f" ({steps['without state (min)']:.2f}s min), with state"
            f" {steps['with state (median)']:.2f}s median ({steps['with state (min)']:.2f}s min)"
        )
        build_cpu = stat_of(times["no state"], "median")[1]
        print(
            f"the state file costs {extra:.2f}s CPU per build:"
            f" {100 * extra / build_cpu:.1f}% of a whole build without it ({build_cpu:.1f}s)"
        )


if __name__ == "__main__":
    main()
