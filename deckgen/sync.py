"""``deckgen sync``: build the deck, then bring an Anki collection in step with the notes.

Input: :class:`SyncOptions` (the build's options, where Anki is, the removal policy). Output: a
:class:`SyncResult` holding the :class:`Plan` (what to add, update, suspend, delete, restore) and
the steps done. Anki is reached through a :class:`Target`: a ``collection.anki2`` written with the
``anki`` library while Anki is closed (:class:`CollectionTarget`, here), or a running Anki through
the AnkiConnect add-on (:class:`deckgen.ankiconnect.AnkiConnectTarget`).

Adds and updates are one import of the built package, with Anki's "update if newer" rule, so
review history, scheduling and edits made in Anki after the last sync are kept. The user's own
tags on updated notes, which the import replaces, are put back. Facts that left the notes are
suspended and tagged :data:`REMOVED_TAG` (or deleted, or kept). Only notes of the deckgen note
type whose GUID the deck's state file knows are ever touched.

Each step is whole: the collection route takes a backup first and puts it back when a step
fails; through AnkiConnect a failed step is reported with the steps already done.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import platform
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from deckgen.package import BACK, CSS, FRONT, MODEL_ID, model_checksum, write_atomically
from deckgen.pipeline import BuildOptions, BuildResult, build, deck_path
from deckgen.state import DeckState, data_folder, load_state, plan_update, state_path
from deckgen.types import Card

REMOVED_TAG = "deckgen::removed"
"""The tag a removed fact's note gets with ``--removed suspend``; taken off when it returns."""
REMOVAL_POLICIES = ("suspend", "delete", "keep")
DEFAULT_ANKICONNECT = "http://127.0.0.1:8765"
BACKUPS_KEPT = 5
"""How many backups of a collection deckgen keeps in its ``deckgen-backups`` folder."""
RECORD_FILE = "sync.json"

# Exit statuses of ``deckgen sync`` (0-3 are those of ``build``).
EXIT_ANKI_NOT_RUNNING = 4
EXIT_ANKICONNECT = 5
EXIT_LOCKED = 6
EXIT_NOT_FOUND = 7


class SyncError(Exception):
    """A sync that could not be done (or finished); ``exit_status`` says why, ``done`` lists the
    steps completed before it stopped (each of them whole)."""

    exit_status = 1

    def __init__(self, message: str, done: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.done: tuple[str, ...] = tuple(done)


class AnkiNotRunningError(SyncError):
    """Nothing answers at the AnkiConnect address: Anki is not running."""

    exit_status = EXIT_ANKI_NOT_RUNNING


class AnkiConnectError(SyncError):
    """Something answered, but not as AnkiConnect does, or AnkiConnect answered an error."""

    exit_status = EXIT_ANKICONNECT


class CollectionLockedError(SyncError):
    """The collection is open in Anki (or another program): nothing was written."""

    exit_status = EXIT_LOCKED


class CollectionNotFoundError(SyncError):
    """No such collection file or Anki profile."""

    exit_status = EXIT_NOT_FOUND


@dataclass(frozen=True, slots=True)
class ExistingNote:
    """A deckgen note as the collection holds it."""

    nid: int
    mod: int
    """Its modification time (seconds); None-like 0 when the route cannot tell."""
    tags: tuple[str, ...]
    cards: tuple[int, ...]
    suspended: tuple[bool, ...]
    """For each of ``cards``: is it suspended."""
    fields: tuple[str, ...] = ()
    """Its fields: Text, Context, Source."""

    @property
    def text(self) -> str:
        return self.fields[0] if self.fields else ""


@dataclass(frozen=True, slots=True)
class PlannedNote:
    """One note named in a plan."""

    guid: str
    path: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"guid": self.guid, "path": self.path, "text": self.text}


