"""The whole build, stage by stage: notes → sentences → facts → cloze cards → package.

:func:`build` runs the stages in order and collects every :class:`Diagnostic`; it never prints.
The command line (:mod:`deckgen.cli`) is a thin layer over it, and so can any other program be.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.cloze import make_cards
from deckgen.facts import drop_duplicates, extract_facts
from deckgen.notes import NoteFile, find_notes, read_note
from deckgen.package import write_package
from deckgen.sentences import split_sentences
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
    """Seconds since the epoch to stamp the package with; default: now."""
    write: bool = True
    """False to build the cards without writing a package (for previews)."""


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


def process_note(file: NoteFile) -> _NoteOutcome:
    """Stages 1 to 3 for one note file: read it, split it, pick its facts."""
    note, diagnostics = read_note(file)
    if note is None:
        return _NoteOutcome(None, [], [], diagnostics)
    sentences, more = split_sentences(note)
    facts, decisions = extract_facts(note, sentences)
    return _NoteOutcome(note, facts, decisions, diagnostics + more)


def build(options: BuildOptions | None = None) -> BuildResult:
    """Build a deck from notes; raises :class:`BuildError` only when no deck can be written."""
    options = options or BuildOptions()
    deck = clean_deck_name(options.deck) if options.deck else default_deck_name(options.paths)
    result = BuildResult(deck=deck, output=None)
    files, problems = find_notes(options.paths)  # which files
    result.diagnostics.extend(problems)
    outcomes = read_notes(files)  # stages 1-3: notes → sentences → facts
    make_all_cards(result, files, outcomes, options)  # stage 4: facts → cards
    if options.write:
        try:
            write_deck(result, options, found_files=bool(files))  # stage 5: cards → package
        except BuildError as err:
            err.result = result
            raise
    return result


def read_notes(files: Sequence[NoteFile]) -> list[_NoteOutcome]:
    """Stages 1 to 3 for every note file, in the order given."""
    return [process_note(file) for file in files]


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
        cards = make_cards(outcome.note, facts, options.link_form)
        result.cards.extend(cards)
        reason = None if cards else _no_card_reason(outcome, len(outcome.facts))
        result.notes.append(NoteReport(file.display, len(cards), reason))


def write_deck(result: BuildResult, options: BuildOptions, *, found_files: bool = True) -> None:
    """Stage 5: write the package where the options say, atomically."""
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
    timestamp = options.timestamp if options.timestamp is not None else int(time.time())
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        result.output = write_package(result.cards, output, result.deck, timestamp=timestamp)
    except OSError as err:
        raise BuildError(f"cannot write {output}: {err.strerror or err}") from err


def clean_deck_name(name: str) -> str:
    """A deck name Anki accepts: no control characters, no empty ``::`` parts."""
    parts = [re.sub(r"[\x00-\x1f\"]+", "", p).strip() for p in name.split("::")]
    return "::".join(p for p in parts if p) or "Notes"


def _check_output(output: Path) -> None:
    if output.is_dir():
        raise BuildError(f"cannot write {output}: it is a folder; give a file name ending in .apkg")
    parent = output.parent if str(output.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise BuildError(f"cannot write {output}: {parent} is not a folder")
    if parent.exists() and not os.access(parent, os.W_OK):
        raise BuildError(f"cannot write {output}: no permission to write in {parent}")


def _no_card_reason(outcome: _NoteOutcome, facts_found: int) -> str:
    if facts_found:
        return "every fact it held is already in the deck from another note"
    for d in outcome.diagnostics:
        if d.message.endswith("no cards"):
            return d.message.rsplit(";", 1)[0]
    if not outcome.decisions:
        return "no sentences to read"
    return "no sentence held a fact worth a card (see --explain)"
