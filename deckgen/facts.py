"""Stage 3: list of :class:`Sentence` → list of :class:`Fact`, with a :class:`Decision` for each.

A sentence becomes a fact when it passes every rejection rule (not about the video, not filler,
not a question, not a disclaimer), can be rewritten to stand alone (:mod:`deckgen.rewrite`), and
holds something worth recalling (:mod:`deckgen.targets`). The best targets become its deletions:
at most :data:`MAX_DELETIONS`, never overlapping, never most of the text, never a word that the
card shows elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from deckgen.rewrite import standalone
from deckgen.targets import Target, find_targets
from deckgen.types import Decision, Deletion, Fact, Note, Sentence, Span, SpanKind

MAX_DELETIONS = 3
"""The most deletions (cards) one note gets; more cards from one sentence would overlap."""
MAX_WORDS = 40
"""A sentence longer than this is more than one fact; it is cut at a clause or dropped."""
MIN_WORDS = 5
"""A sentence shorter than this says too little to be understood alone."""
MIN_SCORE = 2.5
"""The least score (sum of target weights, less penalties) a sentence needs to become a card."""
MAX_HIDDEN_SHARE = 0.5
"""Deletions may hide at most this share of a card's characters."""
MIN_VISIBLE_CONTENT_WORDS = 3

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_ENGLISH_STOPWORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "a",
        "that",
        "for",
        "with",
        "as",
        "are",
        "by",
        "on",
        "it",
        "this",
        "be",
        "from",
        "or",
        "which",
        "was",
        "an",
        "at",
        "not",
        "have",
        "has",
    ]
)

# -- rejection rules: (name, pattern); the first that matches rejects the sentence ----------------
_META = re.compile(
    r"\b(?:in|on|throughout|during|for|of|from|later in|earlier in|at the end of|at the start of|"
    r"in the rest of)\s(?:this|the|today's|today’s|our|next|previous|last|a future|future|an upcoming|"
    r"the next|the previous|this week's)\s(?:video|episode|podcast|talk|lecture|show|interview|"
    r"conversation|series|channel|segment|clip|livestream|stream|webinar|course|module|lesson|part)s?\b"
    r"|\b(?:this|the|today's)\s(?:video|episode|podcast|talk|lecture|interview|conversation|discussion|"
    r"segment|clip)\s(?:explores?|covers?|discusses|examines|looks at|explains|features|dives|delves|"
    r"will|is about|begins|starts|opens|ends|concludes|walks|goes|takes|focuses|introduces|presents|"
    r"reviews|highlights)\b"
    r"|\b(?:next time|see you|stay tuned|thanks for watching|thank you for watching|thanks for listening|"
    r"subscribe|like and|hit the bell|notification bell|patreon|sponsor(?:ed)?\b|link in the description|"
    r"in the description|check out|sign up|newsletter|promo code|discount code|use code)",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"^(?:see also|see\s|for more\b|for a (?:deeper|more|fuller|longer|detailed)|to learn more|read more|"
    r"more on this|related\s(?:pages|notes|topics|articles|videos)|further reading|references?:|sources?:|"
    r"learn more|as discussed in|as covered in|as explained in)"
    r"|\b(?:related (?:pages|notes|topics)|see also|for more (?:on|about|information|details))\b",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"\b(?:not (?:medical|financial|legal|professional) advice|medical advice|educational purposes|"
    r"informational purposes|consult (?:a|your|with)|seek (?:the )?(?:advice|assistance|help)|"
    r"not a substitute|not intended to (?:diagnose|treat)|qualified (?:health|medical|mental)|"
    r"healthcare (?:provider|professional)|practice of medicine|not medical devices|"
    r"talk to your doctor|speak (?:to|with) your doctor)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:fascinating|amazing|incredible|awesome|exciting|mind-blowing|really (?:interesting|important|"
    r"cool|powerful|neat)|so interesting|super interesting|pretty cool|it's worth|it is worth|"
    r"let's|let us|we'll|we will|i'll|i will|you'll|you will|i think|i believe|we think|in my opinion|"
    r"really powerful|powerful tool|important topic|hope you|enjoy(?:ed)?\b)",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"^(?:I|We|You|Our|My|Your)\b|\b(?:I'm|I've|we're|we've|you're|you've)\b"
)


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    test: Callable[[Sentence], bool]


def _is_question(sentence: Sentence) -> bool:
    return sentence.text.rstrip("\"'”’)").endswith("?")


