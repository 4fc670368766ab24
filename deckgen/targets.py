"""What in a sentence could be hidden: candidate deletions for stage 3 (:mod:`deckgen.facts`).

Each finder is a small named rule that returns :class:`Target` ranges of a sentence's text: the
quantity with its unit, the term a sentence defines, the name something is "called", the word a
comparison turns on, the product of a conversion, the author's own marks. :func:`find_targets`
runs them; choosing among the candidates is :mod:`deckgen.facts`'s job.

Speed: most sentences hold nothing worth hiding, so each finder first asks a cheap question of
the sentence (does it hold a digit, one of a few words, a parenthesis?) and runs its regular
expressions only when the answer is yes. Every pattern is bounded (no unbounded repeat inside a
repeat), so a 200,000-character line costs time in proportion to its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from deckgen.lexicon import (
    COUNT_NOUNS,
    DESIGN_VERBS,
    EVALUATIVE,
    FUNCTION_VERBS,
    GENERIC_HEADS,
    LABEL_NOUNS,
    NUMBER_WORDS,
    PRONOUNS,
    RESULT_VERBS,
    SAMPLE_NOUNS,
    STOPWORDS,
    STUDY_WORDS,
    words,
    words_of,
)
from deckgen.types import Span, SpanKind, quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class Target:
    """A candidate deletion: ``text[start:end]``, why it was found, and how good it looks."""

    start: int
    end: int
    kind: str
    """"author", "quantity", "count", "definition", "name", "term", "comparison", "outcome",
    "place", "product", "focus", "pair", "formula" or "subject"."""
    weight: float
    """How much the target makes the sentence worth a card: 2.5 or more is enough alone."""


STRONG = 2.5
"""The least weight of a target that can make a card on its own."""


class Text:
    """A sentence's text with what every finder asks of it computed once."""

    __slots__ = ("design", "finding", "lower", "text", "word_count", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.lower()
        found = words_of(self.lower)
        self.words = frozenset(found)
        self.word_count = len(found)
        m = _FINDING.search(text) if not self.words.isdisjoint(_FINDING_WORDS) else None
        self.finding = m.end() if m else -1
        """Where the finding of "X found that ..." starts, or -1."""
        self.design = bool(
            not self.words.isdisjoint(STUDY_WORDS)
            and not self.words.isdisjoint(DESIGN_VERBS)
            and self.words.isdisjoint(RESULT_VERBS)
        )
        """Whether the sentence tells how a study was run ("enrolled 101 women ... for 8
        months") and not what it found: its numbers are details, not facts to learn."""

    def in_finding(self, pos: int) -> bool:
        """Whether ``pos`` lies in the clause a reporting verb introduces."""
        return 0 <= self.finding <= pos


_FINDING_WORDS = words(
    "found showed shown reported concluded suggested proposed revealed demonstrated observed "
    "confirmed indicated discovered"
)
_FINDING = re.compile(
    r"\b(?:found|showed|shown|reported|concluded|suggested|proposed|revealed|demonstrated|"
    r"observed|confirmed|indicated|discovered)\s(?:that\s)?"
)

# -- quantities ------------------------------------------------------------------------------------
_TIME_UNITS = (
    r"ms|milliseconds?|µs|microseconds?|ns|nanoseconds?|s|secs?|seconds?|min|mins|minutes?|h|hrs?|"
    r"hours?|days?|nights?|weeks?|months?|years?|yrs?|decades?|centuries|century|millenni(?:a|um)|"
    r"generations?"
)
_UNITS = (
    r"%|‰|percent|per ?cent|percentage points?|°\s?[CFK]|°|degrees?(?: (?:Celsius|Fahrenheit|C|F))?|Celsius|Fahrenheit|"
    r"K|kelvin|[kmµunp]?g|mcg|kg|lbs?|pounds?|ounces?|oz|tons?|tonnes?|"
    r"[kmµd]?[lL]|mL|liters?|litres?|gallons?|cups?|"
    r"[kcmµn]?m|km|meters?|metres?|centimeters?|millimeters?|micrometers?|micrometres?|nanometers?|"
    r"kilometers?|kilometres?|ft|feet|foot|inch(?:es)?|miles?|mi|yards?|light[- ]years?|AU|"
    r"[kMGTP]?Hz|hertz|[kMGT]?W|watts?|kWh|MWh|GWh|TWh|[kMG]?J|joules?|k?cal|kcal|calories|Calories|"
    r"[kmM]?V|volts?|[kmµ]?A|amps?|amperes?|ohms?|Ω|atm|bar|mbar|[kMGh]?Pa|psi|mmHg|"
    r"[mµnp]?M|mmol|µmol|nmol|mol|moles?|mEq|IU|ppm|ppb|"
    r"dB|decibels?|bpm|beats per minute|breaths? per minute|rpm|mph|km/h|kph|m/s|km/s|knots?|"
    r"bits?|bytes?|[KMGTP]B|[KMGT]iB|kb|Mb|Gb|flops|FLOPS|"
    r"AD|BC|BCE|CE|a\.m\.|p\.m\.|am|pm|"
    r"dollars?|euros?|cents?|rupees?|yen|USD|EUR|GBP|"
    r"times|fold|x|×|"
    rf"{_TIME_UNITS}"
)
_UNIT = rf"(?:{_UNITS})(?![A-Za-z0-9])"
_PER = (
    r"(?:\s(?:per|a|an|each|every)\s(?:day|week|month|year|decade|hour|minute|second|night|"
    r"kilogram|kg|serving|dose|session|person|capita|meal|cycle|turn|kilometer|km|mile))"
)
_COMPOUND_UNIT = rf"{_UNIT}(?:/(?:[A-Za-z]{{1,8}}|\d{{1,4}}\s?[A-Za-z]{{1,5}})){{0,3}}{_PER}?"
_NUM = r"(?:\d{1,3}(?:,\d{3}){1,4}|\d{1,12})(?:\.\d{1,12})?(?:/\d{1,6})?"
_SCALE = r"(?:\s(?i:thousand|million|billion|trillion|hundred))?"
_SIGN = r"(?:[+−-](?=[$€£¥₹]?\d))?"
_ONE = rf"(?:[~≈<>≤≥±]\s?)?(?:[$€£¥₹]\s?)?{_NUM}{_SCALE}(?:\s?-?\s?{_COMPOUND_UNIT})?"
_LINK = r"(?:-?\s(?:to|and|or)\s(?:about\s|around\s|approx\.\s|roughly\s|~)?|\s?[–—-]\s?)"
_RANGE = rf"{_ONE}(?:{_LINK}{_ONE})?"
QUANTITY = re.compile(
    rf"(?<![\w.,\-/−^+]){_SIGN}{_RANGE}"
    rf"(?:\s\((?:about\s|approx\.\s|approximately\s|~|or\s)?{_RANGE}\))?"
    r"(?![\w^])"
)
"""A number or range with its unit, and a conversion in parentheses: "43.3 m (142 ft)"."""
_BARE = re.compile(rf"(?:[~≈<>≤≥±]\s?)?{_NUM}(?:{_LINK}(?:[~≈<>≤≥±]\s?)?{_NUM})?")
_YEAR = re.compile(r"(?:1[0-9]|20)[0-9]{2}")
_YEAR_FIRST = re.compile(r"(?:1[0-9]|20)[0-9]{2}\s")
_DECADE = re.compile(r"(?:1[0-9]|20)[0-9]0s\b")
_CAPS_WORD = re.compile(r"([A-Z][\w’'-]{0,30})\s$")
_AGE_DECADE = re.compile(r"\d{1,3}0s")
_DIGIT = re.compile(r"\d")
_NUMBER_RUN = re.compile(r"[\d.,]{1,40}")
_QUANTITY_PREFIX = frozenset("~≈<>≤≥±$€£¥₹")
_HYPHEN_TAIL = re.compile(r"(?:-[a-z]{1,12}){1,2}")
_CLOSES_LIST = re.compile(r"\s{0,3}(?:\)|,\s?\d)")

_NUMWORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|sixty|hundred|a hundred|a thousand|thousand|a million|a dozen|half|a half|one-third|"
    r"a third|one-quarter|a quarter|two-thirds|three-quarters|twice|thrice|double|triple|"
    r"millennia"
)
_WORD_QUANTITY = re.compile(
    rf"(?<![\w-])(?i:(?:{_NUMWORD})(?:\sand\sa\shalf)?(?:\s(?:to|or)\s(?:{_NUMWORD}))?)"
    rf"[\s-]{_COMPOUND_UNIT}(?![\w])"
)
_HOW_OFTEN = r"(?:once|twice|thrice|(?:two|three|four|five|six|\d{1,2})\s(?:to\s\w{1,5}\s)?times)"
_FREQUENCY = re.compile(
    rf"(?<![\w-])(?i:{_HOW_OFTEN}(?:\s(?:or|to)\s{_HOW_OFTEN})?)"
    r"\s(?:a|per|each|every)\s(?:day|week|month|year|night|hour)\b"
)
"""How often: "twice a week", and a range of them whole: "once or twice a year"."""
_WORD_COUNT = re.compile(rf"(?<![\w-])(?i:{_NUMWORD})\s([a-z]{{2,20}})\b")
_APPROXIMATE_BEFORE = re.compile(
    r"\b(?:about|around|approximately|roughly|only|nearly|almost|over|under|than|to|by|reach(?:es|ed)?|"
    r"total(?:s|ed|ing)?|of|is|are|was|were|age|aged|ages)\s$",
    re.IGNORECASE,
)
_NEXT_WORDS = re.compile(r"\s([\w’'-]{1,25})(?:\s([\w’'-]{1,25}))?(?:\s([\w’'-]{1,25}))?")
_WORD_START = re.compile(r"(?<![\w-])\w+")
_NUMBER_FIRST_WORDS = frozenset(
    {alternative.split(" ")[0].split("-")[0] for alternative in _NUMWORD.split("|")}
    | {"once", "twice", "thrice"}
)
"""The first word of every number the three patterns above begin with (or a number in digits)."""


