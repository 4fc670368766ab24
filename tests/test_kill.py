"""No broken deck, ever: a build killed at any moment leaves the previous deck whole.

``deckgen build`` runs in a subprocess over a large generated folder and is killed with SIGKILL
at random moments, at random moments while it writes the package, and the moment the file at
the output path changes. After
every kill the deck at the output path must still be a readable zip whose collection opens in
sqlite with every note, and the last one must import into Anki. A write that touched the deck's
own path before the new deck was whole (no temporary file and rename) fails this test.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ImportedCard

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

RANDOM_KILLS = 5
MID_WRITE_KILLS = 4
OUTPUT_CHANGE_KILLS = 3
SEED = 6


def write_notes(folder: Path, count: int) -> None:
    """``count`` notes in the wiki format, each with several facts worth a card."""
    rng = random.Random(SEED)
    places = ["Harbour", "Ridge", "Delta", "Mesa", "Fjord", "Steppe", "Atoll", "Moor"]
    for i in range(count):
        place = f"{rng.choice(places)} {i}"
        lines = [
            "---",
            f"title: Weather at {place}",
            f"videoId: Kill{i:07d}",
            "tags: [weather, stations]",
            "---",
            "",
            "From: [[field_stations]] <br/>",
            "",
            "## Records",
            "",
        ]
        for j in range(12):
            seconds = 60 * j + rng.randrange(60)
            stamp = f"00:{seconds // 60:02d}:{seconds % 60:02d}"
            amount = rng.randrange(2, 900)
            unit = rng.choice(["mm of rain", "km per hour", "metres of snow", "hours of sun"])
            lines.append(
                f"*   **Record {j}**: The station at {place} logged {amount} {unit} in "
                f'week {j + 1} <a class="yt-timestamp" data-t="{stamp}">[{stamp}]</a>.'
            )
        (folder / f"station-{i:04d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def start_build(notes: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "deckgen", "build", str(notes), "-o", str(out), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def notes_in(deck: Path, scratch: Path) -> int:
    """The notes in a package's collection; fails if the package or collection is broken."""
    with zipfile.ZipFile(deck) as package:
        assert package.testzip() is None
        package.extract("collection.anki2", scratch)
    db = scratch / "collection.anki2"
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("pragma integrity_check").fetchone() == ("ok",)
        (count,) = connection.execute("select count(*) from notes").fetchone()
    finally:
        connection.close()
    db.unlink()
    return int(count)


def kill_when(
    process: subprocess.Popen[bytes], ready: Callable[[], bool], limit: float, delay: float = 0.0
) -> None:
    """SIGKILL ``process`` ``delay`` seconds after ``ready()`` (or once ``limit`` seconds pass),
    then reap it."""
    deadline = time.monotonic() + limit
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.0005)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def test_killing_a_build_never_leaves_a_broken_deck(
    tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    write_notes(notes, 250)
    decks = tmp_path / "decks"
    decks.mkdir()
    out = decks / "weather.apkg"
    scratch = tmp_path / "scratch"
    scratch.mkdir()

    def temporary_files() -> list[Path]:
        return [p for p in decks.iterdir() if p.name.startswith(".deckgen-") and p.is_file()]

    def writing() -> bool:
        return bool(temporary_files())

    def start() -> subprocess.Popen[bytes]:
        # A killed build cannot remove its temporary files; clear them so that "writing" means
        # this build is writing.
        for leftover in temporary_files():
            leftover.unlink()
        return start_build(notes, out)

    def output_changed(before: os.stat_result) -> Callable[[], bool]:
        def changed() -> bool:
            now = out.stat()
            return (now.st_ino, now.st_size, now.st_mtime_ns) != (
                before.st_ino,
                before.st_size,
                before.st_mtime_ns,
            )

        return changed

    # The first build, timed: the whole of it, and the part spent writing the package.
    started = time.monotonic()
    first = start_build(notes, out)
    while first.poll() is None and not writing():
        time.sleep(0.0005)
    write_started = time.monotonic()
    assert first.wait(timeout=300) == 0
    full = time.monotonic() - started
    write_phase = max(time.monotonic() - write_started, 0.01)
    expected = notes_in(out, scratch)
    assert expected >= 250

    rng = random.Random(SEED)
    for _ in range(RANDOM_KILLS):  # anywhere in the build
        kill_when(start(), lambda: False, rng.uniform(0, full * 1.1))
        assert notes_in(out, scratch) == expected
    for _ in range(MID_WRITE_KILLS):  # while the package is being written
        delay = rng.uniform(0, write_phase)
        kill_when(start(), writing, full * 3, delay)
        assert notes_in(out, scratch) == expected
    for _ in range(OUTPUT_CHANGE_KILLS):  # the moment anything touches the deck's own path
        kill_when(start(), output_changed(out.stat()), full * 3)
        assert notes_in(out, scratch) == expected

    cards = anki_import(out)
    assert len({card.guid for card in cards}) == expected

    # The next whole build removes what killed builds left, and not a running build's files.
    dead = decks / ".deckgen-999999999-x1y2z3.anki2"  # beyond any pid Linux gives out
    dead.write_bytes(b"left by a killed build")
    running = decks / f".deckgen-{os.getpid()}-a1b2c3.apkg"
    running.write_bytes(b"being written")
    assert start_build(notes, out).wait(timeout=300) == 0
    assert temporary_files() == [running]
