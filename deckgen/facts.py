"""Stage 3: list of :class:`Sentence` → list of :class:`Fact`, with a :class:`Decision` for each.

A sentence becomes a fact when it passes every rejection rule (:data:`REJECTION_RULES`: not about
the video, not filler, not a question, not a disclaimer, not about markup, not a fragment, not
a phrase without a subject or a finite verb or cut off mid-phrase (:mod:`deckgen.grammar`), not
pointing outside itself), can be rewritten to stand alone (:mod:`deckgen.rewrite`), and holds
something worth recalling (:mod:`deckgen.targets`). The best targets become its deletions, c1,
c2, ... of one note: at most :data:`MAX_DELETIONS`, never overlapping, never most of the text,
never a word the card shows elsewhere, never a person's name, never one item of a list of three
or more. A sentence of more than :data:`MAX_WORDS` words is cut into clauses and its best clause
is kept, or it is dropped.

Speed: the rules ask cheap questions first (a word in the sentence's word set, a character),
and run their regular expressions only when the answer allows a match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache

from deckgen.answers import ASCII_LETTERS, holds_as_word, is_common_name, shows_answer, shows_any
from deckgen.arithmetic import worked_out
from deckgen.candidates import Candidate, cuts_span, find_spans, notes_holding
from deckgen.grammar import (
    CLEAR_VERBS,
    has_finite_verb,
    is_verbless,
    key_before_colon,
    opens_without_subject,
    stops_mid_phrase,
    tokens,
)
from deckgen.lexicon import COMMON_ENGLISH, EVALUATIVE, STOPWORDS, WORD, words
from deckgen.ranking import Model, answer_in_headings, default_model
from deckgen.rewrite import Rewrite, standalone
from deckgen.targets import (
    STRONG,
    Target,
    Text,
    author_marks,
    find_targets,
    is_technical,
)
from deckgen.types import Decision, Deletion, Fact, Note, Sentence, Span, SpanKind, quick_init

MAX_DELETIONS = 3
"""The most deletions (cards) one note gets; more cards from one sentence would overlap."""
MAX_WORDS = 38
"""A sentence longer than this ("about 35 words") is more than one fact; it is cut at a clause
or dropped."""
MIN_WORDS = 5
"""A sentence shorter than this says too little to be understood alone."""
MIN_SCORE = STRONG
"""The least score a sentence needs to become a card: one target strong enough alone."""
MAX_HIDDEN_SHARE = 0.5
"""Deletions may hide at most this share of a card's characters."""
MIN_VISIBLE_CONTENT_WORDS = 3
"""A card must show at least this many content words besides what it hides."""


class _View:
    """A sentence with what the rules ask of it computed once."""

    __slots__ = ("code", "lower", "parsed", "sentence", "text", "word_count", "words")

    def __init__(self, sentence: Sentence) -> None:
        self.sentence = sentence
        self.text = sentence.text
        self.parsed = Text(self.text)
        self.lower = self.parsed.lower
        self.words = self.parsed.words
        self.word_count = self.parsed.word_count
        self.code = (
            [
                s
                for s in sentence.spans
                if s.kind is SpanKind.PROTECTED and not self.text.startswith("\\(", s.start)
            ]
            if sentence.spans
            else []
        )


def _gate(words: str) -> frozenset[str]:
    return frozenset(words.split())


# -- rejection rules: a cheap gate (words the sentence must hold) and a pattern ---------------------
_MEDIA_GATE = _gate(
    """video videos episode episodes podcast podcasts talk lecture show interview conversation
    series channel segment clip livestream stream webinar course module lesson part discussion
    article note page"""
)
_MEDIA = re.compile(
    r"\b(?:in|on|throughout|during|for|of|from|later in|earlier in|at the end of|at the start of|"
    r"in the rest of)\s(?:this|the|today's|today’s|our|next|previous|last|a future|future|an upcoming|"
    r"the next|the previous|this week's|a previous|a recent|an earlier|a later|another|his|her|their|"
    r"my|one of (?:his|her|their|my|our))\s(?:video|episode|podcast|talk|lecture|show|interview|"
    r"conversation|series|channel|segment|clip|livestream|stream|webinar|course|module|lesson|part)s?\b"
    r"|\b(?:this|the|today's)\s(?:video|episode|podcast|talk|lecture|interview|conversation|"
    r"discussion|segment|clip|stream|livestream|article|note|page)\s(?:explores?|covers?|discusses|"
    r"examines|looks at|explains|features|dives|delves|will|is about|begins|starts|opens|ends|"
    r"concludes|walks|goes|takes|focuses|introduces|presents|reviews|highlights|outlines|details)\b",
    re.IGNORECASE,
)
_HOST_GATE = _gate(
    """host hosts guest guests speaker speakers narrator presenter interviewer streamer creator
    youtuber panel panelists"""
)
_HOST = re.compile(
    r"\b(?:the|our|this|today's)\s(?:host|guest|speaker|narrator|presenter|interviewer|streamer|"
    r"creator|youtuber|panel|panelists)s?\s(?:also\s|then\s|briefly\s|further\s|later\s)?"
    r"(?:discuss|talk|share|introduce|mention|recount|describe|cover|answer|reflect|walk|invite|"
    r"welcome|thank|promote|open|begin|start|close|conclude|express|touch|delve|dive|ask|joke|"
    r"laugh|chat|react|greet|plug|announce)[a-z]{0,3}\b(?!\s(?:that|how)\b)",
    re.IGNORECASE,
)
_CALL_WORDS = _gate(
    "subscribe subscribed subscribing patreon sponsor sponsored sponsors newsletter"
)
"""Words that alone make a sentence a call to the viewer."""
_CALL_GATE = _gate("next see stay thanks thank like bell notification description check sign code")
_CALL = re.compile(
    r"\b(?:next time|see you|stay tuned|thanks for watching|thank you for watching|"
    r"thanks for listening|like and|hit the bell|notification bell|link in the description|"
    r"in the description|check out|sign up|promo code|discount code|use code)\b",
    re.IGNORECASE,
)


def _case_blind(pattern: re.Pattern[str], *, at_start: bool = False) -> Callable[[_View], bool]:
    """Whether ``pattern`` (IGNORECASE, its letters written in lower case) is found in a
    sentence (at its start, with ``at_start``). An ASCII sentence is searched in lower case with the pattern's case-sensitive
    twin, which finds the same and runs about three times as fast (the regular expression
    engine folds the case of every character it compares); any other is searched as written,
    since lower() and IGNORECASE differ on a few letters ("İ", "ſ")."""
    if not pattern.flags & re.IGNORECASE or pattern.pattern != pattern.pattern.lower():
        raise ValueError("a case-blind pattern is IGNORECASE and written in lower case")
    twin = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
    find_lower = twin.match if at_start else twin.search
    find = pattern.match if at_start else pattern.search

    def found(v: _View) -> bool:
        if v.text.isascii():
            return find_lower(v.lower) is not None
        return find(v.text) is not None

    return found


_in_media = _case_blind(_MEDIA)
_in_host = _case_blind(_HOST)
_in_call = _case_blind(_CALL)


def _about_the_video(v: _View) -> bool:
    """A sentence about the video, the episode, the host or guest, or asking for likes."""
    w = v.words
    return bool(
        (not w.isdisjoint(_MEDIA_GATE) and _in_media(v))
        or (not w.isdisjoint(_HOST_GATE) and _in_host(v))
        or not w.isdisjoint(_CALL_WORDS)
        or (not w.isdisjoint(_CALL_GATE) and _in_call(v))
    )


