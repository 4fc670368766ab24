"""The forms in which a hidden answer shows elsewhere on its card: read by stage 3 (a candidate
whose answer a heading shows is never hidden, :func:`deckgen.ranking.shown_in_headings`) and by
stage 4 (the context line leaves out a heading that shows it, :func:`deckgen.cloze.context_html`).

"[Moving Average (MA)]" under the heading "Understanding Moving Averages", or "[venture
capitalists (VCs)]" under "Strategic partners vs VCs", gives itself away although the heading
never holds the hidden text letter for letter: the name and its acronym each count, in the
singular or the plural.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from deckgen.candidates import zipf

_NAME_AND_ACRONYM = re.compile(r"^(.*\S)\s*\(([A-Za-z0-9-]{2,12})\)\s*$")
MIN_FORM = 2
"""The shortest form looked for ("6s", "AI"): shorter ones are found everywhere."""


@lru_cache(maxsize=4096)
def answer_forms(answer: str) -> tuple[frozenset[str], frozenset[str]]:
    """The forms of ``answer`` a heading could show: lower-case names (the answer itself, and
    the name of "Name (ACR)"), and acronyms as written (matched in their case, so that "IT" is
    not "it"); each also without a plural s."""
    answer = answer.strip()
    names = {answer.lower()}
    acronyms: set[str] = set()
    both = _NAME_AND_ACRONYM.match(answer)
    if both:
        names.add(both.group(1).strip().lower())
        acronyms.add(both.group(2))
    names |= {f[:-1] for f in names if len(f) > 3 and f.endswith("s")}
    acronyms |= {a[:-1] for a in acronyms if len(a) > 2 and a.endswith("s")}
    return (
        frozenset(f for f in names if len(f) >= MIN_FORM),
        frozenset(a for a in acronyms if len(a) >= MIN_FORM),
    )


def holds_a_form(answer: str, lowered: str, written: str) -> bool:
    """Whether ``lowered`` holds a name form of ``answer`` or ``written`` one of its acronyms
    (:func:`answer_forms`), anywhere, not only as whole words. An answer with no bracket has no
    acronym and its names are itself and its singular: told without making the forms."""
    if "(" in answer:
        names, acronyms = answer_forms(answer)
        return any(f in lowered for f in names) or any(a in written for a in acronyms)
    name = answer.strip().lower()
    if len(name) > 3 and name.endswith("s"):
        name = name[:-1]  # the plural shows only where the singular does
    return len(name) >= MIN_FORM and name in lowered


def shows_answer(phrase: str, answer: str) -> bool:
    """Whether ``phrase`` (a title, heading or label) holds a form of ``answer`` as whole words:
    a name in any case, an acronym as written, either perhaps with a plural s."""
    names, acronyms = answer_forms(answer)
    low = phrase.lower()
    return (
        any(_as_words_in(f, low) for f in names)
        or any(_as_words_in(a, phrase) for a in acronyms)
        or any(_loosely(f).search(low) for f in names if _squeezed_in(f, low))
    )


def _squeezed_in(form: str, low: str) -> bool:
    """Whether the name's letters and digits stand in a row in the phrase's (a quick look
    before the pattern of :func:`_loosely`, which is slow to make)."""
    squeezed = _squeeze(form)
    return len(squeezed) >= MIN_LOOSE and squeezed in _squeeze(low)


@lru_cache(maxsize=4096)
def _squeeze(text: str) -> str:
    return "".join(filter(str.isalnum, text))


MIN_LOOSE = 5
"""The fewest letters and digits of a name looked for with its punctuation and spaces let go."""


@lru_cache(maxsize=4096)
def _loosely(form: str) -> re.Pattern[str]:
    """A name's letters and digits in order, with up to two other characters between any two:
    "SARS-CoV-2" in the title "SARSCoV2 proteins" (titles come from file names, which lose
    punctuation), "space-time foam" in "Spacetime Foam", "P/E ratio" in "(P/E) Ratio"."""
    letters = [re.escape(ch) for ch in form if ch.isalnum()]
    return re.compile(rf"(?<![a-z0-9]){'[^a-z0-9]{0,2}'.join(letters)}(?:e?s)?(?![a-z0-9])")


def shows_any(part: str, answers: Iterable[str]) -> bool:
    """Whether a title, heading or label shows one of a card's answers, so that the card's
    context line leaves it out: holds an answer of three letters or more, any form of one
    (:func:`shows_answer`), or one of its rare words ("Mamba and Jamba" over "[Jamba model]")."""
    lowered = part.lower()
    return any(
        (len(a) >= 3 and a.lower() in lowered)
        or shows_answer(part, a)
        or _shares_rare_word(lowered, a)
        for a in answers
    )


RARE_SHARED = 4.0
"""A word of an answer rarer than this (wordfreq's Zipf scale) gives the answer away when a
title, heading or label shows it: "[Jamba model]" under "Mamba and Jamba"."""


def _shares_rare_word(lowered: str, answer: str) -> bool:
    """Whether the lower-case phrase shows a word of the answer rarer than
    :data:`RARE_SHARED`, whole or in the singular or plural. (Other forms of the word, as
    :func:`forms_of_one_word` finds them, are not asked here: "Vision" would leave a heading off
    "[VisionOS]", "investing" off "[The Intelligent Investor]".)"""
    for word in _RARE_WORD.findall(answer.lower()):
        stem = word.removesuffix("s")
        if stem in lowered and zipf(word) < RARE_SHARED and _as_words_in(stem, lowered):
            return True
    return False


STEM_LETTERS = 6
"""The fewest letters two words must begin with alike to be taken for forms of one word."""


def forms_of_one_word(a: str, b: str) -> bool:
    """Whether two lower-case words are forms of one word: they begin with the same
    :data:`STEM_LETTERS` letters or more and differ only in an ending of at most three
    ("relevancy" and "relevant", "long-termist" and "long-termism")."""
    if len(a) < STEM_LETTERS or len(b) < STEM_LETTERS or a[:STEM_LETTERS] != b[:STEM_LETTERS]:
        return False
    shared = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return shared >= max(len(a), len(b)) - 3


_RARE_WORD = re.compile(r"[a-z][a-z'-]{3,}")


def _as_words_in(form: str, text: str) -> bool:
    """Whether ``text`` holds ``form`` as whole words, perhaps with a plural "s" or "es": with no
    ASCII letter or digit touching it on either side."""
    return holds_as_word(form, text, ("es", "s"), ASCII_ALNUM)


ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
ASCII_ALNUM = ASCII_LETTERS | frozenset("0123456789")


def holds_as_word(form: str, text: str, endings: tuple[str, ...], touching: frozenset[str]) -> bool:
    """Whether ``text`` holds ``form``, perhaps followed by the first of ``endings`` that comes
    after it, with no character of ``touching`` on either side: what a pattern such as
    r"(?<![A-Za-z0-9])FORM(?:es|s)?(?![A-Za-z0-9])" finds, found with str.find (compiling a
    pattern for each form cost more than the search)."""
    pos = text.find(form)
    while pos >= 0:
        end = pos + len(form)
        for ending in endings:
            if text.startswith(ending, end):
                end += len(ending)
                break
        if _nothing_of_at(touching, text, pos - 1) and _nothing_of_at(touching, text, end):
            return True
        pos = text.find(form, pos + 1)
    return False


def _nothing_of_at(chars: frozenset[str], text: str, pos: int) -> bool:
    """Whether ``text`` has none of ``chars`` at ``pos`` (nothing at all outside it)."""
    return not 0 <= pos < len(text) or text[pos] not in chars


COMMON_FILE = "common_names.txt"
ACRONYM = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z]?[A-Z]{1,4})s?(?![A-Za-z0-9])")
"""An acronym as notes write it: "AI", "LLMs", "PhD", "COVID"."""
_POSSESSIVE = re.compile(r"['’]s$")


def plain_name(name: str) -> str:
    """A name as the table of common names keeps it: no possessive, an acronym in the singular
    ("OpenAI's" → "OpenAI", "LLMs" → "LLM")."""
    name = _POSSESSIVE.sub("", name.strip())
    m = ACRONYM.fullmatch(name)
    return m.group(1) if m else name


@lru_cache(maxsize=1)
def common_names() -> frozenset[str]:
    """The names found in at least 1% of the 1,365 bench notes of the labelling pool
    (``deckgen/common_names.txt``, written by ``python -m deckgen.training names``)."""
    text = resources.files("deckgen").joinpath(COMMON_FILE).read_text(encoding="utf-8")
    return frozenset(
        line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#")
    )


def is_common_name(answer: str) -> bool:
    """Whether the answer is a name readers of notes like these know without the note: a name
    or acronym found in one note in a hundred, alone or with its expansion ("[artificial
    intelligence (AI)]", "[LLMs]", "[OpenAI]"). In the bench's labels such answers were GOOD 14
    times in 271 (5%), against 31% for other names."""
    answer = answer.strip()
    forms = [answer]
    both = _NAME_AND_ACRONYM.match(answer)
    if both:
        forms += [both.group(1), both.group(2)]
    common = common_names()
    return any(plain_name(f) in common for f in forms)
