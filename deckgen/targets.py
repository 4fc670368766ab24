"""What in a sentence could be hidden: candidate deletions for stage 3 (:mod:`deckgen.facts`).

Each finder is a small named rule that returns :class:`Target` ranges of a sentence's text: the
quantity with its unit, the term a sentence defines, the name something is "called", the word a
comparison turns on, the author's own marks. :func:`find_targets` runs them all; choosing among
the candidates is :mod:`deckgen.facts`'s job.

All patterns are bounded and anchored so that no input can make them backtrack badly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from deckgen.types import Span, SpanKind


@dataclass(frozen=True, slots=True)
class Target:
    """A candidate deletion: ``text[start:end]``, why it was found, and how good it looks."""

    start: int
    end: int
    kind: str
    """"author", "quantity", "definition", "name", "comparison", "place", "term" or "year"."""
    weight: float
    """How much the target makes the sentence worth a card."""


# -- numbers and units ---------------------------------------------------------------------------
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|a hundred|a thousand|thousand|a million|a dozen|dozens|hundreds|thousands|millions|"
    "billions|half|a half|one-third|a third|one-quarter|a quarter|two-thirds|three-quarters|"
    "twice|double|triple|several"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,12})(?:\.\d{1,12})?(?:/\d{1,6})?"
_SCALE = r"(?:\s(?:thousand|million|billion|trillion|hundred))?"
_NUM = rf"(?:[~≈<>≤≥±]\s?)?(?:(?<=\s)[-−])?{_DIGITS}{_SCALE}"
_NUMWORD = rf"(?:{_NUMBER_WORDS})"
_TIME_UNITS = (
    r"ms|milliseconds?|µs|microseconds?|ns|nanoseconds?|s|secs?|seconds?|min|mins|minutes?|h|hrs?|"
    r"hours?|days?|nights?|weeks?|months?|years?|yrs?|decades?|centuries|century|millenni(?:a|um)|"
    r"generations?"
)
_UNITS = (
    r"%|‰|percent|per ?cent|percentage points?|°\s?[CFK]|°|degrees?(?: (?:Celsius|Fahrenheit|C|F))?|K|kelvin|"
    r"[kmµunp]?g|mcg|kg|lbs?|pounds?|ounces?|oz|tons?|tonnes?|"
    r"[kmµd]?[lL]|mL|liters?|litres?|gallons?|cups?|"
    r"[kcmµn]?m|km|meters?|metres?|centimeters?|millimeters?|micrometers?|micrometres?|nanometers?|"
    r"kilometers?|kilometres?|ft|feet|foot|inch(?:es)?|in\.|miles?|mi|yards?|light[- ]years?|AU|pc|"
    r"[kMGTP]?Hz|hertz|[kMGT]?W|watts?|kWh|MWh|GWh|TWh|[kMG]?J|joules?|k?cal|kcal|calories|Calories|"
    r"[kmM]?V|volts?|[kmµ]?A|amps?|amperes?|ohms?|Ω|atm|bar|mbar|[kMGh]?Pa|psi|mmHg|"
    r"[mµnp]?M|mmol|µmol|nmol|mol|moles?|mEq|IU|units?|ppm|ppb|"
    r"dB|decibels?|bpm|beats per minute|breaths? per minute|rpm|mph|km/h|kph|m/s|km/s|knots?|"
    r"bits?|bytes?|[KMGTP]B|[KMGT]iB|kb|Mb|Gb|flops|FLOPS|"
    r"AD|BC|BCE|CE|a\.m\.|p\.m\.|am|pm|"
    r"times|fold|x|×|"
    rf"{_TIME_UNITS}|"
    r"cells?|molecules?|atoms?|electrons?|protons?|neutrons?|chromosomes?|genes?|species|"
    r"people|persons?|participants?|patients?|subjects?|adults?|children|men|women|volunteers?|"
    r"individuals?|employees?|mice|rats|animals|"
    r"studies|trials?|countries|cases|deaths?|doses?|servings?|sessions?|reps?|sets?|rounds?|"
    r"steps?|turns?|cycles?|layers?|parts?|stages?|phases?|copies|pairs?|bases?|"
    r"calories|dollars?|euros?|cents?|points?|votes?|users?|customers?|stores?|"
    r"breaths?|beats?|heartbeats?|meals?|eggs?|cigarettes?|drinks?|bottles?|pills?|tablets?"
)
_UNIT = rf"(?:{_UNITS})(?![A-Za-z0-9])"
_COMPOUND_UNIT = (
    rf"{_UNIT}(?:/(?:[A-Za-z]{{1,8}}|\d{{1,4}}\s?[A-Za-z]{{1,5}}))*"
    r"(?:\s(?:per|a|an|each|every)\s(?:day|week|month|year|decade|hour|minute|second|night|"
    r"kilogram|kg|serving|dose|session|person|capita|meal|cycle|turn|kilometer|km|mile))?"
)
_CURRENCY = r"(?:[$€£¥]\s?)"
_ONE_QUANTITY = (
    rf"(?:{_CURRENCY}?{_NUM}(?:\s?-\s?|\s)?(?:{_COMPOUND_UNIT})?"
    rf"|{_NUMWORD}(?:[\s-]{_COMPOUND_UNIT}))"
)
_RANGE_LINK = r"(?:\s?(?:to|–|—|-|and|or)\s(?:about\s|around\s|approx\.\s|roughly\s|~)?|–|—|-)"
QUANTITY = re.compile(
    rf"(?<![\w.\-/−]){_ONE_QUANTITY}(?:{_RANGE_LINK}{_ONE_QUANTITY})?"
    rf"(?:\s\((?:about\s|approx\.\s|approximately\s|~|or\s)?{_ONE_QUANTITY}(?:{_RANGE_LINK}{_ONE_QUANTITY})?\))?"
    r"(?![\w])"
)
_WORD_NUMBER_WITH_UNIT = re.compile(
    rf"(?<![\w-])(?:{_NUMWORD})(?:\s(?:to|or)\s(?:{_NUMWORD}))?[\s-](?:{_COMPOUND_UNIT})(?![\w])",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\w.,])(1[0-9]{3}|20[0-9]{2})(?![\w,.%]|\.\d)")
_HAS_DIGIT = re.compile(r"\d")
_BARE_COUNT = re.compile(r"^(?:[~≈<>≤≥±]\s?)?\d{1,3}(?:,\d{3})*(?:\.\d+)?$")


def _quantities(text: str) -> Iterable[Target]:
    for m in QUANTITY.finditer(text):
        span = text[m.start() : m.end()].rstrip(" -")
        start, end = m.start(), m.start() + len(span)
        if not _HAS_DIGIT.search(span):
            continue
        if _YEAR.fullmatch(span) or _is_year_like(text, start, end):
            continue
        bare = bool(_BARE_COUNT.match(span))
        if bare and not _counted_bare_number(text, start, end):
            continue
        yield Target(start, end, "quantity", 2.0 if bare else 3.0)
    for m in _WORD_NUMBER_WITH_UNIT.finditer(text):
        yield Target(m.start(), m.end(), "quantity", 2.5)


def _is_year_like(text: str, start: int, end: int) -> bool:
    span = text[start:end]
    return bool(_YEAR.fullmatch(span))


_COUNT_CONTEXT = re.compile(r"\s(?:of|out of|in|per)\s", re.IGNORECASE)


def _counted_bare_number(text: str, start: int, end: int) -> bool:
    """A number with no unit is a fact only in a few shapes: "only 3 of", "about 139"."""
    before = text[max(0, start - 25) : start].lower()
    after = text[end : end + 12]
    if re.search(
        r"\b(?:about|around|approximately|roughly|only|nearly|almost|over|under|than|of|to|by|reach(?:es|ed)?|are|is|was|were|total(?:s|ed|ing)?)\s$",
        before,
    ):
        return not re.match(r"\s*(?:\)|,\s*\d)", after)
    return False


# -- terms -----------------------------------------------------------------------------------------
_DEFINING_VERBS = re.compile(
    r"\s(?:refers? to|is defined as|are defined as|is known as|are known as|is called|are called|"
    r"is termed|are termed|describes|means|denotes|stands for|is short for)\s"
)
_COPULA = re.compile(r"\s(?:is|are|was|were)\s(?:a|an|the|one of the)\s")
_COPULA_PLURAL = re.compile(
    r"\s(?:are|were)\s(?!not\b|also\b|often\b|more\b|less\b|very\b|usually\b|generally\b|"
    r"typically\b|considered\b|thought\b|known\b|seen\b|used\b|found\b|able\b|likely\b|"
    r"still\b|now\b|then\b|being\b|made\b|produced\b|released\b|involved\b|important\b|"
    r"essential\b|key\b|responsible\b|required\b|needed\b|present\b|similar\b|different\b|"
    r"common\b|rare\b|linked\b|associated\b|related\b|affected\b|caused\b|called\b)"
    r"[a-z]"
)
_NAMING = re.compile(
    r"(?:\b(?:called|termed|dubbed|named|known as|referred to as|calls?|call it|nicknamed)\s(?:the\s|a\s|an\s)?)"
)
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,60})[\"”]")
_ACRONYM_DEF = re.compile(
    r"\b((?:[A-Z]?[a-z][\w'-]*\s){0,5}[A-Za-z][\w'-]*)\s\(([A-Z][A-Za-z0-9-]{1,10})\)"
)
_TERM_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "but",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "they",
        "them",
        "their",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "not",
        "no",
        "so",
        "than",
        "then",
        "also",
        "very",
        "more",
        "most",
        "less",
        "least",
        "much",
        "many",
        "some",
        "any",
        "each",
        "every",
        "all",
        "both",
        "either",
        "neither",
        "such",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "shall",
        "should",
        "must",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "above",
        "below",
        "between",
        "through",
        "during",
        "before",
        "after",
        "while",
        "because",
        "if",
        "although",
        "though",
        "whereas",
        "since",
        "until",
        "unless",
        "upon",
        "within",
        "without",
        "across",
        "along",
        "among",
        "around",
        "out",
        "up",
        "down",
        "off",
        "again",
        "further",
        "once",
        "only",
        "own",
        "same",
        "other",
        "another",
        "just",
        "too",
    ]
)
_BAD_TERM_START = frozenset(
    [
        "it",
        "this",
        "that",
        "these",
        "those",
        "they",
        "he",
        "she",
        "we",
        "i",
        "you",
        "there",
        "here",
        "however",
        "also",
        "for",
        "in",
        "on",
        "at",
        "as",
        "when",
        "while",
        "if",
        "after",
        "before",
        "because",
        "although",
        "some",
        "many",
        "most",
        "each",
        "every",
        "such",
        "one",
        "our",
        "your",
        "his",
        "her",
        "their",
        "its",
        "my",
        "both",
        "all",
        "another",
        "other",
        "first",
        "second",
        "finally",
        "then",
        "thus",
        "so",
        "but",
        "and",
        "or",
        "this",
    ]
)
_TERM_END = re.compile(
    r"[,;:.()!?]|\s(?:and|or|which|that|who|where|when|while|to|in|into|for|is|are|was|were|with|"
    r"without|by|from|as|on|of|at|during|after|before|through|within|because|since|until|per|over|"
    r"under|between|across|inside|outside|than|can|could|may|might|will|would|has|have|had)\s"
)


def _clean_term(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a term range to its words: no determiner in front, no punctuation at the ends."""
    while start < end and not text[start].isalnum() and text[start] not in '("“':
        start += 1
    while end > start and (text[end - 1] in " ,;:.\"”'’" or text[end - 1].isspace()):
        end -= 1
    for det in ("the ", "a ", "an ", "The ", "A ", "An "):
        if text.startswith(det, start) and end - start > len(det):
            start += len(det)
            break
    if end <= start:
        return None
    words = text[start:end].split()
    if not words or len(words) > 7 or words[0].lower() in _BAD_TERM_START:
        return None
    if all(w.lower() in _STOP for w in words):
        return None
    return start, end