_NAVIGATION_GATE = _gate(
    "see more learn read related further references reference sources source discussed covered "
    "explained"
)
# Patterns whose alternatives hold only at the start are split in two, an opening matched at the
# start and a phrase searched anywhere: a search for "^A|B" tries every branch at every position.
_NAVIGATION_OPENING = re.compile(
    r"(?:see also|see\s|for more\b|for a (?:deeper|more|fuller|longer|detailed)|to learn more|"
    r"read more|more on this|related\s(?:pages|notes|topics|articles|videos)|further reading|"
    r"references?:|sources?:|learn more|as discussed in|as covered in|as explained in)",
    re.IGNORECASE,
)
_NAVIGATION_ANYWHERE = re.compile(
    r"\b(?:related (?:pages|notes|topics)|see also|for more (?:on|about|information|details))\b",
    re.IGNORECASE,
)
_DISCLAIMER_GATE = _gate(
    "advice educational informational consult seek substitute diagnose treat qualified healthcare "
    "medicine devices doctor physician disclaimer"
)
_DISCLAIMER = re.compile(
    r"\b(?:not (?:medical|financial|legal|professional) advice|medical advice|educational purposes|"
    r"informational purposes|consult (?:a|your|with)|seek (?:the )?(?:advice|assistance|help)|"
    r"not a substitute|not intended to (?:diagnose|treat)|qualified (?:health|medical|mental)|"
    r"healthcare (?:provider|professional)|practice of medicine|not medical devices|"
    r"talk to your doctor|speak (?:to|with) your doctor)\b",
    re.IGNORECASE,
)
_FILLER_WORDS = _gate(
    """fascinating amazing incredible awesome exciting mind-blowing let's we'll i'll you'll
    enjoy enjoyed"""
)
"""Words that alone mark a sentence as enthusiasm or chat, not content."""
_FILLER_GATE = _gate(
    """really so super pretty worth let we i you think believe opinion powerful important hope
    crucial essential interesting cool"""
)
_FILLER = re.compile(
    r"\b(?:fascinating|amazing|incredible|awesome|exciting|mind-blowing|really (?:interesting|"
    r"important|cool|powerful|neat)|so interesting|super interesting|pretty cool|it's worth|"
    r"it is worth|let's|let us|we'll|we will|i'll|i will|you'll|you will|i think|i believe|"
    r"we think|in my opinion|really powerful|powerful tool|important topic|hope you|"
    r"enjoy(?:ed)?\b|it is (?:crucial|important|essential|interesting) to (?:remember|note|"
    r"understand|recognize|consider)|it's (?:crucial|important|essential|interesting) to)",
    re.IGNORECASE,
)
_FIRST_PERSON_GATE = _gate("i we you our my your i'm i've we're we've you're you've")
_FIRST_PERSON_OPENING = re.compile(r"(?:I|We|You|Our|My|Your)\b")
_FIRST_PERSON_ANYWHERE = re.compile(
    r"\b(?:I'm|I've|we're|we've|you're|you've)\b"
    r"|\b(?:we|I)\s(?:won't|will|would|can|could|should|need|have|had|are|were|did|do|don't|"
    r"didn't|want|think|believe|know|see|hope|plan)\b"
)
_MARKUP_TOKEN = re.compile(r"\[\[|\]\]|\*\*|\{\{|\}\}|<br|<a\s|\]\(|==")
_MARKUP_CHARS = "[]*{}<="
"""A character every :data:`_MARKUP_TOKEN` starts with (most sentences have none)."""
_SYNTAX_CHAR = re.compile(r"[<>#=\[\]{}*|]")
_POINTING_PHRASE = re.compile(
    r"\b(?:(?:this|these|those|the same|such)\s(?:[a-z-]{2,20}\s)?(?:study|studies|trial|trials|"
    r"experiment|analysis|paper|research|work|finding|findings|result|results|effect|effects|"
    r"approach|method|technique|process|practice|case|example|idea|concept|phenomenon|situation|"
    r"problem|issue|period|event|story|book|episode|rise|increase|decrease|drop|change|elevation|"
    r"response|difference|reaction|mechanism|pattern|trend|strategy|group|participants|patients|"
    r"people|ones|stage|phase|term|form|version|restriction|quantity|value|condition|state)|"
    r"that\s(?:study|trial|experiment|paper|analysis|finding|result|approach|method|"
    r"idea|concept|period|event|story|book|episode))\b"
)
_POINTING_OPENING = re.compile(
    r"[A-Z][^,]{0,40}\s(?:it|them|this|these|those)\s?,"
    r"|(?:Of|For|Among|In|From|With|Unlike)\s(?:those|these|them|this|it)\b"
    r"|The\s(?:remaining|latter|former)\b"
    r"|(?:Shortly\s|Soon\s|Immediately\s)?(?:[Tt]hereafter|[Aa]fterwards?|[Aa]fter\sthat)\b"
    r"|[A-Z][a-z]*\s(?:[a-z]+\s)?(?:later|earlier|prior|before)\s?,"
)
"""What points outside at the start of a sentence as written ("Of those, 40% ...", "The
remaining 30% ...", "Shortly thereafter, ...", "Five years later, ..."): when a time, a share or
a group counts from something the sentence does not say."""


def _is_question(v: _View) -> bool:
    return v.text.rstrip("\"'”’)").endswith("?")


def _about_markup(v: _View) -> bool:
    """A sentence about markup or code syntax (documentation, not a fact about the world)."""
    if v.code:
        if len(v.code) >= 2:
            return True
        span = v.code[0]
        if _SYNTAX_CHAR.search(v.text, span.start, span.end):
            return True
    text = v.text
    return any(map(text.__contains__, _MARKUP_CHARS)) and _MARKUP_TOKEN.search(text) is not None


def _is_fragment(v: _View) -> bool:
    """A list item that goes on from a lead-in ("sentences that start with ...")."""
    return v.text[:1].islower() and not is_technical(v.text.split(" ", 1)[0])


def _lacks_subject(v: _View) -> bool:
    return opens_without_subject(v.text)


def _has_no_verb(v: _View) -> bool:
    return is_verbless(v.text, v.words) and not _gives_a_label_value(v)


def _gives_a_label_value(v: _View) -> bool:
    """A key and its value: the first sentence under a bold label ("**Battery**: 4,050 mAh")
    or a short key before a colon ("Gross margin: not worse than 50%"). The key stands for the
    subject, and the card shows it (the label in its context, the key in its text)."""
    sentence = v.sentence
    if sentence.label and sentence.starts_block:
        return not v.text.split(" ", 1)[0].endswith("ing")
    return key_before_colon(v.text)


def _stops_mid_phrase(v: _View) -> bool:
    return stops_mid_phrase(v.text)


NO_SUBJECT = "no subject (opens on a verb, participle or adjective)"
NO_VERB = "no finite verb (a phrase, not a statement)"
MID_PHRASE = "stops mid-phrase"

POINTS_OUTSIDE = "points to something outside the card ('this rise', 'that study')"
"""The rule that drops a sentence whose words point to another ("from that study")."""
_ANAPHORA_CUES = (
    " this", " these", " those", " same ", " such ", " that ", " it", " them",
    " remaining", " latter", " former", "thereafter", "afterward",
    " later,", " earlier,", " prior,", " before,",
)  # fmt: skip


def _points_outside(text: str, start: int, lower: str | None = None, topic: str = "") -> bool:
    """ "... from that study ...", "... the same trial ...": the card would not say which.

    ``start`` is where the sentence's own words begin (after a topic the rewrite put in front);
    ``lower`` is ``text.lower()``, when known; ``topic`` is the note title, headings and label
    the card's context line shows, in lower case.
    """
    if lower is None:
        lower = text.lower()
    if not any(map(lower.__contains__, _ANAPHORA_CUES)):
        return False
    if (", it " in lower or ", they " in lower) and _pronoun_after_opener(text, start):
        return True
    return (
        _POINTING_PHRASE.search(lower, start + 1) is not None
        or (
            start == 0
            and (
                _POINTING_PHRASE.match(text) is not None
                or _POINTING_OPENING.match(text) is not None
            )
        )
        # Only in a sentence as written: a referent the rewrite put in front names the topic.
        or (start == 0 and _demonstrative_from_before(lower, start, topic))
    )


_DEMONSTRATIVE = re.compile(r"\b(?:this|these|those)\s([a-z][a-z-]{2,20})\b")


def _demonstrative_from_before(lower: str, start: int, topic: str) -> bool:
    """ "... combined with this alignment", "despite these warnings": a thing named before the
    card, unless the sentence named it first ("a new protocol ... this protocol") or the context
    line does ("this coast" under "Coastal fieldwork")."""
    for m in _DEMONSTRATIVE.finditer(lower, start + 1):
        noun = m.group(1)
        if noun in STOPWORDS or noun in CLEAR_VERBS or noun.endswith("ly"):
            continue  # "this is", "these often": not a noun after it
        stem = noun.rstrip("s")[:5]
        if stem in lower[start : m.start()] or stem in topic:
            continue
        return True
    return False


_PRONOUN_AFTER_OPENER = re.compile(r"([^.;:!?]{2,160}?),\s(it|they)\s([\w'’]+)(?:\s([\w'’]+))?")
_CLAUSE_OPENERS_WITH_SUBJECT = words(  # skipped before looking for the opener's own verb
    "while when whenever if although though because since once unless whereas until as"
)
_PRONOUN_WORDS = words("it its they their them")
_EXPLETIVE_VERBS = words("is was will would can may might has became becomes seems seemed appears")
_EXPLETIVE_AFTER = words(
    """estimated expected said believed reported highlighted noted known thought assumed
    important possible necessary likely unlikely clear worth difficult easy hard common
    essential crucial vital recommended advised found shown"""
)


def _pronoun_after_opener(text: str, start: int) -> bool:
    """ "Currently, it trades at 11 times earnings", "In its first year, they returned 8%": the
    main clause's subject is a pronoun for something named before the card. A pronoun after a
    clause with a subject of its own ("When the bank raised rates, it ...") may stand for that
    subject, and "it is estimated" / "it takes" name nothing, so those stay."""
    m = _PRONOUN_AFTER_OPENER.match(text, start)
    if m is None:
        return False
    opener = tokens(m.group(1))
    if not opener:
        return False
    if opener[0] in _PRONOUN_WORDS or (len(opener) > 1 and opener[1] in _PRONOUN_WORDS):
        return True  # "Although it slowed ..., it recovered", "In its first year, it ..."
    if m.group(3).lower() in _EXPLETIVE_VERBS:
        after = (m.group(4) or "").lower()
        if after in _EXPLETIVE_AFTER or after in ("be", "been", "take", "takes"):
            return False
    if m.group(3).lower() in ("takes", "took"):
        return False  # "At low heat, it takes six hours"
    # A clause with a verb of its own names what the pronoun may stand for.
    return not has_finite_verb(opener, 1 if opener[0] in _CLAUSE_OPENERS_WITH_SUBJECT else 0)


def _pattern_rule(gate: frozenset[str], pattern: re.Pattern[str]) -> Callable[[_View], bool]:
    """A rule that fires on a sentence holding a word of ``gate`` and ``pattern`` (case-blind)."""
    found = _case_blind(pattern)

    def test(v: _View) -> bool:
        return not v.words.isdisjoint(gate) and found(v)

    return test


_filler = _pattern_rule(_FILLER_GATE, _FILLER)
_navigation_opening = _case_blind(_NAVIGATION_OPENING, at_start=True)
_navigation_anywhere = _case_blind(_NAVIGATION_ANYWHERE)


