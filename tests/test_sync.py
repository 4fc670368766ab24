"""``deckgen sync`` against real ``anki`` collections, directly and through an AnkiConnect stand-in.

The scenario: sync, study the cards, tag one, edit, move and remove facts in the notes, sync
again; deckgen's notes then equal the notes' facts by GUID, reviews are kept, removed facts are
suspended and tagged (or deleted), the user's own notes are untouched, and a sync with nothing
changed changes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from deckgen import BuildOptions
from deckgen.cli import main
from deckgen.package import MODEL_ID
from deckgen.state import state_path
from deckgen.sync import (
    REMOVED_TAG,
    AnkiConnectError,
    AnkiNotRunningError,
    CollectionLockedError,
    CollectionNotFoundError,
    SyncOptions,
    SyncResult,
    sync,
)
from tests.ankiconnect_server import FakeAnkiConnect
from tests.test_reimport import HONEYBEES, NEW_FACT, VOLCANOES, edited_volcanoes

TEPHRA = "Tephra refers to any rock fragment thrown into the air by an eruption."


def new_collection(path: Path) -> int:
    """A collection holding one note of the user's own (Basic); returns its id."""
    from anki.collection import Collection

    path.parent.mkdir(parents=True, exist_ok=True)
    col = Collection(os.fspath(path))
    try:
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"] = "My own card"
        note["Back"] = "Not from deckgen"
        col.add_note(note, 1)
        return int(note.id)
    finally:
        col.close()


class Route:
    """One way to reach the collection: ``direct`` (--collection) or ``ankiconnect``."""

    def __init__(self, kind: str, tmp_path: Path) -> None:
        self.kind = kind
        self.tmp = tmp_path
        self.path = tmp_path / "anki" / "collection.anki2"
        self.own_note = new_collection(self.path)
        self.server: FakeAnkiConnect | None = None

    def start(self) -> None:
        if self.kind == "ankiconnect":
            self.server = FakeAnkiConnect(self.path).__enter__()

    def stop(self) -> None:
        if self.server is not None:
            self.server.__exit__(None, None, None)
            self.server = None

    def sync(self, timestamp: int, *, removed: str = "suspend", dry_run: bool = False) -> Any:
        options = BuildOptions(
            paths=(str(self.tmp / "notes"),),
            output=str(self.tmp / "decks" / "Geo.apkg"),
            deck="Geo",
            timestamp=timestamp,
            workers=1,
        )
        where: dict[str, Any] = (
            {"ankiconnect": self.server.url} if self.server else {"collection": str(self.path)}
        )
        return sync(SyncOptions(build=options, removed=removed, dry_run=dry_run, **where))

    @contextlib.contextmanager
    def col(self) -> Iterator[Any]:
        if self.server is not None:
            yield self.server.col
            return
        from anki.collection import Collection

        col = Collection(os.fspath(self.path))
        try:
            yield col
        finally:
            col.close()


@pytest.fixture(params=["direct", "ankiconnect"])
def route(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Route]:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "volcanoes.md").write_text(VOLCANOES, encoding="utf-8")
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    r = Route(request.param, tmp_path)
    r.start()
    yield r
    r.stop()


def deckgen_notes(col: Any) -> dict[str, tuple[str, str, int]]:
    """Each deckgen note's (Text field, tags, mod), by GUID."""
    rows = col.db.all("select guid, flds, tags, mod from notes where mid = ?", MODEL_ID)
    return {g: (f.split("\x1f")[0], t, m) for g, f, t, m in rows}


def reviews(col: Any) -> dict[tuple[str, int], int]:
    rows = col.db.all(
        "select n.guid, c.ord, (select count() from revlog r where r.cid = c.id) "
        "from cards c join notes n on n.id = c.nid where n.mid = ?",
        MODEL_ID,
    )
    return {(g, o): n for g, o, n in rows}


def suspended(col: Any, guid: str) -> list[bool]:
    return [
        q == -1
        for (q,) in col.db.all(
            "select c.queue from cards c join notes n on n.id = c.nid where n.guid = ?", guid
        )
    ]


def edit_notes(tmp: Path) -> None:
    """Typos fixed (one in a hidden quantity), sections swapped, a file moved, a fact added and
    one removed (Tephra)."""
    notes = tmp / "notes"
    (notes / "volcanoes.md").unlink()
    (notes / "geology").mkdir()
    (notes / "geology" / "inside-a-volcano.md").write_text(edited_volcanoes(), encoding="utf-8")
    bees = HONEYBEES.replace("wagling", "waggling").replace(
        "## The hive\n", f"## The hive\n\n{NEW_FACT}\n"
    )
    (notes / "honeybees.md").write_text(bees, encoding="utf-8")


