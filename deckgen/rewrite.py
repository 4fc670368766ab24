"""Make a sentence read on its own: a helper of stage 3 (:mod:`deckgen.facts`).

A card is seen alone, weeks later, so "For instance, it lowered blood pressure" must become
"Early time-restricted feeding lowered blood pressure". The rules, in order:

1. drop leading discourse markers ("For instance,", "However,", "In addition,") and an
   anaphoric lead ("In the same study,");
2. drop a leading "This suggests that" / "This means that" frame, keeping the claim;
3. refuse an expletive "It" ("It takes three turns to ...", "It is important to ...") and a
   "This" that stands for the whole sentence before ("This makes HRV ..."): nothing can
   replace them;
4. replace a leading "It"/"They" (or "Its"/"Their") with what it refers to: the subject of the
   previous sentence when it agrees in number, else the list item's label or the section heading
   when it reads as the name of a thing ("Thalamus", "Crop rotation"), not as a headline of
   common words ("Strong Performance");
5. turn a leading "This X"/"These Xs" into "The X", naming the topic in front when it is not
   already in the sentence, or refuse it when there is no topic to name;
6. tidy the end (a doubled period after an abbreviation).

When no referent can be found the sentence cannot stand alone, and :func:`standalone` says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deckgen.candidates import RARE_ZIPF, is_adverb, zipf
from deckgen.grammar import FINITE_WORDS, VERBS
from deckgen.lexicon import GENERIC_HEADS, NUMBER_WORDS, STOPWORDS, words
from deckgen.types import quick_init

_MARKERS = re.compile(
    r"(?:(?:for (?:instance|example)|e\.g\.|additionally|in addition|moreover|furthermore|"
    r"by contrast|in contrast|on the other hand|similarly|likewise|indeed|notably|importantly|"
    r"interestingly|in fact|overall|specifically|consequently|as a result|"
    r"in other words|finally|first|firstly|second|secondly|third|thirdly|lastly|meanwhile|"
    r"nevertheless|nonetheless|still|instead|conversely|of note|crucially|surprisingly|ultimately|"
    r"in summary|in short|to summarize|in conclusion|again|besides|in particular|in general|"
    r"generally|typically|essentially|basically|put simply|simply put|in turn|as such|"
    r"that said|even so|in practice|in theory|at the same time|to put it simply|as mentioned|"
    r"as noted|as discussed|as a rule|remarkably|plus|now|here|today|"
    r"in (?:the same|that|this|a similar|a related|a follow-up|a later) "
    r"(?:study|trial|experiment|analysis|paper|survey|work|research|cohort|group))\s*,"
    # These few also open a sentence without a comma ("Then it backtracks", "But ice ...").
    r"|(?:however|also|therefore|thus|hence|so|and|but|yet|then)\s*,?)\s+",
    re.IGNORECASE,
)
_FRAMES = re.compile(
    r"(?:this|that|these|which|it)\s(?:(?:finding|result|work|research|evidence|study|data)\s)?"
    r"(?:suggests?|shows?|indicates?|means?|implies|demonstrates?|highlights?|reveals?|confirms?|"
    r"underscores?|emphasizes?)\s(?:that\s)?",
    re.IGNORECASE,
)
_EXPLETIVE = re.compile(
    r"It(?:'s|’s|\sis|\swas|\sremains|\sbecomes|\smay\sbe|\scan\sbe|\swill\sbe|\swould\sbe)\s"
    r"(?:(?:not|also|very|often|still|generally|now|therefore|thus|especially|particularly|widely|"
    r"commonly|quite|so|too|more|less|most|increasingly)\s){0,2}"
    r"(?:important|possible|impossible|necessary|essential|crucial|likely|unlikely|unclear|clear|"
    r"true|thought|believed|known|estimated|assumed|expected|suggested|said|argued|reported|worth|"
    r"noted|predicted|projected|rumou?red|speculated|claimed|advised|"
    r"hard|easy|difficult|best|better|common|rare|interesting|surprising|notable|vital|critical|"
    r"key|advisable|recommended|helpful|useful|wise|fair|safe|tempting|obvious|evident|apparent|"
    r"striking|remarkable|noteworthy|fascinating|essential|time|no\swonder|a\smyth)"
    r"\s(?:(?:for|of)\s(?:[a-z]{1,15}\s){1,3}?|[a-z]{2,15}ing\s)?(?:to|that|whether|how|why|when|if)\b"
    r"|It\s(?:takes|took|turns\sout|follows|pays|seems|appears|is\sbelieved|was\sfound|"
    r"has\sbeen\s(?:shown|found|suggested|argued|estimated|proposed)|is\s(?:here|there|now)\b)"
)
_PRONOUN = re.compile(r"(It|They|He|She)\s(?=[a-z])")
_DETERMINER = re.compile(r"(This|These|That|Those|Such)\s(?=[a-z][\w-]*)")
_DETERMINER_VERB = re.compile(
    r"(?:This|That)\s(?:is|was|can|could|may|might|will|would|has|had|does|did|makes?|creates?|"
    r"allows?|helps?|leads?|causes?|explains?|results?|happens|occurs|means|shows|gives|provides|"
    r"includes|involves|requires|reduces|increases|prevents|enables|[a-z]{2,20}s|[a-z]{2,20}ed|"
    r"also|alone|further|then|often|usually|typically|only|even|effectively|not|in\sturn|led|made|"
    r"took|gave|became|began|meant|brought|kept|left|set|put|let|got|saw|won|lost|cost|drove|grew|"
    r"rose|fell|went|came|ran|paid|sold|built|held|found|showed|shows)\b"
)
_PLURAL_DETERMINER_VERB = re.compile(
    r"(These|Those)\s(?=(?:are|were|have|had|can|could|may|might|will|would|include|help|allow|"
    r"make|provide|show|become|remain)\b)"
)
_POSSESSIVE = re.compile(r"(Its|Their|His|Her)\s(?=[a-z])")
_VERBISH = re.compile(
    r"\s(?:is|are|was|were|has|have|had|can|could|may|might|will|would|shall|should|must|does|do|"
    r"did|remains?|becomes?|became|seems?|appears?|refers?|plays?|produces?|contains?|includes?|"
    r"consists?|uses?|used|makes?|made|acts?|takes?|took|gives?|gave|leads?|led|shows?|showed|"
    r"found|finds|helps?|causes?|allows?|requires?|needs?|lets?|keeps?|works?|occurs?|depends?|"
    r"lost|lose|ate|eat|grew|rose|fell|[a-z]{3,}ed|[a-z]{2,}ly\s[a-z]+(?:s|ed))\b"
)
_SUBJECT_STOP = re.compile(r",(?!\d)|;|:|\s(?:which|who|that|where|when|while)\s")
_LEAD_PHRASE = re.compile(
    r"(?:In|On|At|For|During|After|Before|Across|Among|Within|By|From|Over|Under)\s[^,]{1,60},\s"
)
LEAD_ADVERB = re.compile(r"(?:[A-Z][a-z]{2,20}-wise|[A-Z][a-z]{2,20}ly|In\s[a-z]+)\s?,\s")
"""A sentence adverb with its comma: "Pricing-wise, ", "Historically, ", "In short, "."""
_PREPOSITION = re.compile(
    r"\s(?:from|with|in|at|on|for|by|among|between|across|during|after|before|under|over|then|"
    r"who|which|that)\s"
)
_CHANGE_OF = re.compile(
    r"(?:every|each|a|an|the|any)?\s?(?:[^\s]{1,12}\s){0,3}?(?:decrease|increase|rise|drop|fall|"
    r"reduction|change|gain|loss|decline|improvement)s?\sin\s(.{2,60})$",
    re.IGNORECASE,
)
_SUPERLATIVE_SUBJECT = re.compile(
    r"The\s(?:most|least|main|primary|first|only|best|key|leading|largest|commonest)\b"
)
_COMPLEMENT = re.compile(r"\s(?:is|was)\s(?:the\s|a\s|an\s)?([^,;:.()]{2,60}?)(?=[,;:.(]|$)")
_ABBREV_END = re.compile(r"((?:[a-z]\.){2,}|etc\.|approx\.|vs\.)\.$")
_NOT_A_SUBJECT = words(
    "it they this these that those he she there we i you here such one its their his her our my your"
)
_LEADS = words(
    """as in on at for from with by of to after before during while when if although because
    since until unless however thus so but and or prior despite unlike like about over under
    into through between among within without according"""
)
"""Words that open a phrase, never a noun phrase: "As Chesapeake Capital", "Prior to ..."."""
_GENERAL_TOPICS = frozenset(
    (
        "conclusion|summary|introduction|overview|key points|key takeaways|takeaways|background|"
        "notes|details|discussion|final thoughts|case study|case studies|example|examples|results|"
        "findings|impact|benefits|challenges|insights|key insights|lessons|lessons learned|"
        "application|applications|context|history|origins|outcome|outcomes|implications|"
        "significance|key concepts|features|key features|advantages|disadvantages|limitations|"
        "definition|usage|rationale|reason|reasons|purpose|goal|goals|mechanism|process|method|"
        "approach|strategy|tip|tips|note|warning|caveat|pros|cons|cost|costs|pricing|performance|"
        "result|solution|problem|the problem|the solution"
    ).split("|")
)
"""Headings that name a part of a note, not a thing a pronoun could stand for."""


@quick_init
@dataclass(frozen=True, slots=True)
class Rewrite:
    """The result of :func:`standalone`."""

    text: str
    """The sentence as the card shows it."""
    cut: int
    """How many characters were dropped from the front of the original."""
    prefix: int
    """How many characters were put in front of what is left."""
    end: int
    """Where the kept part of the original ends (exclusive), in the original's positions."""
    problem: str | None = None
    """Why the sentence cannot stand alone, when it cannot."""
    referent: bool = False
    """True when the prefix is the referent of a pronoun (the sentence's subject); False when it
    is a topic put in front ("Dopamine: the elevation ...") or there is none."""
    dropped: str = ""
    """The leading words that were dropped ("However, "), for --explain."""

    def shift(self, pos: int) -> int:
        """The position in :attr:`text` of position ``pos`` of the original (if kept)."""
        return pos - self.cut + self.prefix

    @property
    def note(self) -> str:
        """What was changed, for --explain: "" when nothing was."""
        parts: list[str] = []
        if self.dropped.strip():
            parts.append(f"dropped '{self.dropped.strip()}'")
        if self.prefix > 1:
            parts.append(f"'{self.text[: self.prefix]}' in front")
        return "; ".join(parts)


