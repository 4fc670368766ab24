"""Stage 2: :class:`Note` → list of :class:`Sentence`.

Each block's inline Markdown is reduced to plain text (see :mod:`deckgen.markup`), then cut into
sentences by a rule-based splitter that knows abbreviations ("e.g.", "vs.", "Dr.", "et al.",
"U.S."), decimals and initials. Timestamp anchors stand just before a sentence's final period in
the wiki format, so a timestamp belongs to the sentence it stands in, or to the one it follows
directly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from deckgen.grammar import ends_noun_phrase
from deckgen.lexicon import WORD, words
from deckgen.markup import Inline, parse_inline
from deckgen.timestamps import check_timestamps
from deckgen.types import Block, Diagnostic, Level, Note, Sentence, Span, SpanKind, Timestamp

# Words that end with a period but rarely end a sentence. Compared lower-cased, without the
# final period.
ABBREVIATIONS = words(
    """e.g eg i.e ie vs v viz cf etc al approx appr ca c resp incl esp min max avg est fig figs eq
    eqs no nos vol vols pp p ch sec secs ref refs dept univ assoc bros inc ltd co corp jr sr st
    mt ft dr mr mrs ms prof rev gen col lt sgt capt gov sen rep hon pres supt jan feb mar apr
    jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun a.m am p.m pm u.s
    u.k u.n e.u u.s.a ph.d m.d b.sc m.sc b.a m.a d.c approx. ibid op cit"""
)
# After these, a capitalised word is still the same sentence ("Dr. Smith", "vs. Placebo").
_NEVER_END = words(
    """dr mr mrs ms prof st mt vs v e.g eg i.e ie cf viz approx ca c no fig figs eq eqs ref refs
    gen col lt sgt capt gov sen rep hon pres jr sr al incl esp resp p pp vol vols ch sec appr"""
)

# A run of closing punctuation that can end a sentence.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_SENTENCE_START = re.compile(r"[\"'“‘(\[]*[A-Z0-9À-ÖØ-Þ\u0370-\u03ff\u0400-\u042f¿¡]|\\\(")
"""What a new sentence may open with: a capital or digit (after quotes or brackets), or math."""
_NEWLINE = re.compile("\n")
_ALNUM = re.compile(r"[^\W_]")
"""A letter or digit: a character str.isalnum() accepts (checked for every code point)."""
_LOOKAHEAD = 200
"""Characters after a full stop that decide whether it ends a sentence (white space is folded
by then, so a bounded window sees as much as the whole rest would, in constant time)."""
_MAX_SENTENCE = 2000
"""Sentences longer than this (characters) are cut at the nearest clause boundary; a card
never shows one anyway."""


def split_sentences(note: Note) -> tuple[list[Sentence], list[Diagnostic]]:
    """Cut every block of a note into sentences, keeping each sentence's timestamps and line.

    The note's timestamps are then checked together (:func:`deckgen.timestamps.check_timestamps`),
    so that none links to a moment the note cannot have meant.
    """
    sentences: list[Sentence] = []
    problems: list[Diagnostic] = []
    for block in note.blocks:
        inline = parse_inline(block.text)
        lines = _Lines(block)
        for offset, message, group in inline.problems:
            problems.append(
                Diagnostic(note.path, lines.line_of(offset), Level.WARNING, message, group)
            )
        first = True
        spans = _SpanSweep(inline.spans)
        for start, end in sentence_bounds(inline.text, inline.spans):
            sentence = _make_sentence(
                block, inline, spans, lines, start, end, len(sentences), first
            )
            if sentence is not None:
                sentences.append(sentence)
                first = False
    sentences, more = check_timestamps(note.path, sentences)
    return sentences, problems + more


class _Lines:
    """Line numbers of offsets in a block's raw text, by binary search (a count from the start
    of the block for every sentence would be quadratic in a long block)."""

    def __init__(self, block: Block) -> None:
        self._first = block.line
        text = block.text
        self._breaks = [m.start() for m in _NEWLINE.finditer(text)] if "\n" in text else []

    def line_of(self, raw_offset: int) -> int:
        return self._first + bisect_left(self._breaks, raw_offset)

    def line_of_text(self, inline: Inline, pos: int) -> int:
        """The line of ``pos`` in the block's plain text."""
        if not self._breaks:
            return self._first  # a block of one line (most): no need to find where pos stood
        return self.line_of(inline.raw_offset(pos))


