"""Time and memory of ``deckgen build`` on a real-size folder of notes, against the speed floor.

Usage::

    python benchmarks/bench.py BENCH_DIR [--sizes 250,500,1000,all] [--workers N] [--repeat R]
                               [--check-identical]

``BENCH_DIR`` is a folder of notes with ``floor.py`` beside it (``/work/shared/bench/tubegraph``
in the project's workspace; the repository never holds the notes). For each size the script
makes a temporary folder of symbolic links to an evenly spread, deterministic choice of that many
notes (every k-th in path order), then measures, each in its own process:

- ``deckgen build`` with no cache: wall time, CPU time, notes/s, cards/s, peak memory;
- the floor (``floor.py NOTES_DIR N OUT.apkg``: read every note, write N cloze notes with
  genanki), N being the number of Anki notes the build wrote; and the build's ratio to it, in
  wall time ("x floor") and in CPU time ("cpu x fl", less disturbed by other work on the machine).

For the largest size it then measures rebuilds with the cache: the first (cold) build, a rebuild
with nothing changed, and a rebuild after one note changed; and it compares the package's size with
what genanki's default writer (an uncompressed collection) gives for the same notes. With
``--check-identical`` it also builds that size with one worker and with two, at a fixed
timestamp, and compares the packages' bytes.

Every process runs with a bytecode cache (``PYTHONPYCACHEPREFIX`` in the temporary folder, and
``PYTHONDONTWRITEBYTECODE`` unset), warmed before the first measurement, as an installed deckgen
has: without one, each ``deckgen build`` compiles deckgen's source again (about 0.2 s), while the
floor's libraries were compiled when pip installed them. ``--no-bytecode-cache`` measures
without it.

Peak memory is sampled every 20 ms as the sum of the resident set sizes of the build's process
and its worker processes (pages shared after ``fork`` are counted once per process, so this is an
upper bound); "1 proc" is the largest single process (from ``wait4``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

SIZES = "250,500,1000,all"


@dataclass(frozen=True)
class Run:
    """One measured process."""

    wall: float
    """Seconds from start to exit."""
    cpu: float
    """User plus system seconds of the process and its children."""
    peak_rss: int
    """Bytes: the largest sampled sum of resident memory over the process tree."""
    max_rss: int
    """Bytes: the largest resident memory of any one process of the tree."""
    stdout: str


def main() -> None:
    """Parse the arguments, run every measurement, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench_dir", type=Path, help="folder of notes, with floor.py beside it")
    parser.add_argument("--sizes", default=SIZES, help=f"note counts to build (default {SIZES})")
    parser.add_argument("--workers", default=None, help="--workers for deckgen (default: its own)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest counts")
    parser.add_argument("--floor", type=Path, help="floor.py (default: beside BENCH_DIR)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="run as the environment says (PYTHONDONTWRITEBYTECODE=1 recompiles every run)",
    )
    parser.add_argument(
        "--check-identical",
        action="store_true",
        help="also build the largest size with 1 and with 2 workers and compare the bytes",
    )
    args = parser.parse_args()

    bench_dir = args.bench_dir.resolve()
    floor = (args.floor or bench_dir.parent / "floor.py").resolve()
    notes = note_files(bench_dir)
    if not notes:
        sys.exit(f"no *.md notes under {bench_dir}")
    sizes = [len(notes) if s == "all" else min(int(s), len(notes)) for s in args.sizes.split(",")]
    workers = ["--workers", args.workers] if args.workers else []

    print(machine_line())
    print(f"bench: {bench_dir} ({len(notes)} notes); workers: {args.workers or 'default'}\n")
    work = Path(tempfile.mkdtemp(prefix="deckgen-bench-"))
    if not args.no_bytecode_cache:
        use_bytecode_cache(work / "pycache")
    print(f"bytecode cache: {'off' if args.no_bytecode_cache else 'on (warmed)'}\n")
    try:
        rows = [measure_size(work, bench_dir, notes, n, floor, workers, args.repeat) for n in sizes]
        print_size_table(rows)
        print()
        largest = max(sizes)
        measure_rebuilds(work, bench_dir, notes, largest, workers)
        print()
        measure_package_size(work / f"build-{largest}.apkg")
        if args.check_identical:
            check_identical(work / f"notes-{largest}" / bench_dir.name, work)
    finally:
        if args.keep:
            print(f"\nkept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def machine_line() -> str:
    """CPU model, core count and memory of this machine, and the Python version."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = f", {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.1f} GiB"
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average " + " ".join(f"{n:.2f}" for n in os.getloadavg())
    python = ".".join(map(str, sys.version_info[:3]))
    return f"machine: {model}, {os.cpu_count()} cores{memory}{load}; Python {python}"


ENVIRONMENT = dict(os.environ)
"""The environment every measured process runs in."""


def use_bytecode_cache(folder: Path) -> None:
    """Let every measured process keep compiled bytecode in ``folder``, and compile it now."""
    ENVIRONMENT.pop("PYTHONDONTWRITEBYTECODE", None)
    ENVIRONMENT["PYTHONPYCACHEPREFIX"] = str(folder)
    warm = "import deckgen.cli, genanki, frontmatter"
    subprocess.run([sys.executable, "-c", warm], env=ENVIRONMENT, check=True)


def note_files(folder: Path) -> list[Path]:
    """Every ``*.md`` under ``folder`` outside hidden folders, relative, in path order."""
    found = []
    for path in folder.rglob("*.md"):
        relative = path.relative_to(folder)
        if not any(part.startswith(".") for part in relative.parts):
            found.append(relative)
    return sorted(found, key=lambda p: p.as_posix())


def choose(notes: list[Path], n: int) -> list[Path]:
    """``n`` notes spread evenly over the list: always the same ones for the same list."""
    return [notes[i * len(notes) // n] for i in range(n)]


def link_subset(work: Path, bench_dir: Path, notes: list[Path], n: int) -> Path:
    """A folder of symbolic links to ``n`` of the notes, keeping their relative paths."""
    folder = work / f"notes-{n}" / bench_dir.name
    for relative in choose(notes, n):
        link = folder / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(bench_dir / relative)
    return folder


def run(command: list[str]) -> Run:
    """Run a command, sampling the memory of its process tree; fail loudly if it fails."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=ENVIRONMENT)
        sampler = _MemorySampler(process.pid)
        sampler.start()
        # wait4 gives the usage of this process and of the workers it waited for.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode not in (0, 3):
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, max(sampler.peak, usage.ru_maxrss * 1024), usage.ru_maxrss * 1024, stdout)