def test_sync_adds_updates_and_suspends_keeping_history(route: Route, tmp_path: Path) -> None:
    t0 = int(time.time()) - 10_000
    first: SyncResult = route.sync(t0)
    cards = {c.guid: c for c in first.build.cards}
    assert len(first.plan.add) == len(cards) >= 7 and first.plan.note_type
    with route.col() as col:
        assert set(deckgen_notes(col)) == set(cards)
        cids = list(col.find_cards(f"mid:{MODEL_ID}"))
        col.sched.set_due_date(cids, "3")  # study them: each card gets a review-log entry
        waggle = next(g for g, c in cards.items() if "wagling" in c.fact.text)
        col.tags.bulk_add(list(col.find_notes(f"mid:{MODEL_ID}")), "mine")
        # An edit made in Anki to a fact the notes leave alone: newer, so the sync keeps it.
        workers = next(g for g, c in cards.items() if c.fact.text.startswith("Worker bees"))
        edited = col.get_note(col.db.scalar("select id from notes where guid = ?", workers))
        edited["Context"] = "my own context"
        col.update_note(edited)
        history = reviews(col)
        own_before = col.db.first("select mod, flds, tags from notes where id = ?", route.own_note)
    assert history and all(n >= 1 for n in history.values())

    edit_notes(tmp_path)
    t1 = int(time.time()) + 100  # the edits are newer than anything done in Anki
    second: SyncResult = route.sync(t1)
    assert [p.text for p in second.plan.add] == [NEW_FACT]
    assert [p.text for p in second.plan.suspend] == [TEPHRA]
    assert len(second.plan.update) == 3
    assert not second.plan.delete
    with route.col() as col:
        notes = deckgen_notes(col)
        present = {c.guid for c in second.build.cards}
        tephra = next(p.guid for p in second.plan.suspend)
        assert set(notes) == present | {tephra}  # deckgen notes equal the facts, by GUID
        for card in second.build.cards:
            assert notes[card.guid][0] == card.text
        assert (
            col.get_note(col.db.scalar("select id from notes where guid = ?", workers))["Context"]
            == "my own context"
        )
        assert suspended(col, tephra) == [True]
        assert REMOVED_TAG in notes[tephra][1].split()
        for guid in present - {tephra}:
            assert not any(suspended(col, guid))
            if guid in cards:
                assert "mine" in notes[guid][1].split(), guid  # the user's tag survived
        assert "waggling" in notes[waggle][0]
        after = reviews(col)
        for key, count in history.items():
            assert after[key] == count  # history kept
        own_after = col.db.first("select mod, flds, tags from notes where id = ?", route.own_note)
        assert own_after == own_before  # the user's own note untouched

    third: SyncResult = route.sync(t1 + 50)
    assert not third.plan.any_change and third.done == []
    assert third.plan.unchanged == len(third.build.cards)

    # The removed fact comes back: unsuspended and untagged, with its history.
    bees = tmp_path / "notes" / "geology" / "inside-a-volcano.md"
    bees.write_text(bees.read_text(encoding="utf-8") + f"\n{TEPHRA}\n", encoding="utf-8")
    fourth: SyncResult = route.sync(t1 + 100)
    assert [p.guid for p in fourth.plan.restore] == [tephra]
    with route.col() as col:
        assert suspended(col, tephra) == [False]
        assert REMOVED_TAG not in deckgen_notes(col)[tephra][1].split()
        assert reviews(col)[(tephra, 0)] == history[(tephra, 0)]


def test_removed_delete_deletes_only_deckgen_notes(route: Route, tmp_path: Path) -> None:
    t0 = int(time.time()) - 1000
    first: SyncResult = route.sync(t0)
    (tmp_path / "notes" / "honeybees.md").unlink()
    result: SyncResult = route.sync(t0 + 10, removed="delete")
    gone = {p.guid for p in result.plan.delete}
    assert gone == {c.guid for c in first.build.cards} - {c.guid for c in result.build.cards}
    assert gone and not result.plan.suspend
    with route.col() as col:
        notes = deckgen_notes(col)
        assert set(notes) == {c.guid for c in result.build.cards}
        assert not gone & set(notes)
        assert col.db.scalar("select count() from notes where id = ?", route.own_note) == 1