def _is_navigation(v: _View) -> bool:
    return not v.words.isdisjoint(_NAVIGATION_GATE) and (
        _navigation_opening(v) or _navigation_anywhere(v)
    )


def _addresses_the_viewer(v: _View) -> bool:
    return not v.words.isdisjoint(_FIRST_PERSON_GATE) and (
        _FIRST_PERSON_OPENING.match(v.text) is not None
        or _FIRST_PERSON_ANYWHERE.search(v.text) is not None
    )


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    test: Callable[[_View], bool]
    cues: frozenset[str] = frozenset()
    """Words the rule needs the sentence to hold one of (its test is False otherwise); empty for
    a rule that can fire on any sentence."""


REJECTION_RULES: tuple[_Rule, ...] = (
    _Rule("question", _is_question),
    _Rule(
        "about the video itself",
        _about_the_video,
        _MEDIA_GATE | _HOST_GATE | _CALL_WORDS | _CALL_GATE,
    ),
    _Rule("navigation or 'see also'", _is_navigation, _NAVIGATION_GATE),
    _Rule("disclaimer", _pattern_rule(_DISCLAIMER_GATE, _DISCLAIMER), _DISCLAIMER_GATE),
    _Rule(
        "filler or opinion",
        lambda v: not v.words.isdisjoint(_FILLER_WORDS) or _filler(v),
        _FILLER_WORDS | _FILLER_GATE,
    ),
    _Rule("addresses the viewer", _addresses_the_viewer, _FIRST_PERSON_GATE),
    _Rule("too short to stand alone", lambda v: v.word_count < MIN_WORDS),
    _Rule("heading-like line (ends with a colon)", lambda v: v.text.endswith(":")),
    _Rule("about markup or code", _about_markup),
    _Rule("a fragment (starts in lower case)", _is_fragment),
    _Rule(NO_SUBJECT, _lacks_subject),
    _Rule(NO_VERB, _has_no_verb),
    _Rule(MID_PHRASE, _stops_mid_phrase),
)
"""Rules that keep a sentence from ever becoming a card, tried in order."""
_ANY_RULE_CUE = frozenset().union(*(rule.cues for rule in REJECTION_RULES))
_RULES_FOR_ANY_SENTENCE = tuple(rule for rule in REJECTION_RULES if not rule.cues)
"""The rules to try on a sentence that holds none of :data:`_ANY_RULE_CUE` (three in four):
the others cannot fire on it, so skipping them changes no decision."""


def is_english(sentences: Sequence[Sentence]) -> bool:
    """Whether a note reads as English: enough of its words are common English function words."""
    sample: list[str] = []
    size = 0
    for sentence in sentences:
        sample.append(sentence.text)
        size += len(sentence.text)
        if size > 4000:
            break
    found = WORD.findall(" ".join(sample).lower())
    words = len(found)
    common = sum(map(COMMON_ENGLISH.__contains__, found))
    # Too few words to judge: assume English, the language of the rules.
    return words < 30 or common / words >= 0.12


_ENGLISH_ONLY = STOPWORDS - words("a i no me he so us am do up as es")
"""Function words only English has: a sentence of eight words or more with none of them is in
another language."""


SOFT_RULES: frozenset[str] = frozenset()
"""Rules whose verdict is a cue for the ranker, not a rejection (none yet: every rule still
rejects; see the README's "How it works")."""
LEANS = "leans on the sentence before"
"""The signal of a sentence that cannot stand alone and is shown under the one before it."""


def extract_facts(
    note: Note,
    sentences: Sequence[Sentence],
    *,
    model: Model | None = None,
    threshold: float | None = None,
    veto: float = 0.0,
) -> tuple[list[Fact], list[Decision]]:
    """Choose the sentences worth a card and what each should hide.

    Every sentence that passes the rejection rules gives candidates (:mod:`deckgen.candidates`);
    ``model`` (the shipped one by default) scores them, and those scoring at least
    ``threshold`` (the model's own by default) become deletions.
    """
    model = model or default_model()
    cut = model.threshold if threshold is None else threshold
    english = is_english(sentences)
    prepared: list[tuple[Sentence, _Prepared | Decision]] = []
    previous: Sentence | None = None
    for sentence in sentences:
        before = previous if previous is not None and _same_passage(previous, sentence) else None
        previous = sentence
        prepared.append((sentence, prepare(sentence, before, english=english, title=note.title)))
    mentions = _Mentions(sentences)
    count = max(1, len(sentences) - 1)
    facts: list[Fact] = []
    decisions: list[Decision] = []
    hidden_in_note: set[str] = set()
    for sentence, ready in prepared:
        if isinstance(ready, Decision):
            decisions.append(ready)
            continue
        fact, decision = _by_rules(sentence, ready, english=english)
        meta = _Meta(note.title, sentence.index / count, ready.context, ready.signals)
        if fact is not None and not ready.marked and veto > 0:
            fact, decision = _vetoed(fact, decision, meta, model, veto, mentions)
        if fact is not None and not ready.marked:
            fact, decision = _without_known_answers(fact, decision, note.title, hidden_in_note)
        if fact is None and not ready.marked and decision.rule not in _FINAL_RULES:
            bar = cut - LEANING_ALLOWANCE if meta.context else cut
            fact, ranked = rank_sentence(
                sentence, ready, meta, model, bar, mentions, hidden_in_note, english=english
            )
            if fact is not None or ranked.rule == "low score":
                # The model had the last word: --explain shows its scores, not the finders'.
                decision = _noting_leaning(ranked, ready) if fact is None else ranked
        if fact is not None and hidden_in_note.issuperset(a.lower() for a in fact.answers):
            earlier = same_fact_before(fact, facts)
            if earlier is not None:
                why = f"an earlier card of the note asks the same: {_clipped(earlier.text)}"
                decision = Decision(sentence, False, why, rule=SAME_FACT, text=fact.text)
                fact = None
        if fact is not None:
            facts.append(fact)
            hidden_in_note.update(a.lower() for a in fact.answers)
        decisions.append(decision)
    return facts, decisions


SAME_FACT = "same fact"
SAME_FACT_OVERLAP = 0.55
"""The share of the shorter text's content words (the answers' own left out) that an earlier card
hiding the same answers must hold for a card to be the same fact told again ("within 42 days of
delivery" in a definition and in its restatement). Below it the same figure usually belongs to
another fact ("fell [20%]" and "opening down [20%]"). Chosen on label-pool notes: of the pairs
of one note's cards hiding the same answer, those at 0.55 or more were mostly the same fact
told twice, those below mostly two facts."""


def same_fact_before(fact: Fact, earlier: Sequence[Fact]) -> Fact | None:
    """The earlier fact of the note that hides the same answers in mostly the same words, if
    any: the note says the fact twice (a summary restating a section), and one card is enough."""
    answers = {a.lower() for a in fact.answers}
    words = _content_words(fact.text, answers)
    if not words:
        return None
    for other in earlier:
        if not answers.issubset(a.lower() for a in other.answers):
            continue
        theirs = _content_words(other.text, answers)
        if theirs and len(words & theirs) / min(len(words), len(theirs)) >= SAME_FACT_OVERLAP:
            return other
    return None


def _content_words(text: str, answers: AbstractSet[str]) -> frozenset[str]:
    """The text's words that are not stopwords nor words of the answers, plurals as singulars."""
    hidden = {w for a in answers for w in WORD.findall(a)}
    return frozenset(
        w.removesuffix("s")
        for w in WORD.findall(text.lower())
        if w not in STOPWORDS and w not in hidden
    )


def _clipped(text: str, most: int = 60) -> str:
    return f'"{text}"' if len(text) <= most else f'"{text[: most - 1].rstrip()}…"'


def judge(
    sentence: Sentence, previous: Sentence | None, note: Note | None = None, *, english: bool = True
) -> tuple[Fact | None, Decision]:
    """One sentence alone → (its fact or None, the decision with its reason), with the shipped
    model at its own threshold. ``previous`` is the sentence before it in the same passage."""
    ready = prepare(sentence, previous, english=english, title=note.title if note else "")
    if isinstance(ready, Decision):
        return None, ready
    fact, decision = _by_rules(sentence, ready, english=english)
    if fact is not None and not ready.marked and note is not None:
        fact, decision = _without_known_answers(fact, decision, note.title)
    if fact is None and not ready.marked and decision.rule not in _FINAL_RULES:
        model = default_model()
        meta = _Meta(note.title if note else "", 0.0, ready.context, ready.signals)
        bar = model.threshold - (LEANING_ALLOWANCE if ready.context else 0.0)
        ranked_fact, ranked = rank_sentence(
            sentence, ready, meta, model, bar, _Mentions([sentence]), english=english
        )
        if ranked_fact is not None:
            return ranked_fact, ranked
        if ranked.rule == "low score":
            return None, _noting_leaning(ranked, ready)
    return fact, decision


def _noting_leaning(decision: Decision, ready: _Prepared) -> Decision:
    """The model's rejection of a sentence that would be shown under the one before, saying so
    ("... 0.31 (to be shown under the sentence before: it starts with "This" ...)")."""
    if not ready.context:
        return decision
    why = f"{decision.reason} (to be shown under the sentence before: it {ready.problem})"
    return replace(decision, reason=why)


