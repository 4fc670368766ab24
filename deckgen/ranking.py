"""Stage 3b: :class:`Candidate` → the probability that a careful learner keeps its card.

A logistic model over plain features of the candidate, learned from labelled candidates
(``labels/*.jsonl``, judged by the rubric of JUDGING.md) by :mod:`deckgen.training` and stored
in ``deckgen/model.json``. Scoring is a sum of weights in plain Python: no heavy dependency, the
same number on every run.

The features describe
- the sentence: its length, hedges, opinion and attribution words, hypotheticals, person, where
  it sits in the note, what kind of section holds it, what the sentence rules noticed;
- the span: what found it, how rare its words are (wordfreq), its length, whether it or its
  words already show on the card or in the context line, how often the note mentions it, and
  how many other notes of the reference corpus hold it.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from deckgen.answers import STEM_LETTERS, forms_of_one_word, holds_a_form, shows_answer
from deckgen.candidates import MIN_PHRASE_NOTES, RARE_ZIPF, Candidate, common_words, zipf
from deckgen.lexicon import EVALUATIVE, STOPWORDS, words

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*")
_HEDGES = words(
    "may might could possibly potentially perhaps arguably likely suggests suggest seems seem "
    "appears appear probably maybe"
)
_ATTRIBUTION = words(
    "says said argues argued believes believed claims claimed thinks thought feels felt suggests "
    "according speculates notes noted mentions mentioned states stated asserts predicts "
    "predicted recommends recommended"
)
_HYPOTHETICAL = words("if would imagine suppose assuming hypothetically unless")
_PERSONAL = words("i we you my our your me us i'm we're you're i've we've you've")
_OPINION = EVALUATIVE | words(
    "best worst great amazing incredible crucial essential important key significant "
    "fascinating interesting powerful huge massive better worse"
)
_SUMMARY = words("conclusion conclusions summary takeaways takeaway recap overview introduction")
_LEANING = words("this these that those it they such he she its their his her")
COMMON_ZIPF = 5.0
"""A word at least this common (the commonest few hundred) may be a feature by itself, as the
word before or after a span: the model learns what such neighbours say."""
SENTENCE_WORD_ZIPF = 3.5
"""Words of the sentence at least this common are features by themselves (rarer ones are too
rare in the labels to learn from)."""
_PREVIOUS_WORD = words(
    "in by of than to from at about around over under nearly only called named known as "
    "the a an is are was were"
)
"""Words whose presence right before a span the model may weigh on its own ("in [1911]",
"coined by [X]", "called [X]")."""


_KIND_GROUPS = {
    **dict.fromkeys(("quantity", "count", "number", "year", "date", "comparison"), "number"),
    **dict.fromkeys(("name", "acronym", "place", "product"), "name"),
    **dict.fromkeys(("rare", "term", "quoted", "definition", "subject", "focus"), "term"),
}
_SENTENCE_CROSSED = (
    "hypothetical",
    "hedge",
    "opinion_word",
    "attribution",
    "personal",
    "has_context",
    "starts_leaning",
    "labelled_item",
    "sentence_digit",
    "many_numbers",
)
"""The sentence's features crossed with the span's kind group, in this order..."""
_SPAN_CROSSED = (
    "span_in_context_line",
    "span_word_elsewhere",
    "finder",
    "mentions>=",
    "prev=<start>",
)
"""... then these features of the span."""


class _Bins:
    """A number binned at some edges, in ascending order: the feature name of each bin
    ("span_words<3", last "span_words>=") written once, not once a candidate."""

    __slots__ = ("_edges", "_names")

    def __init__(self, name: str, edges: Iterable[float]) -> None:
        self._edges = tuple(edges)
        self._names = (*(f"{name}<{edge:g}" for edge in self._edges), f"{name}>=")

    def label(self, value: float) -> str:
        """The name of the bin ``value`` falls in: of the first edge above it."""
        return self._names[bisect_right(self._edges, value)]


_FINDER_WEIGHT = _Bins("finder_weight", (1.5, 2.5, 3.5))
_SPAN_WORDS = _Bins("span_words", (2, 3, 5, 8))
_SPAN_SHARE = _Bins("span_share", (0.05, 0.1, 0.2, 0.35))
_SPAN_ZIPF_MIN = _Bins("span_zipf_min", (1.5, 2.5, RARE_ZIPF, 4.5, 5.5))
_SPAN_ZIPF_MEAN = _Bins("span_zipf_mean", (2.5, RARE_ZIPF, 4.5, 5.5))
_MENTIONS = _Bins("mentions", (2, 3, 5))
_ELSEWHERE = _Bins("elsewhere", (MIN_PHRASE_NOTES, 10, 30, 100))
_TEXT_WORDS = _Bins("words", (10, 20, 30))
"""The words of the text split at spaces, crossed with the span's kind group."""
_SENTENCE_WORDS = _Bins("words", (8, 12, 20, 30, 40))
_POSITION = _Bins("position", (0.1, 0.5, 0.9))