def _refuse(text: str, problem: str) -> Rewrite:
    return Rewrite(text, 0, 0, len(text), problem)


def standalone(
    text: str,
    previous: str | None,
    label: str | None,
    section: tuple[str, ...],
) -> Rewrite:
    """Rewrite a sentence so that it reads without the sentences around it.

    ``previous`` is the sentence before it in the same list item or paragraph (or None);
    ``label`` and ``section`` are its list item's label and the headings above it.
    """
    cut = 0
    end = len(text)
    if (
        text.endswith("..")
        and not text.endswith("...")
        and _ABBREV_END.search(text, len(text) - 12)
    ):
        end -= 1
    for _ in range(3):
        marker = _MARKERS.match(text, cut)
        if not marker or marker.end() >= end:
            break
        cut = marker.end()
    frame = _FRAMES.match(text, cut)
    if frame and frame.end() < end:
        cut = frame.end()
    body = text[cut:end]
    if not body.strip():
        return _refuse(text, "nothing left after the leading words")
    lead = 0
    if cut and body[0].islower() and not _keeps_lowercase(body):
        body = body[0].upper() + body[1:]  # "However, it ..." → "It ..."
        lead = 1
    if _EXPLETIVE.match(body):
        return _refuse(
            text, 'starts with an empty "It" ("It takes", "It is ... to") that names nothing'
        )
    if previous is None and label and _describes_label(body, label):
        # "**Spiral**: An AI-powered prompt builder that ..." → "Spiral is an AI-powered ...".
        front = f"{label} is {body[0].lower()}"
        return Rewrite(
            front + body[1:], cut + lead + 1, len(front), end, referent=True, dropped=text[:cut]
        )
    if _DESCRIPTION.match(body) and _VERBISH.search(body) is None:
        return _refuse(text, "a description that never names what it describes (no verb)")
    if body.startswith(("It's ", "It’s ")):
        referent = _referent("It", previous, label, section, body[4:])
        if referent is None:
            return _refuse(text, 'starts with "It\'s" and no referent was found')
        front = referent + " is"
        return Rewrite(
            front + body[4:], cut + 4, len(front), end, referent=True, dropped=text[:cut]
        )
    subject = _PRONOUN.match(body) or _PLURAL_DETERMINER_VERB.match(body)
    if subject:
        word = subject.group(1)
        # "These are the most harmful": "These" stands for things named before, like "They".
        stands_for = "They" if word in ("These", "Those") else word
        referent = _referent(stands_for, previous, label, section, body[len(word) :])
        if referent is None:
            return _refuse(text, f'starts with "{word}" and no referent was found')
        return Rewrite(
            referent + body[len(word) :],
            cut + len(word),
            len(referent),
            end,
            referent=True,
            dropped=text[:cut],
        )
    possessive = _POSSESSIVE.match(body)
    if possessive:
        word = possessive.group(1)
        pronoun = "It" if word == "Its" else "They"
        referent = _referent(pronoun, previous, label, section, body[len(word) :], owner=True)
        if referent is None:
            return _refuse(text, f'starts with "{word}" and no referent was found')
        owner = referent + ("'" if referent.endswith("s") else "'s")
        # The owner is context, not the sentence's subject: it is not something to hide.
        return Rewrite(
            owner + body[len(word) :], cut + len(word), len(owner), end, dropped=text[:cut]
        )
    if _DETERMINER_VERB.match(body):
        return _refuse(text, 'starts with "This" standing for the sentence before')
    determiner = _DETERMINER.match(body)
    if determiner and _verb_after(determiner.group(1), body[determiner.end() :]):
        # "These underpin ...", "This directly shapes ...": no noun follows, so the word stands
        # for the sentence before; "Topic: the underpin ..." would be garbled.
        return _refuse(
            text, f'starts with "{determiner.group(1)}" standing for the sentence before'
        )
    if determiner:
        drop = len(determiner.group(1))
        rest = body[drop:]
        noun = _bare_noun(rest)
        topic = _topic(label, section)
        if topic is None:
            return _refuse(text, f'starts with "{determiner.group(1)} ..." and no topic to name')
        mentioned = _mentions(rest, topic)
        if mentioned and noun in _GENERIC_SUBJECT_NOUNS:
            # "This figure is even higher ...": "The figure" cannot say which figure; with
            # the topic in front ("Weekly dose: the total ...") it can.
            return _refuse(
                text, f'starts with "{determiner.group(1)} {noun}", too general to name anything'
            )
        front = "The" if mentioned else f"{topic}: the"
        return Rewrite(front + rest, cut + drop, len(front), end, dropped=text[:cut])
    if lead:
        return Rewrite(body, cut + 1, 1, end, dropped=text[:cut])
    return Rewrite(body, cut, 0, end, dropped=text[:cut])


