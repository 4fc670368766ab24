"""Stage 3a: a sentence's card text → every span a learner might want hidden (:class:`Candidate`).

Generous on purpose: :mod:`deckgen.ranking` decides which candidates are worth a card. One scan
of the sentence's words finds them, besides the named finders of :mod:`deckgen.targets`:

- quantities and counts: a number with its unit, the unit checked against pint's unit registry
  rather than a hand list;
- years and dates of events ("in 1911", "June 1984");
- names: runs of capitalised words, acronyms;
- rare words and multi-word terms, judged by real English word frequencies (``wordfreq``);
- quoted terms, and what follows "due to", "because of", "caused by" (causes).

A candidate carries what the ranker needs to weigh it and nothing that ties it to a build, so
labelled candidates can be stored as JSON lines and turned back into the same features.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from deckgen.grammar import FINITE_WORDS, IRREGULAR_PAST, VERBS
from deckgen.lexicon import STOPWORDS, words
from deckgen.targets import Target, Text, find_targets, well_formed
from deckgen.types import Span, SpanKind, quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible card: a text and the span of it to hide, with where the text came from."""

    text: str
    """The card's text: the sentence after the rewrite that lets it stand alone."""
    start: int
    end: int
    """The span to hide, ``text[start:end]``."""
    kind: str
    """What found the span: a :mod:`deckgen.targets` kind ("quantity", "definition", ...) or
    one of this module's ("number", "year", "name", "acronym", "rare", "term", "quoted",
    "cause")."""
    weight: float = 0.0
    """The finder's own weight for the span (:mod:`deckgen.targets`), 0 when it has none."""
    context: str = ""
    """An earlier sentence the card shows above its text, when the text leans on it."""
    signals: tuple[str, ...] = ()
    """Names of what the sentence-level rules noticed ("filler or opinion", "rewritten", ...)."""
    title: str = ""
    section: tuple[str, ...] = ()
    label: str = ""
    """The note's title, the headings above the sentence and its list item's bold label."""
    position: float = 0.0
    """Where the sentence sits in its note, from 0 (first) to 1 (last)."""
    mentions: int = 1
    """How many of the note's sentences mention the hidden words."""
    elsewhere: int = 0
    """How many other notes of the reference corpus hold the hidden words
    (:func:`notes_holding`); 0 when fewer than :data:`MIN_PHRASE_NOTES`."""

    @property
    def answer(self) -> str:
        """The hidden text."""
        return self.text[self.start : self.end]

    def to_json(self) -> dict[str, Any]:
        """The candidate as a JSON-ready mapping (what a label file stores)."""
        record = asdict(self)
        record["section"] = list(self.section)
        record["signals"] = list(self.signals)
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Candidate:
        """The candidate :meth:`to_json` wrote; keys it does not know are ignored."""
        fields = {k: record[k] for k in cls.__dataclass_fields__ if k in record}
        fields["section"] = tuple(fields.get("section", ()))
        fields["signals"] = tuple(fields.get("signals", ()))
        return cls(**fields)


# -- spans ----------------------------------------------------------------------------------------
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*[A-Za-z0-9]|[A-Za-z]")
_NUMBER = re.compile(
    r"(?<![\w.:/-])(?:[$€£¥₹]\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?(?![\w:/]|\.\d|-\w)"
)
"""A number standing alone: not a piece of "9/11", "GPT-3.5", "00:10:18" or "24/7"."""
_SCALES = words("thousand million billion trillion hundred k m bn")
_YEAR = re.compile(r"(?<![\w.$€£])(?:1[5-9]\d\d|20[0-4]\d)s?(?![\w%])")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b(?:(?:\d{{1,2}}\s)?(?:{_MONTHS})(?:\s\d{{1,2}})?,?\s(?:1[5-9]|20)\d\d)\b")
_NUMBER_WORD = re.compile(
    # The look-ahead holds every alternative's first letter: most word starts fail at once.
    r"\b(?=[abdefhmnost])(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred|a thousand|a million|a billion|"
    r"half|a third|a quarter|a dozen|dozens|hundreds|thousands|millions|billions|twice|"
    r"three times|four times|ten times)(?:\s(?:percent|per cent|times|fold))?\b",
    re.IGNORECASE,
)
_NUMBER_WORD_LOWER = re.compile(_NUMBER_WORD.pattern)
""":data:`_NUMBER_WORD`'s case-sensitive twin, for a text in lower case."""
_APPROX = words("about around approximately roughly nearly almost over under just only some ~")
_CAUSE = re.compile(
    r"\b(?:due to|because of|caused by|driven by|thanks to|as a result of|results from|"
    r"resulting from|stems from|stemmed from|because)\s",
    re.IGNORECASE,
)
_CAUSE_LOWER = re.compile(_CAUSE.pattern)
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]]|\s(?:and|but|which|while|whereas|so|as|when)\s")
_QUOTED = re.compile(r"[\"“]([^\"”]{2,60})[\"”]")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,7}s?\b")
_DECIMAL_AFTER = re.compile(r"\.\d")
_DIGIT = re.compile(r"\d")
"""Any digit: a text without one holds no number and no year (nine texts in ten)."""
_NAME_JOINERS = words("of the de da von van del la le and for on")
RARE_ZIPF = 3.5
"""A word rarer than this on wordfreq's Zipf scale (3.5: a few times in a million words) is
technical enough to be worth recalling."""


