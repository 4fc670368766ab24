"""deckgen: turn Markdown notes into an Anki deck of cloze cards.

The pipeline, one module per stage::

    notes.py      paths        → Note          read, decode, frontmatter, blocks
    sentences.py  Note         → [Sentence]    plain text, timestamps, abbreviation-safe split
    facts.py      [Sentence]   → [Fact]        reject, rewrite to stand alone, choose deletions
    cloze.py      [Fact]       → [Card]        escaped HTML fields, video links, GUIDs
    package.py    [Card]       → .apkg         the note type, deterministic atomic write

:func:`build` runs them all; :mod:`deckgen.cli` is the command line over it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("deckgen")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

from deckgen.pipeline import BuildError, BuildOptions, BuildResult, NoteReport, build
from deckgen.types import (
    Card,
    Decision,
    Deletion,
    Diagnostic,
    Fact,
    Level,
    Note,
    Sentence,
    Timestamp,
)

__all__ = [
    "BuildError",
    "BuildOptions",
    "BuildResult",
    "Card",
    "Decision",
    "Deletion",
    "Diagnostic",
    "Fact",
    "Level",
    "Note",
    "NoteReport",
    "Sentence",
    "Timestamp",
    "__version__",
    "build",
]
