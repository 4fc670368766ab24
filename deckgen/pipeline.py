"""The whole build, stage by stage: notes → sentences → facts → cloze cards → package.

:func:`build` runs the stages in order and collects every :class:`Diagnostic`; it never prints.
The command line (:mod:`deckgen.cli`) is a thin layer over it, and so can any other program be.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import gc
import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path

from deckgen import cache
from deckgen.cloze import make_cards
from deckgen.facts import drop_duplicates, extract_facts
from deckgen.notes import NoteFile, find_notes, read_note, sanitize_tag
from deckgen.package import model_checksum, write_package
from deckgen.ranking import DENSITIES, default_model

VETO = 0.2
from deckgen.sentences import split_sentences
from deckgen.state import (
    Changes,
    legacy_state_path,
    load_state,
    plan_update,
    save_state,
    state_path,
)
from deckgen.types import Card, Decision, Diagnostic, Fact, Level, Note, quick_init

DEFAULT_NOTES = "notes"
DEFAULT_DECKS = "decks"
PACKAGE_SUFFIX = ".apkg"
"""The only suffix Anki's import dialog offers."""
SHRINK_LIMIT = 0.5
"""A build that would keep less than this share of the Anki notes its deck held fails, unless
forced (:attr:`BuildOptions.force`): it is most likely a build of one note to a folder's deck."""
MIN_NOTES_PER_WORKER = 8
"""Fewer notes to read than this per worker process are read in this process: starting workers
would cost more than it saves."""

Progress = Callable[[str, int, int], None]
"""A build's progress report, called as ``progress(stage, done, total)``: ``stage`` is "notes"
while notes are read (``done`` of ``total``; notes found in the cache count at once), then
"cards" and "package" (each once, with ``done == 0`` and ``total == 1``)."""