def sentence_bounds(text: str, names: Sequence[Span] = ()) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of plain text; ``end`` includes closing punctuation.

    ``names`` are the block's inline spans: a full stop inside a short one (a title or name set
    in italics or a link, "*Warner Bros. Pictures*") does not end a sentence.
    """
    start = 0
    n = len(text)
    short_names = [s for s in names if 0 < s.end - s.start <= _MAX_NAME]
    short = _SpanSweep(short_names) if short_names else None  # (most blocks have none)
    for m in _END.finditer(text):
        punct, end = m.span()
        # (At the end of the text, punctuation always ends the sentence.)
        if end < n:
            if not text[end].isspace():
                continue
            if short is not None and any(
                s.start < punct and s.end > end for s in short.between(punct, end)
            ):
                continue  # inside a name that goes on after the full stop
            if not _ends_sentence(text, punct, end):
                continue
        if end - start > 0:
            yield from _cut_long(text, start, end)
        start = end
        while start < n and text[start].isspace():
            start += 1
    if start < n and text[start:].strip():
        yield from _cut_long(text, start, n)


_MAX_NAME = 80
"""The longest inline span read as one name or title: a longer one (an italic quotation of
several sentences) is split like plain text."""


def _ends_sentence(text: str, punct: int, end: int) -> bool:
    """Whether the punctuation at ``text[punct:end]`` closes a sentence."""
    rest = text[end : end + _LOOKAHEAD].lstrip()  # a bounded look: no copy of the whole rest
    if not rest:
        return True
    mark = text[punct]
    if mark in "!?…":
        return bool(_SENTENCE_START.match(rest)) or rest[0] in "-*•"
    # A period: look at the word before it and the text after it.
    before = text[max(0, punct - 40) : punct]
    if punct > 0 and text[punct - 1].isdigit() and rest[:1].isdigit():
        return False  # a decimal written "3. 5" is not a thing; "3.5" never matches here anyway
    raw_word = _word_before(before)
    word = raw_word.lower() if raw_word else ""
    if not _SENTENCE_START.match(rest):
        return False  # "e.g. the", "approx. three": a lower-case word goes on the same sentence
    if word in _NEVER_END and not (len(word) == 1 and raw_word and raw_word.isupper()):
        return False  # "c." is circa, but "20°C." ends a sentence
    if (
        len(word) == 1
        and raw_word
        and raw_word.isupper()
        and (punct - len(word) == 0 or text[punct - 2] in " \t(\"'“‘")
        and not _UNIT_AFTER_NUMBER.search(before)
        and not _looks_like_new_sentence(rest)
    ):
        return False  # an initial: "J. Smith" (but "at 20°C." and "at 300 K." end sentences)
    if raw_word and _INITIALS.fullmatch(raw_word) and not _looks_like_new_sentence(rest):
        return False  # initials before a surname: "K.V. Kamath", "George R.R. Martin"
    if (
        "." in word
        and word.replace(".", "").isalpha()
        and len(word.replace(".", "")) <= 4
        and word in ABBREVIATIONS
    ):
        # "U.S.", "p.m.": an abbreviation ends a sentence only before what is clearly a new one.
        return rest[:1].isupper() and not rest[:1].isdigit() and _looks_like_new_sentence(rest)
    return True


_LETTERS_AND_POINT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ."


def _word_before(before: str) -> str | None:
    """What ``_WORD_BEFORE.search(before).group(1)`` finds (None for no match): the run of
    letters and points that ends the text, from its first letter. Cut from the end by
    ``rstrip``, where the search tried every position from the start."""
    if "\n" in before:
        m = _WORD_BEFORE.search(before)  # "$" also matches before a final line break
        return m.group(1) if m else None
    word = before[len(before.rstrip(_LETTERS_AND_POINT)) :].lstrip(".")
    return word or None


_INITIALS = re.compile(r"(?:[A-Z]\.){1,4}[A-Z]")
_UNIT_AFTER_NUMBER = re.compile(r"\d\s?[A-Z]$")
_STARTERS = re.compile(
    r"(The|A|An|This|These|Those|That|It|Its|In|On|At|For|However|But|And|They|He|She|We|I|As|When|"
    r"While|After|Before|Although|Because|If|Some|Many|Most|Each|Every|There|Such|One|Two|Both)\b"
)


def _looks_like_new_sentence(rest: str) -> bool:
    return bool(_STARTERS.match(rest))


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long run without sentence punctuation at "; " or ", " (never mid-word)."""
    while end - start > _MAX_SENTENCE:
        window_end = start + _MAX_SENTENCE
        cut = text.rfind("; ", start, window_end)
        if cut <= start:
            cut = text.rfind(", ", start, window_end)
        if cut <= start:
            cut = text.rfind(" ", start, window_end)
        if cut <= start:
            cut = window_end - 1
        yield start, cut + 1
        start = cut + 1
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