_GENERIC_LABEL_WORDS = words(
    """insight insights overview summary example examples definition purpose function role impact
    benefit benefits key takeaway takeaways point points idea ideas note notes tip tips context
    background result results conclusion feature features process method approach strategy
    concept goal problem solution challenge advantage disadvantage limitation application use
    usage mechanism importance significance description structure properties types cause causes
    effect effects risk risks step steps factor factors option options question questions
    answer answers comment comments update updates discussion agenda action actions item items
    pathophysiology symptoms diagnosis treatment epidemiology etiology aetiology management
    prognosis complications presentation pathogenesis investigations signs"""
)
"""Words that make a label or heading name a part of a note ("Key Benefits", "Questions to
Vishesh", "Pathophysiology") rather than a thing a pronoun could stand for."""
_DESCRIPTION = re.compile(r"An?\s(?:[\w'’-]+\s){0,4}?[\w'’-]+\s(?:that|which|who|used|designed)\s")


def _describes_label(body: str, label: str) -> bool:
    """Whether a list item's first sentence is a bare description of its label: "An AI-powered
    prompt builder that converts ..." under **Spiral**, a noun phrase with no verb of its own."""
    # (The pattern first: it fails at once on most sentences, which open with no "A"/"An".)
    return (
        _DESCRIPTION.match(body) is not None
        and 1 <= len(label.split()) <= 3
        and _names_a_thing(label, 3)
        and all(w[:1].isupper() or w[:1].isdigit() for w in label.split())
        and not _generic(label)
        and _VERBISH.search(body) is None
    )