def _number_starts(text: str) -> list[int]:
    """Every place where _WORD_QUANTITY, _FREQUENCY or _WORD_COUNT can match: the start of a
    word (not after a hyphen) that begins one of their numbers. Each pattern opens with a
    number word followed by a space or hyphen, so the whole word must be its first word; a word
    with letters outside ASCII is kept too (case-insensitive matching reads "ſ" as "s")."""
    starts = []
    for m in _WORD_START.finditer(text):
        word = m.group()
        if word[0].isdigit() or not word.isascii() or word.lower() in _NUMBER_FIRST_WORDS:
            starts.append(m.start())
    return starts


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, when every match must begin at one of ``starts``
    (in order): the pattern is tried at those places only, instead of at every character."""
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)) is not None:
            end = m.end()
            yield m


def _quantities(t: Text) -> Iterator[Target]:
    """Numbers with their unit or the thing they count ("2 to 4 sessions" hides "2 to 4")."""
    text = t.text
    digit = _DIGIT.search(text)
    if digit is not None:
        study = not t.words.isdisjoint(STUDY_WORDS)
        done = 0
        while digit is not None:
            start = _quantity_start(text, digit.start())
            m = QUANTITY.match(text, start) if start >= done else None
            if m is not None and m.end() > start:
                done = m.end()
                found = _digit_quantity(t, m.start(), m.end(), study)
                if found is not None:
                    yield found
            digit = _DIGIT.search(text, max(done, _skip_digits(text, digit.start())))
    if not t.words.isdisjoint(NUMBER_WORDS):
        yield from _word_quantities(t)


def _skip_digits(text: str, pos: int) -> int:
    """The position after the run of digits, commas and points that starts at ``pos``."""
    m = _NUMBER_RUN.match(text, pos)
    return m.end() if m else pos + 1


def _quantity_start(text: str, digit: int) -> int:
    """Where a quantity whose first digit is ``text[digit]`` begins: before "~", "$", "≈ "."""
    start = digit
    for _ in range(4):
        if start > 0 and text[start - 1] in _QUANTITY_PREFIX:
            start -= 1
        elif start > 1 and text[start - 1] == " " and text[start - 2] in _QUANTITY_PREFIX:
            start -= 2
        else:
            break
    if start > 0 and text[start - 1] in "+−-" and (start == 1 or text[start - 2] in " ("):
        start -= 1  # a sign belongs to the number: "+9% in queries"
    return start


def _digit_quantity(t: Text, start: int, end: int, study: bool) -> Target | None:
    text = t.text
    span = text[start:end].rstrip(" -–—")
    end = start + len(span)
    if not any(c.isdigit() for c in span):
        return None
    if span[0] in "+−-":
        if _BARE.fullmatch(span[1:]):
            return _bare_number(t, start + 1, end, study)  # a sign on a bare number: no unit
        span = span[1:]
        start += 1
        signed = 1
    else:
        signed = 0
    bare = _BARE.fullmatch(span) is not None
    if not bare and text.startswith("/", end):
        end = _per_unit_end(text, end)
        span = text[start:end]
    before = text[max(0, start - 30) : start]
    if before.endswith(("n = ", "n=", "N = ", "N=")):
        return None  # a sample size written "n = 19"
    if _YEAR.fullmatch(span) or _DECADE.search(span):
        return None  # "in 2015", "the 1990s": citation years and dates, not quantities
    if _YEAR_FIRST.match(span) and not span.endswith(("BC", "AD", "CE", "BCE")):
        return None  # "2016 to $1,000,000", "2022 (16 years)": a year read as a number
    if _in_equation(text, start, end):
        return None  # "3 x 7 = 21": a step of arithmetic, not an amount of something
    if bare:
        return _bare_number(t, start, end, study)
    if _AGE_DECADE.fullmatch(span):
        return None  # "in their 30s"
    if end < len(text) and text[end] == "-" and text[end + 1 : end + 2].isalpha():
        tail = _HYPHEN_TAIL.match(text, end)
        if tail:
            return Target(start, tail.end(), "quantity", 2.0)  # "25-year-old"
    if _not_a_measure(text, start, end):
        return None
    if text[end : end + 1] == "+" and not text[end + 1 : end + 2].isalnum():
        end += 1  # "90 mph+": at least
    spelled = _SPELLED_LOW_END.search(before) if before.endswith((" to ", " or ")) else None
    if not signed and spelled is not None:
        start -= len(before) - spelled.start()  # "six to [18 months]": the range whole
    weight = 2.0 if _incidental(t, start, end) else 3.0
    return Target(start - signed, end, "quantity", weight)


_SPELLED_LOW_END = re.compile(
    r"(?<![\w-])(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s(?:to|or)\s$"
)


_PER_UNIT = re.compile(r"/[a-z]{2,8}(?![\w/])")


def _per_unit_end(text: str, end: int) -> int:
    """The end of a quantity with the unit it is counted per: "$200/month", "5 mg/kg"."""
    m = _PER_UNIT.match(text, end)
    return m.end() if m else end


_GLUED_PLURAL_BEFORE = re.compile(
    r"(?:\b[a-z]?[A-Z][\w-]{0,25}|\b(?:the|a|an|their|our|own|what|of))\s$"
)
"""A name ("Layer", "iPhone") or a determiner before a number with a glued "s": a model name
or a plural ("the 1990s"), not seconds."""
_VERB_TIMES = re.compile(r"[x×]\s(?:your|their|our|my|his|her|its|the|a|an)\b")
_NAME_AFTER = re.compile(r"\s[A-Z]{2,8}\b")
_TIME_UNIT_END = re.compile(rf"(?<![A-Za-z.])(?:{_TIME_UNITS}|am|pm|a\.m\.|p\.m\.)$")


_TITLE_SCALES = (" Thousand", " Million", " Billion", " Trillion", " Hundred")
_CAPITAL_AFTER = re.compile(r"\s[A-Z]")


def _not_a_measure(text: str, start: int, end: int) -> bool:
    """Whether a number with a unit-like tail is no measurement at all: "Layer [2s]", "the
    iPhone [6s]", "[1s and 0s]" (a plural, not seconds); "how to [10x] your earnings" (a verb);
    "three [degrees] of freedom"; "cost per [3-second] view" (the thing a rate is counted in);
    "the [24hr] VWAP" (a window that names an indicator)."""
    span = text[start:end]
    if text[max(0, start - 4) : start] == "per ":
        return True
    if span.endswith(_TITLE_SCALES) and _CAPITAL_AFTER.match(text, end):
        return True  # "[100 Million] Dollar Offers": a title
    if span.endswith(("degree", "degrees")) and text.startswith(" of ", end):
        return True
    if _VERB_TIMES.match(text, end - 1) and span[-2:-1].isdigit():
        return True
    if span[-1] == "s" and span[-2:-1].isdigit():
        glued_plural = " and " in span or " or " in span
        if glued_plural or _GLUED_PLURAL_BEFORE.search(text, max(0, start - 30), start):
            return True
    return bool(_TIME_UNIT_END.search(span) and _NAME_AFTER.match(text, end))


_RELATIVE_BEFORE = re.compile(r"\b(?:the\s)?(?:last|past|next|coming)\s(?:few\s)?$", re.IGNORECASE)
_AGES = re.compile(r"(?:years?|centuries|century|millenni(?:a|um))$")
_FOLLOWING_WORD = re.compile(r"\s([A-Za-z][\w-]{1,25})\b")
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s$", re.IGNORECASE)
_CHANGE_NOUNS = words(
    """increase decrease rise fall drop gain loss reduction decline jump growth improvement
    boost cut return returns share stake discount premium difference chance risk rate range
    target goal level mark threshold limit cap ceiling floor price penalty fee"""
)
"""Nouns a quantity before them states the size of ("the [2%] target", "the [10-13%] range"):
the quantity is the fact, not a description of something named."""


def _incidental(t: Text, start: int, end: int) -> bool:
    """Whether a quantity is a detail of the sentence rather than its fact: a time counted
    from when the speaker talks ("[3 years] ago", "over the last [18 months]"), a clock time,
    a figure of speech ("[99%] of the time"),
    or a size that only describes a thing already named ("the [100-mile] race")."""
    text = t.text
    span = text[start:end]
    before = text[max(0, start - 40) : start]
    if _TIME_UNIT_END.search(span):
        if span.endswith(("am", "pm", ".m.")):
            return True
        if text.startswith(" ago", end) and not _long_ago(span):
            return True
        relative = _RELATIVE_BEFORE.search(before)
        if relative is not None and not _RECORD.search(text, 0, start):
            return True
    if span.endswith("%") and text.startswith(" of the time", end) and _nearly_always(span):
        return True
    if _DEFINITE_BEFORE.search(before):
        follower = _FOLLOWING_WORD.match(text, end)
        if follower is not None:
            word = follower.group(1).lower()
            return (
                word not in STOPWORDS and word not in _CLEAN_FOLLOWERS and word not in _CHANGE_NOUNS
            )
    return False


_RECORD = re.compile(r"\b(?:record|highest|lowest|most|least|best|worst|first\stime)\b")
"""A superlative before "in the last [10 years]" makes the span the fact: "the highest in"."""


def _nearly_always(span: str) -> bool:
    """Whether a share of the time is a figure of speech: "[99%] of the time"."""
    digits = span.rstrip("%").strip("~≈<>")
    return digits.replace(".", "", 1).isdigit() and float(digits) >= 90


def _long_ago(span: str) -> bool:
    """Whether "... ago" dates history rather than the talk: "[66 million years] ago", "[1,300
    years] ago", not "[3 years] ago" or "[two weeks] ago"."""
    if _AGES.search(span) is None:
        return False
    if any(scale in span for scale in ("thousand", "million", "billion", "hundred")):
        return True
    digits = "".join(c for c in span.split("-")[0] if c.isdigit())
    return bool(digits) and int(digits) >= 100


_TIMES_UNIT = re.compile(r"\d\s?[x×]$")
_OPERATOR_AFTER = re.compile(r"\s?(?:[×*]|=(?!=)|[+x]\s?(?=[$€£]?\d))|(?<=[\d%])\s/\s(?=[$€£]?\d)")
_OPERATOR_BEFORE = re.compile(r"(?:[\d)%]\s?[×+x]\s?\(?|[\d%]\s/\s|\*\s?\(?|(?<![<>=!])=\s?)$")
"""Arithmetic next to a number. A slash counts only with spaces and bare numbers on both sides
("$12,000 / $16,000"): "350°F/180°C" and "150 g/day" are units, not a division."""
_EQUALS = re.compile(r"(?<![<>=!])=(?![=>])")


