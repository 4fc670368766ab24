"""Is a sentence a whole statement? Cheap grammar tests for stage 3 (:mod:`deckgen.facts`).

A card needs a subject and a finite verb: "Quadrupling the buyback tax to 4%." (no verb),
"Trades at 13 times earnings." (no subject) and "... compared to" (cut off) cannot be recalled
from. There is no parser here: a few hundred common verbs, the auxiliaries, irregular past forms
and the -s/-ed endings, each guarded by the word before it ("the costs" is a noun, "it costs" a
verb). The tests lean towards finding a verb: a missed fragment costs one poor card, a statement
taken for a fragment costs a good one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from deckgen.lexicon import NUMBER_WORDS, STOPWORDS, words, words_of

FINITE_WORDS = words(
    """is are was were am isn't aren't wasn't weren't has have had hasn't haven't hadn't do does
    did don't doesn't didn't can can't cannot could couldn't may might will won't would wouldn't
    shall should shouldn't must mustn't it's that's there's here's what's he's she's who's
    let's i'm you're we're they're i've you've we've they've i'll you'll we'll they'll it'll
    i'd you'd we'd they'd he'd she'd"""
)
"""Words that are always a finite verb (or hold one): a sentence with one has a verb."""

IRREGULAR_PAST = words(
    """went came took made gave found became began rose fell grew got saw knew thought brought
    bought built held kept left led lost meant met paid ran said sold sent spent stood told won
    wrote drove ate fought flew forgot hid lay laid lit rode sang sank sat slept spoke stole
    struck swam taught threw understood woke wore withdrew arose awoke bore beat bent bit bled
    blew broke bred caught chose clung crept dealt dug drew drank fed felt fled flung forgave
    froze hung heard knelt leapt lent overcame overtook rang shook shone shot shrank slid sought
    sped sprang stuck stung swept swung tore undertook wept outgrew outran oversaw underwent
    did set cut put hit cost let spread split hurt shut quit bet"""
)
"""Past forms with no -ed: "Stocks fell", "Revenue rose"."""

VERBS = words(
    """accept achieve acquire act add adjust admit adopt affect agree aim allow alter analyze
    answer appear apply appreciate approve argue arise arrive ask assess assign assume attach
    attack attempt attract avoid base bear beat become begin believe belong benefit bind block
    boost borrow break bring build burn buy calculate call cancel capture care carry cause
    change charge check choose claim clean clear climb close collapse collect combine come
    commit compare compete complete compute concern conclude conduct confirm connect consider
    consist constitute consume contain continue contribute control convert cost count cover
    create cross cut deal decide decline decrease define deliver demand deny depend describe
    design destroy detect determine develop die differ dig disappear discover display
    distribute divide do double drink drive drop earn eat emerge emit enable encode encourage
    end enforce engage enhance ensure enter equal establish estimate evaluate evolve exceed
    exist expand expect experience explain explore export express extend face fail fall feed
    feel fight fill find finish fit fix flow fly focus follow force forget form fund gain
    generate get give go govern grow guarantee handle happen harm hate have hear help hide hit
    hold hope host hurt identify ignore impact implement imply import improve include increase
    indicate influence inform inhibit insist install intend interact introduce invest involve
    issue join judge jump keep kill know lack land last launch lay lead learn leave lend let
    lie like limit link list live load lose love lower maintain make manage map match matter
    mean measure meet mention miss mix move need note notice obtain occur offer open operate
    oppose order outperform own owe pass pay perform permit pick place plan play point predict
    prefer prepare present preserve prevent price process produce promise promote protect prove
    provide publish pull purchase push put qualify raise rank reach react read realize receive
    recognize recommend record recover reduce refer reflect refuse regulate reject relate
    release rely remain remember remove repair repeat replace report represent require rescue
    reserve resist resolve respond rest restore restrict result retain return reveal rise risk
    rotate rule run save say score search see seek seem select sell send separate serve set
    settle share shift show shrink sign signal sit sleep slow solve sort sound speak spend
    split spread stand start state stay steal stem stick stop store stress stretch strike
    struggle study submit succeed suffer suggest supply support suppose surge surpass survive
    suspect switch take talk target teach tell tend test think threaten throw tie track trade
    train transfer transform translate travel treat trigger trust try turn undergo understand
    unlock update use utilize value vary view vote wait walk want warn waste watch wear weigh
    win wish withdraw work worry write yield look cook bake boil roast heat stir pour chop slice
    fry melt whisk knead season wash rinse soak drain exert comprise reside function account
    aid tap dominate excel boast wrap output project emphasize highlight consolidate adapt
    range expire align opt tolerate deter outline aim finalize allocate redeem dedicate
    preheat position crank automate concentrate plateau peak surpass triple halve quadruple
    reverse enter exit hire fire invent own rent lease mature launch ship sign spin sink float"""
)
"""Common verbs in their base form, to read "-s" forms ("utilizes") and a verb after a plural
subject ("Vitamins help")."""


def _third_person(verb: str) -> str:
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    return verb + "s"


VERB_S_FORMS = frozenset(map(_third_person, VERBS))
"""The third-person forms of :data:`VERBS` ("utilizes", "carries", "goes")."""
CLEAR_VERBS = FINITE_WORDS | IRREGULAR_PAST | VERB_S_FORMS
"""Words that are a finite verb in most places they stand: a sentence with one is taken to
have its verb without reading it word by word."""

DETERMINERS = words("the a an its their his her our your my every each no some any all both")
"""Words before a noun: the word after one is not a verb."""
_PLURAL_DETERMINERS = words("these those many several few such other")
PREPOSITIONS = words(
    """in on at for to of with by from into under over about after before during between
    through within without via per across against toward towards upon like than as near
    around behind beyond above below"""
)
OBJECT_PRONOUNS = words("him her them it me us you himself herself themselves itself")
_SUBORDINATORS = words(
    "when where while if because although though unless whereas who which whom whose whether that"
)
"""Words that open a clause inside the sentence: the first verb after one is that clause's."""
_COORDINATORS = frozenset({",", "and", "or", "but", "then", "(", "nor"})
"""A verb after these continues a predicate whose subject came before ("..., priced at $30")."""
_ADVERBS = words(
    """also often usually typically still never always only just sometimes now then even
    already mostly therefore thus hence soon rather each both all either neither"""
)
_ED_NOT_VERBS = words(
    """need indeed speed seed feed bed red shed breed greed weed hundred embed exceed proceed
    succeed bleed deed heed steed reed tweed creed based"""
)

