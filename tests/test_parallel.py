"""Worker processes and progress: the deck is the same however many processes read the notes."""

from __future__ import annotations

import dataclasses
import gc
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ImportedCard

from deckgen import BuildError, BuildOptions, build, pipeline
from deckgen.cli import main
from deckgen.notes import NoteFile
from deckgen.progress import TerminalProgress, bar_line

STAMP = 1_700_000_000


def river_note(i: int) -> str:
    """A small wiki-format note with a few facts, different for each ``i``."""
    second = f"00:01:{i % 60:02d}"
    anchor = f'<a class="yt-timestamp" data-t="{second}">[{second}]</a>'
    return (
        f"---\ntitle: River survey {i}\nvideoId: Riv{i:08d}\ntags: [rivers]\n---\n\n"
        "From: [[field_hydrology]] <br/>\n\n"
        "## Course\n\n"
        "*   **Length**\n"
        f"    The surveyed river number {i} runs for {120 + i} km from its spring to the sea "
        f"{anchor}.\n"
        "*   **Water**\n"
        f"    About {10 + i % 80}% of its summer flow comes from melting snow in the hills "
        f"{anchor}.\n\n"
        "## Landforms\n\n"
        f"A meander scar number {i} is a curved hollow left where the channel once bent "
        f"{anchor}. Its oxbow lake dried up after {3 + i % 20} years of drought {anchor}.\n"
    )


@pytest.fixture
def rivers(notes_dir: Path) -> Path:
    """Forty notes in two folders: enough for two worker processes."""
    for i in range(40):
        folder = notes_dir / ("upland" if i % 2 else "lowland")
        folder.mkdir(exist_ok=True)
        (folder / f"river_{i:02d}.md").write_text(river_note(i), encoding="utf-8")
    return notes_dir


def build_to(notes: Path, out: Path, **options: object) -> bytes:
    build(BuildOptions(paths=(str(notes),), output=str(out), timestamp=STAMP, **options))  # type: ignore[arg-type]
    return out.read_bytes()


def test_one_worker_or_several_write_the_same_bytes(rivers: Path, tmp_path: Path) -> None:
    one = build_to(rivers, tmp_path / "one" / "deck.apkg", workers=1, cache=False)
    two = build_to(rivers, tmp_path / "two" / "deck.apkg", workers=2, cache=False)
    three = build_to(rivers, tmp_path / "three" / "deck.apkg", workers=3, cache=False)
    assert one == two == three