def _in_equation(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is a term of written arithmetic: joined to
    another number by x, ×, *, + or /, or in the same clause as an "=" ("3 x 7 = 21",
    "Gross profit: $16,000 - $4,000 = $12,000"). A bound such as ">= 100%" is not arithmetic."""
    near = text[max(0, start - 6) : end + 3]
    if "=" not in text and not any(c in near for c in "x×*+/"):
        return False  # the common case: no operator anywhere near
    if _TIMES_UNIT.search(text, start, end) and _OPERATOR_AFTER.match(text, end - 1):
        return True  # "3 x" read as "3 times" before "7"
    if _OPERATOR_AFTER.match(text, end):
        return True
    if _OPERATOR_BEFORE.search(text[max(0, start - 6) : start]) is not None:
        return True
    return "=" in text and any(a <= start and end <= b for a, b in _equations(text))


def _equations(text: str) -> Iterator[tuple[int, int]]:
    """The clauses of ``text`` that hold an "=": from the colon, semicolon or open parenthesis
    before it to the semicolon, closing parenthesis or sentence end after it."""
    for m in _EQUALS.finditer(text):
        start = max(text.rfind(":", 0, m.start()), text.rfind(";", 0, m.start()))
        before = _unmatched(text, range(m.start() - 1, start, -1), ")", "(")
        after = _unmatched(text, range(m.end(), len(text)), "(", ")", ";")
        yield (start if before is None else before) + 1, len(text) if after is None else after


def _unmatched(
    text: str, indexes: Iterable[int], opener: str, closer: str, stops: str = ""
) -> int | None:
    """The first of ``indexes`` (walked in order) holding a ``closer`` that no ``opener`` on
    the way matched, or one of ``stops``; None when there is none."""
    depth = 0
    for i in indexes:
        ch = text[i]
        if ch == opener:
            depth += 1
        elif ch == closer:
            if depth == 0:
                return i
            depth -= 1
        elif ch in stops:
            return i
    return None


def _bare_number(t: Text, start: int, end: int, study: bool) -> Target | None:
    """A number with no unit is a fact only when it counts something or is an approximate total."""
    text = t.text
    if text[end : end + 1] in ("^", "/") or text[start - 1 : start] in ("^", "#"):
        return None
    if text[start:end] == "24/7":
        return None  # "open 24/7": all the time, not a fraction
    before = text[max(0, start - 25) : start]
    word_before = before.rsplit(None, 1)[-1].lower().strip("(,") if before.strip() else ""
    caps = _CAPS_WORD.search(before)
    if word_before in LABEL_NOUNS or (caps and caps.group(1).lower() not in STOPWORDS):
        return None  # "option 2", "day 3", "Surah Tur 22-23", "GPT 4"
    if before.endswith("per "):
        return None  # "$4 per [1 million] requests": what a rate is counted in
    number = text[start:end]
    ratio = _RATIO_BEFORE.search(before) if before.endswith((" of ", " in ")) else None
    if ratio is not None:
        start -= len(before) - ratio.start()  # "[1 in 36] children", "[34 out of 39] students"
    following = _NEXT_WORDS.match(text, end)
    if following:
        for word in following.groups():
            if word is None:
                break
            low = word.lower()
            if low in SAMPLE_NOUNS:
                if study:
                    return None  # a sample size: "139 adults", "18 studies"
                return Target(
                    start, end, "count", 2.5 if ratio or not _few(number, before) else 2.0
                )
            if low in COUNT_NOUNS:
                return Target(
                    start, end, "count", 2.5 if ratio or not _few(number, before) else 2.0
                )
            if low in STOPWORDS:
                break
            if len(low) > 3 and low.endswith("s") and not low.endswith("ss"):
                # "6 to 8 glands": a count, weaker; a ratio ("1 in 40 keepers") is the fact
                return Target(start, end, "count", 2.5 if ratio else 2.0)
    if _APPROXIMATE_BEFORE.search(before) and not _CLOSES_LIST.match(text, end):
        return Target(start, end, "quantity", 2.0)
    return None


_RATIO_BEFORE = re.compile(r"(?<![\w.,])(?:\d{1,3}\sout\sof|(?:1|[Oo]ne)\sin)\s$")


_STRESSED_BEFORE = re.compile(
    r"\b(?:about|around|approximately|roughly|only|just|exactly|nearly|almost|at\s(?:least|most)|"
    r"up\sto)\s$",
    re.IGNORECASE,
)


def _few(number: str, before: str) -> bool:
    """Whether a bare count is so small that it is guessed, not recalled ("[2] parts of the
    mixture"), unless the sentence stresses it ("only about [3] molecules per second")."""
    return number.isdigit() and int(number) <= 3 and _STRESSED_BEFORE.search(before) is None


def _word_quantities(t: Text) -> Iterator[Target]:
    text = t.text
    starts = _number_starts(text)
    if not starts:
        return
    for m in _matches_at(_WORD_QUANTITY, text, starts):
        if _not_a_measure(text, m.start(), m.end()):
            continue  # "three degrees of freedom"
        one = text[m.start() : m.start() + 4].lower() == "one "
        weak = one or _incidental(t, m.start(), m.end())
        yield Target(m.start(), m.end(), "quantity", 2.0 if weak else 2.5)
    for m in _matches_at(_FREQUENCY, text, starts):
        yield Target(m.start(), m.end(), "quantity", 3.0)
    for m in _matches_at(_WORD_COUNT, text, starts):
        noun = m.group(1)
        number = text[m.start() : m.start(1) - 1]
        if noun in COUNT_NOUNS and number.lower() not in ("one", "a half", "half", "single"):
            yield Target(m.start(), m.start(1) - 1, "count", 2.0)


# -- terms -----------------------------------------------------------------------------------------
_BAD_TERM_START = words("""given despite unlike like according due based it this that these those they he she we i you there here however also for in on at as when
    while if after before because although some many most each every such one our your his her
    their its my both all another other first second finally then thus so but and or not no
    what which who how why where during through with without from by to into of about over
    under between among within across along around near behind beyond upon until can could
    may might will would should must is are was were be been being have has had do does did
    now just since unless whereas once though everything everyone everybody something someone
    somebody anything anyone nothing nobody none whatever neither either""")
_TERM_END = re.compile(
    r"[,;:.()!?\"”—–]|\s(?:and|or|which|that|who|where|when|while|to|in|into|for|is|are|was|were|"
    r"with|without|by|from|as|on|of|at|during|after|before|through|within|because|since|until|"
    r"per|over|under|between|across|inside|outside|than|can|could|may|might|will|would|has|have|"
    r"had|such|stored|used|known|called|found|made|using|producing|releasing|beneath|below|above|"
    r"near|along|around|behind|among|via|until|unless|whereas|rather)(?=\s|$)"
)


def _clean_term(text: str, start: int, end: int, max_words: int = 7) -> tuple[int, int] | None:
    """Trim a term range to its words: no determiner in front, no punctuation at the ends."""
    while start < end and not text[start].isalnum() and text[start] not in "(":
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] != ")":
        end -= 1
    for det in ("the ", "a ", "an ", "The ", "A ", "An "):
        if text.startswith(det, start) and end - start > len(det):
            start += len(det)
            break
    if end <= start:
        return None
    words = text[start:end].split()
    while len(words) > 1 and _trailing_adverb(words[-1]):
        end = start + text[start:end].rstrip().rfind(" ")  # "positive ROI simply" → "positive ROI"
        words.pop()
        while end > start and not text[end - 1].isalnum() and text[end - 1] != ")":
            end -= 1  # '"Regular people" broadly' → 'Regular people'
        words = text[start:end].split()
    if not words or len(words) > max_words or words[0].lower() in _BAD_TERM_START:
        return None
    if any(w in _REPORTING_VERBS for w in words[1:]):  # ("Chain of Thought" is a name)
        return None  # "Singall believes such communities": a clause, not a term
    if len(words) > 1 and words[-1].lower().strip("()\"'“”‘’,.") in _FUNCTION_WORDS:
        return None  # "Viewers who", "the part of": not a term
    if not _has_content(words):
        return None
    if text[start:end].count("(") != text[start:end].count(")"):
        return None
    return start, end


_TRAILING_ADVERBS = words(
    "simply just only also really actually basically essentially usually typically generally"
)
_LY_NOUNS = words(
    """family supply assembly anomaly monopoly oligopoly duopoly butterfly jelly belly rally ally
    reply italy july homily panoply underbelly lily bully folly holly melancholy"""
)
"""Words ending in "-ly" that are nouns, not adverbs."""


def _trailing_adverb(word: str) -> bool:
    """Whether the last word of a term is an adverb that goes with the verb after it
    ("Liquidity broadly refers to"): a known one, or a small word ending in "-ly"."""
    low = word.lower()
    if low in _TRAILING_ADVERBS:
        return True
    return word.islower() and len(low) >= 6 and low.endswith("ly") and low not in _LY_NOUNS


_REPORTING_VERBS = words(
    """believes believed says said thinks thought argues argued notes noted claims claimed explains
    explained suggests suggested estimates estimated feels felt states stated reports reported
    finds found shows showed means meant seems seemed appears appeared knows knew"""
)


def _has_content(words: Iterable[str]) -> bool:
    return any(
        w.lower().strip("()\"'“”‘’…,.") not in _FUNCTION_WORDS and any(c.isalnum() for c in w)
        for w in words
    )


_FUNCTION_WORDS = STOPWORDS | PRONOUNS


def is_technical(term: str) -> bool:
    """Whether a term looks like a technical name: an acronym (HRV, RuBisCO), letters and digits
    (UCP1, C4), a small letter before capitals (mTOR) or a Roman numeral (Photosystem II).

    Brand-like CamelCase (YouTube, McKinsey) is a name, not a technical term.
    """
    # What _TECHNICAL finds, in two searches that start from a capital or a digit (rare
    # characters the regular expression engine skips to): _TECHNICAL itself tries all its
    # branches at every character, and took 9 µs on an average sentence.
    if _TECHNICAL_PAIR.search(term) is not None:
        return True
    return any(
        _TECHNICAL.search(term, max(0, m.start() - 20), m.end()) is not None
        for m in _LOWER_THEN_CAPITAL.finditer(term)
    )


_TECHNICAL = re.compile(
    r"[A-Z]{2}|[A-Za-z]\d|\d[A-Z]|(?<![\w'’-])[a-z]{1,20}[A-Z]|(?<!\w)(?:II|III|IV|VI)(?!\w)"
)
"""The definition of a technical name; each Roman numeral it lists is also two capitals."""
_TECHNICAL_PAIR = re.compile(r"[A-Z\d](?:(?<=[A-Z])[A-Z]|(?<=[A-Za-z]\d)|(?<=\d)[A-Z])")
"""Two capitals, a letter and a digit, a digit and a capital: from the pair's capital or digit."""
_LOWER_THEN_CAPITAL = re.compile(r"[A-Z](?<=[a-z][A-Z])")
"""A capital after a small letter: where a word such as "mTOR" may end its small letters."""


_DEFINING_VERBS = re.compile(
    r"\s(?:refers? to(?!\s(?:these|those|them|this|it|him|her)\b)|is defined as|are defined as|is the term for|"
    r"means(?!\s(?:to|more|less|fewer|we|it|they|there)\b)|denotes|stands for|"
    r"is short for|is an abbreviation for)\s"
)
_COPULA = re.compile(r"\s(?:is|are)\s(?:a|an|the|one of the)\s")
_COPULA_PLURAL = re.compile(
    r"\sare\s(?:(?![a-z]{1,20}ly\s|(?:no|not|never|longer|seen|considered|viewed|regarded|"
    r"presented|described|treated|often|also|still|now|all|both|just|only|usually|sometimes)\s)"
    r"[a-z-]{2,20}\s){0,2}"
    r"[a-z-]{2,20}s\s"
    r"(?:that|which|who|of|in|used|where|with|found|made|produced|whose)\b"
)
_DEFINITION_WORDS = words(
    "is are refers refer means denotes stands defined short abbreviation term"
)
_SAYING = words(
    """believes believe thinks think says say argues argue claims claim notes note suggests
    explains states feels feel knows know says writes writes"""
)
_TERM_WORD_QUOTE = re.compile(r"(?:term|word|concept|phrase|name)\s[\"“]([^\"“”]{1,40})[\"”]?$")
_EXAMPLES_IN_SUBJECT = re.compile(r",?\s(?:like|such as|including|e\.g\.)\s")
_OR_ALIAS = re.compile(r",\s(?:or|also called|also known as|i\.e\.)\s")


_DEFINING_CUES = (
    " refer",
    " defined as",
    " term for",
    " means ",
    " denotes ",
    " stands for",
    " short for",
    " abbreviation",
)
_COPULA_CUES = (" is a", " is the", " is one", " are a", " are the", " are one")


def _subject_definition(t: Text) -> Iterator[Target]:
    """ "X refers to ...", "X is a ...", "Xs are the ...": hide X, the term being defined."""
    if t.words.isdisjoint(_DEFINITION_WORDS):
        return
    text = t.text
    head = text[:160]
    m = _DEFINING_VERBS.search(head) if any(map(head.__contains__, _DEFINING_CUES)) else None
    strong = m is not None
    if m is None and any(map(head.__contains__, _COPULA_CUES)):
        m = _COPULA.search(head)
    if m is None and " are " in head:
        m = _COPULA_PLURAL.search(head)
    if m is None or m.start() == 0:
        return
    verb_end = text.find(" ", m.start() + 1) + 1  # after "is" or "are"
    if not strong and _not_a_class(text, verb_end):
        return
    matched = m.group().split()
    role = len(matched) > 2 and matched[-2] in _GENERIC_PREDICATES  # "are cited as examples of"
    if not strong and (role or _generic_predicate(text, verb_end)):
        return  # "Sleep is a topic of ...", "X is a third way ...": not what X is
    stop = m.start()
    example = _EXAMPLES_IN_SUBJECT.search(text, 0, stop)
    if example is not None:
        if " " not in text[: example.start()].strip():
            return  # "Companies like John Deere are ...": the examples are the news
        if _CLAUSE_WORDS.search(text, example.end(), m.start()):
            return  # "Firms like X could gain as Russia is a ...": the verb is another clause's
        stop = example.start()  # "Fat-based sauces like beurre blanc are ...": the sauces
    subject = text[:stop]
    if ":" in subject or subject.count(",") > 2 or _described_subject(subject):
        return
    if "," in _PARENTHESES.sub("", subject) and not _OR_ALIAS.search(subject):
        return  # "Introduced by Anthropic, the MCP is ...": a clause before the term
    cleaned = _clean_term(text, 0, stop, max_words=8)
    if cleaned is None:
        return
    unquoted = _unquoted(text, *cleaned)
    if unquoted is None:
        return
    quoted = unquoted != cleaned
    start, end = unquoted
    term = text[start:end]
    words = [w.lower().strip("(),") for w in term.split()]
    if any(w in PRONOUNS or w in _REFLEXIVES for w in words):
        return  # "A consequence of this ..." points outside the card
    core = _CORE_END.split(term, maxsplit=1)[0].split()
    if len(core) > 4:
        return  # "The span of a given pair of vectors": a description, not a term
    if len(core) > 2 and m.group().endswith("means ") and text.startswith("that ", m.end()):
        return  # "The shift to AI systems means that ...": a consequence, not a meaning
    if any(w in _SAYING for w in words):
        return  # "Professor Żurek believes information is ...": an opinion, not a definition
    named = _TERM_WORD_QUOTE.match(term)
    if named is not None:
        # "The term "church" refers to ...": the quoted word is the term.
        yield Target(start + named.start(1), start + named.end(1), "definition", 3.5)
        return
    named_before = text.startswith("The ") and len(core) <= 2 and term.islower()
    if named_before and not quoted and not is_technical(term):
        return  # "The network is ...": a thing named before, not a term being defined
    head_noun = _head_noun(term)
    if (head_noun in GENERIC_HEADS and not quoted) or words[0] in _RANKING_FIRST:
        return  # (A quoted "concept" is the word being defined.)
    if len(core) >= 2 and core[-2].lower() in GENERIC_HEADS and core[-1].endswith(("ed", "en")):
        return  # "An example cited is ...": an example, not a term
    if words[0] in _DEGREE_ADJECTIVES and text.startswith("the ", verb_end):
        return  # "A growing trend is the use of ...": the news is after the verb
    if any(c.isdigit() for c in term) and not is_technical(term):
        return
    if _description_not_name(core, head_noun):
        return
    if text.startswith(("A ", "An ", "The ")) and (
        core[0] in _DEGREE_ADJECTIVES or core[0] == "common"
    ):
        return  # "A common advanced maneuver is ...": a described thing, not a named one
    yield Target(start, end, "definition", 3.5 if strong else 3.0)


_RANKING_FIRST = ("most", "least", "best", "main", "only")
_CLAUSE_WORDS = re.compile(
    r"\s(?:could|would|will|can|may|might|should|must|as|because|since|while|when|if)\s"
)
_PARENTHESES = re.compile(r"\([^()]*\)")
_REFLEXIVES = words("itself themselves himself herself oneself yourself ourselves")
_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’"}
_DESCRIBED_SUBJECT = re.compile(r"[—–]|\s-\s|\(e\.g\.|\(i\.e\.|^(?:[\"“][^\"“”]*$)")
"""A dash, an "(e.g." or a quotation that opens and does not close before the verb."""


def _described_subject(subject: str) -> bool:
    """Whether the words before the verb are a description or a quotation, not a name: "The
    variability in chronotypes—whether someone", "The phenomenon (e.g., stem cells)", or the
    start of a quoted saying ("\"Intelligence is a commodity, ..."")."""
    return _DESCRIBED_SUBJECT.search(subject) is not None


def _unquoted(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A term range without an opening quotation mark whose closing mark it left outside:
    "The "Yen carry trade" is ..." hides the words between the marks; "The true "Game of
    Life" is ..." puts a word before the quotation and is no name at all."""
    if _TERM_WORD_QUOTE.match(text, start, end) is not None:
        return start, end  # "The term "church" ...": the quoted word is taken out later
    bare = text.find(" (", start, end)
    stop = bare if bare > 0 else end  # (a quotation inside parentheses is an alias: "(or "foils")")
    quote = text.find('"', start, stop) if '"' in text[start:stop] else text.find("“", start, stop)
    if quote < 0:
        return start, end
    if quote > start:
        return None
    closing = _QUOTE_PAIRS[text[quote]]
    inner_end = text.find(closing, quote + 1, end)
    if inner_end > 0 and text.startswith(" (", inner_end + 1) and text[end - 1] == ")":
        return start + 1, inner_end  # "The "Stupidity Quotient" (SQ) is ...": the quoted name
    if text[end : end + 1] != closing or closing in text[quote + 1 : end]:
        return None
    return start + 1, end


_TERM_PARTICIPLES = words("built made given shown taken done seen chosen written used provided")
_DESCRIPTION_HEADS = words(
    """type types kind kinds sort form definition history significance importance variability
    phenomenon nature core heart essence description descriptions version pitfall pitfalls
    incentive incentives highlight highlights quality"""
)
"""Nouns that make a subject describe something ("The type of polygraph discussed", "The
significance of benchmarks", "Lum's core") rather than name it."""
_GERUND_OBJECTS = words(
    """a an the your our their his her my its one's this that these those for to with on in
    about up out from into"""
)
_JUDGING_FIRST = words(
    "true real specific particular certain typical ideal perfect proper current ultimate notable "
    "potential possible"
)
"""Words that open a description, not a name: "A true vision", "A specific application"."""
_ORDINALS = words("first second third fourth fifth sixth last final next")
_NOT_GERUNDS = words("string thing king spring ring wing ceiling sibling evening morning")
_EPONYM_HEADS = words(
    """law laws theorem principle razor constant equation rule paradox effect method test
    disease syndrome conjecture hypothesis algorithm"""
)
"""What a name with an owner ("Newton's laws", "Occam's razor") may be."""


def _activity(core: list[str]) -> bool:
    """Whether a subject is an activity with its object, not a named practice: "Choosing a
    partner", "Asking for help", "Building large-scale factories" (but "Learning rate",
    "Urge surfing", "Meaning of life")."""
    first = core[0].lower()
    if len(core) < 2 or not first.endswith("ing") or first in _NOT_GERUNDS or len(first) < 6:
        return False
    return (
        core[1].lower() in _GERUND_OBJECTS
        or is_technical(core[1])
        or (len(core) >= 3 and core[1] != "of" and all(w.islower() for w in core[1:]))
    )


def _description_not_name(core: list[str], head_noun: str) -> bool:
    """Whether a subject describes a thing instead of naming it: a kind or an account of
    something ("The type of polygraph", "The significance of benchmarks"), a thing with a word
    left after it ("The definition of AGI provided"), an activity ("Choosing a partner"), an
    owner's part ("DoorDash's analytics team"), or a praise in front ("A particularly
    interesting application")."""
    if head_noun in _DESCRIPTION_HEADS or "to" in core:
        return True  # (and "Central to Buddhist philosophy is ...": the subject comes later)
    first, last = core[0], core[-1]
    if len(core) >= 2 and last.islower() and (last.endswith("ed") or last in _TERM_PARTICIPLES):
        return True
    if _activity(core):
        return True
    low = first.lower()
    if low in _PRAISE or low in _JUDGING_FIRST or (first.islower() and _trailing_adverb(first)):
        return True
    if first.islower() and first in _ORDINALS:
        return True  # "The third major risk is ...": one of a list, named after the verb
    owner = next((i for i, w in enumerate(core[:-1]) if w.endswith(("'s", "’s"))), -1)
    if owner >= 0:
        owned = core[owner + 1 :]
        named = any(w[:1].isupper() for w in owned) or is_technical(" ".join(owned))
        return not named and owned[-1].lower() not in _EPONYM_HEADS
    return False


_CORE_END = re.compile(r"\s\(|,\s")
_PREDICATE_END = re.compile(
    r"[,;:.()]|\s(?:of|that|which|who|whose|where|when|for|to|in|on|with|by|from|and|or|but|"
    r"because|as|once|than|used|while|among|between|within|towards|toward)(?=\s|$)"
)
_GENERIC_PREDICATES = words(
    """topic topics subject subjects matter matters priority priorities threat threats
    consideration considerations addition additions concern concerns example examples way ways
    thing things part parts issue issues question questions lesson lessons reminder reminders
    sign signs testament trend trends factor factors key focus challenge
    challenges problem problems area areas aspect aspects solution solutions step steps
    cornerstone cornerstones improvement improvements innovation
    innovations occurrence resource resources option options choice choices exception
    exceptions feat pitfall pitfalls limitation limitations element elements consequence
    consequences"""
)
"""Nouns that, after "X is a ...", say what role X plays in the talk, not what X is."""
_ORDINAL_PREDICATES = words("second third fourth fifth another potential possible further")
"""Words that count a role: "a third way", "another example", "a potential addition"."""
_ARTICLE = re.compile(r"[\"“]?(?:one of the|a|an|the|one)\s[\"“]?")


def _predicate_start(text: str, pos: int) -> int:
    """Where the noun phrase after "is"/"are" at ``pos`` starts: after its article ("a",
    "one of the") and an opening quotation mark."""
    m = _ARTICLE.match(text, pos)
    return m.end() if m else pos


def _generic_predicate(text: str, pos: int) -> bool:
    """Whether the noun phrase from ``pos`` (after "is"/"are") is a role, not a class: its head
    is a word such as "topic", "issue" or "example" ("a topic of ongoing debate", "critical
    considerations in", "a relatively common solution"), or it counts ways and options ("a
    third way", "a potential addition")."""
    pos = _predicate_start(text, pos)
    stop = _PREDICATE_END.search(text, pos, pos + 80)
    phrase = [
        w.strip('"“”')
        for w in text[pos : stop.start() if stop else pos + 80].lower().split()
        if not _trailing_adverb(w)
    ]
    if not phrase:
        return False
    if phrase[0] in _ORDINAL_PREDICATES and len(phrase) > 1:
        return phrase[1] in _GENERIC_PREDICATES
    # (The head is the last word of a short phrase; a long one goes on past its head:
    # "an industrial company manufacturing specialized parts". A participle ends the phrase:
    # "a new solution designed to ...", "a problem involving ...".)
    participle = next(
        (i for i, w in enumerate(phrase) if i and w.endswith(("ed", "ing"))), len(phrase)
    )
    phrase = phrase[:participle]
    return len(phrase) <= 3 and phrase[-1] in _GENERIC_PREDICATES


_OF_PHRASE = re.compile(r"\s(?:of|in|for|from|with|on)\s")


_DESCRIBED = re.compile(
    r"(?:One of the|Among the|The (?:most|main|primary|first|key|largest|best|leading|major))\s"
    r"[^.;:]{5,160}?\s(?:is|are|was|were)\s"
)


def _described_term(t: Text) -> Iterator[Target]:
    """ "One of the most important factors ... is Brain-Derived Neurotrophic Factor (BDNF).":
    a description first and the name last; hide the name."""
    text = t.text
    if not text.startswith(("One of", "Among", "The ")):
        return
    m = _DESCRIBED.match(text)
    if m is None:
        return
    end = len(text.rstrip(".!"))
    comma = text.find(", ", m.end(), end)
    if comma > 0:
        end = comma  # "... was Debian, established by ...": the name, not its description
    cleaned = _clean_term(text, m.end(), end, max_words=6)
    if cleaned is None:
        return
    term = text[cleaned[0] : cleaned[1]]
    abbreviated = term.endswith(")") and is_technical(term[term.rfind("(") :])
    if is_technical(term.split(None, 1)[0]) or term[:1].isupper() or abbreviated:
        # (Not "the [upcoming availability of PC modding]": a name opens with it, or is
        # followed by its abbreviation: "potassium feldspar (KF)".)
        yield Target(*cleaned, "definition", 3.0)


def _head_noun(term: str) -> str:
    """The last word before any parenthesis or "of" phrase: "rate of muscle loss" → "rate"."""
    base = term.split("(", 1)[0]
    base = _OF_PHRASE.split(base, maxsplit=1)[0]
    words = base.lower().split()
    return words[-1].strip(",.") if words else ""


def _not_a_class(text: str, pos: int) -> bool:
    """Whether what follows "is"/"are" at ``pos`` judges or ranks instead of naming a class:
    an opinion ("a simple, low-cost tool", "a groundbreaking innovation", a quoted "digital
    shambles"), a rank among others ("one of the most impactful decisions") or a comparison
    ("a much larger company", "a similar company")."""
    start = _predicate_start(text, pos)
    if text[start - 1 : start] in ('"', "“"):
        return True  # "a "digital shambles"": a quoted characterization, not a class
    following = [
        w.strip('"“”')
        for w in text[start : start + 60].lower().replace(",", " ").split()[:4]
        if w not in _INTENSIFIERS
    ][:2]
    if any(w in EVALUATIVE or w in _PRAISE for w in following):
        return True
    if following and following[0] in _LIKENESS:
        return True  # "Markel is a similar company": like something named before
    if text.startswith("one of the ", pos) and following:
        ranked = following[0]
        return ranked in _SUPERLATIVE_WORDS or text.startswith("most ", start)
    # (A bare comparative can name a class: "a smaller, faster version of o1".)
    compared = text[start : start + 60].lower().split()[:3]
    return (
        any(
            w in _COMPARATIVE_WORDS and i > 0 and compared[i - 1] in _COMPARING_ADVERBS
            for i, w in enumerate(compared)
        )
        or " than " in text[start : start + 60]
    )


_INTENSIFIERS = words(
    "more less most very highly particularly really extremely quite so truly much far relatively"
)
_LIKENESS = words("similar comparable different other same")
_COMPARING_ADVERBS = words("much far even slightly significantly considerably")
_PRAISE = words(
    """groundbreaking revolutionary feature-rich favored favorite preferred renowned famous
    well-known recognized vocal extensive delightful beloved indispensable undisputed
    well-designed invaluable extraordinary prominent legendary exceptional controversial
    transformative misleading"""
)
"""Praise that :data:`deckgen.lexicon.EVALUATIVE` leaves out, since it is rare elsewhere."""


_NAMING = re.compile(
    r"\b(?:(?:called|termed|dubbed|named|nicknamed|known as|referred to as)\s(?:the\s|a\s|an\s)?"
    r"|(?<!\d\s)(?<!\bthe\s)(?<!\ba\s)(?<!\bof\s)calls?\s"
    r"(?:(?:it|this|them)\s(?:the\s|a\s|an\s)?|the\s|a\s|an\s))"
)
_CALLER = re.compile(
    r"(?:\b(?:what|which|that|whom?)\s(?:[\w'’-]{1,25}\s){1,3}|\b(?:he|she|we|they|I|you)\s"
    r"|[A-Z][\w'’-]{1,25}\s)$"
)
"""Who calls something a name, just before "calls the ...": "what the host calls the",
"Frank calls a"."""
_ADJECTIVE_NAMED = re.compile(r"(?:\ba|\ban|\bthe|\bown|\bits|\btheir)\s$")
"""Before "named", a word that makes it an adjective: "its own named component"."""
_NAMING_BEFORE_QUOTE = re.compile(
    r"\b(?:the term|the concept of|the phrase|the word|the idea of|so-called)\s$"
)
_NAMING_WORDS = words(
    "called call calls termed dubbed named nicknamed known referred term concept phrase"
)
_PARTICLES = words("after itself back up off out on in upon for upon over down away into")
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,60})[\"”]")
_APPOSITION_AFTER = re.compile(r"[\"”]?,\s(?:a|an|the)\s[a-z]")


def _named_terms(t: Text) -> Iterator[Target]:
    """ "... called X", "known as X", "the "centenarian decathlon", a list of ...": hide X."""
    text = t.text
    if not t.words.isdisjoint(_NAMING_WORDS) or "so-called" in t.lower:
        for m in _NAMING.finditer(text):
            if not _names_something(text, m):
                continue
            quoted = _QUOTED.match(text, m.end())
            if quoted and "," in quoted.group(1).rstrip(",.;:!? "):
                continue  # "what he called an "extreme, left-wing" view": a saying
            if quoted:
                cleaned = _clean_term(text, quoted.start(1), quoted.end(1), max_words=5)
                if cleaned:
                    yield Target(*cleaned, "name", 3.0)
                continue
            stop = _TERM_END.search(text, m.end(), m.end() + 80)
            end = stop.start() if stop else min(len(text), m.end() + 60)
            cleaned = _clean_term(text, m.end(), _through_of_name(text, end), max_words=4)
            if cleaned is None or text[cleaned[0] : cleaned[1]].split()[0].lower() in _PARTICLES:
                continue  # "called back", "named after": a phrasal verb, not a name
            if _plain_name(text[cleaned[0] : cleaned[1]]):
                yield Target(*cleaned, "name", 3.0)
    if '"' in text or "“" in text:
        for m in _QUOTED.finditer(text):
            cleaned = _clean_term(text, m.start(1), m.end(1), max_words=4)
            if cleaned is None:
                continue
            inner = text[cleaned[0] : cleaned[1]]
            if inner[-1] in ".!?…" or not any(c.isalpha() for c in inner) or "," in inner:
                continue  # (a quote with a comma is a saying, not a name)
            defined = _APPOSITION_AFTER.match(text, m.end()) is not None or bool(
                _NAMING_BEFORE_QUOTE.search(text, max(0, m.start() - 20), m.start())
            )
            yield Target(*cleaned, "name", 3.0 if defined else 2.0)


def _names_something(text: str, m: re.Match[str]) -> bool:
    """Whether a naming word is used to name: "named" after "its own" is an adjective, and
    "calls the X" names X only after who calls it ("the router calls the right skill")."""
    word = m.group().split(None, 1)[0]
    before = text[max(0, m.start() - 30) : m.start()]
    if word == "named":
        return _ADJECTIVE_NAMED.search(before) is None
    if word in ("call", "calls") and m.group().split()[1] in ("the", "a", "an"):
        return _CALLER.search(before) is not None
    return True


_OF_NAME = re.compile(r"\sof\s(?:the\s)?[A-Z][\w'’-]{0,25}(?:\s[A-Z][\w'’-]{0,25})?")


def _through_of_name(text: str, end: int) -> int:
    """Where a name that stopped at "of" really ends: "known as Chain of Thought" goes on to
    "Thought", since "of" followed by a capital is part of the name."""
    m = _OF_NAME.match(text, end)
    return m.end() if m else end


def _plain_name(name: str) -> bool:
    """Whether an unquoted name after "known as"/"called" is a name: not a description ("the
    [fastest treatment]", "a [popular individual]"), not a year or a possessive ("called
    [1997 Nvidia's] best moment")."""
    first = name.split(None, 1)[0]
    # (A capitalised "Big Bang" is a name; "smart contracts" a term, though "smart" praises.)
    described = first in _RANKING_WORDS or first in _SUPERLATIVE_WORDS
    return not (described or first.isdigit() or name.endswith(("'s", "’s")))


_APPOSITION = re.compile(r",\s(?:the|a|an)\s[a-z]")
_APPOSITIVE_NAME = re.compile(
    r"(?<![\w-])([A-Za-z][A-Za-z0-9-]{1,15}(?:\s[A-Z0-9][A-Za-z0-9-]{0,15}){0,2})$"
)


def _appositives(t: Text) -> Iterator[Target]:
    """ "mTOR, a nutrient sensor", "RMSSD, the root mean square ...": hide the named thing."""
    if ", a" not in t.text and ", the" not in t.text:
        return
    text = t.text
    clause_end = _subordinate_clause_end(text)
    for comma in _APPOSITION.finditer(text):
        if comma.start() == clause_end:
            continue  # "When an app lacks 3D Touch, the engine buzzes": a clause ends there
        if _correlative(text, comma):
            continue  # "the lower the SF, the higher the supply": no apposition
        if _in_series(text, comma.start()):
            continue  # "better UX, a deeper understanding, more features, and ...": a list
        m = _APPOSITIVE_NAME.search(text, max(0, comma.start() - 50), comma.start())
        if m is None:
            continue
        start = m.start(1)
        # Drop leading words that are not part of the name ("activates AMPK" → "AMPK").
        while start < m.end(1):
            word = text[start : m.end(1)].split(" ", 1)[0]
            if is_technical(word) or (word[:1].isupper() and start > 0):
                break
            start += len(word) + 1
        term = text[start : m.end(1)]
        if start == 0 or not term or not is_technical(term):
            continue
        before = text[max(0, start - 6) : start].split()
        if before and before[-1].lower() in _PREPOSITIONS:
            continue  # "for a base of 3t, the constant ...": 3t is not being defined
        if _appositive_head(text, comma.end()) in GENERIC_HEADS:
            continue  # "their own DNA, a clue that ...": the comma does not define DNA
        yield Target(start, m.end(1), "definition", 3.0)


_PREPOSITIONS = words("of for in at on by with from to into than as")
_SUBORDINATORS = words(
    """while when whenever if although though because since as after before unless until whereas
    once unlike like despite besides to using by with for in on at during without through from"""
)
"""Words that open a sentence with a clause or phrase ended by its first comma ("Unlike the
iPhone 8, the iPhone X ...")."""

_SERIES_BREAKS = ("which ", "who ", "that ", "and ", "or ", "a ", "an ", "the ", "as ", "is ")


def _in_series(text: str, comma: int) -> bool:
    """Whether the comma at ``comma`` separates items of a list ("X, a Y, more Z, and W")
    instead of opening an apposition: a third item follows that is no clause, and the list
    ends with "and" or "or"."""
    pieces = text[comma + 2 : comma + 400].split(", ")
    if len(pieces) < 3 or pieces[1].startswith(_SERIES_BREAKS):
        return False
    return any(p.startswith(("and ", "or ")) for p in pieces[2:])


def _correlative(text: str, comma: re.Match[str]) -> bool:
    """Whether the comma joins the halves of "the lower the fee, the higher the supply"."""
    following = text[comma.end() - 1 : comma.end() + 20].split(None, 1)
    if not comma.group().startswith(", the") or not following:
        return False
    word = following[0]
    if word in _COMPARATIVE_WORDS or word in ("more", "less", "fewer"):
        return True
    return word.endswith("er") and _THE_COMPARATIVE.search(text, 0, comma.start()) is not None


_THE_COMPARATIVE = re.compile(r"\b[Tt]he\s(?:[a-z]{2,20}er|more|less|fewer)\s(?:the|a|an)\s")
"""The first half of "the lower the fee, the quieter the engine"."""


def _subordinate_clause_end(text: str) -> int:
    """Where a sentence's opening subordinate clause ("While marketers measure ROI, ...")
    ends: its first comma, or -1 when the sentence does not open with one."""
    first = text.split(None, 1)[0].lower() if text.strip() else ""
    return text.find(",") if first in _SUBORDINATORS else -1


_APPOSITIVE_END = re.compile(r"[,;.()]|\s(?:that|which|who|of|in|for|with|to)\s")


def _appositive_head(text: str, pos: int) -> str:
    """The head noun of the phrase after "X, a ...": the word before "that", "of", a comma."""
    phrase = _APPOSITIVE_END.split(text[pos - 1 : pos + 60], maxsplit=1)[0]
    words = phrase.split()
    return words[-1].lower() if words else ""


_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9-]{1,10}s?)\)")
_EXPANSION_WORD = re.compile(r"[A-Za-z0-9][\w'’-]{0,25}")
_NAMED_STUDY = re.compile(r"\s(?:study|trial|cohort|survey|project|program|programme)\b")


