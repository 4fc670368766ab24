"""Make a sentence read on its own: a helper of stage 3 (:mod:`deckgen.facts`).

A card is seen alone, weeks later, so "For instance, it lowered blood pressure" must become
"Early time-restricted feeding lowered blood pressure". The rules, in order:

1. drop a leading discourse marker ("For instance,", "However,", "In addition,");
2. drop a leading "This suggests that" / "This means that" frame, keeping the claim;
3. replace a leading "It"/"They" with what it refers to: the subject of the previous sentence
   when it agrees in number, else the list item's label or the section heading;
4. turn a leading "This X"/"These Xs" into "The X", naming the topic in front when it is not
   already in the sentence;
5. tidy the end (a doubled period after an abbreviation).

When no referent can be found the sentence cannot stand alone, and :func:`standalone` says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKERS = re.compile(
    r"(?:for (?:instance|example)|e\.g\.|however|also|additionally|in addition|moreover|furthermore|"
    r"by contrast|in contrast|on the other hand|similarly|likewise|indeed|notably|importantly|"
    r"interestingly|in fact|overall|specifically|therefore|thus|hence|consequently|as a result|"
    r"in other words|finally|first|firstly|second|secondly|third|thirdly|lastly|meanwhile|"
    r"nevertheless|nonetheless|still|instead|conversely|of note|crucially|surprisingly|ultimately|"
    r"in summary|in short|to summarize|in conclusion|again|besides|in particular|in general|"
    r"generally|typically|essentially|basically|put simply|simply put|in turn|as such|"
    r"that said|even so|in practice|in theory|at the same time|to put it simply|as mentioned|"
    r"as noted|as discussed|as a rule|plus|so|and|but|yet|then|now|here|today)\s*,?\s+",
    re.IGNORECASE,
)
_FRAMES = re.compile(
    r"(?:this|that|these|which|it)\s(?:(?:finding|result|work|research|evidence|study|data)\s)?"
    r"(?:suggests?|shows?|indicates?|means?|implies|demonstrates?|highlights?|reveals?|confirms?|"
    r"underscores?|emphasizes?)\s(?:that\s)?",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"(It|They|He|She)\s(?=[a-z])")
_DETERMINER = re.compile(r"(This|These|That|Those|Such)\s(?=[a-z][\w-]*)")
_DETERMINER_VERB = re.compile(
    r"(?:This|That)\s(?:is|was|can|could|may|might|will|would|has|had|does|did|makes?|creates?|allows?|"
    r"helps?|leads?|causes?|explains?|results?|happens|occurs|means|shows|gives|provides|"
    r"includes|involves|requires|reduces|increases|prevents|enables)\b"
)
_POSSESSIVE = re.compile(r"(Its|Their|His|Her)\s(?=[a-z])")
_VERBISH = re.compile(
    r"\s(?:is|are|was|were|has|have|had|can|could|may|might|will|would|shall|should|must|does|do|did|"
    r"remains?|becomes?|became|seems?|appears?|refers?|plays?|produces?|contains?|includes?|consists?|"
    r"uses?|used|makes?|made|acts?|takes?|took|gives?|gave|leads?|led|shows?|showed|found|finds|"
    r"helps?|causes?|allows?|requires?|needs?|lets?|keeps?|helps?|works?|occurs?|depends?|"
    r"[a-z]{3,}ed|[a-z]{2,}ly\s[a-z]+(?:s|ed))\b"
)
_SUBJECT_STOP = re.compile(r",|\s(?:which|who|that|where|when|while)\s")
_LEAD_PHRASE = re.compile(
    r"(?:In|On|At|For|During|After|Before|Across|Among|Within|By|From|Over|Under)\s[^,]{1,60},\s"
)
_ABBREV_END = re.compile(r"((?:[a-z]\.){2,}|etc\.|approx\.|vs\.)\.$")

_DETERMINERS = ("the ", "a ", "an ")


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

    def shift(self, pos: int) -> int:
        """The position in :attr:`text` of position ``pos`` of the original (if kept)."""
        return pos - self.cut + self.prefix


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
    m = _ABBREV_END.search(text)
    if m:
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
    if not body:
        return Rewrite(text, 0, 0, len(text), "nothing left after the leading words")
    topic = _topic(label, section)
    pronoun = _PRONOUN.match(body)
    if pronoun:
        referent = _referent(pronoun.group(1), previous, label, section)
        if referent is None:
            return Rewrite(
                text, 0, 0, len(text), f'starts with "{pronoun.group(1)}" and no referent was found'
            )
        drop = len(pronoun.group(1))
        return Rewrite(referent + body[drop:], cut + drop, len(referent), end)
    possessive = _POSSESSIVE.match(body)
    if possessive:
        referent = _referent(
            "It" if possessive.group(1) == "Its" else "They", previous, label, section
        )
        if referent is None:
            return Rewrite(
                text,
                0,
                0,
                len(text),
                f'starts with "{possessive.group(1)}" and no referent was found',
            )
        owner = referent + ("'" if referent.endswith("s") else "'s")
        drop = len(possessive.group(1))
        return Rewrite(owner + body[drop:], cut + drop, len(owner), end)
    if _DETERMINER_VERB.match(body):
        if topic is None:
            return Rewrite(
                text, 0, 0, len(text), 'starts with "This" referring to the sentence before'
            )
        lead = f"{topic}: this"
        return Rewrite(lead + body[4:], cut + 4, len(lead), end)
    determiner = _DETERMINER.match(body)
    if determiner:
        drop = len(determiner.group(1))
        rest = body[drop:]
        lead = f"{topic}: the" if topic is not None and not _mentions(rest, topic) else "The"
        return Rewrite(lead + rest, cut + drop, len(lead), end)
    if cut:
        first = body[0]
        if first.islower() and not _keeps_lowercase(body):
            capital = first.upper()
            return Rewrite(capital + body[1:], cut + 1, 1, end)
    return Rewrite(body, cut, 0, end)


def _keeps_lowercase(body: str) -> bool:
    """Words such as "mTOR" or "eTRF" keep their first letter small."""
    word = body.split(" ", 1)[0]
    return any(c.isupper() for c in word[1:])


def _topic(label: str | None, section: tuple[str, ...]) -> str | None:
    """What a passage is about: its list label, else its innermost heading, if short enough."""
    for candidate in (label, section[-1] if section else None):
        if (
            candidate
            and 1 <= len(candidate.split()) <= 6
            and not candidate.endswith("?")
            and candidate.lower()
            not in ("conclusion", "summary", "introduction", "overview", "key points")
        ):
            return candidate
    return None


def _mentions(text: str, topic: str) -> bool:
    words = [w for w in re.findall(r"[a-z0-9]+", topic.lower()) if len(w) > 2]
    lowered = text.lower()
    return bool(words) and any(w in lowered for w in words)


def _referent(
    pronoun: str, previous: str | None, label: str | None, section: tuple[str, ...]
) -> str | None:
    plural = pronoun == "They"
    candidates: list[str] = []
    subject = subject_of(previous) if previous else None
    if subject:
        candidates.append(subject)
    if label:
        candidates.append(label)
    if section:
        candidates.append(section[-1])
    for candidate in candidates:
        if candidate and len(candidate.split()) <= 8 and _is_plural(candidate) == plural:
            return _sentence_case(candidate)
    return None


def subject_of(sentence: str) -> str | None:
    """The grammatical subject of a simple sentence ("C4 plants, such as corn, ..." → "C4 plants").

    A cheap approximation: skip a leading prepositional phrase, then take the words before the
    first verb, comma or relative pronoun. None when that is not a short noun phrase.
    """
    text = sentence
    lead = _LEAD_PHRASE.match(text)
    if lead:
        text = text[lead.end() :]
    verb = _VERBISH.search(text)
    stop = _SUBJECT_STOP.search(text)
    ends = [m.start() for m in (verb, stop) if m is not None]
    if not ends:
        return None
    subject = text[: min(ends)].strip()
    words = subject.split()
    if not words or len(words) > 7:
        return None
    first = words[0].lower()
    if first in (
        "it",
        "they",
        "this",
        "these",
        "that",
        "those",
        "he",
        "she",
        "there",
        "we",
        "i",
        "you",
    ):
        return None
    if not any(c.isalpha() for c in subject):
        return None
    return subject


def _is_plural(phrase: str) -> bool:
    words = phrase.split()
    if not words:
        return False
    if " and " in f" {phrase.lower()} ":
        return True
    head = words[-1].strip("()").lower()
    if head.endswith(")") or "(" in words[-1]:
        head = words[-2].lower() if len(words) > 1 else head
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
