"""The whole build, stage by stage: notes → sentences → facts → cloze cards → package.

:func:`build` runs the stages in order and collects every :class:`Diagnostic`; it never prints.
The command line (:mod:`deckgen.cli`) is a thin layer over it, and so can any other program be.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.cloze import make_cards
from deckgen.facts import drop_duplicates, extract_facts
from deckgen.notes import NoteFile, find_notes, read_note, sanitize_tag
from deckgen.package import model_checksum, write_package
from deckgen.sentences import split_sentences
from deckgen.state import Changes, load_state, plan_update, save_state, state_path
from deckgen.types import Card, Decision, Diagnostic, Fact, Level, Note

DEFAULT_NOTES = "notes"
DEFAULT_DECKS = "decks"


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
    """Where to write the ``.apkg``; default ``decks/<deck>.apkg``."""
    deck: str | None = None
    """The deck name (``::`` makes subdecks); default: the name of the first folder read."""
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
    """The most cards one note file may give; its best-scoring facts are kept."""
    state: bool = True
    """Keep a state file beside the package (``<deck>.deckgen.json``), so that a rebuild keeps the
    GUIDs of edited facts and stamps only changed cards as newer (see :mod:`deckgen.state`)."""


@dataclass(frozen=True, slots=True)
class NoteReport:
    """What one note file gave."""

    path: str
    cards: int
    """Anki notes written from it (each makes one card per deletion)."""
    reason: str | None = None
    """Why it gave no card, when it gave none."""


@dataclass(frozen=True, slots=True)
class _NoteOutcome:
    note: Note | None
    facts: list[Fact]
    decisions: list[Decision]
    diagnostics: list[Diagnostic]


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
    """The deck name used when none is given: the first folder's (or file's) name, capitalised."""
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


def process_note(file: NoteFile, skip_callouts: Sequence[str] = ()) -> _NoteOutcome:
    """Stages 1 to 3 for one note file: read it, split it, pick its facts.

    A stage that fails on a note costs that note only: the failure becomes an error naming it.
    """
    try:
        return _process_note(file, skip_callouts)
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


def _process_note(file: NoteFile, skip_callouts: Sequence[str]) -> _NoteOutcome:
    note, diagnostics = read_note(file, skip_callouts)
    if note is None:
        return _NoteOutcome(None, [], [], diagnostics)
    sentences, more = split_sentences(note)
    facts, decisions = extract_facts(note, sentences)
    return _NoteOutcome(note, facts, decisions, diagnostics + more)


def build(options: BuildOptions | None = None) -> BuildResult:
    """Build a deck from notes; raises :class:`BuildError` only when no deck can be written."""
    options = options or BuildOptions()
    deck = clean_deck_name(options.deck or default_deck_name(options.paths))
    result = BuildResult(deck=deck, output=None)
    files, problems = find_notes(options.paths)  # which files
    result.diagnostics.extend(problems)
    files = select_files(files, options.include, options.exclude)
    outcomes = read_notes(files, options.skip_callouts)  # stages 1-3: notes → sentences → facts
    make_all_cards(result, files, outcomes, options)  # stage 4: facts → cards
    if options.write:
        try:
            write_deck(result, options, found_files=bool(files))  # stage 5: cards → package
        except BuildError as err:
            err.result = result
            raise
    return result


def read_notes(files: Sequence[NoteFile], skip_callouts: Sequence[str] = ()) -> list[_NoteOutcome]:
    """Stages 1 to 3 for every note file, in the order given."""
    return [process_note(file, skip_callouts) for file in files]


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
            reason = next(
                (
                    d.message
                    for d in sorted(outcome.diagnostics, key=lambda d: d.level is not Level.ERROR)
                ),
                "could not be read",
            )
            result.notes.append(NoteReport(file.display, 0, reason))
            continue
        facts = [f for f in outcome.facts if id(f) in kept]
        if options.max_cards_per_note is not None:
            facts = _limit_facts(result, file.display, facts, options.max_cards_per_note)
        cards = make_cards(outcome.note, facts, options.link_form)
        cards = [_placed(card, outcome.note, result.deck, options) for card in cards]
        result.cards.extend(cards)
        reason = None if cards else _no_card_reason(outcome, len(outcome.facts))
        result.notes.append(NoteReport(file.display, len(cards), reason))


def write_deck(result: BuildResult, options: BuildOptions, *, found_files: bool = True) -> None:
    """Stage 5: write the package where the options say, atomically.

    With a state file beside it, cards take the GUIDs of the facts they were before, and only
    changed cards get a newer modification time; the state file is saved after the package.
    """
    output = (
        Path(options.output)
        if options.output
        else Path(DEFAULT_DECKS) / deck_file_name(result.deck)
    )
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
    previous, problem = load_state(state_file) if options.state else (None, None)
    if problem is not None:
        result.diagnostics.append(problem)
    update = plan_update(result.cards, previous, now=now, model_checksum=model_checksum())
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
    parent = output.parent if str(output.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise BuildError(f"cannot write {output}: {parent} is not a folder")
    if parent.exists() and not os.access(parent, os.W_OK):
        raise BuildError(f"cannot write {output}: no permission to write in {parent}")


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
    if not outcome.decisions:
        return "no sentences to read"
    return "no sentence held a fact worth a card (see --explain)"