def _acronym_definitions(t: Text) -> Iterator[Target]:
    """ "uncoupling protein 1 (UCP1)": the acronym with its expansion is a term worth knowing."""
    text = t.text
    pos = text.find(" (")
    while pos > 0:
        m = _ACRONYM.match(text, pos + 1)
        if m is not None:
            found = _expansion(text, pos, m.group(1))
            if found is not None and not _NAMED_STUDY.match(text, m.end()):
                # (A named study, "the ... (PURE) study", is not a term to learn.)
                yield Target(found, m.end(), "term", 2.5)
        pos = text.find(" (", pos + 2)


def _expansion(text: str, end: int, acronym: str) -> int | None:
    """Where the words that an acronym abbreviates start, just before ``text[end]``: as many
    words as the acronym has capitals, the first starting with its first letter."""
    letters = max(1, sum(1 for c in acronym if c.isupper() or c.isdigit()))
    tail = text[max(0, end - 8 * 27) : end].split(" ")[-min(letters, 6) :]
    while tail and not _EXPANSION_WORD.fullmatch(tail[0]):
        tail = tail[1:]
    if any(not _EXPANSION_WORD.fullmatch(w) for w in tail):
        return None
    # Fewer words than capitals when the first letters say so: "beta-hydroxybutyrate (BHB)".
    while tail and (tail[0].lower() in STOPWORDS or tail[0][0].lower() != acronym[0].lower()):
        tail = tail[1:]
    if not tail or not tail[0][0].isalpha():
        return None
    start = end - len(" ".join(tail))
    if start > 0 and text[start - 1].isalnum():
        return None
    if len(tail) > 1 and not _spells(acronym, tail):
        return None  # "BlackRock's shares (BLK)": a ticker, not what the letters stand for
    return start