@dataclass(frozen=True, slots=True)
class Plan:
    """What a sync does to the collection."""

    add: tuple[PlannedNote, ...] = ()
    update: tuple[PlannedNote, ...] = ()
    suspend: tuple[PlannedNote, ...] = ()
    """Removed facts to suspend and tag (``--removed suspend``)."""
    delete: tuple[PlannedNote, ...] = ()
    """Removed facts to delete (``--removed delete``)."""
    restore: tuple[PlannedNote, ...] = ()
    """Facts that came back: unsuspend them and take the removed tag off."""
    unchanged: int = 0
    removed_kept: int = 0
    """Removed facts left as they are (``--removed keep``, or already suspended and tagged)."""
    note_type: bool = False
    """The note type in the collection differs from deckgen's (an import updates it)."""

    @property
    def needs_import(self) -> bool:
        return bool(self.add or self.update or self.note_type)

    @property
    def any_change(self) -> bool:
        return bool(self.needs_import or self.suspend or self.delete or self.restore)

    def to_json(self) -> dict[str, Any]:
        return {
            "add": [n.to_json() for n in self.add],
            "update": [n.to_json() for n in self.update],
            "suspend": [n.to_json() for n in self.suspend],
            "delete": [n.to_json() for n in self.delete],
            "restore": [n.to_json() for n in self.restore],
            "unchanged": self.unchanged,
            "removed_kept": self.removed_kept,
            "note_type": self.note_type,
        }


@dataclass(frozen=True, slots=True)
class SyncOptions:
    """What to sync, and where."""

    build: BuildOptions = field(default_factory=BuildOptions)
    collection: str | None = None
    """A ``collection.anki2`` to write directly (Anki must be closed)."""
    profile: str | None = None
    """An Anki profile name, looked up in Anki's standard folder (see :func:`find_profile`)."""
    ankiconnect: str | None = None
    """The AnkiConnect address of a running Anki."""
    removed: str = "suspend"
    dry_run: bool = False
    timeout: float = 60.0
    """Seconds to wait for one AnkiConnect answer."""
    now: Callable[[], float] = field(default=time.time, compare=False)


@dataclass(slots=True)
class SyncResult:
    """What a sync found and did."""

    build: BuildResult
    target: str
    plan: Plan
    dry_run: bool
    done: list[str] = field(default_factory=list)
    """The steps done, in order."""
    backup: Path | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "dry_run": self.dry_run,
            "deck": self.build.deck,
            "output": str(self.build.output) if self.build.output else None,
            "plan": self.plan.to_json(),
            "done": list(self.done),
            "backup": str(self.backup) if self.backup else None,
        }


@dataclass(frozen=True, slots=True)
class Deck:
    """The built deck, as a sync needs it."""

    cards: tuple[Card, ...]
    mods: Mapping[str, int]
    """Each card's modification time in the package, by GUID."""
    known: Mapping[str, tuple[str, str]]
    """Every GUID the state file knows (present or gone): (note file, fact text)."""
    package: Path | None
    """The package written (None on a dry run)."""


class Target(Protocol):
    """An Anki collection that a sync reads and writes; see :class:`CollectionTarget`."""

    name: str

    def existing(self, deck: Deck, record: Mapping[str, int]) -> dict[str, ExistingNote]:
        """The collection's deckgen notes whose GUID ``deck.known`` holds, by GUID."""
        ...

    def note_type_current(self) -> bool:
        """True when the collection's deckgen note type has deckgen's templates and CSS."""
        ...

    def apply(self, deck: Deck, plan: Plan, steps: list[Step], done: list[str]) -> None:
        """Run ``steps`` in order, appending each one's description to ``done`` once it is
        whole."""
        ...

    def note_ids(self) -> dict[str, int]:
        """The note id of each deckgen note, by GUID, after a sync (for the sync record)."""
        ...


@dataclass(frozen=True, slots=True)
class Step:
    """One whole change to the collection."""

    kind: str
    """import, tags, restore, suspend, delete."""
    description: str
    notes: tuple[int, ...] = ()
    cards: tuple[int, ...] = ()
    tags: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    """For "tags": the note ids to give each tag back."""


def sync(options: SyncOptions) -> SyncResult:
    """Build the deck and sync it into the collection the options name."""
    if options.removed not in REMOVAL_POLICIES:
        raise ValueError(f"removed must be one of {REMOVAL_POLICIES}, not {options.removed!r}")
    target = open_target(options)
    deck, result = build_deck(options)
    record_file = record_path(deck_path(options.build, result.deck))
    record = load_record(record_file).get(target.name, {})
    existing = target.existing(deck, record)
    note_type_ok = target.note_type_current() if deck.cards else True
    plan = make_plan(deck, existing, options.removed, note_type_ok)
    sync_result = SyncResult(result, target.name, plan, options.dry_run)
    if options.dry_run or not plan.any_change:
        if not options.dry_run:
            _save_record(record_file, target.name, existing, target, changed=False)
        return sync_result
    steps = make_steps(deck, plan, existing, options.removed)
    try:
        target.apply(deck, plan, steps, sync_result.done)
    finally:
        sync_result.backup = getattr(target, "backup", None)
    _save_record(record_file, target.name, existing, target, changed=True)
    return sync_result