def _subject_definition(text: str) -> Iterable[Target]:
    """ "X refers to ...", "X is a ...", "Xs are ...": hide X, the term being defined."""
    head = text[:120]
    m = _DEFINING_VERBS.search(head) or _COPULA.search(head) or _COPULA_PLURAL.search(head)
    if not m or m.start() == 0:
        return
    subject = text[: m.start()]
    if len(subject.split()) > 8 or (subject.count(",") > 2 and "(" not in subject):
        return
    if (
        "," in subject
        and not re.search(r",\s(?:or|also called|also known as|i\.e\.)", subject)
        and "(" not in subject
    ):
        return
    cleaned = _clean_term(text, 0, m.start())
    if cleaned is None:
        return
    start, end = cleaned
    term = text[start:end]
    indefinite = text.startswith(("A ", "An "))  # "A cirque is a ...": a definition
    if term[0].islower() and not _is_technical(term) and not indefinite:
        return
    if _HAS_DIGIT.search(term) and not _is_technical(term):
        return
    strong = _DEFINING_VERBS.match(text, m.start()) is not None
    yield Target(start, end, "definition", 3.5 if strong else 3.0)


def _named_terms(text: str) -> Iterable[Target]:
    """ "... called X", "known as X", "what the host calls the X": hide X."""
    for m in _NAMING.finditer(text):
        rest_start = m.end()
        quoted = _QUOTED.match(text, rest_start)
        if quoted:
            yield Target(quoted.start(1), quoted.end(1), "name", 3.0)
            continue
        stop = _TERM_END.search(text, rest_start)
        end = stop.start() if stop else len(text)
        end = min(end, rest_start + 60)
        cleaned = _clean_term(text, rest_start, end)
        if cleaned is None:
            continue
        start, end = cleaned
        if len(text[start:end].split()) > 4:
            continue
        yield Target(start, end, "name", 3.0)
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        if 1 <= len(inner.split()) <= 4 and not inner.endswith((".", "!", "?", ",")):
            yield Target(m.start(1), m.end(1), "name", 2.0)