def _verb_after(determiner: str, rest: str) -> bool:
    """Whether the word after "This"/"These" is a verb or an adverb rather than a noun: a modal
    ("These cannot"), an adverb ("This directly ..."), or after "These"/"Those" a verb's plain
    form ("These underpin")."""
    word = rest.split(" ", 1)[0].lower().strip(",")
    if word in FINITE_WORDS or is_adverb(word):
        return True
    return determiner in ("These", "Those") and word in VERBS


def _keeps_lowercase(body: str) -> bool:
    """Words such as "mTOR" or "eTRF" keep their first letter small."""
    word = body.split(" ", 1)[0]
    return any(c.isupper() for c in word[1:])


def _topic(label: str | None, section: tuple[str, ...]) -> str | None:
    """What a passage is about: its list label, else its innermost heading, when it reads as the
    name of a thing (short, not a question, no numbering, no "and" joining two topics)."""
    if label and _names_a_thing(label, 6) and not _generic(label):
        return label
    if section and _names_a_thing(section[-1], 4) and " and " not in section[-1]:
        return None if _generic(section[-1]) else section[-1]
    return None


def _generic(phrase: str) -> bool:
    """Whether a heading or label names a kind of passage ("Key Examples", "Modern Application")
    rather than a thing a sentence could be about. A term with its acronym ("Key Results
    (KRs)") names a thing."""
    if _ACRONYM_AFTER.search(phrase):
        return False
    return any(
        w in _GENERIC_LABEL_WORDS or (w.endswith("s") and w[:-1] in _GENERIC_LABEL_WORDS)
        for w in phrase.lower().split()
    )