_TOKEN = re.compile(r"[^\W_](?:[\w'-]*[^\W_])?|[,;:()]")


def tokens(text: str) -> list[str]:
    """The lower-cased words of ``text`` and its , ; : ( ) marks, in order ("3.5" and "e.g."
    come apart; the tests only need words and numbers)."""
    return _TOKEN.findall(text.lower().replace("’", "'"))


_ASIDE = re.compile(r"\([^()]*\)")


def outside_brackets(text: str) -> str:
    """``text`` without its parenthesised asides: "(additional fees may apply)" says nothing
    about the sentence around it."""
    return _ASIDE.sub(" ", text)


def without_asides(text: str) -> str:
    """``text`` without its parenthesised asides when they are the lesser part of it: in
    "Primerica (shares outstanding fell ...)" the aside is the statement."""
    if "(" not in text:
        return text
    outside = outside_brackets(text)
    return outside if len(outside) * 2 > len(text) else text


def _is_number(word: str) -> bool:
    """A count or measure ("29", "1990", "three"), not a model name such as "6s" or "10x"."""
    return (word[:1].isdigit() and not word[-1].isalpha()) or word in NUMBER_WORDS


def verb_stem(word: str) -> str | None:
    """The base form of a third-person "-s" verb in :data:`VERBS` ("utilizes" → "utilize"),
    or None."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is", "'s")):
        return None
    if word.endswith("ies") and word[:-3] + "y" in VERBS:
        return word[:-3] + "y"
    if word[:-1] in VERBS:
        return word[:-1]
    if word.endswith("es") and word[:-2] in VERBS:
        return word[:-2]
    return None


def _is_finite(toks: list[str], i: int, *, main: bool) -> bool:
    """Whether ``toks[i]`` reads as a finite verb.

    With ``main`` (is there a main clause?), a verb that continues an earlier predicate (after a
    comma or "and") does not count, and an "-s" word counts only when it is a known verb: in
    "Trades at 25 times annual earnings" the "-s" words are nouns. Without it (is there any
    verb?), any "-s" word after a noun counts ("San Francisco accounts for 29%")."""
    word = toks[i]
    if word in FINITE_WORDS:
        return True
    if i == 0:
        return False
    prev = toks[i - 1]
    if main and prev in _COORDINATORS:
        return False
    if prev in DETERMINERS or prev in PREPOSITIONS or prev in _PLURAL_DETERMINERS:
        return False  # "the listed company", "of costs", "these rates"
    if prev in _PASSIVE:
        return False  # "must be made": part of the verb before
    if word in IRREGULAR_PAST:
        return True
    if word.endswith("ed"):
        # "Estimated normalized earnings": a second participle after the first is an adjective.
        return len(word) >= 4 and word not in _ED_NOT_VERBS and (i > 1 or not main)
    if word.endswith("s") and word not in VERBS:
        if _is_number(prev) or word.endswith(_NOT_S_VERB):
            return False
        if verb_stem(word) is not None:
            return True
        return not main and len(word) > 3 and not prev.endswith(_ADJECTIVE_ENDS)
    j = i - 1  # the word before, past any adverbs ("Vitamins often help")
    while j > 0 and (prev in _ADVERBS or prev.endswith("ly")):
        j -= 1
        prev = toks[j]
    if word in VERBS:
        if main:
            # "an open offer must", "cash flow annually": only a subject makes a verb of a
            # word that is a noun as often.
            return prev in _SUBJECT_PRONOUNS or prev in _IRREGULAR_PLURALS or _plural(prev)
        # "Parrotfish make up to 90%": a known verb after anything but a word that opens a
        # noun phrase, when a subject stands before it or what a verb takes follows it.
        if prev in DETERMINERS or prev in PREPOSITIONS or _is_number(prev):
            return False
        if prev in _SUBJECT_PRONOUNS or prev in _IRREGULAR_PLURALS or _plural(prev):
            return True
        if prev in _RELATIVES:
            return True  # "Beetles that eat bark": a verb, if of a clause
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        return (
            nxt in _AFTER_VERB
            or nxt in PREPOSITIONS
            or _is_number(nxt)
            or nxt.endswith(_ADJECTIVE_ENDS)
        )
    return _after_subject(toks, i, j, main=main)


def _after_subject(toks: list[str], i: int, j: int, *, main: bool) -> bool:
    """ "Women comprise 30%", "Cells function through ...", "they drain the battery": a word
    that is no known verb reads as one after a subject (``toks[j]``) when what follows it is
    not a noun's. With ``main`` the subject may not be the first word, which may be a verb
    itself ("Trades cheaper than ...")."""
    word = toks[i]
    if not word.isalpha() or word in STOPWORDS or (main and j == 0):
        return False
    subject = toks[j]
    if subject in _SUBJECT_PRONOUNS:
        return True
    if not (_plural(subject) or subject in _IRREGULAR_PLURALS):
        return False
    if word.endswith(("ing", "ly")):
        return False
    if j < i - 1:
        return True  # "central banks often reverse course": an adverb between
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    return nxt in _AFTER_VERB or nxt in PREPOSITIONS or _is_number(nxt)


_SUBJECT_PRONOUNS = words("i you we they he she")
_RELATIVES = words("who that which")
_IRREGULAR_PLURALS = words("people women men children")
_AFTER_VERB = DETERMINERS | words(
    """this that these those their them it its more less most much nearly almost only just
    up down out away back"""
)
"""Words that follow a verb and hardly a noun: "Women comprise 30%", "species migrate more"."""


def _plural(word: str) -> bool:
    return len(word) > 2 and word.endswith("s") and not word.endswith(_NOT_S_VERB)


_PASSIVE = words("be been being")
_NOT_S_VERB = ("ss", "us", "is", "'s", "ics", "ies'")
_ADJECTIVE_ENDS = ("al", "ic", "ive", "ous", "ful", "able", "ible", "ing", "ed", "est", "less")
"""Endings of a word that stands before a plural noun ("annual earnings", "rising costs")."""


def has_finite_verb(toks: list[str], start: int = 0, *, main: bool = False) -> bool:
    """Whether ``toks[start:]`` holds a finite verb.

    With ``main``, only a verb of the main clause counts: the first verb group after "when",
    "which", "if", ... belongs to that clause, and a verb after a comma or "and" continues a
    predicate.
    """
    subordinate = False
    i = start - 1
    while i + 1 < len(toks):
        i += 1
        word = toks[i]
        if main and word in _SUBORDINATORS:
            subordinate = True
            continue
        if word not in _CANDIDATES and not word.endswith(("ed", "s")):
            # Unless the word before may be its subject (or an adverb after one).
            prev = toks[i - 1] if i else ""
            if not prev.endswith(("s", "ly")) and prev not in _MAY_BE_SUBJECT:
                continue  # most words: no verb form, and no subject before them
        if not _is_finite(toks, i, main=main):
            continue
        if not (main and subordinate):
            return True
        # "after which an open offer must be made": "offer must be made" is one verb group of
        # the clause, whichever of its words is the verb.
        subordinate = False
        while i + 1 < len(toks) and _in_verb_group(toks[i + 1]):
            i += 1
    return False


_VERB_GROUP = FINITE_WORDS | IRREGULAR_PAST | words("not be been being also still often")


def _in_verb_group(word: str) -> bool:
    """ "must be made", "is needed", "has not been found": the words of one verb group."""
    return word in _VERB_GROUP or (word.endswith("ed") and len(word) >= 4)


_CANDIDATES = CLEAR_VERBS | VERBS


_MAY_BE_SUBJECT = _SUBJECT_PRONOUNS | _IRREGULAR_PLURALS | _ADVERBS
"""Words that may be the subject (or an adverb after it) of an unknown verb next, besides
those that end in "s" or "ly"."""


# -- whole statements ------------------------------------------------------------------------------
_ADJECTIVE_OPENERS = words(
    """essential useful ideal good great perfect necessary important crucial helpful suitable
    designed used known best better vital key critical responsible able unable capable popular
    common effective excellent handy valuable typically applicable available eligible subject
    due prone ready free open exempt"""
)
"""Adjectives that open a subjectless phrase when a preposition follows ("Essential for ...")."""
_ADJECTIVE_ENDINGS = ("able", "ible", "ful", "ive", "ous", "ant", "ent", "ary", "ical", "less")
_ADJECTIVE_LINKS = PREPOSITIONS | words("when if once unless whenever where")
_PARTICIPLES = words(
    """known given shown built made found taken held seen born written driven sold paid grown
    done kept led left set cut put brought bought chosen told spent won lost"""
)
_NOT_PARTICIPLES = words("need indeed speed seed feed hundred red bed shed breed greed")
_ALWAYS_VERBS = words(
    """shows provides allows offers includes contains helps makes gives lets enables requires
    creates displays adds removes gets finds represents describes explains defines indicates
    involves utilizes"""
)
"""Third-person verbs that never start a statement: "Provides ..." has lost its subject."""
_BARE_INFINITIVE = words("helps lets makes")
"""Verbs that take a bare verb after them: "Helps reduce ..." (and not "Vitamins help")."""
_AUXILIARY_OPENERS = words(
    "has have had is are was were can could will would should may might must does did"
)
_INVERSION_SUBJECTS = words("the a an you it they we he she i this there")
"""After "Had", "Should" or "Were" these make a conditional ("Should the price fall, ...")."""
_NOUN_OPENERS = DETERMINERS | _PLURAL_DETERMINERS | words("this that these those")
_PARTICLES = words("on up out off down back over away around in")
_OBJECTS = _NOUN_OPENERS | OBJECT_PRONOUNS | _PARTICLES
_VERB_OBJECTS = (DETERMINERS - words("all both each some any no")) | OBJECT_PRONOUNS
"""Words that follow a verb, never a plural noun: "Uses an ORM", "Boasts a 40% margin"."""
_NOUN_LINKS = words("of in on from per vs versus and or is are was were")
"""Words after a verb-like first word that make it a noun ("Use of ...", "Return on ...")."""
_EXERCISE_VERBS = words("determine calculate compute find solve")
"""An exercise's step ("Determine how many times 3 goes into 21"), not a fact."""
_SETUP_VERBS = words("consider assume imagine suppose picture")
"""A hypothetical to work through ("Consider a business that ..."), not a fact."""
_S_FUNCTION_WORDS = PREPOSITIONS | words(
    """besides towards afterwards backwards forwards sometimes perhaps regardless nevertheless
    nonetheless always whereas thus less unless across"""
)
"""Words that end in "s" and are no plural noun or verb."""
_NOUNS_FIRST = words(
    """study result change rate cost price plan need feature show return concern
    issue effect level value share stock fund bond market point record report test experience
    benefit risk step claim demand offer sale"""
)
"""Verbs whose "-s" form opens a sentence mostly as a plural subject ("Studies by ... show")."""
_POINTING_OBJECTS = words("him her them it me us")
_POINTING_AFTER = (" him", " her ", " them", " it ", " it.", " me ", " us ")
_FIRST_WORD = re.compile(
    r"(?!(?:The|This|A|He|She|It|They|We|While|For|In|These|Those|When|To|If|Despite|His|Her|As|"
    r"By|An|There|After|Even|Its|At|Their|During|With|Once|Some|On|From|Most|Such|Each)\s)"
    r"[A-Z][a-z]+(?=[\s,:;])"
)
"""A capitalised first word in plain letters (not "AI", "GPT-4" or "iPhone"), skipping at once
the commonest first words, which never open a fragment."""
_OPENER_WORDS = VERBS | _AUXILIARY_OPENERS | _ADJECTIVE_OPENERS | _EXERCISE_VERBS


