"""The values passed from one stage of the pipeline to the next.

notes → sentences → facts → cloze cards → package. Every value is a frozen dataclass, built once
and never changed; a stage returns new values instead of editing the ones it was given. Each value
keeps the file and line it came from, so any card or warning can be traced to its source.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

_T = TypeVar("_T")


def quick_init(cls: type[_T]) -> type[_T]:
    """Give a frozen, slotted data class a faster ``__init__`` (a speed trick, nothing else).

    The ``__init__`` that ``dataclass`` writes for a frozen class stores each field with
    ``object.__setattr__(self, name, value)`` (the class itself refuses assignment), which looks
    the name up again for every field. This one stores each argument through its slot's
    descriptor, where that call ends up, in a third of the time: the pipeline makes a few
    hundred thousand of these values. Same parameters, defaults and result.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    namespace: dict[str, Any] = {}
    parameters = []
    for f in fields:
        if not f.init or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"quick_init cannot build {cls.__name__}.{f.name}")
        if f.default is dataclasses.MISSING:
            parameters.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
        namespace[f"_store_{f.name}"] = cls.__dict__[f.name].__set__
    body = "".join(f"\n    _store_{f.name}(self, {f.name})" for f in fields) or "\n    pass"
    exec(f"def __init__(self, {', '.join(parameters)}):{body}", namespace)  # noqa: S102 (the code is built from field names)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


class Level(StrEnum):
    """How serious a diagnostic is."""

    WARNING = "warning"
    """Something odd in a note; the note still gave what it could."""
    ERROR = "error"
    """A note, or part of one, could not be read at all."""


@quick_init
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A message about one place in the input, for the user to read."""

    path: str
    """The note's path as the user gave it."""
    line: int | None
    """1-based line in the file, or None when the problem concerns the whole file."""
    level: Level
    message: str
    group: str | None = None
    """For a problem deckgen handled itself, which the user need not act on note by note: the
    words that name its kind in one summary line ("timestamps read as minutes and seconds"), so
    that a build reports how many notes had it instead of a line for each (``-v`` lists them).
    None for a problem worth its own line: one the user can fix at the file and line named."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.level.value}: {self.message}"


@quick_init
@dataclass(frozen=True, slots=True)
class Timestamp:
    """A moment in a video that a sentence points to."""

    seconds: int
    """Offset from the start of the video."""
    label: str
    """How the note wrote it, normalised to H:MM:SS or HH:MM:SS (e.g. "00:12:43")."""
    video_id: str | None = None
    """The video this moment is in, when the timestamp names its own (a youtu.be link does)."""


@quick_init
@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, list item, quote or heading of a note, with its inline Markdown untouched."""

    kind: str
    """"paragraph", "item" (a list item) or "quote"."""
    text: str
    """The block's raw inline Markdown, its lines joined by newlines."""
    line: int
    """1-based line of the block's first line in the file."""
    section: tuple[str, ...]
    """The headings above the block, outermost first, as plain text."""
    label: str | None = None
    """The bold label of the list item that holds the block (``*   **Label**``), if any."""


@quick_init
@dataclass(frozen=True, slots=True)
class Note:
    """One Markdown note, read and split into blocks (stage 1 output)."""

    path: str
    """The path as found by the build, for messages."""
    title: str
    """From the frontmatter ``title``, else the first heading, else the file name."""
    video_id: str | None
    """The YouTube id from the frontmatter ``videoId``, when it is a well-formed 11-character id."""
    channel: str | None
    """The channel named on the ``From: [[channel]]`` line."""
    tags: tuple[str, ...]
    """Anki-safe tags from the frontmatter and the channel."""
    blocks: tuple[Block, ...]


class SpanKind(StrEnum):
    """What an inline span of a sentence is."""

    BOLD = "bold"
    """``**strong**`` text: the author thought it important."""
    EMPHASIS = "emphasis"
    """``*em*`` text."""
    HIGHLIGHT = "highlight"
    """``==highlight==``: the author's own choice of what to hide."""
    CLOZE = "cloze"
    """``{{c1::...}}`` written by the author: hidden exactly as written."""
    LINK = "link"
    """The visible text of a wiki or Markdown link."""
    PROTECTED = "protected"
    """Math or code: never split, never hidden in part."""