LEANING_ALLOWANCE = 0.05
"""How much lower the model's threshold is for a sentence shown under the one before it: the
model learned its weight for that context from labels, but judged blind such cards score
better than it says. Those between the threshold and 0.1 above it were GOOD 63% of the time
(54 cards of random samples); the ones this allowance adds, GOOD 39%, WEAK 35%, BAD 26% (84
cards), as the deck's own (``benchmarks/judgements/leaning-threshold-*``)."""


_FINAL_RULES = frozenset({"no clean target"})
"""What the rules' own verdict leaves final: a sentence whose every target they refused."""


def _by_rules(
    sentence: Sentence, ready: _Prepared, *, english: bool
) -> tuple[Fact | None, Decision]:
    """The named finders' verdict (:mod:`deckgen.targets`): a card when one of their targets is
    strong enough alone. A sentence shown under the one before is left to the model."""
    if ready.context:
        return None, Decision(sentence, False, ready.problem, rule=ready.rule)
    best: _Outcome | None = None
    for part in ready.parts:
        outcome = _weigh(part, english=english, marked=ready.marked)
        if best is None or outcome.score > best.score:
            best = outcome
    assert best is not None
    return _decide(sentence, best, ready.rewrite, marked=ready.marked)


def _vetoed(
    fact: Fact, decision: Decision, meta: _Meta, model: Model, veto: float, mentions: _Mentions
) -> tuple[Fact | None, Decision]:
    """The rules' fact less the deletions the model scores below ``veto`` (some kinds below
    ``veto`` + their :data:`VETO_MARGINS`); None when none is left. Each is weighed with the
    headings its card shows (:func:`rule_candidate`)."""
    kept = []
    scores: dict[str, float] = {}
    for d in fact.deletions:
        p = model.probability(rule_candidate(fact, d, meta, mentions))
        scores[fact.text[d.start : d.end]] = p
        if p >= _veto_bar(d, veto):
            kept.append(d)
    decision = replace(decision, targets=_with_model_scores(decision.targets, scores))
    if len(kept) == len(fact.deletions):
        return fact, decision
    bars = sorted({f"{_veto_bar(d, veto):.2f}" for d in fact.deletions if d not in kept})
    if not kept:
        why = f"the ranking model scores every deletion below {' or '.join(bars)}"
        return None, Decision(
            fact.sentence, False, why, rule="low score", text=fact.text, targets=decision.targets
        )
    return _keeping(fact, decision, kept, f"scored below {' or '.join(bars)}")


def _with_model_scores(targets: Sequence[str], scores: dict[str, float]) -> tuple[str, ...]:
    """The finders' targets as --explain lists them ("quantity '12%' 3.0"), each with the
    model's score of its deletion after it ("... (model 0.42)")."""
    out = []
    for t in targets:
        p = next((p for answer, p in scores.items() if f"'{answer}'" in t), None)
        out.append(t if p is None else f"{t} (model {p:.2f})")
    return tuple(out)


VETO_MARGINS = {"quantity": 0.05, "term": 0.15, "product": 0.2}
"""How much more of the model's score than the veto the finders' deletions of some kinds need.
For these kinds the model's score separates the finders' good deletions from the bad ones, and
those just above the veto were mostly judged bad in random samples and again, blind, when the
margins took them out over the judging pool (``benchmarks/judgements/*-veto-*``):
quantities scored 0.10 to 0.15 (66 cards: GOOD 15%, BAD 35%; valuation multiples of a day,
price targets, worked sums), terms 0.10 to 0.25 (48 cards: GOOD 27%, BAD 48%; an acronym's
obvious expansion beside its partner, "UMN and [LMN]"), what something is turned into 0.10 to
0.30 (13 cards: GOOD 1, BAD 10; "split into [chunks]"). Not for the finders' definitions:
judged about half bad at every score, the model does not tell them apart."""


def _veto_bar(d: Deletion, veto: float) -> float:
    return veto + VETO_MARGINS.get(d.kind, 0.0)


def _without_known_answers(
    fact: Fact, decision: Decision, title: str, hidden: AbstractSet[str] = frozenset()
) -> tuple[Fact | None, Decision]:
    """The rules' fact less the deletions that hide what the note's title shows ("The iPhone
    [6s] ..." in a note on the iPhone 6s): the learner knows the note's topic, so the card
    would ask nothing. A deletion that opens the sentence stays: "[Synthetic data] refers to
    data ..." asks for the term its definition describes, but only once a note: ``hidden``
    holds the answers the note's earlier cards hid ("[AGUI] is a new protocol", then "[AGUI]
    is an open-source standard"). None when no deletion is left."""
    if not title:
        return fact, decision
    inside = [d for d in fact.deletions if _hides_title_inside(fact.text, d, title)]
    again = [d for d in fact.deletions if _title_asked_before(fact.text, d, title, hidden)]
    kept = [d for d in fact.deletions if d not in inside and d not in again]
    if len(kept) == len(fact.deletions):
        return fact, decision
    why = "the title shows it" if inside else "an earlier card of the note asks for it"
    if not kept:
        reason = "it would hide what the note's title shows"
        if not inside:
            reason += ", and an earlier card of the note asks for it"
        return None, Decision(fact.sentence, False, reason, rule=TITLE_ANSWER, text=fact.text)
    return _keeping(fact, decision, kept, why)


TITLE_ANSWER = "hides the title"


def _title_asked_before(text: str, d: Deletion, title: str, hidden: AbstractSet[str]) -> bool:
    """Whether the deletion hides what the title shows, and an earlier card of the note hid it."""
    answer = text[d.start : d.end]
    return answer.lower() in hidden and _title_shows(title, answer)


def _keeping(
    fact: Fact, decision: Decision, kept: Sequence[Deletion], why: str
) -> tuple[Fact, Decision]:
    """The fact with only the ``kept`` deletions (numbered again), and its decision saying
    which were let go and ``why``."""
    dropped = [fact.text[d.start : d.end] for d in fact.deletions if d not in kept]
    deletions = tuple(Deletion(d.start, d.end, n, d.kind) for n, d in enumerate(kept, start=1))
    shown = ", ".join(f"'{a}'" for a in dropped)
    targets = tuple(t for t in decision.targets if not any(f"'{a}'" in t for a in dropped))
    before, after = _hidden_list(fact.text, fact.deletions), _hidden_list(fact.text, deletions)
    reason = f"{decision.reason.replace(before, after, 1)}; not hidden: {shown} ({why})"
    fact = Fact(fact.text, deletions, fact.sentence, fact.score, fact.context)
    return fact, replace(decision, reason=reason, targets=targets)


def _hidden_list(text: str, deletions: Sequence[Deletion]) -> str:
    """The deletions as --explain lists them: "c1 quantity '24 GB'; c2 name 'Kirin'"."""
    return "; ".join(f"c{d.number} {d.kind} '{text[d.start : d.end]}'" for d in deletions)


def _hides_title_inside(text: str, d: Deletion, title: str) -> bool:
    answer = text[d.start : d.end]
    if text[: d.start].strip().lower() in ("", "the", "a", "an"):
        return False  # the subject a definition describes
    return _title_shows(title, answer)


def _title_shows(title: str, answer: str) -> bool:
    """Whether the note's title holds the answer, as written or as a name or its acronym."""
    return answer.lower() in title.lower() or shows_answer(title, answer)


RULES_CARD = "chosen by the named finders"
"""The signal of a candidate that the rules of :mod:`deckgen.targets` chose on their own."""


def rule_candidate(fact: Fact, d: Deletion, meta: _Meta, mentions: _Mentions) -> Candidate:
    """One deletion of a fact the rules made, as a candidate for the model to weigh: with the
    title, headings and label its card would show (the context line leaves out those that show
    the deletion's answer, :func:`deckgen.cloze.context_html`)."""
    answer = (fact.text[d.start : d.end],)

    def shown(part: str) -> str:
        return "" if shows_any(part, answer) else part

    return Candidate(
        text=fact.text,
        start=d.start,
        end=d.end,
        kind=d.kind,
        weight=max(STRONG, fact.score),
        context=meta.context,
        signals=(*meta.signals, RULES_CARD),
        title=shown(meta.title),
        section=tuple(p for p in fact.sentence.section if shown(p)),
        label=shown(fact.sentence.label or ""),
        position=round(meta.position, 3),
        mentions=mentions(answer[0]),
        elsewhere=notes_holding(answer[0]),
    )


def _same_passage(a: Sentence, b: Sentence) -> bool:
    return a.section == b.section and a.label == b.label


@quick_init
@dataclass(frozen=True, slots=True)
class _Candidate:
    """One way to make a card of a sentence (the whole, or one of its clauses)."""

    text: str
    spans: tuple[Span, ...]
    prefix: int
    """Characters at the front that the rewrite put there."""
    referent: bool
    """Whether that prefix is the sentence's subject (a resolved pronoun)."""
    parsed: Text | None = None
    """The text's words, when already computed."""
    named_by_context: bool = False
    """Whether the referent in front is the list label or a heading, not the subject of the
    sentence before."""