def _spells(acronym: str, expansion: list[str]) -> bool:
    """Whether the capitals of an acronym can be read, in order, from the words of its
    expansion, each word that carries meaning giving at least one of them, a new word its
    first letter (the last capital may come from inside): "user experience" spells UX,
    "adenosine triphosphate" ATP. "BlackRock's shares" does not spell BLK
    ("shares" gives no letter), nor "Android itself is open-source" AOSP. A digit stands for
    letters said twice or a number ("EC2", "CO2"), so words may be left over then."""
    letters = [c.lower() for c in acronym if c.isupper()]
    found = [_mark_parts(w) for w in expansion]
    spare = any(c.isdigit() for c in acronym)

    def reads(k: int, i: int, j: int) -> bool:
        # letters[k:] from word i (after its character j), every later word being used.
        if k == len(letters):
            return spare or all(_optional_word(w) for w in found[i + 1 :])
        if i >= 0 and (pos := found[i].find(letters[k], j)) >= 0 and reads(k + 1, i, pos + 1):
            return True
        for nxt in range(i + 1, len(found)):
            pos = _starts_part(found[nxt], letters[k], anywhere=k == len(letters) - 1)
            if pos >= 0 and reads(k + 1, nxt, pos + 1):
                return True
            if not _optional_word(found[nxt]):
                return False
        return False

    return reads(0, -1, 0)