FREQUENCY_FILE = "frequencies.txt.gz"
"""English word frequencies from wordfreq (its "large" list), written by ``python -m
deckgen.training frequencies`` (a test checks it against wordfreq): one line a frequency band,
"centibels below 1<TAB>words". Read in a tenth of a second, where importing wordfreq and
building its table takes most of a second a process."""


def _bands(name: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    """The lines of one of the package's gzipped tables, "number<TAB>item<sep>item...", as
    (number, items); lines with no items are skipped."""
    raw = resources.files("deckgen").joinpath(name).read_bytes()
    for line in gzip.decompress(raw).decode("utf-8").split("\n"):
        number, _, items = line.partition("\t")
        if items:
            yield int(number), items.split(separator)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    table: dict[str, float] = {}
    for band, found in _bands(FREQUENCY_FILE, " "):
        table.update(dict.fromkeys(found, round(9 - band / 100, 2)))
    return table


def zipf(word: str) -> float:
    """How common an English word is, on wordfreq's Zipf scale (0 unknown, 7 'the'). A word
    of several parts ("age-related") is as rare as its parts together, as wordfreq counts it."""
    known = _ZIPF.get(word)
    if known is None:
        table = _frequencies()
        if word.isalpha():
            known = table.get(word.lower(), 0.0)
        else:
            parts = [table.get(p, 0.0) for p in _LETTERS.findall(word.lower())]
            if not parts or min(parts) == 0.0:
                known = 0.0
            else:
                inverse = sum(10 ** (9 - z) for z in parts)  # 1 / frequency, summed
                known = round(9 - math.log10(inverse), 2)
        if len(_ZIPF) < 200_000:
            _ZIPF[word] = known
    return known


_ZIPF: dict[str, float] = {}
_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4)
def common_words(least: float) -> frozenset[str]:
    """The lower-case words of letters only whose :func:`zipf` is at least ``least``: for a word
    in lower case, ``word in common_words(least)`` is ``word.isalpha() and zipf(word) >= least``,
    and a whole set of words is tested at once by intersecting."""
    return frozenset(
        w for w, z in _frequencies().items() if z >= least and w.isalpha() and w.lower() == w
    )


UNIT_FILE = "units.json"
"""The names, symbols and aliases of pint's units and prefixes, written from pint's registry
by ``python -m deckgen.training units`` (a test checks it against pint): reading them here costs
nothing at build time, where building pint's registry takes most of a second a process."""


PHRASE_FILE = "phrases.txt.gz"
"""Runs of one to five words of the reference corpus (the bench notes that labels may come
from) and how many of its notes hold each, written by ``python -m deckgen.training phrases``:
one line a count, "count<TAB>phrase|phrase|...". Only runs held by at least
:data:`MIN_PHRASE_NOTES` notes are kept. An answer many notes hold ("artificial intelligence",
"the stock market") is a commonplace of these talks; one no other note holds is particular to
its own."""
MIN_PHRASE_NOTES = 3
MAX_PHRASE_WORDS = 5
_PHRASE_WORD = re.compile(r"[a-z][a-z0-9'’-]*[a-z0-9]|[a-z]|\d[\d,.]*%?")
WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
"""A wiki link, ``[[target]]`` or ``[[target | alias]]``; group 1 is the text it shows."""
_PHRASE_TAG = re.compile(r"<[^>]+>")