_AUTHOR_MARKS = (SpanKind.CLOZE, SpanKind.HIGHLIGHT)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A sentence that passed the rules: the texts its card could show, and what was noticed."""

    parts: list[_Candidate]
    rewrite: Rewrite | None
    context: str
    signals: tuple[str, ...]
    marked: bool
    problem: str = ""
    """Why the sentence cannot stand alone, when it is shown under the one before."""
    rule: str = ""
    """The rule that found it, for --explain."""


@dataclass(frozen=True, slots=True)
class _Meta:
    title: str
    position: float
    context: str
    signals: tuple[str, ...]


class _Mentions:
    """How many of a note's sentences mention a text (lower case), counted once per text."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.lowered = [s.text.lower() for s in sentences]
        self.joined = _SEPARATOR.join(self.lowered)
        self.counts: dict[str, int] = {}

    def __call__(self, answer: str) -> int:
        key = answer.lower()
        found = self.counts.get(key)
        if found is None:
            found = self.counts[key] = max(1, self._count(key))
        return found

    def _count(self, key: str) -> int:
        """How many sentences hold ``key``. Most texts show once in the whole note or not at
        all: one count over the sentences joined says so, as no occurrence spans two of them
        (two in different sentences never overlap, so they count 2 or more)."""
        if _SEPARATOR not in key:
            found = self.joined.count(key)
            if found <= 1:
                return found
        return sum(1 for t in self.lowered if key in t)


_SEPARATOR = "\x00"


def prepare(
    sentence: Sentence, previous: Sentence | None, *, english: bool = True, title: str = ""
) -> _Prepared | Decision:
    """The rules' verdict on a sentence: a :class:`Decision` rejecting it, or the texts its
    card could show (the rewritten sentence, or its clauses when it is long), with the earlier
    sentence to show above it when it leans on that one. ``title`` is the note's."""
    v = _View(sentence)
    marked = bool(sentence.spans) and any(True for _ in author_marks(sentence.spans, sentence.text))
    # A sentence of eight words or more with no English function word is in another language.
    english = english and (v.word_count < 8 or not v.words.isdisjoint(_ENGLISH_ONLY))
    signals: list[str] = []
    if not marked:
        if not english:
            rules = REJECTION_RULES[:1]
        elif v.words.isdisjoint(_ANY_RULE_CUE):
            rules = _RULES_FOR_ANY_SENTENCE
        else:
            rules = REJECTION_RULES
        for rule in rules:
            if rule.test(v):
                if rule.name in SOFT_RULES:
                    signals.append(rule.name)
                    continue
                return Decision(sentence, False, rule.name, rule=rule.name)
    context = ""
    leaning = ("", "")
    if english:
        rewrite = standalone(
            sentence.text, previous.text if previous else None, sentence.label, sentence.section
        )
        if rewrite.problem or (
            not marked
            and _points_outside(
                rewrite.text,
                rewrite.prefix,
                v.lower if rewrite.text == sentence.text else None,
                " ".join((title, *sentence.section, sentence.label or "")).lower(),
            )
        ):
            problem = rewrite.problem or POINTS_OUTSIDE
            found_by = "does not stand alone" if rewrite.problem else POINTS_OUTSIDE
            if previous is None or marked:
                return Decision(sentence, False, problem, rule=found_by, text=rewrite.text)
            # Shown under the sentence it leans on rather than thrown away.
            context = previous.text
            signals.append(LEANS)
            leaning = (problem, found_by)
            rewrite = Rewrite(sentence.text, 0, 0, len(sentence.text))
        elif rewrite.text != sentence.text:
            signals.append("rewritten")
        same = rewrite.text == sentence.text
        candidate = _Candidate(
            rewrite.text,
            _shift_spans(sentence.spans, rewrite),
            rewrite.prefix,
            rewrite.referent,
            v.parsed if same else None,
            rewrite.referent and _names_context(rewrite.text[: rewrite.prefix], sentence),
        )
    else:
        rewrite = None
        candidate = _Candidate(sentence.text, sentence.spans, 0, False, v.parsed)
    parts = [candidate]
    if not marked and candidate.text.count(" ") >= MAX_WORDS:
        parts = _clauses(candidate)
        if not parts:
            reason = f"longer than {MAX_WORDS} words and no clause stands alone"
            return Decision(sentence, False, reason, rule="too long", text=candidate.text)
        signals.append("clause")
    return _Prepared(parts, rewrite, context, tuple(signals), marked, *leaning)


def sentence_candidates(
    sentence: Sentence,
    part: _Candidate,
    meta: _Meta,
    mentions: _Mentions,
    *,
    english: bool = True,
) -> list[Candidate]:
    """Every candidate card of one text of a sentence, with what the ranker needs to know."""
    lists = list_regions(part.text)
    label = sentence.label or ""
    position = round(meta.position, 3)
    out: list[Candidate] = []
    for target in find_spans(part.text, part.spans, english=english, parsed=part.parsed):
        problem = _unusable(target, part, lists)
        signals = meta.signals
        if problem is not None:
            if problem in _HARD_PROBLEMS:
                continue
            signals = (*signals, f"span: {problem}")
        answer = part.text[target.start : target.end]
        if answer_in_headings(answer, meta.title, sentence.section, label):
            continue  # shown_in_headings, asked before the candidate is made
        candidate = Candidate(
            text=part.text,
            start=target.start,
            end=target.end,
            kind=target.kind,
            weight=target.weight,
            context=meta.context,
            signals=signals,
            title=meta.title,
            section=sentence.section,
            label=label,
            position=position,
            mentions=mentions(answer),
            elsewhere=notes_holding(answer),
        )
        out.append(candidate)
    return out


_HARD_PROBLEMS = frozenset(
    {
        "it is in the topic put in front",
        "it is in the referent put in front",
        "it is the label or heading put in front",
        "the subject after 'The' put for 'This' points back",
        "it would split a link, math or code",
        "it would split a quoted title",
    }
)
"""Spans never hidden whatever the model says: hiding them would hide deckgen's own rewrite or
cut markup in two."""


def rank_sentence(
    sentence: Sentence,
    ready: _Prepared,
    meta: _Meta,
    model: Model,
    threshold: float,
    mentions: _Mentions,
    hidden_in_note: set[str] = frozenset(),  # type: ignore[assignment]
    *,
    english: bool = True,
) -> tuple[Fact | None, Decision]:
    """Score every candidate of a sentence and keep the best text's deletions above
    ``threshold``: at most :data:`MAX_DELETIONS`, never overlapping, never an answer the card
    or its context shows, never one the note already hid."""
    best: tuple[float, _Candidate, list[tuple[float, Candidate]]] | None = None
    for part in ready.parts:
        scored = [
            (model.probability(c), c)
            for c in sentence_candidates(sentence, part, meta, mentions, english=english)
        ]
        scored.sort(key=lambda p: (-p[0], p[1].start, p[1].end))
        top = scored[0][0] if scored else 0.0
        if best is None or top > best[0]:
            best = (top, part, scored)
    text = ready.parts[0].text
    if best is None or not best[2]:
        return None, Decision(sentence, False, "nothing worth hiding", rule="no target", text=text)
    top, part, scored = best
    text = part.text
    considered = tuple(f"{c.kind} '{c.answer}' {p:.2f}" for p, c in scored[:3])
    chosen: list[Candidate] = []
    probability: dict[int, float] = {}  # each chosen candidate's score, not computed again
    for p, c in scored:
        if p < threshold or len(chosen) >= MAX_DELETIONS:
            break
        if any(o.start < c.end and c.start < o.end for o in chosen):
            continue
        answer = c.answer.lower()
        if answer in hidden_in_note or any(o.answer.lower() == answer for o in chosen):
            continue
        target = Target(c.start, c.end, c.kind, c.weight)
        if given_away(text, target) or (meta.context and answer in meta.context.lower()):
            continue
        if is_common_name(c.answer):
            continue
        if sum(o.end - o.start for o in chosen) + c.end - c.start > len(text) * MAX_HIDDEN_SHARE:
            continue
        if not _enough_left(text, [*(Target(o.start, o.end, o.kind, 0) for o in chosen), target]):
            continue
        chosen.append(c)
        probability[id(c)] = p
    if not chosen:
        why = f"score {top:.2f} below {threshold:.2f}: the best candidate is {considered[0]}"
        return None, Decision(
            sentence, False, why, top, rule="low score", text=text, targets=considered
        )
    chosen.sort(key=lambda c: c.start)
    deletions = tuple(
        Deletion(c.start, c.end, number, c.kind) for number, c in enumerate(chosen, start=1)
    )
    fact = Fact(text, deletions, sentence, round(top, 3), meta.context)
    picked = tuple(
        f"{c.kind} '{c.answer}' {probability[id(c)]:.2f}: {', '.join(model.reasons(c))}"
        for c in chosen
    )
    what = _hidden_list(text, deletions)
    reason = f"score {top:.2f}: {what}"
    if meta.context:
        reason += " (shown under the sentence before)"
    return fact, Decision(sentence, True, reason, top, rule="card", text=text, targets=picked)


@quick_init
@dataclass(frozen=True, slots=True)
class _Outcome:
    candidate: _Candidate
    chosen: tuple[Target, ...]
    score: float
    problem: str
    """Why no target could be hidden, when none was chosen."""
    considered: tuple[Target, ...]


def _weigh(candidate: _Candidate, *, english: bool, marked: bool) -> _Outcome:
    text = candidate.text
    targets = find_targets(text, candidate.spans, english=english, parsed=candidate.parsed)
    if not targets:
        return _Outcome(candidate, (), 0.0, "nothing worth hiding", ())
    usable: list[Target] = []
    problems: list[str] = []
    lists = list_regions(text) if not marked else ()
    for target in targets:
        problem = None if target.kind == "author" else _unusable(target, candidate, lists)
        if problem is None:
            usable.append(target)
        else:
            problems.append(f"{target.kind} '{text[target.start : target.end]}': {problem}")
    ranked = tuple(sorted(targets, key=lambda t: -t.weight)[:3])
    strong = [t for t in usable if t.weight >= STRONG or t.kind == "author"]
    if not strong:
        if problems:
            return _Outcome(candidate, (), 0.0, problems[0], ranked)
        best = ranked[0]
        why = (
            f"score {best.weight:.1f} below {MIN_SCORE}: the best target, {best.kind} "
            f"'{text[best.start : best.end]}', is not enough alone"
        )
        return _Outcome(candidate, (), best.weight, why, ranked)
    chosen, refused = choose_deletions(text, strong, candidate.spans)
    problems.extend(refused)
    if not chosen:
        why = problems[0] if problems else "no target could be hidden cleanly"
        return _Outcome(candidate, (), 0.0, why, ranked)
    return _Outcome(candidate, tuple(chosen), _score(text, chosen), "", ranked)