def test_removed_keep_leaves_them(route: Route, tmp_path: Path) -> None:
    t0 = int(time.time()) - 1000
    first: SyncResult = route.sync(t0)
    (tmp_path / "notes" / "honeybees.md").unlink()
    result: SyncResult = route.sync(t0 + 10, removed="keep")
    left = {c.guid for c in first.build.cards} - {c.guid for c in result.build.cards}
    assert result.plan.removed_kept == len(left) > 0 and not result.plan.any_change
    with route.col() as col:
        assert set(deckgen_notes(col)) == {c.guid for c in first.build.cards}
        assert col.db.scalar("select count() from cards where queue = -1") == 0


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "volcanoes.md").write_text(VOLCANOES, encoding="utf-8")
    route = Route("direct", tmp_path)
    route.sync(int(time.time()) - 1000)
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    (notes / "volcanoes.md").write_text(VOLCANOES.replace("Tephra", "Tefra"), encoding="utf-8")
    before = sha(route.path)
    deck_files = sorted(p.name for p in (tmp_path / "decks").iterdir())
    state = state_path(tmp_path / "decks" / "Geo.apkg").read_bytes()
    result: SyncResult = route.sync(int(time.time()), dry_run=True)
    assert result.dry_run and result.done == []
    assert result.plan.add and {p.path for p in result.plan.add} == {str(notes / "honeybees.md")}
    assert len(result.plan.update) == 1
    assert sha(route.path) == before
    assert state_path(tmp_path / "decks" / "Geo.apkg").read_bytes() == state
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == deck_files


def test_second_sync_leaves_the_collection_file_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    route = Route("direct", tmp_path)
    first: SyncResult = route.sync(int(time.time()) - 1000)
    assert first.backup is not None and first.backup.is_file()
    before = sha(route.path)
    again: SyncResult = route.sync(int(time.time()))
    assert not again.plan.any_change and again.backup is None
    assert sha(route.path) == before