def _names_a_thing(phrase: str, most: int) -> bool:
    first = phrase.split(" ", 1)[0]
    lowered = f" {phrase.lower()} "
    return (
        1 <= len(phrase.split()) <= most
        and not phrase.endswith("?")
        and ":" not in phrase
        and "/" not in phrase
        and " vs" not in lowered
        and " versus " not in lowered
        and phrase.lower() not in _GENERAL_TOPICS
        and first.lower() not in _QUESTION_WORDS
        and not first.rstrip(".)").isdigit()
        and not (len(phrase.split()) == 1 and phrase.lower().endswith("ly"))
    )


_ACRONYM_AFTER = re.compile(r"\s\([A-Z][A-Za-z0-9-]{1,10}\)$")
_QUESTION_WORDS = words("how why what when where who which whether should can does do is are")


def _mentions(text: str, topic: str) -> bool:
    """Whether every content word of the topic is already in the text."""
    found = [w for w in re.findall(r"[a-z0-9]+", topic.lower()) if len(w) > 2]
    lowered = text.lower()
    return bool(found) and all(w in lowered for w in found)


def _referent(
    pronoun: str,
    previous: str | None,
    label: str | None,
    section: tuple[str, ...],
    rest: str = "",
    *,
    owner: bool = False,
) -> str | None:
    """What a leading pronoun stands for, or None.

    ``rest`` is the sentence after the pronoun; ``owner`` is True for "Its"/"Their". The
    candidates, in order: the previous sentence's subject, then (not for "He"/"She") the list
    label and the innermost heading. A candidate must be a short noun phrase; a label or heading
    must not be the aspect the sentence talks about ("Valuation: its valuation ..."), and must
    name a person, group or organisation when the verb wants one ("found that", "argued").
    """
    plural = pronoun == "They"
    person = pronoun in ("He", "She")
    wants_agent = not owner and _wants_agent(rest)
    candidates: list[tuple[str, bool]] = []
    subject = subject_of(previous) if previous else None
    if subject and previous is not None and _speaker_line(previous, subject):
        subject = None  # "Dana: I've read about X. It's ...": Dana is who speaks, not "It"
    if subject:
        candidates.append((subject, False))
    if not person and not _spoken(previous, rest):
        if label and _names_a_thing(label, 6) and not _generic(label):
            candidates.append((label, True))
        heading = section[-1] if section else ""
        if (
            heading
            and _names_a_thing(heading, 4)
            and " and " not in heading
            and not _generic(heading)
        ):
            candidates.append((heading, True))
    for candidate, context in candidates:
        if not candidate or len(candidate.split()) > 8 or candidate.endswith("?"):
            continue
        if candidate.split(" ", 1)[0].lower() in _LEADS or '"' in candidate:
            continue  # a label such as 'Prior to "Squid Game"' is not a noun phrase
        if not is_noun_phrase(candidate):
            continue
        if owner and _BY_EXAMPLES.search(candidate):
            continue  # "Urban centers like Tikal and Copán's writing": the 's owns the example
        if person:
            if _looks_like_name(candidate):
                return candidate
            continue
        if context and (
            _not_this_topic(candidate, rest, wants_agent)
            or not _may_stand_for_it(candidate, previous)
        ):
            continue
        if _is_plural(candidate) == plural:
            return _sentence_case(candidate)
    return None


_BY_EXAMPLES = re.compile(r"\s(?:like|such as|including)\s")
"""A group named by its examples ("Urban centers like Tikal and Copán"): no owner for "Their"."""
_FIRST_PERSON = re.compile(
    r"(?:^|\s|\()(?:I(?:'|’|\s(?=[a-z]))|(?:[Mm]y|me)(?=[\s,.;:!?)]|$))"
    r"|^(?:Yeah|Yes|Well|Okay|OK|Sure),"
)
"""A speaker's own words: "I've done", "my view", or an answer opening with "Yeah," or
"Well,". ("we" and "our" are left out: prose says "our solar system" too.)"""