_MODIFIER_ENDINGS = (*_ADJECTIVE_ENDINGS, "ly", "ing")
"""Endings of adjectives, adverbs and participles: "-ing" too, since "reducing [[x]]" is a verb
with its object far more often than a noun."""


_MORE_PREPOSITIONS = words("alongside amid amidst among beside besides despite throughout unlike")
"""Prepositions that :data:`PREPOSITIONS` leaves out."""


def is_verb_form(word: str) -> bool:
    """Whether ``word`` is a form of a known verb: "utilize", "utilizes", "utilized",
    "utilizing", "stopped", "running"."""
    if word in _CANDIDATES or word in _PARTICIPLES or verb_stem(word):
        return True
    for ending in ("ing", "ed", "d"):
        if not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        if stem in VERBS or stem + "e" in VERBS:
            return True
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in VERBS:
            return True
    return False


def closes_noun_phrase(word: str) -> bool:
    """Whether ``word`` (lower case) may be the noun that ends a phrase, so that nothing has
    to follow it: not a function word, a verb form, or an adjective or adverb by its ending
    ("-ive", "-ous", "-ly", "-ing", ...; "-ment" is a noun's)."""
    return (
        word.isalpha()
        and word not in STOPWORDS
        and word not in PREPOSITIONS
        and word not in _MORE_PREPOSITIONS
        and word not in _ADVERBS
        and (word.endswith("ment") or not word.endswith(_MODIFIER_ENDINGS))
        and not is_verb_form(word)
    )