class _MemorySampler:
    """Samples the summed RSS of a process and its descendants on a background thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, _tree_rss(self.pid))
            self._done.wait(0.02)


def _tree_rss(pid: int) -> int:
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        pending.extend(int(c) for c in children)
    return total


def deckgen(paths: Path, out: Path, *extra: str) -> list[str]:
    """The command line of a quiet ``deckgen build``."""
    return [sys.executable, "-m", "deckgen", "build", str(paths), "-o", str(out), "-q", *extra]


def count_notes(apkg: Path) -> tuple[int, int]:
    """Anki notes and cards in a package."""
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(apkg) as zf:
            zf.extract("collection.anki2", tmp)
        conn = sqlite3.connect(Path(tmp) / "collection.anki2")
        try:
            notes = conn.execute("select count(*) from notes").fetchone()[0]
            cards = conn.execute("select count(*) from cards").fetchone()[0]
        finally:
            conn.close()
    return notes, cards


@dataclass(frozen=True)
class SizeRow:
    notes: int
    anki_notes: int
    anki_cards: int
    build: Run
    floor: Run


def measure_size(
    work: Path,
    bench_dir: Path,
    notes: list[Path],
    n: int,
    floor: Path,
    workers: list[str],
    repeat: int,
) -> SizeRow:
    """A cold build of ``n`` notes (no cache), then the floor for the same number of notes."""
    folder = link_subset(work, bench_dir, notes, n)
    out = work / f"build-{n}.apkg"
    build = min(
        (run(deckgen(folder, out, "--no-cache", *workers)) for _ in range(repeat)),
        key=lambda r: r.wall,
    )
    anki_notes, anki_cards = count_notes(out)
    floor_out = work / f"floor-{n}.apkg"
    command = [sys.executable, str(floor), str(folder), str(anki_notes), str(floor_out)]
    floor_run = min((run(command) for _ in range(repeat)), key=lambda r: r.wall)
    print(
        f"  {n} notes: build {build.wall:.2f} s ({build.cpu:.2f} s CPU), floor "
        f"{floor_run.wall:.2f} s ({floor_run.cpu:.2f} s CPU; it says {floor_run.stdout.strip()}); "
        f"load average now {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    return SizeRow(n, anki_notes, anki_cards, build, floor_run)


def print_size_table(rows: list[SizeRow]) -> None:
    """The table of cold builds, with per-note costs and the 21,000-note extrapolation."""
    print()
    header = (
        f"{'notes':>6} {'anki':>6} {'cards':>6} {'wall s':>7} {'cpu s':>6} {'notes/s':>8} "
        f"{'cards/s':>8} {'peak MB':>8} {'1proc MB':>8} {'floor s':>7} {'x floor':>7} "
        f"{'cpu x fl':>8} {'ms/note':>7} {'MB/knote':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        b = r.build
        print(
            f"{r.notes:>6} {r.anki_notes:>6} {r.anki_cards:>6} {b.wall:>7.2f} {b.cpu:>6.2f} "
            f"{r.notes / b.wall:>8.1f} {r.anki_cards / b.wall:>8.1f} {b.peak_rss / 2**20:>8.0f} "
            f"{b.max_rss / 2**20:>8.0f} {r.floor.wall:>7.2f} {b.wall / r.floor.wall:>7.2f} "
            f"{b.cpu / r.floor.cpu:>8.2f} {1000 * b.wall / r.notes:>7.2f} "
            f"{b.peak_rss / 2**20 / r.notes * 1000:>8.1f}"
        )
    if len(rows) >= 2:
        small, large = min(rows, key=lambda r: r.notes), max(rows, key=lambda r: r.notes)
        # Marginal cost between the smallest and largest runs: start-up cost cancels out.
        dn = large.notes - small.notes
        time_per_note = (large.build.wall - small.build.wall) / dn
        rss_per_note = (large.build.peak_rss - small.build.peak_rss) / dn
        at = 21_000
        time_at = large.build.wall + time_per_note * (at - large.notes)
        rss_at = large.build.peak_rss + rss_per_note * (at - large.notes)
        print(
            f"\nmarginal cost {small.notes}->{large.notes} notes: {1000 * time_per_note:.2f} ms and "
            f"{rss_per_note / 1024:.1f} KiB per note; extrapolated to {at} notes: "
            f"{time_at:.0f} s, {rss_at / 2**30:.2f} GiB peak"
        )


def measure_rebuilds(
    work: Path, bench_dir: Path, notes: list[Path], n: int, workers: list[str]
) -> None:
    """Cold build with the cache, rebuild with nothing changed, rebuild after one note changed."""
    folder = work / f"notes-{n}" / bench_dir.name
    out = work / "cached" / "deck.apkg"
    out.parent.mkdir()
    cold = run(deckgen(folder, out, *workers))
    same = run(deckgen(folder, out, *workers))
    changed = change_one_note(folder, notes[len(notes) // 2])
    one = run(deckgen(folder, out, *workers))
    print(f"rebuilds of {n} notes with the cache ({out.parent / '.deckgen' / out.stem / 'cache'}):")
    print(f"  cold (empty cache)     {cold.wall:7.2f} s")
    print(f"  nothing changed        {same.wall:7.2f} s  ({same.wall / cold.wall:.0%} of cold)")
    print(
        f"  one note changed       {one.wall:7.2f} s  ({one.wall / cold.wall:.0%} of cold; "
        f"{changed})"
    )


def change_one_note(folder: Path, relative: Path) -> Path:
    """Replace one linked note by an edited copy (a word changed in its last line)."""
    link = folder / relative
    if not link.exists():  # not in the subset: take the subset's middle note
        links = sorted(p for p in folder.rglob("*.md"))
        link = links[len(links) // 2]
    text = link.read_text(encoding="utf-8", errors="replace")
    link.unlink()
    link.write_text(text.rstrip("\n") + "\n\nThe bench changed this note at 42 percent.\n")
    return link.relative_to(folder)


def check_identical(folder: Path, work: Path) -> None:
    """Build with one worker and with two (no cache, a fixed timestamp) and compare the bytes."""
    digests = []
    for workers in (1, 2):
        out = work / f"identical-{workers}.apkg"
        code = (
            "import sys; from deckgen import BuildOptions, build; "
            f"build(BuildOptions(paths=({str(folder)!r},), output={str(out)!r}, "
            f"workers={workers}, cache=False, timestamp=1_700_000_000))"
        )
        run([sys.executable, "-c", code])
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    verdict = "identical" if digests[0] == digests[1] else "DIFFERENT"
    print(
        f"1 worker vs 2 workers, same timestamp: {verdict} ({digests[0][:16]}, {digests[1][:16]})"
    )


def measure_package_size(apkg: Path) -> None:
    """Our package's size against genanki's default writer for the same notes and note type."""
    import genanki

    from deckgen.package import model

    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(apkg) as zf:
            zf.extract("collection.anki2", tmp)
        conn = sqlite3.connect(Path(tmp) / "collection.anki2")
        try:
            rows = conn.execute("select guid, flds, tags from notes order by id").fetchall()
        finally:
            conn.close()
        note_type = model()
        deck = genanki.Deck(1, "bench")
        for guid, fields, tags in rows:
            deck.add_note(
                genanki.Note(
                    model=note_type, fields=fields.split("\x1f"), tags=tags.split(), guid=guid
                )
            )
        default = Path(tmp) / "genanki-default.apkg"
        genanki.Package(deck).write_to_file(default)
        ours, theirs = apkg.stat().st_size, default.stat().st_size
    print(
        f"package of {len(rows)} notes: deckgen {ours / 1e6:.2f} MB, genanki default "
        f"{theirs / 1e6:.2f} MB: {ours / theirs:.0%} of it"
    )


if __name__ == "__main__":
    main()