class BuildError(Exception):
    """The build could not write a deck (nothing usable was read, or the output is unwritable).

    ``result`` holds what the build found before it failed (its diagnostics above all).
    """

    result: BuildResult | None = None


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build and how; every field has the default ``deckgen build`` uses."""

    paths: tuple[str, ...] = (DEFAULT_NOTES,)
    """Note files and folders to read (folders are searched for ``*.md``)."""
    output: str | None = None
    """Where to write the ``.apkg``; default ``decks/<deck>.apkg``. A name without a suffix gets
    ``.apkg`` (Anki's import dialog offers no other file); another suffix is refused."""
    deck: str | None = None
    """The deck name (``::`` makes subdecks); default: the name of the first folder read, or of
    the note when a single note file is read."""
    link_form: str = "watch"
    """"watch" for youtube.com/watch?v=ID&t=Ns links, "youtu.be" for short ones."""
    timestamp: int | None = None
    """Seconds since the epoch to stamp new and changed cards with; default: now. Cards that did
    not change keep the time recorded in the state file."""
    write: bool = True
    """False to build the cards without writing a package (for previews)."""
    subdeck: str | None = None
    """"channel" or "note" to put each note's cards in a subdeck named after its channel or
    title; None for one deck."""
    tags: tuple[str, ...] = ()
    """Tags added to every card, besides the note's own."""
    include: tuple[str, ...] = ()
    """Glob patterns; when given, only notes whose path matches one are read."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of notes not to read (``drafts/*``, ``*.private.md``)."""
    skip_callouts: tuple[str, ...] = ()
    """More callouts to leave out, by type (``note``) or title, besides warnings and disclaimers."""
    max_cards_per_note: int | None = None
    density: str = "default"
    """How many cards to make: "fewer", "default" or "more" moves the ranking model's
    threshold (:data:`deckgen.ranking.DENSITIES`)."""
    """The most cards one note file may give; its best-scoring facts are kept."""
    state: bool = True
    """Keep a state file beside the package (``.deckgen/<deck>/state.json``), so that a rebuild
    keeps the GUIDs of edited facts and stamps only changed cards as newer (see
    :mod:`deckgen.state`)."""
    force: bool = False
    """Write the package even when it would drop more than half of the Anki notes the state file
    says the deck held (see :data:`SHRINK_LIMIT`): without it, such a build fails and leaves the
    deck alone, since it is most likely a build of other inputs to the same output."""
    workers: int | None = None
    """Processes that read notes in parallel: None for one per CPU, 1 to read them all in this
    process. The deck is the same whatever the number."""
    decisions: bool = True
    """Record why each sentence did or did not become a card (:attr:`BuildResult.decisions`, for
    ``--explain`` and previews). False leaves them out and saves a large build much of the work
    of passing results between processes; the deck is the same."""
    cache: bool = True
    """Reuse what unchanged notes gave last time (kept in ``.deckgen/<deck>/cache/`` beside the deck),
    so that a rebuild reads only the notes that changed. A build that writes no package only
    reads the cache."""
    progress: Progress | None = field(default=None, compare=False)
    """Called as the build goes (see :data:`Progress`); the library itself never prints."""


@dataclass(frozen=True, slots=True)
class NoteReport:
    """What one note file gave."""

    path: str
    cards: int
    """Anki notes written from it (each makes one card per deletion)."""
    reason: str | None = None
    """Why it gave no card, when it gave none."""
    title: str | None = None
    """The note's title, when it could be read."""


@quick_init
@dataclass(frozen=True, slots=True)
class _NoteOutcome:
    """What stages 1 to 3 made of one note file."""

    note: Note | None
    """The note; in :func:`read_notes`' results without its blocks, which the later stages do
    not need (so workers send back, and the cache keeps, much less)."""
    facts: list[Fact]
    decisions: list[Decision]
    """One per sentence read; empty when the build records no decisions."""
    diagnostics: list[Diagnostic]
    sentences: int = 0
    """How many sentences were read."""
    cards: tuple[Card, ...] = ()
    """A card for each of ``facts``, made where the note was read (a worker process): when the
    deck keeps all of a note's facts, they are its cards."""


@dataclass(slots=True)
class BuildResult:
    """Everything a build did, for the CLI (or any caller) to report."""

    deck: str
    output: Path | None
    notes: list[NoteReport] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    decisions: list[tuple[str, Decision]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    changes: Changes | None = None
    """What the package changed since the state file (None when no package or state file was
    written)."""

    @property
    def errors(self) -> list[Diagnostic]:
        """Diagnostics of files (or parts) that could not be read at all."""
        return [d for d in self.diagnostics if d.level is Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level is Level.WARNING]

    @property
    def anki_cards(self) -> int:
        """Cards Anki will make: one per deletion number of each note."""
        return sum(len({d.number for d in c.fact.deletions}) for c in self.cards)


def default_deck_name(paths: Sequence[str]) -> str:
    """The deck name used when none is given: the first folder's (or file's) name, capitalised.

    A build of one note file is named after the note (``talks/black_holes.md`` → "Black holes"),
    so that it never writes over the deck of the folder it is in.
    """
    if len(paths) == 1 and Path(paths[0]).is_file():
        stem = re.sub(r"[\s_]+", " ", Path(paths[0]).stem).strip()
        if stem:
            return stem[:1].upper() + stem[1:]
    for given in paths:
        path = Path(given).resolve()
        name = path.name if path.is_dir() else path.parent.name if path.suffix else path.name
        if name:
            return name[:1].upper() + name[1:]
    return "Notes"


def deck_file_name(deck: str) -> str:
    """A file name for a deck: ``My Deck::Sub`` → ``My_Deck__Sub.apkg``."""
    stem = re.sub(r"[^\w.-]+", "_", deck.replace("::", "__")).strip("._") or "deck"
    return stem + ".apkg"


def process_note(
    file: NoteFile, skip_callouts: Sequence[str] = (), density: str = "default"
) -> _NoteOutcome:
    """Stages 1 to 3 for one note file: read it, split it, pick its facts.

    A stage that fails on a note costs that note only: the failure becomes an error naming it.
    """
    try:
        return _process_note(file, skip_callouts, density)
    except (
        RecursionError,
        MemoryError,
        ValueError,
        LookupError,
        TypeError,
        ArithmeticError,
    ) as err:
        message = f"deckgen failed on this note ({type(err).__name__}: {err}); please report it"
        return _NoteOutcome(None, [], [], [Diagnostic(file.display, None, Level.ERROR, message)])


def _process_note(file: NoteFile, skip_callouts: Sequence[str], density: str) -> _NoteOutcome:
    note, diagnostics = read_note(file, skip_callouts)
    if note is None:
        return _NoteOutcome(None, [], [], diagnostics)
    sentences, more = split_sentences(note)
    model = default_model()
    shift, veto = DENSITIES[density]
    facts, decisions = extract_facts(
        note, sentences, model=model, threshold=model.threshold + shift, veto=veto
    )
    return _NoteOutcome(note, facts, decisions, diagnostics + more, len(sentences))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the duration, then restore it.

    A build holds about a hundred small objects per note and makes no reference cycles, so the
    collector finds nothing; but each of its full passes walks every object the build holds, and
    on a large vault those passes took a quarter of the time spent outside the workers.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_collector_paused()
def build(options: BuildOptions | None = None) -> BuildResult:
    """Build a deck from notes; raises :class:`BuildError` only when no deck can be written."""
    options = options or BuildOptions()
    deck = clean_deck_name(options.deck or default_deck_name(options.paths))
    result = BuildResult(deck=deck, output=None)
    files, problems = find_notes(options.paths)  # which files
    result.diagnostics.extend(problems)
    files = select_files(files, options.include, options.exclude)
    # An output that cannot be written fails the build after reading (so the result still shows
    # every note); the cache beside it must not be created meanwhile.
    writable = options.write and _output_problem(deck_path(options, deck)) is None
    note_cache = (
        cache.NoteCache.beside(deck_path(options, deck), writable=writable)
        if options.cache
        else None
    )
    outcomes = read_notes(  # stages 1-3: notes → sentences → facts
        files,
        options.skip_callouts,
        workers=options.workers,
        cache=note_cache,
        progress=options.progress,
        decisions=options.decisions,
        link_form=options.link_form,
        density=options.density,
    )
    _tell(options.progress, "cards")
    make_all_cards(result, files, outcomes, options)  # stage 4: facts → cards
    if options.write:
        _tell(options.progress, "package")
        try:
            write_deck(result, options, found_files=bool(files))  # stage 5: cards → package
        except BuildError as err:
            err.result = result
            raise
    return result


def deck_path(options: BuildOptions, deck: str) -> Path:
    """Where the deck is written: ``options.output`` (with ``.apkg`` added to a name that has no
    suffix), else ``decks/<deck>.apkg``."""
    if not options.output:
        return Path(DEFAULT_DECKS) / deck_file_name(deck)
    output = Path(options.output)
    if output.name and not output.suffix and not output.is_dir():
        output = output.with_name(output.name + PACKAGE_SUFFIX)
    return output


def read_notes(
    files: Sequence[NoteFile],
    skip_callouts: Sequence[str] = (),
    *,
    workers: int | None = 1,
    cache: cache.NoteCache | None = None,
    progress: Progress | None = None,
    decisions: bool = True,
    link_form: str = "watch",
    density: str = "default",
) -> list[_NoteOutcome]:
    """Stages 1 to 3 for every note file; the results are in the order of ``files``.

    Notes whose entry is in ``cache`` are not read again; the others are read by ``workers``
    processes (None: one per CPU) when there are enough of them, else in this process, and
    stored in the cache. The results are the same in every case, but for their decisions,
    which are left out unless ``decisions`` is true (the cache always keeps them). Each
    outcome carries the cards of its facts, with links of ``link_form``.
    """
    reading = _Reading(tuple(skip_callouts), link_form, density)
    outcomes: list[_NoteOutcome | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    done = 0
    if cache is not None:
        for index, file in enumerate(files):
            keys[index] = key = reading.key(file)
            outcomes[index] = found = _cached_outcome(cache, key, decisions)
            if found is not None and progress is not None:
                done += 1
                progress("notes", done, len(files))
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    jobs = [(files[i], keys[i]) for i in todo]
    processed = _process_notes(jobs, reading, workers, cache, decisions)
    for index, outcome in zip(todo, processed, strict=True):
        outcomes[index] = outcome
        if progress is not None:
            done += 1
            progress("notes", done, len(files))
    if cache is not None:
        cache.keep_only(key for key in keys if key is not None)
    return [outcome for outcome in outcomes if outcome is not None]


@dataclass(frozen=True, slots=True)
class _Reading:
    """The options that what is read of a note depends on: each is part of every cache key."""

    skip_callouts: tuple[str, ...] = ()
    link_form: str = "watch"
    """The shape of the cards' video links (they are made with the facts)."""
    density: str = "default"
    """How many cards the ranking model lets through."""

    def key(self, file: NoteFile) -> str | None:
        """The cache key of a note: its bytes, the path shown, its file name and these options;
        None when it cannot be read (it is never cached; reading it again reports the error)."""
        try:
            data = file.path.read_bytes()
        except OSError:
            return None
        options = "skip_callouts=" + "\x1f".join(self.skip_callouts)
        return cache.note_key(
            data, file.display, file.path.name, options, self.link_form, self.density
        )

    def process(self, file: NoteFile) -> _NoteOutcome:
        """Stages 1 to 3 for one note, and the cards of all its facts (stage 4 but for what
        needs the whole deck: so a worker makes them, not the parent alone). The note is kept
        without its blocks: the later stages need only its metadata, and dropping the text
        keeps workers' results and the cache small."""
        outcome = process_note(file, self.skip_callouts, self.density)
        if outcome.note is None:
            return outcome
        cards = tuple(make_cards(outcome.note, outcome.facts, self.link_form))
        note = dataclasses.replace(outcome.note, blocks=())
        return dataclasses.replace(outcome, note=note, cards=cards)


def _tell(progress: Progress | None, stage: str) -> None:
    if progress is not None:
        progress(stage, 0, 1)


def _cached_outcome(
    note_cache: cache.NoteCache, key: str | None, decisions: bool
) -> _NoteOutcome | None:
    data = note_cache.get(key) if key is not None else None
    return _load_outcome(data, decisions) if data is not None else None


def _dump_outcome(outcome: _NoteOutcome, decisions: bool = True) -> list[bytes]:
    """An outcome as the parts of a cache entry: the outcome without its decisions, then (when
    ``decisions``) its decisions, which share its sentences. The first part alone is what a build
    that records no decisions needs: a tenth of the whole, read in a tenth of the time."""
    core = dataclasses.replace(outcome, decisions=[])
    return cache.dump_parts(core, outcome.decisions) if decisions else cache.dump_parts(core)


def _load_outcome(data: bytes, decisions: bool) -> _NoteOutcome | None:
    """The outcome :func:`_dump_outcome` stored, with its decisions when ``decisions``."""
    if not decisions:
        found = cache.loads(data, _NoteOutcome)
        return found if isinstance(found, _NoteOutcome) else None
    parts = cache.load_parts(data, _NoteOutcome, list)
    if parts is None:
        return None
    outcome: _NoteOutcome = parts[0]
    return dataclasses.replace(outcome, decisions=parts[1])


def _process_notes(
    jobs: Sequence[tuple[NoteFile, str | None]],
    reading: _Reading,
    workers: int | None,
    note_cache: cache.NoteCache | None,
    decisions: bool = True,
) -> Iterator[_NoteOutcome]:
    """Stages 1 to 3 for each (file, cache key), in order, in worker processes when it pays."""
    wanted = workers if workers is not None else cpu_count()
    processes = min(wanted, len(jobs) // MIN_NOTES_PER_WORKER)
    done = 0
    if processes > 1:
        # Small chunks keep both processes busy to the end (notes differ in size a hundredfold).
        chunk = max(1, min(16, len(jobs) // (processes * 8)))
        try:
            executor = ProcessPoolExecutor(
                max_workers=processes,
                mp_context=_pool_context(),
                initializer=_start_worker,
                initargs=(reading, note_cache, decisions),
            )
            try:
                for payload in executor.map(_process_in_worker, jobs, chunksize=chunk):
                    outcome = _load_outcome(payload, decisions)
                    if outcome is None:
                        raise RuntimeError("a worker sent back a result that cannot be read")
                    done += 1
                    yield outcome
            finally:
                executor.shutdown(wait=True, cancel_futures=True)
        except (BrokenProcessPool, OSError):
            # A worker died (killed, out of memory) or none could start (no semaphores on this
            # system): read the notes not yet read in this process instead. An error of the
            # note itself would come back here the same way.
            pass
    for file, key in jobs[done:]:
        outcome = reading.process(file)
        if note_cache is not None and key is not None and reading.key(file) == key:
            # Checked again so that a note saved during the build is not cached under old bytes.
            note_cache.put(key, b"".join(_dump_outcome(outcome)))
        yield outcome if decisions else dataclasses.replace(outcome, decisions=[])


_worker: tuple[_Reading, cache.NoteCache | None, bool] = (_Reading(), None, True)


def _start_worker(reading: _Reading, note_cache: cache.NoteCache | None, decisions: bool) -> None:
    global _worker
    _worker = (reading, note_cache, decisions)
    # A worker holds one note at a time: let it collect as usual, but never walk the objects
    # it inherited from the parent (modules, compiled patterns), which live to the end.
    gc.freeze()
    gc.enable()
    # Ctrl-C reaches the whole process group; the parent alone handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _process_in_worker(job: tuple[NoteFile, str | None]) -> bytes:
    """Stages 1 to 3 for one note, pickled for the parent (see :func:`_dump_outcome`)."""
    file, key = job
    reading, note_cache, decisions = _worker
    caching = note_cache is not None and key is not None
    parts = _dump_outcome(reading.process(file), decisions or caching)
    if note_cache is not None and key is not None and reading.key(file) == key:
        note_cache.put(key, b"".join(parts))
    return b"".join(parts) if decisions else parts[0]


def _pool_context() -> BaseContext:
    # fork is the cheapest start (workers share the modules already imported) but unsafe when
    # other threads run; then fall back to forkserver or spawn.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def cpu_count() -> int:
    """The CPUs this process may run on: the default number of workers."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1  # Python 3.13+
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def make_all_cards(
    result: BuildResult,
    files: Sequence[NoteFile],
    outcomes: Sequence[_NoteOutcome],
    options: BuildOptions,
) -> None:
    """Stage 4 for the whole deck: drop facts already in it from another note, make the cards,
    and record what each note gave."""
    kept = drop_duplicates([(o.note, f) for o in outcomes if o.note is not None for f in o.facts])
    for file, outcome in zip(files, outcomes, strict=True):
        result.diagnostics.extend(outcome.diagnostics)
        result.decisions.extend((file.display, d) for d in outcome.decisions)
        if outcome.note is None:
            unread = next(
                (
                    d.message
                    for d in sorted(outcome.diagnostics, key=lambda d: d.level is not Level.ERROR)
                ),
                "could not be read",
            )
            result.notes.append(NoteReport(file.display, 0, unread))
            continue
        facts = [f for f in outcome.facts if id(f) in kept]
        if options.max_cards_per_note is not None:
            facts = _limit_facts(result, file.display, facts, options.max_cards_per_note)
        if len(facts) == len(outcome.facts) == len(outcome.cards):
            cards = list(outcome.cards)  # all its facts kept: the cards made with them
        else:
            cards = make_cards(outcome.note, facts, options.link_form)
        cards = [_placed(card, outcome.note, result.deck, options) for card in cards]
        result.cards.extend(cards)
        reason = None if cards else _no_card_reason(outcome, len(outcome.facts))
        result.notes.append(NoteReport(file.display, len(cards), reason, outcome.note.title))


def write_deck(result: BuildResult, options: BuildOptions, *, found_files: bool = True) -> None:
    """Stage 5: write the package where the options say, atomically.

    With a state file beside it, cards take the GUIDs of the facts they were before, and only
    changed cards get a newer modification time; the state file is saved after the package.
    """
    output = deck_path(options, result.deck)
    if not result.cards:
        read = sum(1 for n in result.notes if n.cards == 0 and n.reason is not None)
        raise BuildError(
            "no cards to write: "
            + (
                "no note files found"
                if not found_files
                else f"none of the {read} note files gave a card"
            )
        )
    _check_output(output)
    now = options.timestamp if options.timestamp is not None else int(time.time())
    state_file = state_path(output)
    old_file = legacy_state_path(output)
    migrating = options.state and not state_file.exists() and old_file.is_file()
    if migrating:
        previous, problem = load_state(old_file)  # written by deckgen 0.1: moved once saved
    else:
        previous, problem = load_state(state_file) if options.state else (None, None)
    if problem is not None:
        result.diagnostics.append(problem)
    update = plan_update(result.cards, previous, now=now, model_checksum=model_checksum())
    if not options.force:
        _check_shrink(output, update.changes, len(update.cards))
    result.cards = list(update.cards)
    result.changes = update.changes if options.state else None
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        result.output = write_package(
            update.cards,
            output,
            result.deck,
            timestamp=update.timestamp,
            modified=update.mods,
            model_mod=update.model_mod,
        )
    except OSError as err:
        raise BuildError(f"cannot write {output}: {err.strerror or err}") from err
    if options.state:
        try:
            save_state(state_file, update.state)
            if migrating:
                old_file.unlink(missing_ok=True)
        except OSError as err:
            result.diagnostics.append(
                Diagnostic(
                    str(state_file),
                    None,
                    Level.WARNING,
                    f"cannot save the state file: {err.strerror or err}; the next build "
                    "compares with the previous state",
                )
            )


def select_files(
    files: Sequence[NoteFile], include: Sequence[str], exclude: Sequence[str]
) -> list[NoteFile]:
    """The files that match an ``include`` pattern (when any are given) and no ``exclude`` one.

    A pattern matches a note whose path, or any trailing part of its path, it matches:
    ``drafts/*`` matches ``notes/drafts/a.md``, and ``*.draft.md`` any such file.
    """
    return [
        f
        for f in files
        if (not include or _matches(f.display, include)) and not _matches(f.display, exclude)
    ]


def _matches(display: str, patterns: Sequence[str]) -> bool:
    parts = Path(display).as_posix().split("/")
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    return any(fnmatch.fnmatchcase(tail, p) for p in patterns for tail in tails)


def _limit_facts(result: BuildResult, path: str, facts: list[Fact], most: int) -> list[Fact]:
    """Keep a note's best-scoring facts while their cards fit in ``most``; record the others."""
    kept: set[int] = set()
    total = 0
    for fact in sorted(facts, key=lambda f: -f.score):  # stable: ties keep text order
        cards = len({d.number for d in fact.deletions})
        if total + cards <= most:
            kept.add(id(fact))
            total += cards
    dropped = {id(f.sentence): f for f in facts if id(f) not in kept}
    for i, (where, decision) in enumerate(result.decisions):
        if where == path and id(decision.sentence) in dropped:
            reason = f"over the limit of {most} cards per note ({decision.reason})"
            result.decisions[i] = (
                where,
                dataclasses.replace(decision, accepted=False, reason=reason),
            )
    return [f for f in facts if id(f) in kept]


def _placed(card: Card, note: Note, deck: str, options: BuildOptions) -> Card:
    """The card with the build's extra tags, in its note's subdeck when the options ask for one."""
    tags = card.tags + tuple(t for t in map(sanitize_tag, options.tags) if t and t not in card.tags)
    part = {"channel": note.channel, "note": note.title}.get(options.subdeck or "")
    subdeck = clean_deck_name(f"{deck}::{part.replace('::', ':')}") if part else None
    if tags == card.tags and subdeck is None:
        return card
    return dataclasses.replace(card, tags=tags, deck=subdeck)


MAX_DECK_NAME = 200
"""Longer deck names are cut: Anki shows them in one line of its deck list."""


def clean_deck_name(name: str) -> str:
    """A deck name Anki accepts: no control characters or quotes, no empty ``::`` parts, at most
    :data:`MAX_DECK_NAME` characters."""
    parts = [re.sub(r"[\x00-\x1f\x7f-\x9f\"]+", "", p).strip() for p in name.split("::")]
    cleaned = "::".join(p for p in parts if p)[:MAX_DECK_NAME].strip(": ")
    return cleaned or "Notes"


def _check_shrink(output: Path, changes: Changes, cards: int) -> None:
    """Refuse a build that would drop most of the deck's Anki notes (see :data:`SHRINK_LIMIT`)."""
    if changes.first_build:
        return
    held = cards - len(changes.added) + len(changes.removed)
    if changes.removed and cards < held * SHRINK_LIMIT:
        raise BuildError(
            f"{output} was left as it was: it holds {_anki_notes(held)} and this build has "
            f"{cards}, so {len(changes.removed)} would leave the deck. To build these notes on "
            f"their own, give another output (-o NAME{PACKAGE_SUFFIX}); to replace the deck "
            "anyway, add --force"
        )


def _anki_notes(n: int) -> str:
    return f"{n} Anki note" if n == 1 else f"{n} Anki notes"


def _check_output(output: Path) -> None:
    """Refuse, before any work is written, an output that is a folder, a device or pipe, a file
    that is not an Anki package (a typo must not overwrite a note), or a place we cannot write."""
    if output.is_dir():
        raise BuildError(f"cannot write {output}: it is a folder; give a file name ending in .apkg")
    if output.exists() and not output.is_file():
        raise BuildError(f"cannot write {output}: it is not a regular file")
    if output.is_file() and not _is_package_or_empty(output):
        raise BuildError(
            f"cannot write {output}: it exists and is not an Anki package, so it was left "
            "alone; give another name or remove it"
        )
    if output.suffix.lower() != PACKAGE_SUFFIX:
        raise BuildError(
            f"cannot write {output}: Anki imports only files named *{PACKAGE_SUFFIX}; "
            f"give a name such as {output.with_suffix(PACKAGE_SUFFIX)}"
        )
    parent = output.parent if str(output.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise BuildError(f"cannot write {output}: {parent} is not a folder")
    if parent.exists() and not os.access(parent, os.W_OK):
        raise BuildError(f"cannot write {output}: no permission to write in {parent}")


def _output_problem(output: Path) -> BuildError | None:
    """The error :func:`_check_output` would raise for ``output``, or None."""
    try:
        _check_output(output)
    except BuildError as err:
        return err
    return None


def _is_package_or_empty(path: Path) -> bool:
    """Whether a file is empty or starts like a zip file (an .apkg is one)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError:
        return True  # let the write itself report it
    return head in (b"", b"PK\x03\x04", b"PK\x05\x06")


def _no_card_reason(outcome: _NoteOutcome, facts_found: int) -> str:
    if facts_found:
        return "every fact it held is already in the deck from another note"
    for d in outcome.diagnostics:
        if d.message.endswith("no cards"):
            return d.message.rsplit(";", 1)[0]
    if not outcome.sentences:
        return "no sentences to read"
    return "no sentence held a fact worth a card (see --explain)"