def open_target(options: SyncOptions) -> Target:
    """The collection or running Anki the options name (checked before any build work)."""
    given = [x for x in (options.collection, options.profile, options.ankiconnect) if x]
    if len(given) != 1:
        raise ValueError("give exactly one of collection, profile and ankiconnect")
    if options.ankiconnect:
        from deckgen.ankiconnect import AnkiConnectTarget

        return AnkiConnectTarget(options.ankiconnect, timeout=options.timeout)
    path = Path(options.collection) if options.collection else find_profile(options.profile or "")
    return CollectionTarget(path, dry_run=options.dry_run)


def build_deck(options: SyncOptions) -> tuple[Deck, BuildResult]:
    """Build as ``deckgen build`` does (a dry run writes no package and no state file)."""
    # A sync suspends (or deletes, as asked) the cards of facts that left the notes, and can
    # undo it: the build's guard against a deck shrinking by half does not apply.
    build_options = dataclasses.replace(options.build, state=True, force=True)
    if options.dry_run:
        result = build(dataclasses.replace(build_options, write=False))
        output = deck_path(build_options, result.deck)
        previous, _problem = load_state(state_path(output))
        now = build_options.timestamp
        update = plan_update(
            result.cards,
            previous,
            now=int(options.now()) if now is None else now,
            model_checksum=model_checksum(),
        )
        result.cards = list(update.cards)
        result.changes = update.changes
        return Deck(update.cards, update.mods, _known(update.state), None), result
    result = build(build_options)
    assert result.output is not None
    state, _problem = load_state(state_path(result.output))
    if state is None:  # the state file could not be saved: use the package's own times
        mods = _package_mods(result.output)
        known: dict[str, tuple[str, str]] = {}
    else:
        mods = {guid: r.mod for guid, r in state.notes.items() if not r.gone}
        known = _known(state)
    for card in result.cards:
        known.setdefault(card.guid, (card.note_path, card.fact.text))
    return Deck(tuple(result.cards), mods, known, result.output), result


def _known(state: DeckState) -> dict[str, tuple[str, str]]:
    return {guid: (r.path, r.text) for guid, r in state.notes.items()}


def _package_mods(package: Path) -> dict[str, int]:
    return {guid: mod for _nid, guid, mod in package_notes(package)}


def package_notes(package: Path) -> list[tuple[int, str, int]]:
    """(note id, GUID, modification time) of every note in a package deckgen wrote."""
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory(prefix="deckgen-") as folder:
        with zipfile.ZipFile(package) as zf:
            zf.extract("collection.anki2", folder)
        conn = sqlite3.connect(os.path.join(folder, "collection.anki2"))
        try:
            rows = conn.execute("select id, guid, mod from notes").fetchall()
        finally:
            conn.close()
    return [(int(nid), str(guid), int(mod)) for nid, guid, mod in rows]


def make_plan(
    deck: Deck, existing: Mapping[str, ExistingNote], removed: str, note_type_ok: bool = True
) -> Plan:
    """Compare the built deck with the collection's deckgen notes."""
    add: list[PlannedNote] = []
    update: list[PlannedNote] = []
    restore: list[PlannedNote] = []
    unchanged = 0
    present = set()
    for card in deck.cards:
        present.add(card.guid)
        planned = PlannedNote(card.guid, card.note_path, card.fact.text)
        note = existing.get(card.guid)
        if note is None:
            add.append(planned)
            continue
        if deck.mods.get(card.guid, 0) > note.mod and _differs(card, note):
            update.append(planned)
        else:
            unchanged += 1
        if REMOVED_TAG in note.tags:
            restore.append(planned)
    suspend: list[PlannedNote] = []
    delete: list[PlannedNote] = []
    kept = 0
    for guid in sorted(existing, key=lambda g: (deck.known.get(g, ("", ""))[0], g)):
        if guid in present:
            continue
        path, text = deck.known.get(guid, ("", ""))
        planned = PlannedNote(guid, path, text)
        note = existing[guid]
        if removed == "delete":
            delete.append(planned)
        elif removed == "suspend" and not _is_removed(note):
            suspend.append(planned)
        else:
            kept += 1
    return Plan(
        add=tuple(add),
        update=tuple(update),
        suspend=tuple(suspend),
        delete=tuple(delete),
        restore=tuple(restore),
        unchanged=unchanged,
        removed_kept=kept,
        note_type=bool(deck.cards) and not note_type_ok,
    )