def ends_noun_phrase(tokens: Sequence[str]) -> bool:
    """Whether the last of ``tokens`` (lower case, split at spaces, in order) may close a noun
    phrase. A word that is a verb as often as a noun ("function", "repair") closes one in its
    plain form after a content word that is no verb, adverb, preposition or plural ("metabolic
    function", "tissue repair"); not after a pronoun, a modal, a determiner, a plural subject or
    a comma ("helps you sleep", "can repair", "sprints improve", "instead, encourage")."""
    if not tokens:
        return False
    last = tokens[-1]
    if closes_noun_phrase(last):
        return True
    if len(tokens) < 2 or not last.isalpha() or last in STOPWORDS or not is_verb_form(last):
        return False
    if last.endswith(("s", "ed", "ing")):
        return False  # "The path forward involves [[...]]": a verb with its object
    prev = tokens[-2]
    return (
        prev.isalpha()
        and prev not in STOPWORDS
        and prev not in PREPOSITIONS
        and prev not in _MORE_PREPOSITIONS
        and prev not in _ADVERBS
        and prev not in _IRREGULAR_PLURALS
        and not prev.endswith(("ly", "ed", "ing"))
        and (not prev.endswith("s") or prev.endswith(("ss", "us", "is")))
        and not prev.endswith("i")  # "fungi", "nuclei": plurals too
        and not is_verb_form(prev)
    )