def _mark_parts(word: str) -> str:
    """A word in small letters with "-" before each part that starts with a capital inside
    it: "NonCyclical" → "non-cyclical", so its parts read like hyphenated ones."""
    return "".join(
        "-" + c.lower() if c.isupper() and i > 0 and word[i - 1].islower() else c.lower()
        for i, c in enumerate(word)
    )


def _starts_part(word: str, letter: str, *, anywhere: bool) -> int:
    """Where ``letter`` starts ``word`` or one of its hyphenated parts, or -1; with
    ``anywhere``, where it first occurs at all (the X of "user experience", the last letter)."""
    if word.startswith(letter):
        return 0
    part = word.find("-" + letter)
    if part >= 0:
        return part + 1
    return word.find(letter) if anywhere else -1


def _optional_word(word: str) -> bool:
    """A word an acronym may leave out: "of", "and", "the", a number."""
    return word in STOPWORDS or word[:1].isdigit()


# -- comparisons -----------------------------------------------------------------------------------
_SUPERLATIVES = (
    "largest|smallest|biggest|highest|lowest|fastest|slowest|longest|shortest|oldest|youngest|"
    "strongest|weakest|heaviest|lightest|hottest|coldest|deepest|greatest|earliest|closest|"
    "farthest|furthest|nearest|densest|brightest|richest|poorest|simplest|cheapest|tallest|"
    "hardest|softest|rarest|commonest|leading"
)
_SUPERLATIVE_WORDS = frozenset(_SUPERLATIVES.split("|")) | {"most", "least"}
_SUPERLATIVE = re.compile(
    rf"\b(?:the|its|their|a|is|are|was|were)\s((?:single\s)?(?:most|least)\s(?![a-z]{{1,20}}ly\b)"
    rf"(?!part\b)[a-z-]{{3,20}}|(?:{_SUPERLATIVES}))\b"
)
_VERB_AFTER = re.compile(r"\s(?:to|towards?|the|a|an|us|them|its|their|our|up|into|on)\b")


def _verb_not_adjective(text: str, m: re.Match[str]) -> bool:
    """Whether a superlative-list word that is also a verb form ("leading") is used as one:
    after "is/are/was/were", or before "to", "the" ("are leading to", "leading the way")."""
    word = m.group(1)
    if not word.endswith(("ing", "ed")) or " " in word:
        return False
    before = text[m.start() : m.start(1)].strip().lower()
    return before in ("is", "are", "was", "were") or _VERB_AFTER.match(text, m.end(1)) is not None


_PREDICATED = re.compile(
    r"\b(?:is|are|was|were|be|been|remains?|became|becomes)\s(?:[a-z]{2,12}ly\s|still\s|also\s)?"
    r"(?:(?:one|some|among)\sof\s)?(?:(?:the|its|their)\s(?:single\s)?)?$"
)
_COMPARATIVES = (
    "more|less|fewer|greater|higher|lower|larger|smaller|faster|slower|longer|shorter|stronger|"
    "weaker|better|worse|earlier|later|heavier|lighter|hotter|colder|older|younger|cheaper|safer|"
    "denser|bigger|thicker|thinner|wider|narrower|deeper|easier|harder|riskier|warmer|cooler|"
    "potent|effective|likely"
)
_COMPARATIVE_WORDS = frozenset(_COMPARATIVES.split("|"))
_COMPARATIVE = re.compile(
    rf"\b((?:more|less)\s(?!than\b)[a-z]{{3,20}}|(?:more|less)(?!\sthan\b)|(?!more\b|less\b)(?:{_COMPARATIVES}))\b"
    r"(?=(?:\s(?!rather\b)[\w()-]{1,25}){0,6}?\sthan\s"
    r"(?!about\b|around\b|\d|~|half\b|a\s(?:third|quarter|half)\b))"
)
"""A comparative with its "than": not "more than just a group" (no quality compared), nor
"more about X rather than Y"."""
_COMPARED_COPULA = re.compile(
    r"\s(?:is|are|was|were)\s(?:(?:also|generally|often|usually|typically|far|much|slightly|"
    r"significantly|considerably|still|even)\s){0,2}(?:a\s|an\s)?$"
)


_LEAD_ADVERBIAL = re.compile(
    r"(?:[A-Z][a-z]{2,20}-wise|[A-Z][a-z]{2,20}ly|In\s[a-z]{2,12}|For\s(?:now|example|instance)|"
    r"Overall|Today|Now|Still|Yet|Then|Again|Also|However|Meanwhile|Instead)\s?,\s"
)
"""A sentence adverb and its comma, never part of a subject: "Pricing-wise, ", "Overall, "."""


def _compared_subject(text: str, comparative: int) -> tuple[int, int] | None:
    """In "X is (a) stronger/less potent ... than Y", X: the thing the comparison is about."""
    copula = _COMPARED_COPULA.search(text, max(0, comparative - 60), comparative)
    if copula is None:
        return None
    lead = _LEAD_ADVERBIAL.match(text)
    first = lead.end() if lead else 0
    subject = _clean_term(text, first, copula.start(), max_words=5)
    if subject is None or subject[0] > first + 4 or "," in text[subject[0] : subject[1]]:
        return None
    words = text[subject[0] : subject[1]].lower().split()
    if any(w in PRONOUNS for w in words) or words[0] in _BAD_TERM_START:
        return None
    if words[0].endswith("ing"):
        return None  # "Tracking trends is more useful than ...": advice, not a thing compared
    if _named_before(text, *subject):
        return None  # "The phone is slightly thinner than ...": which phone, the card cannot say
    return subject


def _named_before(text: str, start: int, end: int) -> bool:
    """Whether a subject after "The" is a thing the note named before, which the card alone
    cannot pin down: one plain noun ("The [market] is slightly more expensive"), a noun with
    a word that points at the talk ("The [current situation]", "The [ideal thickness]"), or a
    thing compared with itself ("The [phone] is thinner than its predecessor"). "The [wooden
    boat] is cheaper than the steel trawler" names the two things it contrasts."""
    if start < 4 or text[start - 4 : start].lower() != "the ":
        return False
    term = text[start:end]
    if not term.islower() or _OF_PHRASE.search(term) is not None:
        return False
    found = term.split()
    if len(found) == 1 or found[0] in _DEGREE_ADJECTIVES or found[0] in _DEICTIC:
        return True
    than = text.find(" than ", end)
    return than >= 0 and text[than + 6 : than + 12].startswith(("its ", "their ", "it ", "them"))


_DEICTIC = words("current present ideal latter former above following previous next")


_PREDICATE_COMPARATIVE = re.compile(
    r"\b(?:is|are|was|were|be|been|became|become|becomes|remained|remains)\s(?:[a-z]{3,15}ly\s)?"
    r"(lower|higher|greater|smaller|larger|faster|slower|stronger|weaker|better|worse|longer|"
    r"shorter)\b"
)
_OUTCOME = re.compile(
    r"\b(similar|no change|no difference|no significant difference|not significantly "
    r"different|unchanged|comparable|identical)\b"
)
_OUTCOME_WORDS = words("similar same change difference different unchanged comparable identical")


_CLAUSE_END = re.compile(r"\s?(?:[.,;:!?)]|$)")
_NEXT_WORD = re.compile(r"\s([a-z][a-z-]{1,25})\b")


def _before_a_noun(text: str, pos: int) -> bool:
    """Whether the word ending at ``pos`` ("similar") goes on a noun ("similar phenomena"),
    rather than being said of something ("were similar", "similar to ...")."""
    m = _NEXT_WORD.match(text, pos)
    return m is not None and m.group(1) not in STOPWORDS


_AMONG = re.compile(r"\b(?:one|some|many|few|two|three)\sof\s$|\bamong\s$", re.IGNORECASE)
_OPINION_WORDS = words(
    """probably arguably perhaps maybe possibly believe believes believed think thinks thought
    feel feels felt consider considers considered posit posits posited argue argues argued
    claim claims claimed opinion stressed emphasized emphasised insists insisted"""
)
_POINTING_SUBJECT = re.compile(
    r"\b(?:this|that|it|these|those)\s(?:is|was|are|were|'s|’s)\s(?:[a-z]{2,12}ly\s)?(?:the\s)?$",
    re.IGNORECASE,
)
_NOTHING_COMPARED = re.compile(r"\s?(?:[.,;:!?)]|$)|\s(?:is|are|was|were)\b")


def _one_among_many(text: str, article: int) -> bool:
    """Whether a superlative ranks its subject only among others: "one of the [hardest]
    things", "among the [largest]"."""
    return _AMONG.search(text, max(0, article - 10), article) is not None


def _measured(superlative: str) -> bool:
    """Whether a superlative measures ("largest", "most abundant") rather than judges ("most
    crucial", "biggest", "hardest"): "X is thought to be the [most abundant] protein" is still
    a fact, "X believes Y is the [biggest] lever" is a view."""
    return superlative.split()[-1] in _MEASURED_SUPERLATIVES


_MEASURED_SUPERLATIVES = words(
    """largest smallest highest lowest longest shortest oldest youngest heaviest lightest fastest
    slowest deepest tallest densest hottest coldest earliest closest farthest furthest nearest
    richest poorest cheapest rarest commonest common abundant populous frequent widespread
    prevalent expensive used visited spoken sensitive"""
)
_VAGUE_HEAD = re.compile(
    r"\s(?:thing|things|problem|problems|issue|lever|mistake|challenge|about)\b"
)
"""A vague noun after a judging superlative, or "about" after a feeling ("[most excited] about")."""


def _superlative_opinion(t: Text, start: int, end: int) -> bool:
    """Whether "X is the [most ...]" states a view, not a fact: hedged or believed by someone
    ("probably the most crucial", "X believes ..."), said of "this" or "it" the card cannot
    show, or with nothing it is the most of ("methods are ultimately the [most effective].",
    "where the urgency was [highest]")."""
    text = t.text
    measured = _measured(text[start:end])
    if not measured and not t.words.isdisjoint(_OPINION_WORDS):
        return True
    if not measured and _VAGUE_HEAD.match(text, end) is not None:
        return True  # "the [biggest] problem", "the [most important] thing": a judgement
    if text[:1] in '"“':
        return True  # a quoted saying
    if _POINTING_SUBJECT.search(text, max(0, start - 30), start) is not None:
        return True
    return _NOTHING_COMPARED.match(text, end) is not None