REJECTION_RULES: tuple[_Rule, ...] = (
    _Rule("question", _is_question),
    _Rule("about the video itself", lambda s: bool(_META.search(s.text))),
    _Rule("navigation or 'see also'", lambda s: bool(_NAVIGATION.search(s.text))),
    _Rule("disclaimer", lambda s: bool(_DISCLAIMER.search(s.text))),
    _Rule("filler or opinion", lambda s: bool(_FILLER.search(s.text))),
    _Rule("addresses the viewer", lambda s: bool(_FIRST_PERSON.search(s.text))),
    _Rule("too short to stand alone", lambda s: len(_WORD.findall(s.text)) < MIN_WORDS),
    _Rule("no terminal punctuation in a heading-like line", lambda s: s.text.endswith(":")),
)
"""Rules that keep a sentence from ever becoming a card, tried in order."""


def is_english(sentences: Sequence[Sentence]) -> bool:
    """Whether a note reads as English: enough of its words are common English function words."""
    words = 0
    common = 0
    for sentence in sentences:
        for word in _WORD.findall(sentence.text.lower()):
            words += 1
            common += word in _ENGLISH_STOPWORDS
        if words > 600:
            break
    # Too few words to judge: assume English, the language of the rules.
    return words < 30 or common / words >= 0.12


def extract_facts(note: Note, sentences: Sequence[Sentence]) -> tuple[list[Fact], list[Decision]]:
    """Choose the sentences worth a card and what each should hide."""
    english = is_english(sentences)
    facts: list[Fact] = []
    decisions: list[Decision] = []
    previous: Sentence | None = None
    for sentence in sentences:
        before = previous if previous is not None and _same_passage(previous, sentence) else None
        previous = sentence
        fact, reason, score = judge(sentence, before, note, english=english)
        if fact is None:
            decisions.append(Decision(sentence, False, reason, score))
        else:
            facts.append(fact)
            decisions.append(Decision(sentence, True, reason, score))
    return facts, decisions


def _same_passage(a: Sentence, b: Sentence) -> bool:
    return a.section == b.section and a.label == b.label


def judge(
    sentence: Sentence, previous: Sentence | None, note: Note, *, english: bool = True
) -> tuple[Fact | None, str, float]:
    """One sentence → (fact or None, the reason, its score)."""
    has_author_marks = any(s.kind in (SpanKind.CLOZE, SpanKind.HIGHLIGHT) for s in sentence.spans)
    if english and not has_author_marks:
        for rule in REJECTION_RULES:
            if rule.test(sentence):
                return None, rule.name, 0.0
    elif _is_question(sentence) and not has_author_marks:
        return None, "question", 0.0
    if english:
        rewrite = standalone(
            sentence.text, previous.text if previous else None, sentence.label, sentence.section
        )
        if rewrite.problem:
            return None, rewrite.problem, 0.0
        text = rewrite.text
        spans = _shift_spans(sentence.spans, rewrite.cut, rewrite.prefix, rewrite.end)
    else:
        text = sentence.text
        spans = sentence.spans
    if len(_WORD.findall(text)) > MAX_WORDS and not has_author_marks:
        return None, f"longer than {MAX_WORDS} words (more than one fact)", 0.0
    targets = find_targets(text, spans, english=english)
    protected = [s for s in spans if s.kind in (SpanKind.PROTECTED, SpanKind.LINK)]
    context = " ".join((*sentence.section, sentence.label or "")).lower()
    chosen = choose_deletions(text, targets, protected, context)
    if not chosen:
        return (
            None,
            "nothing worth hiding" if not targets else "no target could be hidden cleanly",
            0.0,
        )
    score = sum(t.weight for t in chosen) - _penalty(text)
    if score < MIN_SCORE and not has_author_marks:
        kinds = ", ".join(sorted({t.kind for t in chosen}))
        return None, f"score {score:.1f} below {MIN_SCORE} ({kinds})", score
    deletions = tuple(
        Deletion(t.start, t.end, number, t.kind)
        for number, t in enumerate(sorted(chosen, key=lambda t: t.start), start=1)
    )
    if has_author_marks:
        deletions = _author_numbering(deletions, spans)
    fact = Fact(text=text, deletions=deletions, sentence=sentence, score=round(score, 2))
    what = "; ".join(f"{d.kind} '{text[d.start : d.end]}'" for d in deletions)
    return fact, f"score {score:.1f}: {what}", score


_HEDGES = re.compile(
    r"\b(?:may|might|could|possibly|potentially|perhaps|arguably|likely|suggests?)\b", re.IGNORECASE
)