def phrase_words(text: str) -> list[str]:
    """The words of a text as the phrase table counts them: lower case, links as their alias,
    tags and bold marks let go."""
    if "[" in text or "<" in text:
        text = _PHRASE_TAG.sub(" ", WIKI_LINK.sub(r"\1", text))
    return _PHRASE_WORD.findall(text.lower())


@lru_cache(maxsize=1)
def _phrase_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for count, phrases in _bands(PHRASE_FILE, "|"):
        table.update(dict.fromkeys(phrases, count))
    return table


def notes_holding(answer: str) -> int:
    """How many notes of the reference corpus hold ``answer`` as a run of words (0 when fewer
    than :data:`MIN_PHRASE_NOTES`, or the answer is longer than :data:`MAX_PHRASE_WORDS`)."""
    found = phrase_words(answer)
    if not found or len(found) > MAX_PHRASE_WORDS:
        return 0
    return _phrase_table().get(" ".join(found), 0)


@lru_cache(maxsize=1)
def _unit_table() -> tuple[frozenset[str], frozenset[str], tuple[str, ...], tuple[str, ...]]:
    data = json.loads(resources.files("deckgen").joinpath(UNIT_FILE).read_text(encoding="utf-8"))
    return (
        frozenset(data["names"]),
        frozenset(data["symbols"]),
        tuple(data["prefix_names"]),
        tuple(data["prefix_symbols"]),
    )