def _comparisons(t: Text) -> Iterator[Target]:
    """The word a comparison turns on: "the largest ...", "lower in", "similar amounts"."""
    text, words = t.text, t.words
    comparative = not words.isdisjoint(_COMPARATIVE_WORDS)
    if not words.isdisjoint(_SUPERLATIVE_WORDS):
        for m in _SUPERLATIVE.finditer(text):
            if _verb_not_adjective(text, m):
                continue  # "are leading to decline": a verb, not a comparison
            if _one_among_many(text, m.start()):
                continue  # "one of the [most important] ...": one of which others?
            # "X is the largest ...": the superlative is the fact; "the brightest activation"
            # in passing is not.
            predicated = _PREDICATED.search(text, max(0, m.start(1) - 40), m.start(1))
            strong = predicated and not _superlative_opinion(t, m.start(1), m.end(1))
            yield Target(m.start(1), m.end(1), "comparison", STRONG if strong else 2.0)
    if comparative and "than" in words:
        for m in _COMPARATIVE.finditer(text):
            yield Target(m.start(1), m.end(1), "comparison", 2.0)
            subject = _compared_subject(text, m.start(1))
            if subject is not None:
                yield Target(*subject, "subject", STRONG)
    if comparative:
        for m in _PREDICATE_COMPARATIVE.finditer(text):
            if "than" not in words and _CLAUSE_END.match(text, m.end(1)):
                continue  # "performance was higher.": higher than what, the card cannot say
            yield Target(
                m.start(1), m.end(1), "comparison", 2.5 if t.in_finding(m.start()) else 2.0
            )
    if not words.isdisjoint(_OUTCOME_WORDS):
        for m in _OUTCOME.finditer(text):
            if "both" not in words and _before_a_noun(text, m.end(1)):
                continue  # "governed by similar quantum mechanics": similar to what?
            strong = t.in_finding(m.start()) or "both" in words
            yield Target(m.start(1), m.end(1), "outcome", 2.5 if strong else 2.0)


# -- where, into what, which two -------------------------------------------------------------------
_CLEAN_FOLLOWERS = words(
    """in on at to for from with within without by during after before through across into
    onto over under via than that which who whom whose where when while because since until
    unless as is are was were has have had can could may might will would should must does did
    but so yet instead beneath below above near along around behind among between inside
    outside beyond throughout toward towards against per like such using producing releasing
    whereas"""
)
"""Words that may follow a hidden phrase: it ended where a new part of the sentence begins."""
_NEXT_TOKEN = re.compile(r"\s{0,3}(\S{1,40})")


def _ends_cleanly(text: str, end: int, *, proper_pair: bool = False, pair: bool = False) -> bool:
    """Whether a phrase that ends at ``end`` is whole: the sentence ends, punctuation follows,
    or a word that starts a new part ("in", "which", "is"). Not when "of" or "and" carries it
    on ("the [top] of the hour", "only [addition] or only multiplication") or when a word of
    its own follows ("the [money] actually used"). With ``proper_pair``, a capitalised name
    may be the first of two ("[Iran] and Afghanistan"); with ``pair``, any phrase may
    ("into [ethanol] and carbon dioxide")."""
    m = _NEXT_TOKEN.match(text, end)
    if m is None:
        return True
    token = m.group(1)
    if not token[0].isalnum():
        return token[0] != "-" and token[0] != "'"
    word = token.lower().rstrip(',.;:!?)"”')
    if word in ("and", "or"):
        if pair or (proper_pair and _capitalised_before(text, end)):
            return True
        return _VERB_AFTER_AND.match(text, m.end()) is not None
    # A participle may qualify the phrase without changing what it names ("[moths and beetles]
    # caught in flight").
    return (
        word in _CLEAN_FOLLOWERS or word in _PARTICIPLES or (len(word) > 4 and word.endswith("ed"))
    )


_VERB_AFTER_AND = re.compile(
    r"\s[a-z]{2,20}(?<!s)s\s(?:the|a|an|its|their|this|these|[A-Z0-9])"
    r"|\s(?:is|are|was|were|has|have|had|can|will|may|then)\b"
)
"""After "and", a verb that starts a new predicate: "takes place in the [stroma] and uses ATP"."""


def _capitalised_before(text: str, end: int) -> bool:
    start = text.rfind(" ", 0, end) + 1
    return text[start : start + 1].isupper()


_DEGREE_ADJECTIVES = EVALUATIVE | words(
    """more less smaller larger bigger greater higher lower better worse different multiple
    several various many few numerous mere new accepted significant decisive usable active
    dangerous emotional unchecked entire whole same other certain specific particular exact
    correct proper right wrong main primary actual real-world growing emerging increasing"""
)
"""Adjectives of degree, number or opinion: a phrase that opens with one ("into [smaller
chunks]", "known as the [fastest treatment]") describes; it does not name a thing to learn."""

_RANKING_WORDS = (_DEGREE_ADJECTIVES - EVALUATIVE) | words(
    "popular famous well-known good great important"
)
"""Words that rank or praise and never open a name: "known as a [popular individual]"."""


def _describes(phrase: str) -> bool:
    """Whether a phrase opens with an adjective of degree or opinion, a comparative or a
    superlative ("more verifiable tasks", "fastest treatment")."""
    found = phrase.split(None, 1)
    if not found:
        return False
    first = found[0].lower()
    return first in _DEGREE_ADJECTIVES or first in _COMPARATIVE_WORDS or first in _SUPERLATIVE_WORDS


_PLACE = re.compile(
    r"\b(?:takes? place|took place|is located|are located|is found|are found|is produced|"
    r"are produced|is stored|are stored|resides?)\s(?:only\s|mainly\s|mostly\s|primarily\s|"
    r"largely\s)?(?:in|inside|within|at)\s(?:the\s)?"
)
_PLACE_WORDS = words("place located found produced stored reside resides")


_PLACE_CUES = (" place", " located", " found ", " produced ", " stored ", " resid")


def _places(t: Text) -> Iterator[Target]:
    """ "takes place in the stroma": hide where."""
    if t.words.isdisjoint(_PLACE_WORDS) or not any(map(t.lower.__contains__, _PLACE_CUES)):
        return
    text = t.text
    for m in _PLACE.finditer(text):
        stop = _TERM_END.search(text, m.end(), m.end() + 60)
        end = stop.start() if stop else min(len(text), m.end() + 40)
        cleaned = _clean_term(text, _after_participle(text, m.end(), end), end, max_words=3)
        if cleaned is not None and _whole_place(text, *cleaned):
            yield Target(*cleaned, "place", 2.5)


_PARTICIPLE_START = re.compile(r"[a-z]{3,20}ing\s(?=[A-Z])")


def _after_participle(text: str, start: int, end: int) -> int:
    """Skip an "-ing" word before a name: "in [neighboring] Iran" hides "Iran"."""
    m = _PARTICIPLE_START.match(text, start, end)
    return m.end() if m else start


_RESTRICTED_BY = words("with that which who where whose")


def _whole_place(text: str, start: int, end: int) -> bool:
    """Whether a place names somewhere by itself: not a part of something ("the [far eastern
    end] of"), not cut from a longer phrase ("[liver] and muscle cells"), not a number, an
    adjective ("[hard-to-reach], ...") or a bare noun that the words after it narrow down
    ("reside in [countries] with low productivity")."""
    phrase = text[start:end]
    found = phrase.split()
    first, last = found[0].lower(), found[-1].lower()
    if first in NUMBER_WORDS or first in STOPWORDS or _describes(phrase):
        return False
    if "-to-" in last or not _ends_cleanly(text, end, proper_pair=True):
        return False
    narrowed = _next_word(text, end) in _RESTRICTED_BY
    return not (narrowed and len(found) == 1 and phrase.islower())


def _next_word(text: str, end: int) -> str:
    m = _NEXT_TOKEN.match(text, end)
    return m.group(1).lower().rstrip(",.;:!?") if m else ""


_PRODUCT = re.compile(
    r"\b(?:convert|turn|transform|chang|recrystalli[sz]|crystalli[sz]|stor|ferment|metaboli[sz]|"
    r"break(?:s|ing)?\sdown|broken\sdown|split)[a-z]{0,4}\s(?:[^\s,;.]{1,25}\s){0,6}?"
    r"(?:into\s(?:the\s|a\s|an\s)?|as\s(?!a\s|an\s|well\b|such\b|part\b|much\b|many\b|long\b|"
    r"soon\b|if\b|though\b|it\b|they\b|the\b))"
)
_PRODUCT_WORDS = words(
    """convert converts converted converting turn turns turned turning transform transforms
    transformed transforming change changes changed changing recrystallize recrystallizes
    recrystallized recrystallise recrystallises recrystallised crystallize crystallizes
    crystallized store stores stored storing ferment ferments fermented fermenting metabolize
    metabolizes metabolized metabolise metabolises metabolised break breaks breaking broken
    split splits splitting"""
)


def _products(t: Text) -> Iterator[Target]:
    """ "converts light energy into chemical energy", "recrystallizes as calcium carbonate": hide
    what the thing becomes."""
    if t.words.isdisjoint(_PRODUCT_WORDS):
        return
    text = t.text
    for m in _PRODUCT.finditer(text):
        if _one_of_a_kind(m.group()) or (
            m.group().endswith("as ") and not _STORED_AS.match(text, m.start())
        ):
            continue
        stop = _TERM_END.search(text, m.end(), m.end() + 60)
        end = stop.start() if stop else min(len(text), m.end() + 40)
        cleaned = _clean_term(text, m.end(), end, max_words=4)
        if cleaned is not None and _substance(text, *cleaned):
            yield Target(*cleaned, "product", 2.5)


_STORED_AS = re.compile(r"(?:stor|recrystalli|crystalli|metaboli|ferment)")
_FILLER_WORDS = STOPWORDS | PRONOUNS | words("amid amidst worth others anything something")


def _one_of_a_kind(conversion: str) -> bool:
    """Whether the product follows "into a/an/the": one thing, not a kind of stuff. Such
    products are mostly figures of speech ("turned the brand into a [superpower]", "into the
    [accepted norm]"); what a process yields is written bare ("converted into [glycogen]",
    "split into [two haploid cells]")."""
    return conversion.endswith(("into a ", "into an ", "into the "))


def _substance(text: str, start: int, end: int) -> bool:
    """Whether a product names a kind of thing: not a number or a count ("[hundreds] of"),
    not a description ("[more verifiable tasks]", "[smaller], concise chunks"), no function
    word inside ("[fat if not used]") and not cut from a longer phrase."""
    phrase = text[start:end]
    found = phrase.lower().split()
    if (
        found[0] in NUMBER_WORDS
        or found[0][:1].isdigit()
        or found[0] in ("hundreds", "thousands", "millions", "dozens")
    ):
        return False
    if _describes(phrase) or any(w.strip(",") in _FILLER_WORDS for w in found):
        return False
    return _ends_cleanly(text, end, pair=True)


_FOCUS = re.compile(
    r"(?<!\bnot\s)\b(?:only|mostly|mainly|primarily|chiefly|exclusively|predominantly)\s"
    r"((?:at|in|on|during|by|from|through|after|before)\s)?(?:the\s)?"
)
_TAKES_OBJECT = FUNCTION_VERBS | words(
    """absorbs absorb contains contain consists eats eat feeds affects affect targets target
    emits emit includes include involves involve reflects reflect requires require grows
    occurs occur lives live found made composed feeds"""
)
_FOCUS_WORDS = words("only mostly mainly primarily chiefly exclusively predominantly")
_VERBS_AFTER_AND = FUNCTION_VERBS | words(
    "is are was were has have had can will may open opens close closes reflect reflects "
    "make makes made become becomes"
)


def _focus(t: Text) -> Iterator[Target]:
    """What "only", "mostly" or "mainly" singles out: "open their stomata only at night" hides
    "night"; "absorbs mostly red and blue light" hides "red and blue light"."""
    if t.words.isdisjoint(_FOCUS_WORDS):
        return
    text = t.text
    for m in _FOCUS.finditer(text):
        if text.count(" ", 0, m.start()) < 2:
            continue  # "Timestamps mostly increase": the adverb is on the verb, not an object
        if m.group(1) is None:
            # Without a preposition, only after a verb that takes an object ("absorbs mostly
            # red light"), never before a verb ("users primarily seek ...").
            before = text[max(0, m.start() - 25) : m.start()].split()
            if not before or before[-1].lower() not in _TAKES_OBJECT:
                continue
        phrase = _focus_phrase(text, m.end())
        if phrase is not None and _verb_like(text, *phrase):
            continue  # "the series only converges within ...": a verb, not what is singled out
        if phrase is not None and _singled_out(text, *phrase):
            yield Target(*phrase, "focus", 2.5)