def opens_without_subject(text: str) -> bool:
    """Whether ``text`` is a phrase whose subject was left in a heading or the line before.

    It opens on a verb ("Trades at 13 times earnings", "Has grown 10% a year"), on a participle
    or an adjective with no main clause after ("Listed in the US at $200 per share",
    "Applicable when someone acquires 5%"), or is an exercise step, a hypothetical or an
    instruction about something named elsewhere ("Determine how many ...", "Consider a
    business ...", "Stab him 27 times"). A plural subject ("Rates rose", "Vitamins help ..."),
    an opening phrase before a main clause ("Listed at $71, Schrödinger is ...") and an
    instruction about what it names ("Roast the turkey at 200 °C") are statements.
    """
    first = _FIRST_WORD.match(text)
    if first is None:
        return False
    word = first.group().lower()
    if word in STOPWORDS and word not in _AUXILIARY_OPENERS:
        return False  # "Both", "Many", "Over", ...
    participle = (
        word in _PARTICIPLES
        # "Grew from $120 million ...", but not "Drew crafted a demo": a name, then its verb
        or (word in IRREGULAR_PAST and not _verb_like(_second_word(text)))
        or (len(word) >= 5 and word.endswith("ed") and word not in _NOT_PARTICIPLES)
    )
    stem = verb_stem(word)
    if not (
        participle
        or stem is not None
        or word in _OPENER_WORDS
        or word.endswith(_ADJECTIVE_ENDINGS)
        or (word[-1] == "s" and len(word) > 3)
        or text.startswith(_POINTING_AFTER, first.end())
    ):
        return False  # most sentences: a noun or a name first
    toks = tokens(without_asides(text))
    if len(toks) < 2 or toks[0] != word:
        return False
    after = toks[1]
    if word in _AUXILIARY_OPENERS:
        return _auxiliary_opens_fragment(word, text[first.end() :])
    if word in _ALWAYS_VERBS:
        return True
    if stem is not None or (_plural(word) and word not in _S_FUNCTION_WORDS):
        # "Trades at ...", "Boasts a 40% margin": a third-person verb with its subject missing;
        # "Apps such as ..." and "Tasks that ..." open on a plural subject.
        if after in _VERB_OBJECTS or _is_number(after):
            return True
        if stem is None or stem in _NOUNS_FIRST:
            return False
        return (word in _BARE_INFINITIVE and after in VERBS) or not has_finite_verb(
            toks, 1, main=True
        )
    if _instruction_at(toks, 0):
        return (
            word in _EXERCISE_VERBS
            or (word in _SETUP_VERBS and after in _NOUN_OPENERS)
            or after in _POINTING_OBJECTS
        )
    if key_before_colon(text):
        return False  # "Fixed income hedge: about $150 million" names a key
    if word in _ADJECTIVE_OPENERS and after in _ADJECTIVE_LINKS:
        # "Essential for ...", "Used to load files ... before they are stored": whatever verbs
        # follow belong to the phrase, unless a subject of its own comes after a comma.
        return not _subject_after_comma(text)
    if participle or (word.endswith(_ADJECTIVE_ENDINGS) and after in _ADJECTIVE_LINKS):
        return not has_finite_verb(toks, 1, main=True)
    return False