_APPOSITIVE = re.compile(
    r"(?<![\w-])([A-Z][A-Za-z0-9-]{1,15}(?:\s[A-Z0-9][A-Za-z0-9-]{0,15}){0,2}),\s(?:the|a|an)\s[a-z]"
)


def _appositives(text: str) -> Iterable[Target]:
    """ "mTOR, a nutrient sensor", "RMSSD, the root mean square ...": hide the named thing."""
    for m in _APPOSITIVE.finditer(text):
        term = m.group(1)
        if m.start(1) == 0 or not _is_technical(term):
            continue
        yield Target(m.start(1), m.end(1), "definition", 3.0)
    for m in re.finditer(
        r"(?<![\w-])([a-z][A-Z][A-Za-z0-9]{1,12}|[A-Z]{2,}[a-z]?[A-Z0-9]*[a-z]?)(?![\w-]),\s(?:the|a|an)\s[a-z]",
        text,
    ):
        if m.start(1) > 0:
            yield Target(m.start(1), m.end(1), "definition", 3.0)


def _is_technical(term: str) -> bool:
    """Whether a term looks like a technical name: an acronym, mixed case, or letters and digits."""
    for word in term.split():
        core = word.strip("()[],.;:")
        if len(core) >= 2 and (
            sum(1 for c in core[1:] if c.isupper()) >= 1
            or (any(c.isdigit() for c in core) and any(c.isalpha() for c in core))
        ):
            return True
        if core in ("I", "II", "III", "IV", "V", "VI"):
            return True
    return False