def _score(text: str, chosen: Sequence[Target]) -> float:
    """The best target's weight, a little more for each other strong one, less for hedging."""
    weights = sorted((t.weight for t in chosen), reverse=True)
    bonus = 0.25 * sum(1 for w in weights[1:] if w >= STRONG)
    return weights[0] + bonus - hedge_penalty(text)


def _decide(
    sentence: Sentence, outcome: _Outcome, rewrite: Rewrite | None, *, marked: bool
) -> tuple[Fact | None, Decision]:
    text = outcome.candidate.text
    considered = tuple(_describe(text, t) for t in outcome.considered)
    if outcome.chosen and _in_summary(sentence):
        # A summary restates the note: only a fact strong enough without it earns a card.
        outcome = _Outcome(
            outcome.candidate,
            outcome.chosen,
            outcome.score - SUMMARY_PENALTY,
            outcome.problem,
            outcome.considered,
        )
    if not outcome.chosen:
        if outcome.problem == "nothing worth hiding":
            rule = "no target"
        elif outcome.problem.startswith("score "):
            rule = "low score"
        else:
            rule = "no clean target"
        return None, Decision(
            sentence, False, outcome.problem, rule=rule, text=text, targets=considered
        )
    score = outcome.score
    chosen = tuple(_describe(text, t) for t in outcome.chosen)
    if score < MIN_SCORE and not marked:
        best = max(outcome.chosen, key=lambda t: t.weight)
        less = []
        if hedge_penalty(text):
            less.append("hedged")
        if _in_summary(sentence):
            less.append("in a summary")
        why = f" ({', '.join(less)})" if less else ", is not enough alone"
        reason = (
            f"score {score:.1f} below {MIN_SCORE}: the best target, {best.kind} "
            f"'{text[best.start : best.end]}' {best.weight:.1f}{why}"
        )
        return None, Decision(
            sentence, False, reason, score, rule="low score", text=text, targets=chosen
        )
    deletions = tuple(
        Deletion(t.start, t.end, number, t.kind)
        for number, t in enumerate(sorted(outcome.chosen, key=lambda t: t.start), start=1)
    )
    if marked:
        deletions = _author_numbering(deletions, outcome.candidate.spans)
    fact = Fact(text=text, deletions=deletions, sentence=sentence, score=round(score, 2))
    what = _hidden_list(text, deletions)
    reason = f"score {score:.1f}: {what}"
    if rewrite is not None and rewrite.note:
        reason += f" (rewritten: {rewrite.note})"
    if text != (rewrite.text if rewrite is not None else sentence.text):
        reason += " (kept its best clause)"
    return fact, Decision(sentence, True, reason, score, rule="card", text=text, targets=chosen)


SUMMARY_PENALTY = 0.5
"""Taken off the score of a sentence under a "Conclusion" or "Summary" heading."""
_SUMMARY_HEADINGS = words("conclusion conclusions summary takeaways takeaway recap wrap-up")


def _in_summary(sentence: Sentence) -> bool:
    return any(
        not _SUMMARY_HEADINGS.isdisjoint(heading.lower().replace(":", " ").split())
        for heading in sentence.section
    )


def _describe(text: str, target: Target) -> str:
    return f"{target.kind} '{text[target.start : target.end]}' {target.weight:.1f}"


_HEDGES = re.compile(
    r"\b(?:may|might|could|possibly|potentially|perhaps|arguably|likely|suggests?)\b", re.IGNORECASE
)
_HEDGE_WORDS = words(
    "may might could possibly potentially perhaps arguably likely suggest suggests"
)


def hedge_penalty(text: str) -> float:
    """What a hedge ("may", "arguably", "suggests") takes off a sentence's score."""
    words = set(text.lower().split())
    return 0.5 if words & _HEDGE_WORDS and _HEDGES.search(text) else 0.0


def _shift_spans(spans: Sequence[Span], rewrite: Rewrite) -> tuple[Span, ...]:
    shifted: list[Span] = []
    for s in spans:
        if s.start < rewrite.cut or s.end > rewrite.end:
            continue
        shifted.append(Span(rewrite.shift(s.start), rewrite.shift(s.end), s.kind, s.number))
    return tuple(shifted)


def _author_numbering(
    deletions: tuple[Deletion, ...], spans: Sequence[Span]
) -> tuple[Deletion, ...]:
    """Keep the cloze numbers the author wrote (``{{c2::...}}`` stays c2)."""
    numbers = {
        (s.start, s.end): s.number for s in spans if s.kind is SpanKind.CLOZE and s.number > 0
    }
    return tuple(
        Deletion(d.start, d.end, numbers.get((d.start, d.end), d.number), d.kind) for d in deletions
    )


# -- long sentences -------------------------------------------------------------------------------
_CLAUSE_BREAK = re.compile(r";\s|,\s(?:but|while|whereas|although|yet|and)\s|\s[–—]\s")


def _clauses(candidate: _Candidate) -> list[_Candidate]:
    """The clauses of an over-long sentence that can stand alone as a card: each between
    :data:`MIN_WORDS` and :data:`MAX_WORDS` words, the first keeping the sentence's subject and a
    later one only when it starts with a subject of its own (a capital or a noun, not a pronoun
    or a verb)."""
    text = candidate.text
    lists = list_regions(text)
    cuts = [0]
    for m in _CLAUSE_BREAK.finditer(text):
        if any(start <= m.start() < end for start, end in lists):
            continue  # "protected from diphtheria, tetanus, and pertussis": a list, not a clause
        cuts.append(m.start())
        cuts.append(m.end())
    cuts.append(len(text))
    parts: list[_Candidate] = []
    for i in range(0, len(cuts), 2):
        start, end = cuts[i], cuts[i + 1]
        clause = text[start:end].strip(" ,;")
        count = len(WORD.findall(clause))
        if not MIN_WORDS <= count <= MAX_WORDS:
            continue
        if start > 0 and not _opens_with_subject(clause):
            continue
        if opens_without_subject(clause[:1].upper() + clause[1:]) or is_verbless(clause):
            continue  # "..., stab him 27 times and cut ...": a predicate without its subject
        offset = text.index(clause, start)
        body = clause if clause.endswith((".", "!", "?")) else clause + "."
        if start > 0:
            body = body[0].upper() + body[1:]
        spans = tuple(
            Span(s.start - offset, s.end - offset, s.kind, s.number)
            for s in candidate.spans
            if s.start >= offset and s.end <= offset + len(clause)
        )
        prefix = candidate.prefix if start == 0 else 0
        referent = candidate.referent and start == 0
        parts.append(
            _Candidate(body, spans, prefix, referent, None, referent and candidate.named_by_context)
        )
    return parts


def _opens_with_subject(clause: str) -> bool:
    first = clause.split(" ", 1)[0].lower()
    return first not in STOPWORDS and not first.endswith(("ing", "ed")) and first.isalpha()


# -- which targets may be hidden ------------------------------------------------------------------
_PERSON_BEFORE = re.compile(
    r"(?:\bby|\bled by|\bDr\.?|\bProf\.?|\bProfessor|\bMr\.?|\bMrs\.?|\bMs\.?|\baccording to|"
    r"\bfounder|\bCEO|\bhost|\bguest|\bauthor|\bresearcher|\bscientist|\bgeologist|\barchitect|"
    r"\bemperor|\bking|\bqueen|\bpresident)\s$"
)
_NAME_WORD = re.compile(r"[A-Z][a-zà-ÿ'’]{1,20}")


def is_person_name(text: str, target: Target) -> bool:
    """Whether a target is a person's name ("Admir Masic", "Dr. Smith")."""
    hidden = text[target.start : target.end]
    if not "A" <= hidden.lstrip()[:1] <= "Z":
        return False  # the common case, told at once: a name's first word is capitalised
    words = hidden.split()
    if not 1 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    return _PERSON_BEFORE.search(text, max(0, target.start - 14), target.start) is not None


def _unusable(
    target: Target, candidate: _Candidate, lists: Sequence[tuple[int, int]]
) -> str | None:
    """Why a target may not be hidden, or None when it may."""
    text = candidate.text
    if candidate.prefix and target.start < candidate.prefix:
        if not candidate.referent:
            return "it is in the topic put in front"
        if target.kind not in ("definition", "term", "subject"):
            # "19 participants lost 3%": the referent names who; its numbers are not the fact.
            return "it is in the referent put in front"
        if target.kind == "subject" and candidate.named_by_context:
            # "[Fear of Failure] is less regrettable ...": a label standing for "It" is what the
            # passage is about, not the thing the comparison is about.
            return "it is the label or heading put in front"
    elif (
        target.kind == "subject"
        and candidate.prefix
        and not candidate.referent
        and target.start <= candidate.prefix + 1
    ):
        return "the subject after 'The' put for 'This' points back"  # "The [approach] is ..."
    if cuts_span(target, candidate.spans):
        return "it would split a link, math or code"
    if _splits_quoted_title(text, target):
        return "it would split a quoted title"
    if target.kind not in ("quantity", "count") and is_person_name(text, target):
        return "a person's name"
    for start, end in lists:
        if target.start < end and start < target.end:
            return "it is part of a list of three or more"
    return None