def test_notes_are_shared_between_worker_processes(
    rivers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    original = pipeline.process_note

    def recording(file: NoteFile, *rest: Any) -> object:
        (pids / str(os.getpid())).touch()
        return original(file, *rest)

    monkeypatch.setattr(pipeline, "process_note", recording)  # forked workers inherit it
    build_to(rivers, tmp_path / "deck.apkg", workers=2, cache=False)
    readers = {int(p.name) for p in pids.iterdir()}
    assert len(readers) == 2
    assert os.getpid() not in readers


def test_a_dead_worker_leaves_its_notes_to_the_main_process(
    rivers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = build_to(rivers, tmp_path / "one.apkg", workers=1, cache=False)
    parent = os.getpid()
    original = pipeline.process_note

    def dies_in_worker(file: NoteFile, *rest: Any) -> object:
        if os.getpid() != parent and file.path.name == "river_07.md":
            (tmp_path / "died").touch()
            os._exit(1)  # as if the system killed the worker
        return original(file, *rest)

    monkeypatch.setattr(pipeline, "process_note", dies_in_worker)
    assert build_to(rivers, tmp_path / "two.apkg", workers=2, cache=False) == expected
    assert (tmp_path / "died").exists()


def test_the_same_cards_and_reports_from_workers(rivers: Path, tmp_path: Path) -> None:
    def run(workers: int) -> object:
        return build(BuildOptions(paths=(str(rivers),), workers=workers, cache=False, write=False))

    one, two = run(1), run(2)
    assert [c.guid for c in one.cards] == [c.guid for c in two.cards]  # type: ignore[attr-defined]
    assert one.notes == two.notes  # type: ignore[attr-defined]
    assert one.decisions == two.decisions  # type: ignore[attr-defined]
    assert len(one.cards) >= 40  # type: ignore[attr-defined]


def test_deck_built_by_workers_imports_into_anki(
    rivers: Path, tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    out = tmp_path / "deck.apkg"
    build_to(rivers, out, workers=2, cache=False)
    cards = anki_import(out)
    lengths = [c for c in cards if "137 km" in c.answer]
    assert len(lengths) == 1
    assert "137 km" not in lengths[0].question
    assert "watch?v=Riv00000017&t=77s" in lengths[0].answer


def test_progress_counts_every_note_then_the_later_stages(rivers: Path, tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    build(
        BuildOptions(
            paths=(str(rivers),),
            output=str(tmp_path / "deck.apkg"),
            workers=2,
            progress=lambda *call: calls.append(call),
        )
    )
    reading = [c for c in calls if c[0] == "notes"]
    assert [done for _, done, _ in reading] == list(range(1, 41))
    assert {total for _, _, total in reading} == {40}
    assert [c[0] for c in calls[len(reading) :]] == ["cards", "package"]


def test_terminal_bar_waits_draws_and_erases() -> None:
    stream = io.StringIO()
    bar = TerminalProgress(stream, delay=0)
    bar("notes", 5, 10)
    bar("notes", 10, 10)  # the last note is always drawn
    assert stream.getvalue().endswith(bar_line("notes", 10, 10))
    bar("cards", 0, 1)  # a new stage is drawn at once, over the longer line before it
    assert stream.getvalue().endswith(
        "\rMaking cards..." + " " * (len(bar_line("notes", 10, 10)) - 15)
    )
    bar.close()
    assert stream.getvalue().endswith("\r")

    quiet_stream = io.StringIO()
    slow = TerminalProgress(quiet_stream, delay=60)
    slow("notes", 1, 10)
    slow.close()
    assert quiet_stream.getvalue() == ""  # a quick build shows no bar


def test_bar_line_shape() -> None:
    assert bar_line("notes", 15, 30) == "Reading notes [" + "#" * 15 + "." * 15 + "] 15/30"
    assert bar_line("package", 0, 1) == "Writing the deck..."


def test_cli_workers_flag(rivers: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "deck.apkg"
    result = runner.invoke(main, ["build", str(rivers), "-o", str(out), "--workers", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert result.output == ""  # --quiet, and no bar when stderr is not a terminal

    bad = runner.invoke(main, ["build", str(rivers), "-o", str(out), "--workers", "0"])
    assert bad.exit_code == 2
    assert "--workers" in bad.output


def test_build_restores_the_garbage_collector(rivers: Path, tmp_path: Path) -> None:
    assert gc.isenabled()
    build_to(rivers, tmp_path / "deck.apkg", workers=1)
    assert gc.isenabled()
    with pytest.raises(BuildError):
        build(BuildOptions(paths=(str(tmp_path / "missing"),), output=str(tmp_path / "x.apkg")))
    assert gc.isenabled()
    gc.disable()
    try:
        build_to(rivers, tmp_path / "deck.apkg", workers=1)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_without_decisions_writes_the_same_deck(
    rivers: Path, tmp_path: Path, workers: int
) -> None:
    with_them = build_to(rivers, tmp_path / "a.apkg", workers=workers, cache=False)
    result = build(
        BuildOptions(
            paths=(str(rivers),),
            output=str(tmp_path / "b.apkg"),
            timestamp=STAMP,
            workers=workers,
            cache=False,
            decisions=False,
        )
    )
    assert (tmp_path / "b.apkg").read_bytes() == with_them
    assert result.decisions == []
    assert all(n.cards for n in result.notes)


def test_the_cache_keeps_decisions_for_a_later_explain(rivers: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    options = BuildOptions(paths=(str(rivers),), output=str(out), workers=2, decisions=False)
    assert build(options).decisions == []
    cached = build(dataclasses.replace(options, decisions=True))
    fresh = build(
        dataclasses.replace(options, decisions=True, cache=False, output=None, write=False)
    )
    assert cached.decisions == fresh.decisions
    assert len(cached.decisions) > 40
    # Decisions and cards still share their sentences (--explain and previews match them by id).
    accepted = {id(d.sentence) for _, d in cached.decisions if d.accepted}
    assert {id(c.fact.sentence) for c in cached.cards} <= accepted


def test_explain_lists_sentences_the_quiet_build_cached(rivers: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "deck.apkg")
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(rivers), "-o", out, "-q"]).exit_code == 0
    explained = runner.invoke(main, ["build", str(rivers), "-o", out, "--explain"])
    assert explained.exit_code == 0
    assert "CARD" in explained.stdout
    assert "meander scar number 7" in explained.stdout