@lru_cache(maxsize=8192)
def is_unit(word: str) -> bool:
    """Whether pint's unit registry knows ``word`` as a unit ("kilopascals", "GB", "mph"): a
    name or alias, maybe plural and with a prefix ("kilo" + "pascal" + "s"), or a symbol, maybe
    with a prefix symbol ("k" + "Pa") in four letters at most. Stricter than pint's own parser,
    which also reads "cats" and "camp" as units."""
    if len(word) < 2 or word.lower() in STOPWORDS or not word.isalpha():
        return False
    names, symbols, prefix_names, prefix_symbols = _unit_table()
    if word in symbols or (
        len(word) <= 4
        and any(word.startswith(p) and word[len(p) :] in symbols for p in prefix_symbols)
    ):
        return True
    for stem in (word, word[:-1] if word.endswith("s") else ""):
        if stem and (
            stem in names
            or any(
                stem.startswith(p) and len(stem) - len(p) >= 3 and stem[len(p) :] in names
                for p in prefix_names
            )
        ):
            return True
    return False


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _numbers(text: str, tokens: Sequence[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """Numbers with what belongs to them: a scale word, a unit pint knows, an approximation."""
    starts: dict[int, int] | None = None  # made at the first number: most texts have none
    for m in _NUMBER.finditer(text):
        if _YEAR.fullmatch(m.group()):
            continue
        if starts is None:
            starts = {s: i for i, (s, _e, _w) in enumerate(tokens)}
        start, end = m.start(), m.end()
        after = _next_token(text, end, tokens, starts)
        if after is not None and after[2].lower() in _SCALES:
            end = after[1]
            after = _next_token(text, end, tokens, starts)
        kind = "number"
        if after is not None and not m.group().endswith("%"):
            word = after[2]
            if word.lower() == "per":
                unit = _next_token(text, after[1], tokens, starts)
                if unit is not None:  # "$100,000 per year", never "$100,000 per"
                    end = unit[1]
                    kind = "quantity"
            elif word.lower() == "percent" or is_unit(word) or is_unit(word.lower()):
                end = after[1]
                kind = "quantity"
            elif word.lower() not in STOPWORDS:
                kind = "count"
        elif m.group().endswith("%") or m.group()[0] in "$€£¥₹":
            kind = "quantity"
        yield start, end, kind


def _next_token(
    text: str, end: int, tokens: Sequence[tuple[int, int, str]], starts: dict[int, int]
) -> tuple[int, int, str] | None:
    pos = end
    if pos < len(text) and text[pos] in " -":
        pos += 1
    i = starts.get(pos)
    return tokens[i] if i is not None else None


def _names(text: str, tokens: Sequence[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """Runs of capitalised words ("Ranga Diaz", "Bank of England"); the sentence's first word
    only when it is rare or the run goes on."""
    n = len(tokens)
    after = 0  # the first token not yet in a name found, or ruled out
    for i in [k for k, token in enumerate(tokens) if token[2][0].isupper()]:
        if i < after:
            continue
        s, e, w = tokens[i]
        j = i
        end = e
        while j + 1 < n:
            ns, ne, nw = tokens[j + 1]
            gap = text[end:ns]
            if gap not in (" ", "-") and not (gap == " " and nw.lower() in _NAME_JOINERS):
                break
            if nw[0].isupper():
                j += 1
                end = ne
            elif nw.lower() in _NAME_JOINERS and j + 2 < n and tokens[j + 2][2][0].isupper():
                j += 2
                end = tokens[j][1]
            else:
                break
        first = s == 0 or text[:s].strip() in ("", '"', "“")
        if first and j == i and zipf(w.lower()) > RARE_ZIPF:
            after = j + 1
            continue
        if first and j > i and (zipf(w.lower()) > 5.0 or w.lower() in STOPWORDS):
            # "The Great Sphinx", "Neither GPT-4 nor ...": the capital is the sentence's.
            s = tokens[i + 1][0]
        if end < len(text) and text[end] == "." and len(text[s:end].split()[-1]) <= 3 and j > i:
            # "Andrew Huberman and Dr. Smith": no title, and no joiner, at the end
            j -= 1
            while j > i and tokens[j][2].lower() in _NAME_JOINERS:
                j -= 1
            end = tokens[j][1]
        if j == i and end < len(text) and text[end] == "." and len(w) <= 3 and not w.isupper():
            after = i + 1
            continue  # "Dr." or "Mr.": a title, not a name
        if _DECIMAL_AFTER.match(text, end):
            after = j + 1
            continue  # "GPT-3.5": the name goes on past the token
        if text.endswith(("'s", "’s"), s, end):
            end -= 2  # "[Ahmed El-Sohemy]'s group": the name, not its possessive
        yield s, end, "acronym" if _ACRONYM.fullmatch(text[s:end]) else "name"
        after = j + 1


def name_texts(text: str) -> list[str]:
    """The names :func:`find_spans` would offer in ``text``, as written."""
    return [text[s:e] for s, e, _kind in _names(text, _tokens(text))]


def _terms(text: str, tokens: Sequence[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """Rare words, and the run of content words around each ("Knudsen effect", "Cooper
    pairing", "hydrophilic")."""
    n = len(tokens)
    for i, (s, e, w) in enumerate(tokens):
        if not _rare_noun(w):
            continue
        yield s, e, "rare"
        # widen to the content words around it, at most four in all
        a = i
        while a > 0 and i - a < 2 and _joined(text, tokens[a - 1], tokens[a]):
            if tokens[a - 1][2].lower() in STOPWORDS or _not_a_noun(tokens[a - 1][2].lower()):
                break
            a -= 1
        b = i
        while b + 1 < n and b - a < 3 and _joined(text, tokens[b], tokens[b + 1]):
            if tokens[b + 1][2].lower() in STOPWORDS or _not_a_noun(tokens[b + 1][2].lower()):
                break
            b += 1
        if (a, b) != (i, i):
            yield tokens[a][0], tokens[b][1], "term"


@lru_cache(maxsize=65536)
def _rare_noun(word: str) -> bool:
    """Whether a token is a rare word in lower case that may be a noun: where a term starts."""
    low = word.lower()
    return not (low in STOPWORDS or word[0].isupper() or zipf(low) >= RARE_ZIPF or _not_a_noun(low))


def is_adverb(word: str) -> bool:
    """Whether a lower-case word is an adverb made of a common adjective ("controversially",
    "directly"); "family" and "anomaly" end in -ly too, but "fami" and "anoma" are no words."""
    return word.endswith("ly") and len(word) > 4 and zipf(word[:-2]) >= RARE_ZIPF


def _not_a_noun(word: str) -> bool:
    """An adverb or a verb in the past ("controversially", "chose", "adopted"): no part of a
    term to hide."""
    if is_adverb(word):
        return True
    if word in IRREGULAR_PAST or word in FINITE_WORDS:
        return True
    return word.endswith("ed") and (word[:-2] in VERBS or word[:-1] in VERBS)


def _joined(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
    return text[left[1] : right[0]] in (" ", "-")


def _causes(text: str, lower: str | None = None) -> Iterator[tuple[int, int, str]]:
    for m in _case_blind_finditer(_CAUSE, _CAUSE_LOWER, text, lower):
        rest = _CLAUSE_END.search(text, m.end())
        end = rest.start() if rest else len(text)
        phrase = text[m.end() : end].rstrip()
        if 1 <= len(phrase.split()) <= 8:
            yield m.end(), m.end() + len(phrase), "cause"


def _years(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _DATE.finditer(text):
        yield m.start(), m.end(), "date"
    for m in _YEAR.finditer(text):
        yield m.start(), m.end(), "year"


def _word_numbers(text: str, lower: str | None = None) -> Iterator[tuple[int, int, str]]:
    for m in _case_blind_finditer(_NUMBER_WORD, _NUMBER_WORD_LOWER, text, lower):
        yield m.start(), m.end(), "number"


def _quoted(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _QUOTED.finditer(text):
        if len(m.group(1).split()) <= 6:
            yield m.start(1), m.end(1), "quoted"


def _case_blind_finditer(
    pattern: re.Pattern[str], twin: re.Pattern[str], text: str, lower: str | None
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` (IGNORECASE, written in lower case) in ``text``. ``lower`` is
    the text in lower case when the text is ASCII, and None otherwise: then ``twin``, the
    pattern without IGNORECASE, finds the same at the same places, about twice as fast (any
    other text is searched as written: lower() and IGNORECASE differ on a few letters, "İ")."""
    return twin.finditer(lower) if lower is not None else pattern.finditer(text)


def _with_approximation(text: str, start: int) -> int:
    """Where "about 15%" starts: an approximation word right before a number goes with it."""
    before = text[:start].rstrip()
    word = before.rsplit(" ", 1)[-1]
    if word.lower() in _APPROX and before.endswith(word):
        return len(before) - len(word)
    return start


def find_spans(
    text: str, spans: Iterable[Span] = (), *, english: bool = True, parsed: Text | None = None
) -> list[Target]:
    """Every span of ``text`` that might be hidden, as :class:`Target` (kind and finder weight).

    The named finders of :mod:`deckgen.targets` first; then this module's generous generators.
    Spans that cut a link, math or code, or that are not whole words, are left out. One span
    per range: the heaviest finder's. ``parsed`` is ``Text(text)`` when the caller has it.
    """
    spans = tuple(spans)
    found: dict[tuple[int, int], Target] = {}
    for t in find_targets(text, spans, english=english, parsed=parsed):
        found[(t.start, t.end)] = t
    tokens = _tokens(text)
    lower = _ascii_lower(text, parsed)
    digits = _DIGIT.search(text) is not None
    raw: list[tuple[int, int, str]] = []
    if digits:
        raw.extend(_numbers(text, tokens))
    raw.extend(_word_numbers(text, lower))
    if digits:
        raw.extend(_years(text))
    if english:
        raw.extend(_names(text, tokens))
        raw.extend(_terms(text, tokens))
        raw.extend(_causes(text, lower))
        raw.extend(_quoted(text))
    for start, end, kind in raw:
        if kind in ("number", "quantity", "count"):
            widened = _with_approximation(text, start)
            if widened != start:
                _add(found, text, Target(widened, end, kind, 0.0), spans)
        _add(found, text, Target(start, end, kind, 0.0), spans)
    return sorted(found.values(), key=lambda t: (t.start, t.end))


def _ascii_lower(text: str, parsed: Text | None) -> str | None:
    """The text in lower case when it is ASCII (``parsed`` has it when it is the same text's),
    None otherwise (:func:`_case_blind_finditer`)."""
    if not text.isascii():
        return None
    return parsed.lower if parsed is not None and parsed.text == text else text.lower()


def _add(found: dict[tuple[int, int], Target], text: str, t: Target, spans: Sequence[Span]) -> None:
    if (t.start, t.end) in found or not well_formed(text, t) or cuts_span(t, spans):
        return
    found[(t.start, t.end)] = t


def cuts_span(target: Target, spans: Sequence[Span]) -> bool:
    """Whether a target would split a link or a math/code span, or hide math or code."""
    for s in spans:
        if not (s.start < target.end and target.start < s.end):
            continue
        if s.kind is SpanKind.PROTECTED:
            return True
        if s.kind is not SpanKind.LINK:
            continue
        inside = target.start <= s.start and s.end <= target.end
        if not inside and not (s.start <= target.start and target.end <= s.end):
            return True
    return False