def _speaker_line(sentence: str, subject: str) -> bool:
    """Whether ``subject`` is a speaker's name before a colon and their own words ("Dana
    Ruiz: I've read ...")."""
    words = sentence[len(subject) + 1 :].lstrip()
    return sentence.startswith(subject + ":") and _spoken(words, "")


def _spoken(previous: str | None, rest: str) -> bool:
    """Whether the passage is someone speaking ("Charles: I've looked at SourceCred. It's a
    toolbox ..."): then a list label or heading names the speaker or the question, never what
    "It" stands for; only the previous sentence can say that."""
    return _FIRST_PERSON.search(rest) is not None or (
        previous is not None and _FIRST_PERSON.search(previous) is not None
    )


def _not_this_topic(candidate: str, rest: str, wants_agent: bool) -> bool:
    """Whether a label or heading cannot be what the pronoun stands for: it joins two topics
    ("Growth & Valuation"), names what the sentence talks about ("Valuation: Its valuation
    ..."), or names no one while the verb wants someone ("Anesthesia: They found ...")."""
    return (
        " & " in candidate
        or _repeats_head(candidate, rest)
        or (wants_agent and not _is_agent(candidate))
    )


def _looks_like_name(phrase: str) -> bool:
    words = phrase.replace("Dr.", "").replace("Prof.", "").split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words)


_AUXILIARIES = words(
    "is are was were has have had does do did can could may might will would shall should must"
)
_VERB_THEN_OBJECT = re.compile(
    r"\b[A-Za-z][a-z]{2,}(?<!ss)(?<!us)(?<!is)s\s(?:a|an|the|its|their|his|her|our|my|your|this|"
    r"that|these|those|some|no|every|each|up|out|[a-z]{3,}ly|[$€£]?\d)(?![\w-])"
    r"|\b[a-z]{2,}(?:ides|izes|ises|ifies)\s[a-z]"
)
"""A present-tense verb with what follows it: "faces perfectly", "treats its", "provides fair"."""
_NOT_GERUNDS = words("spring string thing king ring wing sibling beijing boeing sterling")


def _is_gerund(word: str) -> bool:
    """Whether a (lowercased) word is an -ing form of a verb ("investing", "fine-tuning")."""
    last = word.rsplit("-", 1)[-1]
    return len(last) > 5 and last.endswith("ing") and last not in _NOT_GERUNDS


_OPEN_END = words(
    "a an the of and or to for with in on at by from as its their his her also then still now"
)
_TRAILING_ADVERBS = words("also then still now often already even later first initially")
_NOT_NOUN_START = words(
    """even just only also still similar different compared related unlike like what how why
    which who whose when where"""
)


def is_noun_phrase(phrase: str) -> bool:
    """Whether ``phrase`` reads as a short noun phrase that can stand for a pronoun: no verb
    ("The Sphinx faces due east", "Burnout is Not Permanent", "Has grown revenue"), no lone
    adverb or participle ("Currently", "Established"), no open end ("The bed features a") and
    balanced parentheses."""
    found = phrase.split()
    if not found or phrase.count("(") != phrase.count(")"):
        return False
    first = found[0].lower()
    if first in _AUXILIARIES or first in _NOT_NOUN_START or found[-1].lower() in _OPEN_END:
        return False
    if len(found) > 1 and _is_gerund(first):
        return False  # "Investing in BlackRock", "Understanding MDMA": an activity, a title
    if (
        len(found) == 1
        and len(first) > 4
        and first.endswith(("ly", "ed"))
        and not first.endswith("eed")
    ):
        return False
    return _VERBISH.search(f" {phrase} ") is None and _VERB_THEN_OBJECT.search(phrase) is None


_AGENT_VERBS = words(
    """found find finds said say says argued argue argues believe believes believed recommend
    recommends recommended reported report reports noted note notes explained explain explains
    suggested suggests claimed claim claims stated states advised advise advises warned warn warns
    emphasized emphasizes emphasised emphasises stressed stresses contrasted contrasts thought
    think thinks considered considers acknowledged acknowledges described describes observed
    observes concluded concludes wrote writes recalled recalls admitted admits insisted insists
    urged urges criticized criticizes criticised criticises critiqued critiques likened likens
    decided decides chose chooses felt feels hoped hopes wanted wants asked asks told tells
    announced announces predicted predicts estimated estimates proposed proposes discovered
    discovers studied studies investigated investigates analyzed analyzes interviewed surveyed
    learned learns realized realizes mentioned mentions shared shares"""
)
"""Verbs whose subject is someone (a person, a team, a study): "found that", "argued"."""
_AGENT_HEADS = words(
    """people researchers scientists authors author experts expert investors investor doctors
    doctor physicians physician participants team teams company companies firm firms group
    groups government governments agency agencies university universities institute study
    studies trial trials survey surveys report reports paper papers analysis review reviews
    founders founder users customers analysts analyst economists economist officials critics
    students student workers employees members leaders scholars historians engineers developers
    writers reporters journalists organization organisation organizations organisations
    committee council board panel court lab labs laboratory startup startups bank banks fund
    funds partners parents children women men adults patients subjects respondents volunteers
    athletes players fans viewers creators host hosts guest guests speaker speakers"""
)
_ORGANISATION_WORDS = words(
    """inc inc. corp corp. ltd ltd. llc co. company university institute foundation association
    society agency bank capital group partners labs council commission department ministry
    committee board school college hospital clinic center centre"""
)