def features(c: Candidate) -> dict[str, float]:
    """The candidate's features: names to values, most of them 1 (present)."""
    sentence = sentence_view(c)
    f = dict(sentence.features)
    f.update(span_features(c, sentence))
    return f


def sentence_view(c: Candidate) -> _SentenceView:
    """What all candidates of ``c``'s sentence share (computed once a sentence)."""
    return _sentence_features(c.text, c.context, c.signals, c.title, c.section, c.label, c.position)


def span_features(c: Candidate, sentence: _SentenceView) -> dict[str, float]:
    """The features of the candidate's span, in the sentence ``sentence`` describes."""
    f: dict[str, float] = {f"kind={c.kind}": 1.0}
    text = c.text
    answer = text[c.start : c.end]
    before = text[: c.start]
    after = text[c.end :]
    answer_words = _lower_words(answer)
    content = [w for w in answer_words if w not in STOPWORDS and not w[0].isdigit()]
    # -- the finder's own view
    if c.weight:
        f["finder"] = 1.0
        f["finder_weight"] = min(c.weight, 4.0) / 4.0
        f[_FINDER_WEIGHT.label(c.weight)] = 1.0
    # -- the span
    f[_SPAN_WORDS.label(len(answer_words))] = 1.0
    share = len(answer) / max(1, len(text))
    f[_SPAN_SHARE.label(share)] = 1.0
    if any(map(str.isdigit, answer)):
        f["span_digit"] = 1.0
    if answer[:1].isupper():
        f["span_capital"] = 1.0
    if c.start == 0:
        f["span_at_start"] = 1.0
    if c.end >= sentence.end:
        f["span_at_end"] = 1.0
    if content:
        rarities = [zipf(w) for w in content]
        rarest = min(rarities)
        f[_SPAN_ZIPF_MIN.label(rarest)] = 1.0
        mean = sum(rarities) / len(content)
        f[_SPAN_ZIPF_MEAN.label(mean)] = 1.0
        if c.kind in ("rare", "term", "name", "acronym"):
            f[f"{c.kind}_zipf_min"] = rarest / 7.0
    else:
        f["span_no_content_word"] = 1.0
    if answer_words and STOPWORDS.issuperset(answer_words):
        f["span_only_function_words"] = 1.0
    prev = before.rstrip().rsplit(" ", 1)[-1].lower().strip('("“,') if before.strip() else ""
    if prev in _PREVIOUS_WORD or (prev.isalpha() and zipf(prev) >= COMMON_ZIPF):
        f[f"prev={prev}"] = 1.0
    elif not prev:
        f["prev=<start>"] = 1.0
    nxt = after.lstrip().split(" ", 1)[0].lower().strip('.,;:)"”') if after.strip() else ""
    if nxt.isalpha() and zipf(nxt) >= COMMON_ZIPF:
        f[f"next={nxt}"] = 1.0
    elif not nxt:
        f["next=<end>"] = 1.0
    last = answer_words[-1] if answer_words else ""
    if last.isalpha() and len(last) > 4:
        # The ending says what the word is: "-ly" an adverb, "-izes" a verb, "-tion" a noun.
        f[f"suffix={last[-3:]}"] = 1.0
        f[f"suffix2={last[-2:]}"] = 1.0
    # A span that stops inside a phrase: a name or a rare word goes on right beside it.
    if before.endswith(" "):
        left = _WORD.findall(before[-30:])
        if left:
            word = left[-1]
            if word[0].isupper() and before.strip() != word:
                f["beside_capital_left"] = 1.0
            if _rare_beside(word):
                f["beside_rare_left"] = 1.0
    right = _WORD.search(after[:30])
    if right:
        word = right[0]
        if word[0].isupper():
            f["beside_capital_right"] = 1.0
        if _rare_beside(word):
            f["beside_rare_right"] = 1.0
    if answer_words and answer_words[-1].isalpha() and zipf(answer_words[-1]) >= COMMON_ZIPF:
        f["span_ends_common_word"] = 1.0
    if answer_words and answer_words[0].isalpha() and zipf(answer_words[0]) >= COMMON_ZIPF:
        f["span_starts_common_word"] = 1.0
    if answer[:1].isupper() and c.start > 0:
        f["span_capital_inside"] = 1.0
    if answer.isupper() and len(answer) > 1:
        f["span_all_capitals"] = 1.0
    if after[:1] in ("(", ")") or before.endswith("("):
        f["span_by_parenthesis"] = 1.0
    if "," in answer or " and " in answer:
        f["span_holds_list"] = 1.0
    # -- does the card give it away?
    rest = (before + " " + after).lower()
    shown = [w for w in content if len(w) > 3 and (w in rest or w.rstrip("s") in rest)]
    if content and shown:
        f["span_word_elsewhere"] = len(shown) / len(content)
    surround = sentence.surround
    if content and any(w in surround for w in content if len(w) > 3):
        f["span_in_context_line"] = 1.0
    if answer.lower() in surround:
        f["span_whole_in_context_line"] = 1.0
    if content and sentence.heading_words.issuperset(content):
        f["span_all_words_in_headings"] = 1.0
    f[_MENTIONS.label(c.mentions)] = 1.0
    f[_ELSEWHERE.label(c.elsewhere)] = 1.0
    # What the sentence says weighs differently on a number, a name and a term: "if" makes a
    # number hypothetical but not a name. The sentence's crossed features present, then the
    # span's (no name is both a sentence's feature and a span's).
    group = _KIND_GROUPS.get(c.kind, "other")
    for name in sentence.crossed:
        f[f"{group}*{name}"] = 1.0
    for name in _SPAN_CROSSED:
        if name in f:
            f[f"{group}*{name}"] = 1.0
    f[f"{group}*{sentence.text_words}"] = 1.0
    # sorted: the sum must not depend on hash order
    for w in sorted(common_words(SENTENCE_WORD_ZIPF).intersection(answer_words)):
        f[f"a={w}"] = 1.0
    return f