_SUPERLATIVE = re.compile(
    r"\b(?:the|its|their|a)\s((?:single\s)?(?:most|least)\s[a-z]{3,20}|(?:largest|smallest|biggest|highest|lowest|"
    r"fastest|slowest|longest|shortest|oldest|youngest|strongest|weakest|heaviest|lightest|hottest|coldest|"
    r"deepest|greatest|earliest|closest|farthest|furthest|nearest|densest|brightest|richest|simplest|cheapest|best|worst|"
    r"most common|least common|leading|main|primary|only))\b"
)
_COMPARATIVE = re.compile(
    r"\b((?:(?:\d+(?:\.\d+)?|two|three|four|five|ten|several|many)\s(?:times|fold)\s)?"
    r"(?:more|less|fewer|greater|higher|lower|larger|smaller|faster|slower|longer|shorter|stronger|weaker|"
    r"better|worse|earlier|later|heavier|lighter|hotter|colder|older|younger|cheaper|safer|denser|bigger|"
    r"thicker|thinner|wider|narrower|deeper|louder|quieter|brighter|darker|easier|harder|riskier|warmer|cooler))"
    r"\b(?=(?:\s[\w-]+){0,6}?\sthan\b)"
)


def _comparisons(text: str) -> Iterable[Target]:
    """The word a comparison turns on: "the largest ...", "three times faster than", "more ... than"."""
    for m in _SUPERLATIVE.finditer(text):
        word = m.group(1)
        if word in ("main", "primary", "only", "leading"):
            continue
        yield Target(m.start(1), m.end(1), "comparison", 2.5)
    for m in _COMPARATIVE.finditer(text):
        yield Target(m.start(1), m.end(1), "comparison", 2.0)


