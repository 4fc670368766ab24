"""Kill ``deckgen build`` at random moments and check the deck left behind is always whole.

    python benchmarks/kill_build.py NOTES_DIR [--kills 20] [--seed 6] [--out DIR]

Builds NOTES_DIR once (timing the whole build and its package-writing part), then starts the
build again and again, killing it with SIGKILL: at a random moment of the whole build, at a
random moment while it writes the package, or the moment the file at the output path changes.
After every kill the deck must be a zip whose collection passes sqlite's integrity check and
holds every note of the first build. Prints one line per kill and a summary; exits 1 on any
broken deck.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path


def notes_in(deck: Path, scratch: Path) -> int:
    """Notes in a package's collection; raises if the package or its collection is broken."""
    with zipfile.ZipFile(deck) as package:
        if package.testzip() is not None:
            raise ValueError("corrupt zip member")
        package.extract("collection.anki2", scratch)
    connection = sqlite3.connect(scratch / "collection.anki2")
    try:
        if connection.execute("pragma integrity_check").fetchone() != ("ok",):
            raise ValueError("collection fails sqlite's integrity check")
        (count,) = connection.execute("select count(*) from notes").fetchone()
    finally:
        connection.close()
    (scratch / "collection.anki2").unlink()
    return int(count)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--out", help="folder for the deck (default: a temporary folder)")
    args = parser.parse_args()
    folder = Path(args.out or tempfile.mkdtemp(prefix="deckgen-kill-"))
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "killed.apkg"
    scratch = Path(tempfile.mkdtemp(prefix="deckgen-kill-scratch-"))
    # Without the cache every build reads every note, so kills land in every stage.
    command = [
        sys.executable,
        "-m",
        "deckgen",
        "build",
        args.notes,
        "-o",
        str(out),
        "-q",
        "--no-cache",
    ]

    def temporary_files() -> list[Path]:
        return [p for p in folder.iterdir() if p.name.startswith(".deckgen-") and p.is_file()]

    def start() -> subprocess.Popen[bytes]:
        for leftover in temporary_files():
            leftover.unlink()
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = time.monotonic()
    first = start()
    while first.poll() is None and not temporary_files():
        time.sleep(0.0005)
    write_started = time.monotonic()
    if first.wait() not in (0, 3):
        print("the first build failed", file=sys.stderr)
        return 1
    full = time.monotonic() - started
    writing = max(time.monotonic() - write_started, 0.01)
    expected = notes_in(out, scratch)
    print(f"full build {full:.1f} s, writing {writing:.2f} s, {expected} notes in the deck")

    rng = random.Random(args.seed)
    broken = 0
    for n in range(args.kills):
        kind = ("anywhere", "mid-write", "output change")[n % 3]
        before = out.stat()
        process = start()
        t0 = time.monotonic()
        if kind == "anywhere":
            moment = rng.uniform(0, full * 1.1)
            while process.poll() is None and time.monotonic() - t0 < moment:
                time.sleep(0.001)
        elif kind == "mid-write":
            while process.poll() is None and not temporary_files():
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, writing))
        else:
            while process.poll() is None:
                now = out.stat()
                if (now.st_ino, now.st_size, now.st_mtime_ns) != (
                    before.st_ino,
                    before.st_size,
                    before.st_mtime_ns,
                ):
                    break
                time.sleep(0.0005)
        finished = process.poll() is not None
        if not finished:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        at = time.monotonic() - t0
        try:
            count = notes_in(out, scratch)
            verdict = "ok" if count == expected else f"BROKEN: {count} notes"
        except (OSError, ValueError, zipfile.BadZipFile, sqlite3.Error, KeyError) as err:
            verdict = f"BROKEN: {err}"
        broken += verdict != "ok"
        state = "finished before the kill" if finished else f"killed at {at:.2f} s"
        print(f"{n + 1:3d} {kind:13} {state:26} deck {verdict}", flush=True)
    print(f"{args.kills} runs, {broken} broken decks")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