def _lower_words(text: str) -> list[str]:
    """The words of ``text`` (:data:`_WORD`) in lower case. lower() maps an ASCII text's letters
    to letters one for one, so the words of its lower case are these, found in one call."""
    if text.isascii():
        return _WORD.findall(text.lower())
    return [w.lower() for w in _WORD.findall(text)]


def _rare_beside(word: str) -> bool:
    """Whether a word beside a span is a known word rarer than :data:`RARE_ZIPF`."""
    return word.isalpha() and 0 < zipf(word.lower()) < RARE_ZIPF


@dataclass(frozen=True, slots=True)
class _SentenceView:
    features: tuple[tuple[str, float], ...]
    surround: str
    """The context line and the sentence shown above, in lower case."""
    heading_words: frozenset[str]
    crossed: tuple[str, ...]
    """The names of :data:`_SENTENCE_CROSSED` among :attr:`features`, in that order."""
    text_words: str
    """The bin of the number of the text's words split at spaces (:data:`_TEXT_WORDS`)."""
    end: int
    """Where the text ends, less its closing punctuation and spaces."""


@lru_cache(maxsize=512)
def _sentence_features(
    text: str,
    context: str,
    signals: tuple[str, ...],
    title: str,
    section: tuple[str, ...],
    label: str,
    position: float,
) -> _SentenceView:
    """What every candidate of one sentence shares: computed once a sentence."""
    low = text.lower()
    tokens = _lower_words(text)
    token_set = set(tokens)
    f: dict[str, float] = {"bias": 1.0}
    f[_SENTENCE_WORDS.label(len(tokens))] = 1.0
    if not token_set.isdisjoint(_HEDGES):
        f["hedge"] = 1.0
    if not token_set.isdisjoint(_ATTRIBUTION) or "according to" in low:
        f["attribution"] = 1.0
    if not token_set.isdisjoint(_HYPOTHETICAL):
        f["hypothetical"] = 1.0
    if not token_set.isdisjoint(_PERSONAL):
        f["personal"] = 1.0
    if not token_set.isdisjoint(_OPINION):
        f["opinion_word"] = 1.0
    if tokens and tokens[0] in _LEANING:
        f["starts_leaning"] = 1.0
    if context:
        f["has_context"] = 1.0
    if text.endswith("?"):
        f["question"] = 1.0
    for signal in signals:
        f[f"signal={signal}"] = 1.0
    f[_POSITION.label(position)] = 1.0
    headings = _headings(title, section, label)
    if headings.summary:
        f["summary_section"] = 1.0
    if label:
        f["labelled_item"] = 1.0
    if any(map(str.isdigit, text)):
        f["sentence_digit"] = 1.0
    # The sentence's common words, each a feature: the labels teach which words mark an
    # opinion, a meta sentence or a finding, instead of a hand-written list.
    for w in sorted(token_set & common_words(SENTENCE_WORD_ZIPF)):
        f[f"w={w}"] = 1.0
    if "sentence_digit" in f and sum(1 for w in tokens if w[0].isdigit()) >= 3:
        f["many_numbers"] = 1.0
    return _SentenceView(
        tuple(f.items()),
        f"{headings.spaced} {context.lower()}",
        headings.words,
        tuple(name for name in _SENTENCE_CROSSED if name in f),
        _TEXT_WORDS.label(len(text.split())),
        len(text.rstrip(".!? ")),
    )


