"""Word lists that stage 3 (:mod:`deckgen.facts`, :mod:`deckgen.targets`, :mod:`deckgen.rewrite`)
reads: function words, units, count nouns, the words that mark a meta sentence or a finding.

Kept apart from the rules so that the rules read as rules. Every list is a ``frozenset`` of
lower-case words, looked up word by word; a rule asks "does the sentence hold one of these?" by
intersecting a sentence's word set with the list, which costs far less than a regular expression
and lets the expensive rules run only where they can match.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """The set of the whitespace-separated words of ``text``: how the lists below are written."""
    return frozenset(text.split())


WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+){0,8}")
"""A word: letters and digits, with inner hyphens or apostrophes ("age-related", "don't")."""


_PUNCTUATION = re.escape(',;:!?()[]{}"“”‘«»…—–*/\\|<>=+~#&%$€£@^`')
"""Characters that separate words as white space does."""
_EDGES = re.escape(".-'’")
"""Characters trimmed from the ends of a word (they may stand inside one: "e.g", "don't")."""
_WORD_OF = re.compile(
    rf"[^\s{_PUNCTUATION}{_EDGES}](?:[^\s{_PUNCTUATION}]*[^\s{_PUNCTUATION}{_EDGES}])?"
)


def words_of(lower: str) -> list[str]:
    """The words of a lower-cased text, punctuation trimmed from their ends: a cheaper
    :data:`WORD` for the rules' word sets (it keeps "e.g", "3.5" and "meta-analysis" whole).

    A word is a run of characters that are neither white space nor punctuation, less the
    ``.-'’`` at its ends.
    """
    return _WORD_OF.findall(lower)


STOPWORDS = words(
    """a an the of and or but nor so yet to in on at by for from with without into onto upon as
    is are was were be been being am it its this that these those they them their theirs there here
    he him his she her hers we us our ours you your yours i me my mine which who whom whose what
    when where why how not no than then also very more most less least much many some any each
    every all both either neither such can could may might will would shall should must do does
    did done has have had having into over under about above below between through during before
    after while because if although though whereas since until unless within across along among
    around out up down off again further once only own same other another just too even still
    ever never often always usually thus hence therefore however"""
)
"""English function words: never a deletion on their own, never a content word."""

COMMON_ENGLISH = words(
    "the of and to in is a that for with as are by on it this be from or which was an at not "
    "have has"
)
"""The commonest English words, used to tell whether a text is in English at all."""

PRONOUNS = words("it they he she this these that those its their his her them him we i you")

NUMBER_WORDS = words(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion dozen half third quarter twice thrice double triple
    single millennia millennium"""
)
"""Words that can begin a written-out quantity ("two to three hours", "twice a week")."""

COUNT_NOUNS = words(
    """cells cell molecules molecule atoms atom electrons electron protons proton neutrons neutron
    chromosomes chromosome genes gene species copies copy pairs pair bases base layers layer
    parts part stages stage phases phase steps step turns turn cycles cycle rounds round sets set
    reps rep sessions session doses dose servings serving meals meal eggs egg drinks drink
    bottles bottle pills pill tablets tablet cigarettes cigarette breaths breath beats beat
    heartbeats heartbeat points point votes vote users user customers customer
    stores store countries country cities city states state languages language words word
    letters letter pages page books book papers paper articles article videos video
    companies company products product apps app teams team players player games game goals
    goal wins win matches match seasons season"""
)
"""Things counted, not measured: in "2 to 4 sessions" the number is the fact and the noun its
cue, so only the number is hidden."""

SAMPLE_NOUNS = words(
    """people persons participants participant patients patient subjects subject adults adult
    children child men women volunteers volunteer individuals individual employees employee
    workers worker students student mice rats animals twins infants babies respondents
    controls cases deaths studies study trials trial athletes runners smokers veterans
    members households families couples nurses doctors physicians soldiers"""
)
"""The people (or studies) a study counts: their number is a sample size, never a card."""

STUDY_WORDS = words(
    """study studies trial trials analysis meta-analysis survey experiment experiments cohort
    review paper sample investigation""",
)
"""Words that make a sentence a report of research, where counts of people are sample sizes."""

LABEL_NOUNS = words(
    """option figure fig chapter episode season part phase step level version page table verse
    surah type class grade stage day week round lesson module section item number no tier
    act scene volume vol issue line row column slide lecture unit problem exercise question
    rule law article clause psalm book"""
)
"""Nouns that a number labels rather than counts ("option 2", "day 3", "chapter 5")."""

EVALUATIVE = words(
    """simple simpler inexpensive cheap low-cost cost-effective useful powerful great good
    important key crucial essential fundamental significant major popular effective valuable
    helpful easy easier attractive excellent interesting fascinating promising critical vital
    big huge serious real natural logical practical reliable convenient remarkable unique
    wonderful amazing incredible perfect ideal best better nice fantastic strong robust
    versatile profound complex complicated difficult hard tricky advanced sophisticated
    conservative aggressive risky safe smart clever"""
)
"""Adjectives of opinion: "X is a simple, low-cost tool" praises X; it does not define it."""

GENERIC_HEADS = words(
    """thing things way ways consequence consequences result results reason reasons part parts
    problem problems idea ideas goal goals key point points question questions example examples
    aspect aspects factor factors benefit benefits advantage advantages issue issues challenge
    challenges difference differences approach approaches step steps answer answers topic
    topics case cases fact facts lesson lessons takeaway takeaways strategy strategies focus
    purpose aim role impact effect effects outcome outcomes finding findings conclusion
    solution solutions option options element elements feature features concept concepts
    principle principles area areas field fields one ones other others rest first second
    third last next main latter former same clue sign hint reminder
    testament way thing concern concerns worry worries mistake mistakes misconception"""
)
"""Head nouns too general to be a defined term ("A natural consequence of ... is ...")."""

FUNCTION_VERBS = words(
    """uses use produces produce converts convert splits split catalyzes catalyses catalyze
    fixes fix releases release absorbs absorb stores store transports transport regulates
    regulate inhibits inhibit activates activate binds bind encodes encode synthesizes
    synthesises synthesize breaks break blocks block triggers trigger drives drive controls
    control generates generate reduces reduce oxidizes oxidize carries carry pumps pump
    secretes secrete signals signal measures measure detects detect encrypts encrypt
    compiles compile executes execute returns return computes compute maps map transfers
    transfer moves move links link connects connect hydrolyzes hydrolyses cleaves cleave
    phosphorylates phosphorylate degrades degrade"""
)
"""Verbs that say what a technical thing does: "Photosystem II splits water" is a fact about
Photosystem II, worth hiding its name."""


DESIGN_VERBS = words(
    """enrolled enrol enrolls randomized randomised randomly assigned recruited tracked followed
    measured compared gave given received ate studied analyzed analysed pooled surveyed included
    involved examined tested monitored"""
)
"""Verbs that describe how a study was run, not what it found."""

RESULT_VERBS = words(
    """found showed shown reported concluded revealed demonstrated observed increased increases
    decreased decreases reduced reduces lowered raised improved improves rose fell declined
    dropped lost gained blunted doubled halved cut boosted predicted associated linked
    correlated led resulted outperformed"""
)
"""Verbs that report what a study found: a sentence with one is a finding, not a design."""