class _SpanSweep:
    """The spans of a block that overlap each sentence, found in one pass over the block.

    Sentences come in text order, so spans are taken up as sentences reach them and let go once
    passed; each sentence looks only at the spans that can overlap it.
    """

    def __init__(self, spans: Sequence[Span]) -> None:
        self._spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self._next = 0
        self._open: list[Span] = []

    def between(self, start: int, stop: int) -> list[Span]:
        """Spans overlapping ``[start, stop)``; calls must come with growing ``start``."""
        if not self._open and (
            self._next >= len(self._spans) or self._spans[self._next].start >= stop
        ):
            return []  # most sentences: no span open and none starting before ``stop``
        while self._next < len(self._spans) and self._spans[self._next].start < stop:
            self._open.append(self._spans[self._next])
            self._next += 1
        self._open = [s for s in self._open if s.end > start]
        return [s for s in self._open if s.start < stop]


def _make_sentence(
    block: Block,
    inline: Inline,
    spans_of: _SpanSweep,
    lines: _Lines,
    start: int,
    end: int,
    index: int,
    first: bool,
) -> Sentence | None:
    text = inline.text
    stamps = _stamps_between(inline, start, end) if inline.stamps else ()
    # Drop leading punctuation left over from removed markup (": Intro", "- ").
    while start < end and (text[start].isspace() or text[start] in ":;,-–—•|"):
        start += 1
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    if stop <= start:
        return None
    body = text[start:stop]
    if not body[0].isalnum() and _ALNUM.search(body) is None:
        return None
    overlapping = spans_of.between(start, stop)
    spans = (
        tuple(
            Span(max(s.start, start) - start, min(s.end, stop) - start, s.kind, s.number)
            for s in overlapping
        )
        if overlapping
        else ()
    )
    if spans:
        body, spans = _without_trailing_citation(body, spans)
    return Sentence(
        text=body,
        spans=spans,
        timestamps=stamps,
        line=lines.line_of_text(inline, start),
        section=block.section,
        label=block.label,
        block_kind=block.kind,
        index=index,
        starts_block=first,
    )


_CITATION_WORDS = 3
"""The fewest words a sentence-final link needs to be read as a citation (see below): a
shorter one after a noun is more often an apposition ("the hormone [[melatonin]]")."""


def _without_trailing_citation(body: str, spans: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """The sentence without a wiki link that only cites another page at its end.

    Wiki notes end many sentences with a link to a related page, set after the last word with
    no joining word: "... prevent crashes later in the day [[Impact of Caffeine Timing on
    Alertness and Sleep]]." Read as text, the link's title runs on into the sentence. A link of
    a few words that closes the sentence right after a noun is such a citation; after a verb,
    an adjective or a function word it is the sentence's own object ("... improves [[working
    memory]]") and stays.
    """
    end = len(body.rstrip(".!?…"))
    link = next((s for s in spans if s.kind is SpanKind.LINK and s.end == end), None)
    if link is None or link.start == 0:
        return body, spans
    if len(WORD.findall(body, link.start, link.end)) < _CITATION_WORDS:
        return body, spans
    before = body[: link.start].rstrip()
    if len(before) == link.start or not before[-1:].isalpha():
        return body, spans  # "…day[[x]]" joins a word; ", [[x]]" or "([[x]]" is a list or aside
    if not ends_noun_phrase(before[-60:].lower().split()):
        return body, spans
    kept = tuple(s for s in spans if s.end <= len(before))
    return before + body[end:], kept


def _stamps_between(inline: Inline, start: int, end: int) -> tuple[Timestamp, ...]:
    """Timestamps that stood inside ``[start, end]``: those within the sentence or right after it."""
    stamps = inline.stamps
    if not stamps:
        return ()
    positions = inline.stamp_positions()
    first = bisect_left(positions, start)
    last = bisect_right(positions, end)
    if last - first <= 1:
        return (stamps[first][1],) if last > first else ()
    found: list[Timestamp] = []
    for i in range(first, last):
        stamp = stamps[i][1]
        if stamp not in found:
            found.append(stamp)
    return tuple(found)