def _singled_out(text: str, start: int, end: int) -> bool:
    """Whether a focus phrase is the whole of what "only" singles out: it ends where the
    sentence goes on ("only at [night], when"), not before "of", "and" or a word that narrows
    it ("only on the [money] actually used", "the [top] of the hour", "[mass] and distance"),
    and it is not a vague or evaluative noun ("the [exact number]", "[valuable content]")."""
    phrase = text[start:end]
    if _describes(phrase) or any(w in _VAGUE_NOUNS for w in phrase.lower().split()):
        return False
    if _ALTERNATIVE_FOCUS.match(text, end):
        return False  # "only [addition] or only multiplication": one of two, not the fact
    # (A plain "and" after the phrase starts a new verb: _focus_phrase has taken in any noun
    # it joins, "mostly [moths and beetles]".)
    return _ends_cleanly(text, end, pair=True)


_ALTERNATIVE_FOCUS = re.compile(
    r"\s(?:and|or)\s(?:only|mostly|mainly|primarily|chiefly|exclusively|predominantly)\b"
)


_TOKEN = re.compile(r"[^\s]{1,30}")


def _verb_like(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if " " in word or not word.endswith("s") or word.endswith("ss"):
        return False
    after = text[end : end + 12].split(None, 1)
    return not after or not after[0][:1].isalnum() or after[0].lower() in STOPWORDS


_PARTICIPLES = words(
    """caught made found known seen taken given built held kept left bought brought thought
    written grown shown eaten driven done gone become begun"""
)


def _coordinated_noun(text: str, pos: int) -> bool:
    """Whether the word after "and" at ``pos`` goes on a noun phrase ("red and blue light") and
    does not start a verb phrase ("at dusk and rest through the day")."""
    following = text[pos : pos + 60].split(None, 2)
    if not following:
        return False
    word = following[0].lower().strip(",.;:")
    if word in _VERBS_AFTER_AND:
        return False
    after = following[1].lower() if len(following) > 1 else ""
    return word.endswith("s") or (after != "" and after not in STOPWORDS)


def _focus_phrase(text: str, start: int) -> tuple[int, int] | None:
    words: list[tuple[int, int]] = []
    for w in _TOKEN.finditer(text[start : start + 120]):
        raw = w.group()
        core = raw.rstrip(",.;:!?)")
        low = core.lower()
        if low in ("and", "or"):
            if len(words) != 1 or not _coordinated_noun(text, start + w.end()):
                break
        elif (
            low in STOPWORDS
            or low in NUMBER_WORDS
            or not core
            or not core[0].isalnum()
            or core[0].isdigit()
            or (len(low) > 4 and low.endswith(("ly", "ed", "ing")))
            or low in _PARTICIPLES
        ):
            break
        words.append((start + w.start(), start + w.start() + len(core)))
        if core != raw or len(words) >= 4:
            break
    while words and text[words[-1][0] : words[-1][1]].lower() in ("and", "or"):
        words.pop()
    if not words:
        return None
    return _clean_term(text, words[0][0], words[-1][1], max_words=4)


_PAIR = re.compile(
    r"\b(?:[Tt]wo|2|[Bb]oth)\s(?:[a-z-]{2,20}\s){0,3}[a-z-]{2,20}s(?::\s|,\s|\s\(|\sare\s|\swere\s)"
)


_PAIR_END = re.compile(r"[,.;:]|\s(?:which|that|who)\s")


_PAIR_CUES = ("two ", "both ", " 2 ")
"""Looked for in the lower-cased text: "Two " and "Both " too, in three searches."""


def _pairs(t: Text) -> Iterator[Target]:
    """ "two different cell types: mesophyll cells and bundle-sheath cells": hide the pair."""
    if not any(map(t.lower.__contains__, _PAIR_CUES)):
        return
    text = t.text
    for m in _PAIR.finditer(text):
        rest = text[m.end() : m.end() + 100]
        stop = _PAIR_END.search(rest)
        body = rest[: stop.start()] if stop else rest
        parts = body.split(" and ")
        if len(parts) != 2 or not all(1 <= len(p.split()) <= 4 for p in parts):
            continue
        if body.count("(") != body.count(")"):
            continue
        yield Target(m.end(), m.end() + len(body.rstrip()), "pair", 2.5)


_ARROWS = ("→", "->", "⟶", "⇌")
_FORMULA = re.compile(r"(?<![\w-])(?:[A-Z][a-z]?\d{0,3}){2,8}(?![\w-])")


def _formulas(t: Text) -> Iterator[Target]:
    """In a written equation ("6 CO2 + 6 H2O → C6H12O6 + 6 O2"), hide the first product."""
    text = t.text
    arrow = next((text.find(a) for a in _ARROWS if a in text), -1)
    if arrow < 0:
        return
    for m in _FORMULA.finditer(text, arrow):
        if any(c.isdigit() for c in m.group()):
            yield Target(m.start(), m.end(), "formula", 3.0)
            return


_LEAD_TERM = re.compile(
    r"((?:[A-Z][\w'’-]{0,25}|\d[\w-]{0,10})(?:\s(?:[A-Z][\w'’-]{0,25}|[IVX]{1,4}|\d[\w-]{0,10})){0,3})"
    r"\s([a-z]{2,20})\b"
)


_NOUN_AFTER = re.compile(
    r"\s(?:of|is|are|was|were|can|could|may|might|will|would|has|have|had|should|must)\b"
)


def _technical_subject(t: Text) -> Iterator[Target]:
    """A sentence that opens on a technical name ("Photosystem II splits water"): hide the name,
    worth a card alone when the verb says what the thing does."""
    text = t.text
    if not text[:1].isalnum():
        return
    m = _LEAD_TERM.match(text)
    if not m:
        return
    term = m.group(1)
    first = term.split()[0].lower()
    if first in _BAD_TERM_START or first in ("the", "a", "an") or not is_technical(term):
        return
    if any(_YEAR.fullmatch(w) for w in term.split()):
        return  # "2017 LIFTMOR": a study's name with its year
    if term.endswith(("'s", "’s")) or _NOUN_AFTER.match(text, m.end(2)):
        return  # "[NASA's] use of", "[NPS] returns are": the name modifies a noun
    weight = STRONG if m.group(2) in FUNCTION_VERBS else 2.0
    yield Target(0, len(term), "term", weight)


def author_marks(spans: Iterable[Span], text: str = "") -> Iterator[Target]:
    """The author's ``{{c1::...}}`` marks, and ``==highlights==`` that can be a deletion: a
    highlighted question or most of a sentence is emphasis, not something to recall."""
    for span in spans:
        if span.kind is SpanKind.CLOZE:
            yield Target(span.start, span.end, "author", 10.0)
        elif span.kind is SpanKind.HIGHLIGHT:
            marked = text[span.start : span.end].strip()
            if text and (marked.endswith("?") or len(marked) > 0.5 * len(text)):
                continue
            yield Target(span.start, span.end, "author", 10.0)


def _bold_terms(text: str, spans: Iterable[Span]) -> Iterator[Target]:
    for span in spans:
        if span.kind is not SpanKind.BOLD:
            continue
        if span.start == 0 and (
            text[span.end : span.end + 1] == ":" or text[span.start : span.end].endswith(":")
        ):
            continue  # a list item's label, not a term
        cleaned = _clean_term(text, span.start, span.end, max_words=5)
        if cleaned is not None and not text[cleaned[0] : cleaned[1]].endswith(":"):
            yield Target(*cleaned, "term", 2.0)


FINDERS: tuple[Callable[[Text], Iterable[Target]], ...] = (
    _quantities,
    _subject_definition,
    _described_term,
    _named_terms,
    _appositives,
    _acronym_definitions,
    _comparisons,
    _places,
    _products,
    _focus,
    _pairs,
    _formulas,
    _technical_subject,
)
"""The rules that find candidates in an English sentence, in order of preference."""


def find_targets(
    text: str, spans: Iterable[Span] = (), *, english: bool = True, parsed: Text | None = None
) -> list[Target]:
    """Every candidate deletion of ``text``.

    The author's marks (``==highlight==``, ``{{c1::...}}``) come first. In a sentence that is not
    in English only quantities and the author's marks are looked for. ``parsed`` is ``Text(text)``
    when the caller has it already.
    """
    spans = tuple(spans)
    key = (text, spans, english)
    known = _RECENT.get(key)
    if known is not None:
        return list(known)
    result = _find_targets(text, spans, english, parsed)
    if len(_RECENT) >= 16:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = tuple(result)
    return result


_RECENT: dict[tuple[str, tuple[Span, ...], bool], tuple[Target, ...]] = {}
"""The last few sentences' targets: stage 3 asks for them twice, once for the rules' own verdict
and once among the candidates it ranks."""


def _find_targets(
    text: str, spans: tuple[Span, ...], english: bool, parsed: Text | None
) -> list[Target]:
    t = parsed if parsed is not None and parsed.text == text else Text(text)
    found: list[Target] = list(author_marks(spans, text))
    finders = FINDERS if english else (_quantities,)
    for finder in finders:
        found.extend(finder(t))
    if english:
        found.extend(_bold_terms(text, spans))
    if t.design:
        found = [
            Target(x.start, x.end, x.kind, x.weight - 1.0) if x.kind in ("quantity", "count") else x
            for x in found
        ]
    return _unique([t for t in found if well_formed(text, t) and not _bare_common_noun(text, t)])


_NAMING_KINDS = ("subject", "definition", "term", "name")
_VAGUE_NOUNS = GENERIC_HEADS | words(
    """figure figures number numbers amount amounts value values percentage rate level ratio
    total sum count statistic data result results one ones thing things"""
)
"""Nouns that name no thing by themselves: hiding "figure" in "The figure is higher" asks the
reader to guess a word the sentence never pins down."""


def _bare_common_noun(text: str, target: Target) -> bool:
    """Whether a subject, definition or term target is one general common noun ("figure")."""
    if target.kind not in _NAMING_KINDS:
        return False
    hidden = text[target.start : target.end].strip()
    return " " not in hidden and hidden.lower() in _VAGUE_NOUNS and hidden.islower()


def _unique(targets: list[Target]) -> list[Target]:
    """One target per range: the heaviest, first found on ties."""
    best: dict[tuple[int, int], Target] = {}
    for target in targets:
        key = (target.start, target.end)
        if key not in best or target.weight > best[key].weight:
            best[key] = target
    return list(best.values())


def well_formed(text: str, target: Target) -> bool:
    """A deletion starts and ends on a word boundary (never inside "25-year-old" or "Bolt.DIY")
    and hides something."""
    s, e = target.start, target.end
    if not (0 <= s < e <= len(text)) or not text[s:e].strip():
        return False
    if s > 0 and text[s - 1].isalnum() and text[s].isalnum():
        return False
    if e < len(text) and text[e - 1].isalnum() and text[e].isalnum():
        return False
    if s > 1 and text[s - 1] in "-." and text[s - 2].isalnum():
        return False  # inside "25-year-old" or a dotted name such as "Bolt.DIY"
    if e + 1 < len(text) and text[e] == "-" and text[e + 1].isalnum():
        return False
    return _brackets_nest(text[s:e])


def _brackets_nest(hidden: str) -> bool:
    """Whether every bracket the hidden text opens it also closes, in order: "(neurons) and
    neurochemical connections (neurotransmitters" would cut two asides in half."""
    if "(" not in hidden and ")" not in hidden and "[" not in hidden and "]" not in hidden:
        return True
    depth = {"(": 0, "[": 0}
    for ch in hidden:
        if ch in depth:
            depth[ch] += 1
        elif ch in ")]":
            opener = "(" if ch == ")" else "["
            depth[opener] -= 1
            if depth[opener] < 0:
                return False
    return not any(depth.values())