def _wants_agent(rest: str) -> bool:
    """Whether the verb after a pronoun needs someone as its subject ("They found that ...")."""
    found = rest.split(None, 3)[:3]
    for word in found:
        low = word.lower().strip(",")
        if low in _AGENT_VERBS:
            return True
        if low not in (
            "also",
            "further",
            "then",
            "later",
            "once",
            "recently",
            "previously",
        ) and not (low.endswith("ly") and len(low) > 4):
            return False
    return False


_NAME_CAPITALS = re.compile(r"[A-Z][A-Z0-9]|[a-z][A-Z]")


def _is_agent(phrase: str) -> bool:
    """Whether a label or heading names someone who can find, say or argue: a titled person
    ("Dr. Lopez"), a group of people, an organisation or a study, or a name such as "NASA" or
    "OpenAI"."""
    found = phrase.replace("Dr.", "Dr").replace("Prof.", "Prof").split()
    lowered = [w.lower().strip("(),") for w in found]
    if any(w in _AGENT_HEADS or w in _ORGANISATION_WORDS for w in lowered):
        return True
    if found[0] in ("Dr", "Prof", "Professor", "Mr", "Mrs", "Ms", "Sir"):
        return True
    # (A label such as "Soil Chemistry" is written like a name: capitals say nothing here.)
    # "NASA", "OpenAI": capitals side by side or inside a word; not "Cost-Effectiveness".
    return len(found) == 1 and _NAME_CAPITALS.search(found[0]) is not None


_NAME_MARK = re.compile(rf"\d|{_NAME_CAPITALS.pattern}")


def _may_stand_for_it(label: str, previous: str | None) -> bool:
    """Whether a list label or heading may be what a leading "It"/"They" stands for: it reads
    as a name (:func:`_names_something`), names someone, or the sentence before names it
    ("Positive lightning starts high in the cloud" under **Positive Lightning**)."""
    return (
        _names_something(label)
        or _is_agent(label)
        or (previous is not None and label.lower() in previous.lower())
    )


def _names_something(phrase: str) -> bool:
    """Whether a label or heading reads as the name of one thing rather than of a quality or an
    aspect of the note's topic: it holds a rare or unknown word ("Thalamus", "Yosenju"), a
    digit, an acronym or a capital inside a word ("iPhone"), or it is a phrase written in
    sentence case, as a term is ("Crop rotation"). A headline-style label of common words
    ("Simplicity", "Strong Performance", "Business Model"), under a note on one company or
    product, names what the sentence says about that topic: put for "It", it makes nonsense
    ("Simplicity is a ... instrument")."""
    if _NAME_MARK.search(phrase):
        return True
    found = re.findall(r"[^\W\d_]+", phrase)
    if any(zipf(w.lower()) < RARE_ZIPF for w in found):
        return True
    return len(found) > 1 and any(w[0].islower() and w not in STOPWORDS for w in found[1:])


def _repeats_head(candidate: str, rest: str) -> bool:
    """Whether a label's last word comes back early in the sentence ("Valuation: Its valuation
    has dropped", "Latency: It achieves a latency of ..."): the label names what the sentence
    talks about, not who or what it is about. A definition ("Callable Functions: They are
    serverless functions") may repeat it."""
    head = candidate.split("(", 1)[0].split()
    if not head:
        return False
    word = head[-1].lower().rstrip("s")
    if len(word) <= 2:
        return False
    early = re.findall(r"[a-z][a-z-]*", rest.lower())[:6]
    repeated = [i for i, w in enumerate(early) if w.rstrip("s") == word]
    if not repeated:
        return False
    return not (early[0] in ("is", "are") and repeated[0] <= 4)