def _verb_like(word: str) -> bool:
    """Whether a lower-case word reads as a verb in the past or a known verb's form."""
    return is_verb_form(word) or word in IRREGULAR_PAST or (len(word) > 4 and word.endswith("ed"))


def _second_word(text: str) -> str:
    """The second word of ``text``, in lower case ("" when there is none)."""
    parts = text.split(None, 2)
    return parts[1].lower().strip(",.;:\"'") if len(parts) > 1 else ""


def _subject_after_comma(text: str) -> bool:
    """Whether a comma is followed by a subject and its verb: "Known as Monkey Island, this
    spot cost $1 million" goes on to a main clause; "Known for APT, originally called Deity"
    does not."""
    for part in _COMMA.split(text)[1:]:
        first = part.split(" ", 1)[0]
        starts = bool(first) and (
            first[0].isupper() or first.lower() in _SUBJECT_STARTS or _plural(first)
        )
        if starts and has_finite_verb(tokens(part)):
            return True
    return False


_COMMA = re.compile(r",[\"”’']?\s")
_SUBJECT_STARTS = DETERMINERS | words("this that these those it they he she we i")


def _auxiliary_opens_fragment(word: str, rest: str) -> bool:
    """ "Has grown 10%", "Can lead to ...": an auxiliary first has lost its subject, unless it
    is a name or a month ("Will, the CEO, ...", "May 2023: ...") or opens a conditional
    ("Should the price fall, ...")."""
    following = rest.lstrip()
    if not following or following[0] in ",:" or following[0].isupper():
        return False
    if word == "may" and following[0].isdigit():
        return False
    return not (
        word in ("had", "should", "were")
        and following.split(" ", 1)[0].lower() in _INVERSION_SUBJECTS
    )