def _penalty(text: str) -> float:
    return 0.5 if _HEDGES.search(text) else 0.0


def _shift_spans(spans: Sequence[Span], cut: int, prefix: int, end: int) -> tuple[Span, ...]:
    shifted: list[Span] = []
    for s in spans:
        if s.start < cut or s.end > end:
            continue
        shifted.append(Span(s.start - cut + prefix, s.end - cut + prefix, s.kind, s.number))
    return tuple(shifted)


def _author_numbering(
    deletions: tuple[Deletion, ...], spans: Sequence[Span]
) -> tuple[Deletion, ...]:
    """Keep the cloze numbers the author wrote (``{{c2::...}}`` stays c2)."""
    numbers = {
        (s.start, s.end): s.number for s in spans if s.kind is SpanKind.CLOZE and s.number > 0
    }
    result = []
    for d in deletions:
        number = numbers.get((d.start, d.end), d.number)
        result.append(Deletion(d.start, d.end, number, d.kind))
    return tuple(result)


def choose_deletions(
    text: str, targets: Sequence[Target], protected: Sequence[Span], context: str = ""
) -> list[Target]:
    """The best non-overlapping targets: author marks alone if any, else by weight, at most
    :data:`MAX_DELETIONS`, hiding at most :data:`MAX_HIDDEN_SHARE` of the text and leaving at
    least :data:`MIN_VISIBLE_CONTENT_WORDS` content words visible."""
    authored = [t for t in targets if t.kind == "author"]
    pool = authored or list(targets)
    pool = sorted(pool, key=lambda t: (-t.weight, -(t.end - t.start), t.start))
    chosen: list[Target] = []
    hidden = 0
    limit = len(text) * MAX_HIDDEN_SHARE
    for target in pool:
        if len(chosen) >= (4 if authored else MAX_DELETIONS):
            break
        if any(t.start < target.end and target.start < t.end for t in chosen):
            continue
        if not authored and _cuts_span(target, protected):
            continue
        answer = text[target.start : target.end]
        if not authored and _given_away(answer, text, target, context):
            continue
        if hidden + len(answer) > limit and not authored:
            continue
        if not authored and not _enough_left(text, [*chosen, target]):
            continue
        chosen.append(target)
        hidden += len(answer)
    return chosen


def _cuts_span(target: Target, spans: Sequence[Span]) -> bool:
    """Whether a target would split a link or a math/code span, or hide math."""
    for s in spans:
        overlaps = s.start < target.end and target.start < s.end
        if not overlaps:
            continue
        if s.kind is SpanKind.PROTECTED:
            return True
        inside = target.start <= s.start and s.end <= target.end
        if not inside and not (s.start <= target.start and target.end <= s.end):
            return True
    return False


def _given_away(answer: str, text: str, target: Target, context: str) -> bool:
    """Whether the answer can be read elsewhere on the card (the rest of the text or the context)."""
    key = answer.lower().strip()
    if len(key) < 3 or target.kind == "quantity":
        rest = text[: target.start] + " " + text[target.end :]
        return bool(key) and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", rest.lower()) is not None
    rest = (text[: target.start] + " \x00 " + text[target.end :]).lower()
    return key in rest


def _enough_left(text: str, chosen: Sequence[Target]) -> bool:
    visible = text
    for t in sorted(chosen, key=lambda t: t.start, reverse=True):
        visible = visible[: t.start] + " " + visible[t.end :]
    content = [
        w for w in _WORD.findall(visible.lower()) if w not in _ENGLISH_STOPWORDS and len(w) > 2
    ]
    return len(content) >= MIN_VISIBLE_CONTENT_WORDS


def drop_duplicates(facts: Sequence[tuple[Note, Fact]]) -> set[int]:
    """The ``id()`` of each fact to keep: of facts that hide the same words and share at least
    80% of their words, only the first is kept (once per deck)."""
    kept: set[int] = set()
    seen: dict[tuple[str, ...], list[frozenset[str]]] = {}
    for _note, fact in facts:
        key = tuple(sorted(a.lower() for a in fact.answers))
        words = frozenset(w.lower() for w in _WORD.findall(fact.text))
        group = seen.setdefault(key, [])
        # Bounded, so that thousands of "50%" answers stay linear.
        if any(_overlap(words, other) >= 0.8 for other in group[-200:]):
            continue
        group.append(words)
        kept.add(id(fact))
    return kept


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))