@quick_init
@dataclass(frozen=True, slots=True)
class Span:
    """A marked range of a sentence's text, ``text[start:end]``."""

    start: int
    end: int
    kind: SpanKind
    number: int = 0
    """For author clozes, the cloze number (c1 → 1); 0 otherwise."""


@quick_init
@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a note, reduced to plain text (stage 2 output)."""

    text: str
    """Plain text: links shown as their text, emphasis and anchors removed. Math stays as
    ``\\(...\\)``."""
    spans: tuple[Span, ...]
    """Author markup that carries meaning, as ranges of ``text``."""
    timestamps: tuple[Timestamp, ...]
    """The moments the sentence links to, in the order written."""
    line: int
    """1-based line of the sentence's start in the file."""
    section: tuple[str, ...]
    """Headings above the sentence, outermost first."""
    label: str | None
    """The bold label of the list item the sentence belongs to, if any."""
    block_kind: str
    """The kind of block the sentence came from."""
    index: int
    """Position of the sentence in its note, from 0."""
    starts_block: bool = False
    """True for the first sentence of its block."""


@quick_init
@dataclass(frozen=True, slots=True)
class Deletion:
    """A range of a fact's text to hide, and the cloze number it gets."""

    start: int
    end: int
    number: int
    """1 for c1, 2 for c2, ...: Anki makes one card per number."""
    kind: str
    """Why this range was chosen: "quantity", "term", "comparison", "author", ..."""


@quick_init
@dataclass(frozen=True, slots=True)
class Fact:
    """A sentence chosen for a card, rewritten to stand alone, with what to hide (stage 3 output)."""

    text: str
    """The card's text: the sentence with leading connectives dropped and pronouns resolved."""
    deletions: tuple[Deletion, ...]
    """Ranges of ``text`` to hide, in text order, never overlapping."""
    sentence: Sentence
    """The sentence the fact came from."""
    score: float
    """How worth a card the sentence looked; higher is better (the ranker's probability that a
    careful learner keeps the card)."""
    context: str = ""
    """An earlier sentence the card shows above its text, when the text leans on it."""

    @property
    def answers(self) -> tuple[str, ...]:
        """The hidden texts, in cloze-number order."""
        ordered = sorted(self.deletions, key=lambda d: (d.number, d.start))
        return tuple(self.text[d.start : d.end] for d in ordered)


@quick_init
@dataclass(frozen=True, slots=True)
class Decision:
    """Why a sentence did or did not become a card: the --explain record."""

    sentence: Sentence
    accepted: bool
    reason: str
    """A short phrase: the rule that rejected it, or what was chosen to hide."""
    score: float = 0.0
    rule: str = ""
    """The name of the rule that decided: a rejection rule, "no target", "low score" or "card"."""
    text: str = ""
    """The sentence as its card would read after the rewrite; empty when it was rejected before."""
    targets: tuple[str, ...] = ()
    """The deletions chosen (for a card) or the best candidates weighed (for a rejection), each
    as ``kind 'answer' weight``."""


@quick_init
@dataclass(frozen=True, slots=True)
class Card:
    """One Anki note of the deck: the fields as HTML, ready to write (stage 4 output)."""

    guid: str
    """Anki's note identity; stable across rebuilds of the same fact."""
    text: str
    """The Text field: HTML with ``{{c1::...}}`` deletions."""
    context: str
    """The Context field: note title and section, as HTML."""
    source: str
    """The Source field: links to the video at each timestamp, and the note's name, as HTML."""
    tags: tuple[str, ...]
    fact: Fact = field(compare=False)
    """The fact the card was made from, for reports and tracing."""
    note_path: str = ""
    """The note file the card came from."""
    deck: str | None = None
    """The full name of the deck the card goes in, when not the build's deck (a subdeck)."""