def _instruction_at(toks: list[str], i: int) -> bool:
    """Whether ``toks[i]`` is the verb of an instruction ("Roast the turkey", "Keep 10% in
    cash", "Aim for 7 hours"): a word that is not a noun's helper, followed by what a verb
    takes (a determiner, a pronoun, a number, a particle), or a known verb not followed by
    what makes it a noun ("Use of ...")."""
    if i + 1 >= len(toks):
        return False
    word = toks[i]
    after = toks[i + 1]
    if (
        word in STOPWORDS
        or word in PREPOSITIONS
        or not word.isalpha()
        or word.endswith(("ed", "ly"))
        or (word.endswith("s") and not word.endswith(("ss", "us")))
        or (word.endswith("ing") and word not in VERBS)
    ):
        return False
    if after in _OBJECTS or _is_number(after):
        return True
    return word in VERBS and after not in _NOUN_LINKS and after not in _PUNCTUATION


_PUNCTUATION = frozenset(",;:()")
_CLAUSE_OPENERS = PREPOSITIONS | words("if when once after before while whenever")


def is_verbless(text: str, found: frozenset[str] | None = None) -> bool:
    """Whether ``text`` has no finite verb outside its parentheses ("Quadrupling the buyback
    tax to 4%.", "Market value of $5 billion but only 300 staff."): no statement to recall.

    An instruction has its verb ("Roast the turkey at 200 °C", "For a runny yolk, cook for 30
    seconds"); a formula or code may hide one in a symbol. ``found`` is the set of the text's
    lower-case words, when known.
    """
    if found is None:
        found = frozenset(words_of(text.lower()))
    if "(" not in text:
        if not found.isdisjoint(CLEAR_VERBS):
            return False  # the common case, answered by one set operation
    elif _MATH_OR_CODE.search(text):
        return False  # before the asides go: "\\(v = d / t\\)" is not an aside
    elif (outside := without_asides(text)) is not text:
        text = outside
        if not found.isdisjoint(CLEAR_VERBS) and not CLEAR_VERBS.isdisjoint(text.lower().split()):
            return False
        found = frozenset(words_of(text.lower()))
    if not found.isdisjoint(CLEAR_VERBS) or _MATH_OR_CODE.search(text):
        return False
    toks = tokens(text)
    may_have_verb = (
        not found.isdisjoint(VERBS)
        or not found.isdisjoint(_SUBJECT_PRONOUNS)
        or _VERB_ENDING.search(text) is not None
    )
    return not (may_have_verb and has_finite_verb(toks)) and not _instruction_anywhere(toks)