_GENERIC_SUBJECT_NOUNS = GENERIC_HEADS | words(
    """figure figures number numbers amount amounts value values percentage percentages rate
        rates level levels ratio ratios total totals sum count statistic statistics data one
        method methods process processes perspective principle notion situation scenario move
        trend pattern variable version model system tool technique practice phenomenon"""
)
"""Nouns that, bare after "This", say nothing about what they stand for without a topic."""


_IRREGULAR_PAST = words(
    """led made took gave became began meant brought kept left set put let got saw won lost cost
    drove grew rose fell went came ran paid sold built held found showed stood"""
)


def _bare_noun(rest: str) -> str:
    """The noun after "This"/"These" when it stands alone before the verb ("This figure is
    even higher" gives "figure"), else ""."""
    found = rest.split(None, 2)
    if len(found) < 2:
        return ""
    noun = found[0].lower().strip(",;:")
    after = found[1].lower()
    if (
        found[0][-1:] in ",;:"
        or after in _AUXILIARIES
        or after in _IRREGULAR_PAST
        or _VERBISH.match(f" {after} ") is not None
        or (after.endswith("s") and not after.endswith("ss"))
    ):
        return noun
    return ""


def subject_of(sentence: str) -> str | None:
    """The grammatical subject of a simple sentence ("C4 plants, such as corn, ..." → "C4 plants").

    A cheap approximation: skip a leading prepositional phrase, then take the words before the
    first verb, comma or relative pronoun, and cut them at the first preposition ("Eight
    participants from that study" → "Eight participants"). "A 5 kg decrease in grip strength"
    gives "grip strength"; "The most widely used metric is RMSSD" gives "RMSSD". None when that
    is not a short noun phrase.
    """
    text = sentence
    lead = _LEAD_PHRASE.match(text) or LEAD_ADVERB.match(text)
    if lead:
        text = text[lead.end() :]
    verb = _VERBISH.search(text)
    stop = _SUBJECT_STOP.search(text)
    ends = [m.start() for m in (verb, stop) if m is not None]
    if not ends:
        return None
    if lead and stop is not None and (verb is None or stop.start() < verb.start()):
        # "For subjects like Skin, Anesthesia, Radiology, ..., he relied on": the first comma
        # after a lead phrase may sit inside it, so what comes before it is no subject.
        return None
    subject = text[: min(ends)].strip()
    if _SUPERLATIVE_SUBJECT.match(subject):
        complement = _COMPLEMENT.search(text)
        return complement.group(1).strip() if complement else None
    change = _CHANGE_OF.match(subject)
    if change:
        subject = change.group(1).strip()
    cut = _PREPOSITION.search(f" {subject} ")
    if cut and cut.start() > 0:
        subject = subject[: cut.start()].strip()
    found = subject.split()
    while len(found) > 1 and found[-1] in _TRAILING_ADVERBS:
        found.pop()  # "The Homebuilders Index also began": "also" goes with the verb
        subject = " ".join(found)
    if (
        len(found) >= 2
        and found[-1].islower()
        and found[-1].endswith("s")
        and found[-2][:1].isupper()
        and not any(c.isdigit() for c in found[-2])
        and sum(1 for c in found[-2] if c.isupper()) == 1
        and found[-2].lower() not in NUMBER_WORDS
        and found[-2].lower() not in ("the", "a", "an", "these", "those", "some", "many", "most")
    ):
        found.pop()  # "Lux Capital acknowledges": a verb the list above does not know
        subject = " ".join(found)
    if not found or len(found) > 7:
        return None
    first = found[0].lower()
    if (
        first in _NOT_A_SUBJECT
        or first in _LEADS
        or first.split("'", 1)[0].split("’", 1)[0] in _NOT_A_SUBJECT
        or not any(c.isalpha() for c in subject)
    ):
        return None  # "As Chesapeake Capital", "In 2015": not a noun phrase
    return subject


def _is_plural(phrase: str) -> bool:
    words = phrase.split("(", 1)[0].split()
    if not words:
        return False
    if " and " in f" {phrase.lower()} ":
        return True
    head = words[-1].strip("(),").lower()
    if head in (
        "people",
        "children",
        "men",
        "women",
        "mice",
        "data",
        "bacteria",
        "teeth",
        "feet",
        "cattle",
        "fungi",
        "criteria",
        "phenomena",
    ):
        return True
    return (
        head.endswith("s")
        and not head.endswith(("ss", "us", "is", "sis", "ics", "ous"))
        and len(head) > 3
    )


def _sentence_case(phrase: str) -> str:
    first = phrase[0]
    if first.islower() and not _keeps_lowercase(phrase):
        return first.upper() + phrase[1:]
    return phrase