def _differs(card: Card, note: ExistingNote) -> bool:
    """Would an import change the note: its fields, or a tag deckgen writes?"""
    return note.fields != (card.text, card.context, card.source) or not set(card.tags) <= set(
        note.tags
    )


def _is_removed(note: ExistingNote) -> bool:
    """Suspended by a sync: tagged and every card suspended."""
    return REMOVED_TAG in note.tags and all(note.suspended)


def make_steps(
    deck: Deck, plan: Plan, existing: Mapping[str, ExistingNote], removed: str
) -> list[Step]:
    """The plan as whole steps, in the order they run."""
    steps: list[Step] = []
    if plan.needs_import:
        steps.append(
            Step(
                "import",
                f"imported the deck ({len(plan.add)} added, {len(plan.update)} updated)",
            )
        )
        # The import replaces the tags of the notes it updates: give the user's back.
        card_tags = {card.guid: set(card.tags) for card in deck.cards}
        give_back: dict[str, list[int]] = {}
        for card in deck.cards:
            note = existing.get(card.guid)
            if note is None or deck.mods.get(card.guid, 0) <= note.mod:
                continue  # new, or older than the collection's: the import leaves its tags
            for tag in note.tags:
                if tag not in card_tags[card.guid] and tag != REMOVED_TAG:
                    give_back.setdefault(tag, []).append(note.nid)
        if give_back:
            steps.append(
                Step(
                    "tags",
                    "gave back the user's tags of "
                    f"{len({n for v in give_back.values() for n in v})} updated notes",
                    tags={tag: tuple(nids) for tag, nids in sorted(give_back.items())},
                )
            )
    changes = (
        ("restore", plan.restore, "unsuspended {n} returned notes and took off the {tag} tag"),
        ("suspend", plan.suspend, "suspended {n} removed notes and tagged them {tag}"),
        ("delete", plan.delete, "deleted {n} removed notes"),
    )
    for kind, placed, description in changes:
        if not placed:
            continue
        notes = [existing[p.guid] for p in placed]
        steps.append(
            Step(
                kind,
                description.format(n=len(notes), tag=REMOVED_TAG),
                notes=tuple(n.nid for n in notes),
                # Deleting a note takes its cards with it: only the others name them.
                cards=() if kind == "delete" else tuple(c for n in notes for c in n.cards),
            )
        )
    return steps


# --- the collection route ---------------------------------------------------------------------


def anki_base() -> Path:
    """Anki's standard data folder on this system (``ANKI_BASE`` overrides it, as for Anki)."""
    env = os.environ.get("ANKI_BASE")
    if env:
        return Path(env)
    system = platform.system()
    if system == "Windows":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "Anki2"
    if system == "Darwin":
        return Path.home() / "Library" / "Application Support" / "Anki2"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "Anki2"


def find_profile(name: str) -> Path:
    """The ``collection.anki2`` of the Anki profile called ``name``."""
    base = anki_base()
    path = base / name / "collection.anki2"
    if path.is_file():
        return path
    try:
        profiles = sorted(p.name for p in base.iterdir() if (p / "collection.anki2").is_file())
    except OSError:
        profiles = []
    known = f"; the profiles there are: {', '.join(profiles)}" if profiles else ""
    raise CollectionNotFoundError(f"no Anki profile {name!r} in {base}{known}")