@contextlib.contextmanager
def anki_holds(path: Path) -> Iterator[None]:
    """Another process holds the collection open, as Anki desktop does (SQLite's locks are per
    process, so it must be another one)."""
    code = (
        "import sys; from anki.collection import Collection; "
        f"c = Collection({os.fspath(path)!r}); c.set_config('x', 1); print('open', flush=True); "
        "sys.stdin.read()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "open"
            yield
        finally:
            assert child.stdin is not None
            child.stdin.close()
            child.wait(timeout=30)


def test_locked_collection_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    route = Route("direct", tmp_path)
    with anki_holds(route.path):
        before = sha(route.path)
        with pytest.raises(CollectionLockedError, match="open in Anki"):
            route.sync(int(time.time()))
        assert sha(route.path) == before
    assert not (tmp_path / "anki" / "deckgen-backups").exists()
    assert not (tmp_path / "decks").exists()  # refused before building


def test_a_failed_step_puts_the_collection_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deckgen import sync as sync_module

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    (notes / "volcanoes.md").write_text(VOLCANOES, encoding="utf-8")
    route = Route("direct", tmp_path)
    route.sync(int(time.time()) - 1000)
    with route.col() as col:
        count = col.note_count()
        before = deckgen_notes(col)
    (notes / "volcanoes.md").unlink()
    (notes / "honeybees.md").write_text(HONEYBEES + f"\n{NEW_FACT}\n", encoding="utf-8")

    def broken(self: Any, col: Any, deck: Any, step: Any) -> None:
        if step.kind == "suspend":
            raise OSError("disk full")
        original(self, col, deck, step)

    original = sync_module.CollectionTarget._run
    monkeypatch.setattr(sync_module.CollectionTarget, "_run", broken)
    with pytest.raises(sync_module.SyncError, match="put back as it was") as err:
        route.sync(int(time.time()))
    assert not err.value.done  # the import was done before the failure, then undone
    with route.col() as col:
        assert col.note_count() == count
        assert deckgen_notes(col) == before  # no note added, none tagged
        assert col.db.scalar("select count() from cards where queue = -1") == 0


def test_profile_is_found_in_ankis_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deckgen.sync import find_profile

    base = tmp_path / "Anki2"
    new_collection(base / "User 1" / "collection.anki2")
    monkeypatch.setenv("ANKI_BASE", str(base))
    assert find_profile("User 1") == base / "User 1" / "collection.anki2"
    with pytest.raises(CollectionNotFoundError, match="profiles there are: User 1"):
        find_profile("Someone")


def test_profile_folder_follows_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    from deckgen import sync as sync_module

    monkeypatch.delenv("ANKI_BASE", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    home = Path.home()
    for system, expected in [
        ("Linux", home / ".local" / "share" / "Anki2"),
        ("Darwin", home / "Library" / "Application Support" / "Anki2"),
    ]:
        monkeypatch.setattr(sync_module.platform, "system", lambda s=system: s)
        assert sync_module.anki_base() == expected
    monkeypatch.setattr(sync_module.platform, "system", lambda: "Windows")
    monkeypatch.setenv("APPDATA", str(home / "AppData" / "Roaming"))
    assert sync_module.anki_base() == home / "AppData" / "Roaming" / "Anki2"


# --- AnkiConnect errors ---------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FakeAnkiConnect]:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    path = tmp_path / "anki" / "collection.anki2"
    new_collection(path)
    with FakeAnkiConnect(path) as fake:
        yield fake


def ac_sync(tmp_path: Path, url: str, timeout: float = 5.0) -> SyncResult:
    options = BuildOptions(
        paths=(str(tmp_path / "notes"),), output=str(tmp_path / "decks" / "Geo.apkg"), workers=1
    )
    return sync(SyncOptions(build=options, ankiconnect=url, timeout=timeout))


def test_ankiconnect_unknown_action(server: FakeAnkiConnect, tmp_path: Path) -> None:
    server.unknown.add("areSuspended")
    with pytest.raises(AnkiConnectError, match="unsupported action; update the AnkiConnect"):
        ac_sync(tmp_path, server.url)


def test_ankiconnect_error_answer_names_the_steps_done(
    server: FakeAnkiConnect, tmp_path: Path
) -> None:
    ac_sync(tmp_path, server.url)
    (tmp_path / "notes" / "honeybees.md").write_text(
        HONEYBEES.replace("Worker bees live for around 6 weeks in the busy season.", NEW_FACT),
        encoding="utf-8",
    )
    server.fail["suspend"] = "collection is not available"
    with pytest.raises(AnkiConnectError, match="collection is not available") as err:
        ac_sync(tmp_path, server.url)
    assert "stopped after these whole steps: imported the deck" in str(err.value)
    assert err.value.done == ("imported the deck (1 added, 0 updated)",)
    del server.fail["suspend"]
    again = ac_sync(tmp_path, server.url)  # the next sync finishes the job
    assert len(again.plan.suspend) == 1 and not again.plan.add


def test_ankiconnect_refused(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(AnkiNotRunningError, match="start Anki"):
        ac_sync(tmp_path, f"http://127.0.0.1:{port}")


def test_ankiconnect_timeout(server: FakeAnkiConnect, tmp_path: Path) -> None:
    server.delay = 1.0
    with pytest.raises(AnkiConnectError, match=r"did not answer version within 0.3 s"):
        ac_sync(tmp_path, server.url, timeout=0.3)


def test_not_ankiconnect(tmp_path: Path) -> None:
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from threading import Thread

    class Other(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>hello</html>")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Other)
    thread = Thread(target=httpd.handle_request, daemon=True)
    thread.start()
    try:
        with pytest.raises(AnkiConnectError, match="did not answer version as AnkiConnect"):
            ac_sync(tmp_path, f"http://127.0.0.1:{httpd.server_address[1]}")
    finally:
        thread.join(timeout=5)
        httpd.server_close()


# --- the command line ----------------------------------------------------------------------


def test_cli_dry_run_prints_the_plan_and_json(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    collection = tmp_path / "anki" / "collection.anki2"
    new_collection(collection)
    before = sha(collection)
    args = ["sync", str(notes), "-o", str(tmp_path / "Geo.apkg"), "--collection", str(collection)]
    result = CliRunner().invoke(main, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Plan (dry run, nothing written)" in result.stdout
    assert "add 2, update 0, suspend 0, delete 0" in result.stdout
    assert sha(collection) == before and not (tmp_path / "Geo.apkg").exists()
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["plan"]["add"]) == 2 and data["exit_status"] == 0 and data["done"]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--profile", "Nobody"], 7, "no Anki profile 'Nobody'"),
        (["--collection", "missing.anki2"], 7, "no Anki collection at missing.anki2"),
        (["--ankiconnect", "notes"], 2, "put note paths before it"),
        ([], 2, "give one of --ankiconnect"),
    ],
)
def test_cli_errors_have_their_exit_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], status: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANKI_BASE", str(tmp_path / "Anki2"))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    result = CliRunner().invoke(main, ["sync", *args])
    assert result.exit_code == status, result.output
    assert message in result.output


def test_cli_locked_and_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "honeybees.md").write_text(HONEYBEES, encoding="utf-8")
    route = Route("direct", tmp_path)
    with anki_holds(route.path):
        result = CliRunner().invoke(main, ["sync", str(notes), "--collection", str(route.path)])
    assert result.exit_code == 6 and "close Anki" in result.stderr
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(
        main, ["sync", str(notes), f"--ankiconnect=http://127.0.0.1:{port}", "--json"]
    )
    assert result.exit_code == 4
    assert json.loads(result.stdout)["exit_status"] == 4


def test_sync_is_documented() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for words in (
        "### deckgen sync",
        "--ankiconnect",
        "--collection PATH",
        "--profile NAME",
        "--removed",
        "--dry-run",
        "deckgen::removed",
        "deckgen sync --ankiconnect",
    ):
        assert words in readme, words
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "deckgen sync" in quick_start
    result = CliRunner().invoke(main, ["sync", "--help"])
    assert result.exit_code == 0 and "Example" in result.output