def shown_in_headings(c: Candidate) -> bool:
    """Whether the hidden words are the note's title, a heading or the item's label, or show in
    one (as a name or its acronym, :func:`deckgen.answers.shows_answer`), or all their content
    words do, as written or in another form of the word ("Long-termism" for "long-termist"): the
    card would hide its own topic (never a card)."""
    return answer_in_headings(c.answer, c.title, c.section, c.label)


def answer_in_headings(answer: str, title: str, section: tuple[str, ...], label: str) -> bool:
    """:func:`shown_in_headings` for a candidate hiding ``answer`` under that title, those
    headings and that label, asked before the candidate is made."""
    headings = _headings(title, section, label)
    if headings.names and answer.lower().strip() in headings.joined_lower:
        return True
    # Most answers show in no heading in any form: one look at all of them together first.
    somewhere = holds_a_form(answer, headings.joined_lower, headings.joined)
    if somewhere and any(shows_answer(n, answer) for n in (title, *section, label) if n):
        return True
    content = [w for w in _lower_words(answer) if w not in STOPWORDS]
    return bool(content) and all(
        w in headings.words or _stem_in(w, headings.stems) for w in content
    )


def _stem_in(word: str, stems: dict[str, tuple[str, ...]]) -> bool:
    """Whether a heading word is another form of ``word`` (:func:`forms_of_one_word`).
    ``stems``: the heading words by their first :data:`STEM_LETTERS` letters."""
    others = stems.get(word[:STEM_LETTERS])
    return others is not None and any(forms_of_one_word(word, other) for other in others)


@dataclass(frozen=True, slots=True)
class _Headings:
    """The title, headings and label of a passage, as the features and
    :func:`answer_in_headings` ask for them."""

    names: tuple[str, ...]
    """Those that are not empty, in lower case."""
    words: frozenset[str]
    joined: str
    """Those that are not empty joined by NUL, as written ..."""
    joined_lower: str
    """... and in lower case."""
    stems: dict[str, tuple[str, ...]]
    """Their words that start with a letter, grouped by their first :data:`STEM_LETTERS`."""
    spaced: str
    """All of them joined by spaces, in lower case."""
    summary: bool
    """Whether a heading holds a word of :data:`_SUMMARY`."""