class CollectionTarget:
    """A ``collection.anki2`` written with the ``anki`` library while Anki is closed."""

    def __init__(self, path: Path, *, dry_run: bool = False) -> None:
        self.path = Path(path)
        self.name = str(self.path.resolve())
        self.dry_run = dry_run
        self.backup: Path | None = None
        self._ids: dict[str, int] = {}
        if not self.path.is_file():
            raise CollectionNotFoundError(f"no Anki collection at {self.path}")
        self._check_unlocked()

    def _check_unlocked(self) -> None:
        """Refuse a collection that Anki (or another program) has open; writes nothing."""
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=0.5)
            try:
                conn.execute("select count() from notes").fetchone()
            finally:
                conn.close()
        except sqlite3.OperationalError as err:
            if "locked" in str(err):
                raise CollectionLockedError(
                    f"{self.path} is open in Anki: close Anki (or use --ankiconnect) and sync "
                    "again; nothing was written"
                ) from None
            raise CollectionNotFoundError(
                f"cannot read the collection {self.path}: {err}"
            ) from None
        except sqlite3.DatabaseError as err:
            raise CollectionNotFoundError(f"{self.path} is not an Anki collection: {err}") from None

    def _read(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=0.5)

    def existing(self, deck: Deck, record: Mapping[str, int]) -> dict[str, ExistingNote]:
        try:
            return self._existing(deck)
        except sqlite3.OperationalError:
            self._check_unlocked()  # says why: open in Anki, or not a collection
            raise

    def _existing(self, deck: Deck) -> dict[str, ExistingNote]:
        conn = self._read()
        try:
            notes = conn.execute(
                "select id, guid, mod, tags, flds from notes where mid = ?", (MODEL_ID,)
            ).fetchall()
            cards: dict[int, list[tuple[int, bool]]] = {}
            for cid, nid, queue in conn.execute(
                "select c.id, c.nid, c.queue from cards c join notes n on n.id = c.nid "
                "where n.mid = ? order by c.nid, c.ord",
                (MODEL_ID,),
            ):
                cards.setdefault(nid, []).append((cid, queue == -1))
        finally:
            conn.close()
        found: dict[str, ExistingNote] = {}
        for nid, guid, mod, tags, flds in notes:
            if guid not in deck.known:
                continue  # not a note of this deck's state: never touched
            own = cards.get(nid, [])
            found[guid] = ExistingNote(
                nid,
                int(mod),
                tuple(tags.split()),
                tuple(c for c, _ in own),
                tuple(s for _, s in own),
                tuple(flds.split("\x1f")),
            )
        self._ids = {guid: note.nid for guid, note in found.items()}
        return found

    def note_type_current(self) -> bool:
        conn = self._read()
        try:
            row = conn.execute("select config from notetypes where id = ?", (MODEL_ID,)).fetchone()
            if row is None:
                return False
            templates = conn.execute(
                "select config from templates where ntid = ? order by ord", (MODEL_ID,)
            ).fetchall()
        except sqlite3.OperationalError:
            return False
        finally:
            conn.close()
        return _note_type_matches(row[0], [t[0] for t in templates])

    def apply(self, deck: Deck, plan: Plan, steps: list[Step], done: list[str]) -> None:
        from anki.collection import Collection
        from anki.errors import DBError

        self.backup = self._make_backup()
        try:
            col = Collection(os.fspath(self.path))
        except DBError as err:
            raise CollectionLockedError(
                f"{self.path} is open in Anki ({err}): close Anki and sync again; nothing was "
                "written"
            ) from None
        try:
            for step in steps:
                self._run(col, deck, step)
                done.append(step.description)
            assert col.db is not None  # open: the steps above just ran on it
            rows = col.db.all("select guid, id from notes where mid = ?", MODEL_ID)
            self._ids = {str(guid): int(nid) for guid, nid in rows}
        except Exception as err:
            col.close()
            self._restore_backup()
            raise SyncError(
                f"the sync failed ({type(err).__name__}: {err}); the collection was put back as "
                f"it was from the backup {self.backup}"
            ) from err
        col.close()

    def _run(self, col: Any, deck: Deck, step: Step) -> None:
        if step.kind == "import":
            from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

            assert deck.package is not None
            col.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=os.fspath(deck.package.resolve()),
                    options=ImportAnkiPackageOptions(),  # update notes and note types if newer
                )
            )
        elif step.kind == "tags":
            for tag, nids in step.tags.items():
                col.tags.bulk_add(list(nids), tag)
        elif step.kind == "restore":
            col.sched.unsuspend_cards(list(step.cards))
            col.tags.bulk_remove(list(step.notes), REMOVED_TAG)
        elif step.kind == "suspend":
            col.sched.suspend_cards(list(step.cards))
            col.tags.bulk_add(list(step.notes), REMOVED_TAG)
        elif step.kind == "delete":
            col.remove_notes(list(step.notes))
        else:  # pragma: no cover
            raise ValueError(step.kind)

    def _make_backup(self) -> Path:
        """Copy the collection (consistently, write-ahead log included) into
        ``deckgen-backups/`` beside it; keep the last :data:`BACKUPS_KEPT`."""
        folder = self.path.parent / "deckgen-backups"
        folder.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = folder / f"{self.path.stem}-{stamp}-{os.getpid()}.anki2"
        src = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=0.5)
        dst = sqlite3.connect(backup)
        try:
            src.backup(dst)
        except sqlite3.OperationalError as err:
            backup.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
            raise CollectionLockedError(
                f"{self.path} is open in Anki ({err}); nothing was written"
            ) from None
        finally:
            src.close()
            dst.close()
        old = sorted(folder.glob(f"{self.path.stem}-*.anki2"))
        for stale in old[:-BACKUPS_KEPT]:
            stale.unlink(missing_ok=True)
        return backup

    def _restore_backup(self) -> None:
        assert self.backup is not None
        src = sqlite3.connect(self.backup)
        dst = sqlite3.connect(self.path)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()

    def note_ids(self) -> dict[str, int]:
        return dict(self._ids)