_QUOTED = re.compile(r'"([^"]{3,150})"|“([^”]{3,150})”')
_TITLE_CASE_WORD = re.compile(r"[A-Z][a-z]+")
"""A word of a capital and small letters ("Coddling"; not "AI", "GPT-4")."""


def _splits_quoted_title(text: str, target: Target) -> bool:
    """Whether the target hides the start or middle of a quoted title and leaves the rest of it
    showing: "[The Coddling] of the American Mind", "[The Art] of War". A title has two
    capitalised words or more outside the target (an article opening it does not count), or is
    written in title case, and one capitalised word comes after the target; the end of
    a title may be asked ("Indian Promoters are the [Best Contrarians]"), and a quoted phrase of
    common words may lose a part ("easily [a thousand hours]")."""
    if '"' not in text and "“" not in text:
        return False
    for m in _QUOTED.finditer(text):
        group = 1 if m.group(1) is not None else 2
        start, end = m.start(group), m.end(group)
        inner = m.group(group).rstrip(",.;:!? ")
        end = start + len(inner)
        whole = (target.start, target.end) == (start, end)
        if whole or not (start <= target.start and target.end <= end):
            continue
        after = _TITLE_CASE_WORD.findall(text[target.end : end])
        before = _TITLE_CASE_WORD.findall(text[start : target.start])
        outside = [w for w in before + after if w not in ("The", "A", "An")]
        if after and (len(outside) >= 2 or _in_title_case(inner)):
            return True
    return False


def _in_title_case(words: str) -> bool:
    """Whether a quoted text is written as a title: two capitalised words or more, and every
    word but the small ones capitalised ("The Art of War")."""
    content = [w for w in words.split() if w.lower() not in STOPWORDS]
    capitals = sum(1 for w in content if w[:1].isupper())
    return capitals >= 2 and capitals == len(content)


def _names_context(referent: str, sentence: Sentence) -> bool:
    """Whether the referent a rewrite put in front is the sentence's label or a heading."""
    name = referent.strip().lower()
    names = [sentence.label or "", *sentence.section]
    return any(n and n.strip().lower() == name for n in names)


@lru_cache(maxsize=32)
def list_regions(text: str) -> tuple[tuple[int, int], ...]:
    """Where ``text`` enumerates three or more short items ("A, B and C", "A, B, C, D"), as
    (start, end) ranges. Clauses with verbs in them ("lost 3%, reduced their waist by 4%, and
    ...") are longer than a list item and do not count. (Cached: the rules and then the ranking
    ask it of the same text.)"""
    if text.count(",") < 2 and not (text.count(",") == 1 and (" and " in text or " or " in text)):
        return ()
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in _COMMA.finditer(text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    regions: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces) - 1:
        j = i + 1
        while (
            j < len(pieces)
            and _words_in(text, *pieces[j]) <= 4
            and not _has_conjunction(text, *pieces[j])
            and not _opens_clause(text[pieces[j][0] : pieces[j][1]])
        ):
            j += 1
        middle = j - i - 1
        close = _conjoined_end(text, *pieces[j]) if j < len(pieces) else None
        # "two carrier molecules, ATP and NADPH": the words before the comma announce the pair.
        first = 0 if _announces_pair(text, *pieces[i]) else 1
        if close is not None and first + middle + close[1] >= 3:
            regions.append((_item_start(text, *pieces[i]), close[0]))
            i = j + 1
            continue
        if middle >= 2 and all(_words_in(text, *pieces[k]) <= 2 for k in range(i + 1, j)):
            regions.append((_item_start(text, *pieces[i]), pieces[j - 1][1]))
        i = max(j, i + 1)
    return tuple(regions)


_CLAUSE_OPENERS = words(
    "when where while which who whom whose that because since although though if unless until "
    "as so but yet whereas after before once"
)


def _opens_clause(piece: str) -> bool:
    """Whether a comma-separated piece is a clause ("when Sun and Moon line up"), not a list item."""
    first = piece.split(None, 1)
    return bool(first) and first[0].lower() in _CLAUSE_OPENERS


def _announces_pair(text: str, start: int, end: int) -> bool:
    return any(w.lower() in ("two", "both", "2") for w in text[start:end].split()[-4:])