@lru_cache(maxsize=64)
def _headings(title: str, section: tuple[str, ...], label: str) -> _Headings:
    """What a passage's title, headings and label say (once a passage)."""
    parts = tuple(n for n in (title, *section, label) if n)
    names = tuple(n.lower() for n in parts)
    spaced = " ".join((title, *section, label)).lower()
    words_ = frozenset(_WORD.findall(spaced))
    stems: dict[str, tuple[str, ...]] = {}
    for w in sorted(words_):
        if len(w) >= STEM_LETTERS and w[:1].isalpha():
            stems[w[:STEM_LETTERS]] = (*stems.get(w[:STEM_LETTERS], ()), w)
    summary = not _SUMMARY.isdisjoint(_WORD.findall(" ".join(section).lower()))
    return _Headings(names, words_, "\x00".join(parts), "\x00".join(names), stems, spaced, summary)


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic model: weights by feature name, and the default threshold to keep a card."""

    weights: dict[str, float]
    threshold: float
    """The least probability that makes a card at the default density."""
    meta: dict[str, Any]

    def probability(self, c: Candidate) -> float:
        """The probability that a careful learner keeps the candidate's card."""
        sentence = sentence_view(c)
        w = self.weights
        # The same sum, in the same order, as logit(features(c)): the sentence's terms first
        # (added up once a sentence), then the span's.
        z = _sentence_logit(self, sentence)
        for name, value in span_features(c, sentence).items():
            z += w.get(name, 0.0) * value
        return _sigmoid(z)

    def logit(self, f: dict[str, float]) -> float:
        """The model's log-odds for a feature mapping."""
        w = self.weights
        return sum(w.get(name, 0.0) * value for name, value in f.items())

    def reasons(self, c: Candidate, most: int = 3) -> list[str]:
        """The features that weighed most on the candidate's score, signed (for --explain)."""
        f = features(c)
        parts = sorted(
            ((self.weights.get(n, 0.0) * v, n) for n, v in f.items() if n != "bias"),
            key=lambda p: -abs(p[0]),
        )
        return [f"{n} {w:+.1f}" for w, n in parts[:most] if w]

    def to_json(self) -> dict[str, Any]:
        """The model as a JSON-ready mapping, weights sorted by name."""
        return {
            "threshold": self.threshold,
            "meta": self.meta,
            "weights": {k: self.weights[k] for k in sorted(self.weights)},
        }


_SENTENCE_LOGITS: dict[tuple[int, int], tuple[Model, _SentenceView, float]] = {}


def _sentence_logit(model: Model, sentence: _SentenceView) -> float:
    key = (id(model), id(sentence))
    known = _SENTENCE_LOGITS.get(key)
    # Ids are reused once an object is gone: the entry counts only for the very same objects.
    if known is not None and known[0] is model and known[1] is sentence:
        return known[2]
    w = model.weights
    z = 0.0
    for name, value in sentence.features:
        z += w.get(name, 0.0) * value
    if len(_SENTENCE_LOGITS) > 1024:
        _SENTENCE_LOGITS.clear()
    _SENTENCE_LOGITS[key] = (model, sentence, z)
    return z


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


MODEL_FILE = "model.json"


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The model shipped in the package (``deckgen/model.json``)."""
    data = json.loads(resources.files("deckgen").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    return model_from_json(data)


def model_from_json(data: dict[str, Any]) -> Model:
    """A :class:`Model` from what :meth:`Model.to_json` wrote."""
    return Model(dict(data["weights"]), float(data["threshold"]), dict(data.get("meta", {})))


DENSITIES = {"fewer": (0.15, 0.3), "default": (0.0, 0.1), "more": (-0.15, 0.0)}
"""What ``--density`` does: how far it moves the model's threshold for the cards the model adds,
and the least probability a card of the named finders (:mod:`deckgen.targets`) must have to be
kept: about half as many cards, or more. (Judged blind, "fewer" was no cleaner than the
default: ``benchmarks/judgements/README.md``.)"""