_MATH_OR_CODE = re.compile(r"\\\(|=|`|[<>]")
_VERB_ENDING = re.compile(r"\w(?:ed|s)\b")


def _instruction_anywhere(toks: list[str]) -> bool:
    """An instruction at the start, after an adverb ("Substantially short the bond market"),
    or after an opening phrase ("For the first side, position the blade ...")."""
    if not toks:
        return False
    if _instruction_at(toks, 0):
        return True
    if toks[0].endswith("ly"):  # "Substantially short ...", "Ideally, avoid ..."
        return _instruction_at(toks, 2 if toks[1:2] == [","] else 1)
    if toks[0] in _CLAUSE_OPENERS and "," in toks:
        return _instruction_at(toks, toks.index(",") + 1)
    return False


_KEY = re.compile(r"[A-Z][^:.!?]{0,60}: ")
"""A short key and a colon at the start of a line ("Gross margin: ", "Bread flour: ")."""


def key_before_colon(text: str) -> bool:
    """Whether ``text`` is a key and its value ("Hydrostatic pressure: 18 mmHg"), the key no
    more than six words and not an activity ("Spending: ...")."""
    m = _KEY.match(text)
    if m is None:
        return False
    key = outside_brackets(m.group())
    return key.count(" ") <= 6 and not key.split(" ", 1)[0].endswith("ing")


_DANGLING = words(
    """to of the a an and or but than with for from in on at by as into that which between
    compared versus vs like such its their his her our your my this these those is are was
    were be been has have had will would can could should may might must not both either nor
    because if when while whether via per about over under after before during without within
    across against toward towards through upon including"""
)
"""Words a sentence cannot end on: "... compared to" was cut off."""
_FINAL_MARKS = frozenset(".!?…:;)]}\"'”’*")


def stops_mid_phrase(text: str) -> bool:
    """Whether ``text`` stops in the middle of a phrase ("... a different state compared to"):
    the rest of the sentence is missing."""
    text = text.rstrip()
    if not text or text[-1] in _FINAL_MARKS:
        return False
    if text[-1] == ",":
        return True
    return text.rsplit(None, 1)[-1].lower() in _DANGLING