def _note_type_matches(config: bytes, templates: Sequence[bytes]) -> bool:
    """Does a stored note type (protobuf configs) carry deckgen's CSS and templates?"""
    from anki.notetypes_pb2 import Notetype
    from google.protobuf.message import DecodeError

    try:
        parsed = Notetype.Config.FromString(config)
        tmpls = [Notetype.Template.Config.FromString(t) for t in templates]
    except DecodeError:
        return False
    return (
        parsed.css == CSS
        and len(tmpls) == 1
        and tmpls[0].q_format == FRONT
        and tmpls[0].a_format == BACK
    )


# --- the sync record ---------------------------------------------------------------------------


def record_path(deck_file: str | os.PathLike[str]) -> Path:
    """The sync record in the deck's hidden folder, beside its state file: ``decks/Notes.apkg``
    → ``decks/.deckgen/Notes/sync.json``. It keeps, for each collection synced, the Anki note id
    of each GUID (AnkiConnect cannot search by GUID)."""
    return data_folder(deck_file) / RECORD_FILE


def load_record(path: Path) -> dict[str, dict[str, int]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != 1:
        return {}
    targets = data.get("targets")
    if not isinstance(targets, dict):
        return {}
    return {
        str(name): {str(g): int(n) for g, n in ids.items() if isinstance(n, int)}
        for name, ids in targets.items()
        if isinstance(ids, dict)
    }


def _save_record(
    path: Path,
    name: str,
    existing: Mapping[str, ExistingNote],
    target: Target,
    *,
    changed: bool,
) -> None:
    ids = target.note_ids() if changed else {g: n.nid for g, n in existing.items()}
    records = load_record(path)
    if records.get(name) == ids:
        return
    records[name] = ids
    data = {"format": 1, "targets": {k: dict(sorted(v.items())) for k, v in records.items()}}
    with contextlib.suppress(OSError):  # the record only saves AnkiConnect a search next time
        write_atomically(path, (json.dumps(data, indent=0, sort_keys=True) + "\n").encode())


def describe(notes: Iterable[PlannedNote], limit: int = 20) -> list[str]:
    """Lines naming planned notes, for the text report."""
    lines = []
    items = list(notes)
    for planned in items[:limit]:
        text = planned.text if len(planned.text) <= 90 else planned.text[:87] + "..."
        lines.append(f"    {planned.path}: {text}")
    if len(items) > limit:
        lines.append(f"    ... and {len(items) - limit} more")
    return lines


def plan_text(result: SyncResult) -> str:
    """The plan (or what was done) as text for the terminal."""
    plan = result.plan
    head = "Plan (dry run, nothing written)" if result.dry_run else "Synced"
    lines = [
        f"{head}: {result.target}",
        f"  add {len(plan.add)}, update {len(plan.update)}, suspend {len(plan.suspend)}, "
        f"delete {len(plan.delete)}, unsuspend {len(plan.restore)}, unchanged {plan.unchanged}"
        + (f", removed and kept {plan.removed_kept}" if plan.removed_kept else "")
        + (", note type updated" if plan.note_type else ""),
    ]
    for label, notes in (
        ("add", plan.add),
        ("update", plan.update),
        ("suspend", plan.suspend),
        ("delete", plan.delete),
        ("unsuspend", plan.restore),
    ):
        if notes and (result.dry_run or label != "add"):
            lines.append(f"  {label}:")
            lines.extend(describe(notes))
    if not result.dry_run:
        if not plan.any_change:
            lines.append("  Nothing to change: the collection is in step with the notes.")
        for step in result.done:
            lines.append(f"  done: {step}")
        if result.backup:
            lines.append(f"  backup: {result.backup}")
    return "\n".join(lines)