def _words_in(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _has_conjunction(text: str, start: int, end: int) -> bool:
    piece = f" {text[start:end]} "
    return " and " in piece or " or " in piece


_COMMA = re.compile(r",\s")
_AND_OR = re.compile(r"(?:^|\s)(?:and|or)\s")
_ITEM_END = re.compile(
    r"[.;:!?()]|\s(?:which|that|who|is|are|was|were|to|in|for|with|above|below|on|at|from|by|"
    r"over|under|across|into|per|of|each|every)\s"
)


def _conjoined_end(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(end, items) of "B and C" (2 items) or "and C" (1) when the piece closes a list."""
    piece = text[start:end]
    m = _AND_OR.search(piece)
    if m is None or len(piece[: m.start()].split()) > 4 or _opens_clause(piece):
        return None
    tail = piece[m.end() :]
    stop = _ITEM_END.search(tail)
    tail_words = (tail[: stop.start()] if stop else tail).split()
    if not 1 <= len(tail_words) <= 4:
        return None
    items = 2 if piece[: m.start()].strip() else 1
    return start + m.end() + len(" ".join(tail_words)), items


def _item_start(text: str, start: int, end: int) -> int:
    """Where the first item of a list begins inside the piece before its first comma: at most
    four words back, and after a lead-in such as "including" or a colon."""
    words = text[start:end].split()[-4:]
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in _LIST_CUES or words[i].endswith(":"):
            words = words[i + 1 :]
            break
    keep = " ".join(words)
    return end - len(keep)


_LIST_CUES = words("including include includes as like are is of were was")


# -- choosing deletions ---------------------------------------------------------------------------
def choose_deletions(
    text: str, targets: Sequence[Target], spans: Sequence[Span] = ()
) -> tuple[list[Target], list[str]]:
    """The best non-overlapping targets, and why others were refused.

    The author's marks alone when there are any; else by weight, at most :data:`MAX_DELETIONS`,
    hiding at most :data:`MAX_HIDDEN_SHARE` of the text, leaving at least
    :data:`MIN_VISIBLE_CONTENT_WORDS` content words visible, never an answer the card gives away.
    """
    del spans
    authored = [t for t in targets if t.kind == "author"]
    pool = authored or list(targets)
    pool.sort(key=lambda t: (-t.weight, -(t.end - t.start), t.start))
    chosen: list[Target] = []
    refused: list[str] = []
    answers: set[str] = set()
    hidden = 0
    limit = len(text) * MAX_HIDDEN_SHARE
    most = 20 if authored else MAX_DELETIONS
    for target in pool:
        if len(chosen) >= most:
            break
        if any(t.start < target.end and target.start < t.end for t in chosen):
            continue
        answer = text[target.start : target.end]
        if authored:
            chosen.append(target)
            continue
        label = f"{target.kind} '{answer}'"
        if answer.lower() in answers:
            continue
        if given_away(text, target):
            refused.append(f"{label}: the card shows it elsewhere")
            continue
        if is_common_name(answer):
            refused.append(f"{label}: {COMMON_NAME}")
            continue
        if target.kind in _FIGURE_KINDS and _supposed(text, target):
            refused.append(f"{label}: {SUPPOSED_FIGURE}")
            continue
        if target.kind == "comparison" and _praise(answer):
            refused.append(f"{label}: {PRAISE}")
            continue
        if hidden + len(answer) > limit:
            refused.append(f"{label}: would hide most of the card")
            continue
        if not _enough_left(text, [*chosen, target]):
            refused.append(f"{label}: too few words would stay visible")
            continue
        chosen.append(target)
        answers.add(answer.lower())
        hidden += len(answer)
    return chosen, refused


COMMON_NAME = "a name known without the note"
PRAISE = "a judgement, not a fact ('the most important')"


def _praise(answer: str) -> bool:
    """Whether a comparison hides a judgement: "the [most crucial] task", "the [most
    important] features", "[more effective]". "The [most abundant] protein" or "the
    [largest] country" can be checked; how important or effective something is, mostly not
    (comparisons were GOOD 0 times in 45 labels)."""
    return any(w in EVALUATIVE for w in answer.lower().split())


SUPPOSED_FIGURE = "a figure of what might be, is forecast or is supposed"
_SUPPOSING = re.compile(
    r"\b(?:[Mm]ight|[Cc]ould|expected to|projected|forecasts?|predict(?:s|ed|ing)?|price target)\b"
)
_BETWEEN_CLAUSES = re.compile(r"[,;:]|\sbut\s")
_IF_OPENING = re.compile(r"(?:[A-Z][\w ]{0,20},\s)?[Ii]f\b")
"""A sentence that opens with "If" (perhaps after a short lead: "For example, if ...")."""


def _supposed(text: str, target: Target) -> bool:
    """Whether a figure stands in one clause with "might", "could" or a forecast word ("a $400
    put [might] cost around [$65]", "a 1% rate cut [could] push returns to [17.5%]", "profits are
    [projected] to rise by [7%]"): a supposed case or a prediction, not a fact. In the notes'
    labels such figures were GOOD 2 times in 26 with "might", 10 in 32 with "could"; judged
    blind, the "could" figures the named finders hid were GOOD 3 times in 32. "While this might
    seem small, most shops end the year at [12%]" is a fact: a comma stands between. A sentence
    that opens with a condition holding a figure ("If a bond pays [7%] and rates fall to [5%],
    ...") is a worked example: all its figures are supposed (in the labels such sentences were
    GOOD 2 times in 26); a condition without one ("If the goal is muscle growth, wait [6 hours]
    ...") leaves the advice a fact."""
    opening = _IF_OPENING.match(text)
    if opening:
        comma = text.find(",", opening.end() + 2)
        if any(map(str.isdigit, text[opening.end() : comma if comma > 0 else len(text)])):
            return True
    for m in _SUPPOSING.finditer(text):
        lo, hi = sorted((m.start(), target.start))
        if not _BETWEEN_CLAUSES.search(text, lo, hi):
            return True
    return False


_ACRONYM_IN = re.compile(r"\(([A-Za-z0-9-]{2,12})\)\s*$")


def given_away(text: str, target: Target) -> bool:
    """Whether the answer can be read elsewhere on the card: the same words, its singular or
    plural, the name before its parenthesised acronym, or the acronym itself; or, for a figure,
    worked out from the card's other figures (:func:`deckgen.arithmetic.worked_out`); or one of
    a pair written beside its neighbour ("[1992] or 1993"); or the whole of something ("[100%]")."""
    if target.kind in _FIGURE_KINDS and worked_out(text, target.start, target.end):
        return True
    if _one_step_from_neighbour(text, target.start, target.end):
        return True
    answer = text[target.start : target.end]
    if _WHOLE.fullmatch(answer):
        return True
    if target.kind not in _FIGURE_KINDS and _shown_by_initials_or_stem(text, target):
        return True
    rest = f"{text[: target.start]} \x00 {text[target.end :]}".lower()
    keys = {answer.lower().strip()}
    acronym = _ACRONYM_IN.search(answer)
    if acronym:
        keys.add(acronym.group(1).lower())
        keys.add(answer[: acronym.start()].strip().lower())
    keys |= {key[:-1] for key in keys if len(key) > 4 and key.endswith("s")}
    whole_words = target.kind in ("quantity", "count")
    if whole_words:
        # "nicknamed Strain 121 ... grows at [121°C]": the number shows through elsewhere.
        keys |= {n for n in _NUMBER.findall(answer) if len(n) >= 2}
    return any(
        key and (_has_word(rest, key) if whole_words or len(key) < 5 else key in rest)
        for key in keys
    )


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _shown_by_initials_or_stem(text: str, target: Target) -> bool:
    """Whether the card shows the answer in another form: the initials of a name of capitalised
    words ("[Renal Tubular Acidosis] (RTA types 1, 2, 4)"), or a name's word as the start of a
    longer word ("influenced by [Jeremy Bentham]'s philosophy ... a Benthamite society")."""
    answer = text[target.start : target.end]
    rest = f"{text[: target.start]} \x00 {text[target.end :]}"
    parts = answer.split()
    capitalised = len(parts) >= 2 and all(_TITLE_CASE_WORD.fullmatch(p) for p in parts)
    if capitalised and _shows_initials("".join(p[0] for p in parts), rest):
        return True
    if not parts or not all(p[:1].isupper() for p in parts):
        return False
    stems = [p for p in parts if len(p) >= 5 and p.isalpha()]
    return any(_starts_longer_word(p, rest) for p in stems)


# Searched for with str.find rather than a pattern made for each answer: compiling one costs
# more than the search, and few answers come twice.
_TWO_LOWER = re.compile(r"[a-z]{2}")


def _shows_initials(initials: str, text: str) -> bool:
    """Whether ``text`` holds ``initials`` as a word, perhaps with a plural s: with no ASCII
    letter touching it on either side."""
    return holds_as_word(initials, text, ("s",), ASCII_LETTERS)


def _starts_longer_word(stem: str, text: str) -> bool:
    """Whether ``text`` holds ``stem`` with no ASCII letter before it and two lower-case ASCII
    letters or more after it (what r"(?<![A-Za-z])STEM[a-z]{2,}" finds)."""
    pos = text.find(stem)
    while pos >= 0:
        if _no_letter_at(text, pos - 1) and _TWO_LOWER.match(text, pos + len(stem)):
            return True
        pos = text.find(stem, pos + 1)
    return False


def _no_letter_at(text: str, pos: int) -> bool:
    """Whether ``text`` has no ASCII letter at ``pos`` (nothing at all outside the text)."""
    return not 0 <= pos < len(text) or text[pos] not in ASCII_LETTERS


_WHOLE = re.compile(
    r"(?:(?:about|around|nearly|almost|over|up to|all)\s)?100\s?(?:%|percent|per cent)"
)
"""The whole of anything ("rates are capped at [100%]", "[100%] free"): the answer a learner
guesses first. In the labels such answers were GOOD 2 times in 21."""
_LAST_STEP = re.compile(r"^(.*?)(\d+|[A-Za-z])$")
_ALTERNATIVE = re.compile(r"\s?(?:or|and|to|,|/|-|–)\s?")
_NEXT_OF_PAIR = re.compile(rf"{_ALTERNATIVE.pattern}(?:(?:early|mid|late)[\s-])?")
"""Between the two of a pair: "1992 or 1993", "late 1980s and early 1990s", "2024 or early 2025"."""
_DECADE = re.compile(r"^(\d{2,3}0)s$")
"""A decade ("1990s"): one step is ten years."""


def _one_step_from_neighbour(text: str, start: int, end: int) -> bool:
    """Whether the answer is one of a pair that differs by one step, written beside its
    neighbour: "in [1992] or 1993", "G3 split into [3A] and 3B", "the late [1940s] and early
    1950s". The neighbour gives it away."""
    neighbours = [n for n in _one_step_away(text[start:end]) if n in text]
    if not neighbours:
        return False  # the common case: no neighbour anywhere on the card
    after = _NEXT_OF_PAIR.match(text, end)
    if after and any(_whole_at(text, after.end(), n) for n in neighbours):
        return True
    before = text[:start]
    return any(
        re.search(rf"(?<![\w$.,]){re.escape(n)}{_NEXT_OF_PAIR.pattern}$", before)
        for n in neighbours
    )


def _one_step_away(answer: str) -> list[str]:
    """The answer's neighbours one step down and up: a number's last digits one apart, a
    letter's next, a decade's ten years ("1990s" → "1980s", "2000s")."""
    decade = _DECADE.match(answer)
    if decade:
        tens = int(decade.group(1))
        return [f"{tens - 10}s", f"{tens + 10}s"]
    m = _LAST_STEP.match(answer)
    if m is None or len(answer) > 12:
        return []
    head, last = m.groups()
    steps = (
        [str(int(last) - 1), str(int(last) + 1)]
        if last.isdigit()
        else [chr(ord(last) - 1), chr(ord(last) + 1)]
    )
    return [head + step for step in steps if step.isalnum()]


def _whole_at(text: str, pos: int, word: str) -> bool:
    """Whether ``word`` is written at ``pos`` as a whole (not the start of "19921" or "1.5")."""
    if not text.startswith(word, pos):
        return False
    rest = text[pos + len(word) : pos + len(word) + 2]
    return not rest[:1].isalnum() and not (rest[:1] in ".," and rest[1:2].isdigit())


_FIGURE_KINDS = frozenset({"quantity", "count", "number", "comparison"})


def _has_word(text: str, key: str) -> bool:
    """Whether ``key`` occurs in ``text`` with no letter or digit touching it on either side."""
    pos = text.find(key)
    while pos >= 0:
        before = text[pos - 1] if pos > 0 else " "
        after = text[pos + len(key)] if pos + len(key) < len(text) else " "
        if not (before.isalnum() or before in "._") and not (after.isalnum() or after == "_"):
            return True
        pos = text.find(key, pos + 1)
    return False


def _enough_left(text: str, chosen: Sequence[Target]) -> bool:
    visible = text
    for t in sorted(chosen, key=lambda t: t.start, reverse=True):
        visible = visible[: t.start] + " " + visible[t.end :]
    content = [w for w in WORD.findall(visible.lower()) if w not in STOPWORDS and len(w) > 2]
    return len(content) >= MIN_VISIBLE_CONTENT_WORDS


# -- the deck -------------------------------------------------------------------------------------
def drop_duplicates(facts: Sequence[tuple[Note, Fact]]) -> set[int]:
    """The ``id()`` of each fact to keep: of facts that hide the same words and share at least
    80% of their words, only the first is kept (once per deck)."""
    kept: set[int] = set()
    # Each kept fact's words, by what it hides. Most facts hide words no other fact does, so a
    # group's first fact keeps its text, split into words only once a second fact needs them.
    seen: dict[tuple[str, ...], list[str | frozenset[str]]] = {}
    for _note, fact in facts:
        key = tuple(sorted(a.lower() for a in fact.answers))
        group = seen.get(key)
        if group is None:
            seen[key] = [fact.text]
            kept.add(id(fact))
            continue
        if isinstance(group[0], str) and len(group) == 1:
            group[0] = _word_set(group[0])
        words = _word_set(fact.text)
        # Bounded, so that thousands of "50%" answers stay linear.
        if any(_overlap(words, other) >= 0.8 for other in group[-200:]):  # type: ignore[arg-type]
            continue
        group.append(words)
        kept.add(id(fact))
    return kept


def _word_set(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(text.lower()))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))