_PLACE = re.compile(
    r"\b(?:takes? place|occurs?|happens?|is located|are located|is found|are found|is produced|are produced|"
    r"is made|are made|is stored|are stored|resides?|lives?)\s(?:only\s|mainly\s|mostly\s|primarily\s|largely\s)?"
    r"(?:in|inside|within|at)\s(?:the\s)?"
)


def _places(text: str) -> Iterable[Target]:
    """ "takes place in the stroma": hide where."""
    for m in _PLACE.finditer(text):
        stop = _TERM_END.search(text, m.end())
        end = stop.start() if stop else len(text)
        cleaned = _clean_term(text, m.end(), min(end, m.end() + 40))
        if cleaned and len(text[cleaned[0] : cleaned[1]].split()) <= 3:
            yield Target(cleaned[0], cleaned[1], "place", 2.5)


def _technical_subject(text: str) -> Iterable[Target]:
    """A sentence that opens on a technical name ("Photosystem II uses ..."): hide the name."""
    m = re.match(
        r"((?:[A-Z][\w'-]*|\d[\w-]*)(?:\s(?:[A-Z][\w'-]*|[IVX]{1,4}|\d[\w-]*)){0,3})\s[a-z]", text
    )
    if m and _is_technical(m.group(1)) and m.group(1).split()[0].lower() not in _BAD_TERM_START:
        yield Target(m.start(1), m.end(1), "term", 2.0)


def _acronym_definitions(text: str) -> Iterable[Target]:
    """ "uncoupling protein 1 (UCP1)": the acronym with its expansion is a term worth knowing."""
    for m in _ACRONYM_DEF.finditer(text):
        words = m.group(1).split()
        acronym = m.group(2)
        letters = [c for c in acronym if c.isupper()]
        # Keep only as many words as the acronym has capitals (at least one).
        keep = max(1, min(len(words), len(letters)))
        tail = words[-keep:]
        while tail and tail[0].lower() in _STOP:
            tail = tail[1:]
        if not tail:
            continue
        phrase = " ".join(tail)
        start = m.start(1) + len(m.group(1)) - len(phrase)
        if text[start : m.start(1) + len(m.group(1))] != phrase:
            continue
        yield Target(start, m.end(2) + 1, "term", 2.0)


def _author_marks(spans: Iterable[Span]) -> Iterable[Target]:
    for span in spans:
        if span.kind in (SpanKind.CLOZE, SpanKind.HIGHLIGHT):
            yield Target(span.start, span.end, "author", 10.0)


def _bold_terms(text: str, spans: Iterable[Span]) -> Iterable[Target]:
    for span in spans:
        if span.kind is SpanKind.BOLD:
            words = text[span.start : span.end].split()
            if 1 <= len(words) <= 5:
                yield Target(span.start, span.end, "term", 2.0)


FINDERS: tuple[Callable[[str], Iterable[Target]], ...] = (
    _quantities,
    _subject_definition,
    _named_terms,
    _appositives,
    _comparisons,
    _places,
    _technical_subject,
    _acronym_definitions,
)
"""The rules that find candidates in a sentence's text, in order of preference."""


def find_targets(text: str, spans: Iterable[Span] = (), *, english: bool = True) -> list[Target]:
    """Every candidate deletion of ``text``, longest first where two start together.

    The author's marks (``==highlight==``, ``{{c1::...}}``) come first. In a note that is not in
    English only quantities and the author's marks are looked for.
    """
    spans = list(spans)
    found: list[Target] = list(_author_marks(spans))
    finders: Iterable[Callable[[str], Iterable[Target]]] = FINDERS if english else (_quantities,)
    for finder in finders:
        found.extend(finder(text))
    if english:
        found.extend(_bold_terms(text, spans))
    return [t for t in found if _well_formed(text, t)]


def _well_formed(text: str, target: Target) -> bool:
    """A deletion starts and ends on a word boundary and hides something."""
    s, e = target.start, target.end
    if not (0 <= s < e <= len(text)):
        return False
    if s > 0 and text[s - 1].isalnum() and text[s].isalnum():
        return False
    return not (e < len(text) and text[e - 1].isalnum() and text[e].isalnum())
