"""Stage 3: which sentences become facts, how they are rewritten, what they hide."""

from __future__ import annotations

import math

import pytest

from deckgen.facts import (
    LEANING_ALLOWANCE,
    POINTS_OUTSIDE,
    SAME_FACT,
    VETO_MARGINS,
    _splits_quoted_title,
    drop_duplicates,
    extract_facts,
    given_away,
    is_person_name,
)
from deckgen.notes import parse_note
from deckgen.ranking import Model
from deckgen.rewrite import standalone, subject_of
from deckgen.sentences import split_sentences
from deckgen.targets import Target, find_targets
from deckgen.types import Decision, Fact, Note


def facts_of(body: str, title: str = "T") -> tuple[Note, list[Fact]]:
    note, _ = parse_note(f"---\ntitle: {title}\nvideoId: abcdefghijk\n---\n\n{body}\n", "t.md")
    assert note is not None
    sentences, _ = split_sentences(note)
    facts, _ = extract_facts(note, sentences)
    return note, facts


def answers(body: str) -> list[tuple[str, ...]]:
    return [f.answers for f in facts_of(body)[1]]


def hidden(text: str) -> list[str]:
    return [text[t.start : t.end] for t in find_targets(text) if t.kind == "quantity"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Adults lose 3% to 8% of muscle per decade.", "3% to 8%"),
        ("Most adults need 7–9 hours of sleep per night.", "7–9 hours"),
        ("Sessions should last 1 to 5 minutes each time.", "1 to 5 minutes"),
        ("The dopamine rise lasted two to three hours in total.", "two to three hours"),
        ("The dome is 43.3 m (142 ft) in diameter today.", "43.3 m (142 ft)"),
        ("Protein needs reach 1.6 g/kg/day in older adults.", "1.6 g/kg/day"),
        ("Resting values fall between 20 and 100 ms in adults.", "20 and 100 ms"),
    ],
)
def test_quantity_with_whole_range_and_unit(text: str, expected: str) -> None:
    assert expected in hidden(text)


@pytest.mark.parametrize(
    "text",
    [
        "A 2015 study from the Salk Institute tracked eating.",
        "The IL-6 molecule acts as a myokine in muscle.",
        "Carbon dioxide, or CO2, is fixed by the enzyme.",
    ],
)
def test_years_and_names_are_not_quantities(text: str) -> None:
    assert hidden(text) == []


def test_seed_like_percentages_become_two_deletions() -> None:
    (found,) = answers(
        "Exercise raised serum BDNF by an average 32% over baseline and 45% over controls "
        '<a class="yt-timestamp" data-t="00:12:43">[00:12:43]</a>.'
    )
    assert found == ("32%", "45%")


def test_definition_hides_the_term() -> None:
    _note, facts = facts_of(
        "Sarcopenia is the age-related loss of skeletal muscle mass and strength."
    )
    (fact,) = facts
    assert fact.answers == ("Sarcopenia",)


def test_named_term_after_called() -> None:
    (found,) = answers(
        "Muscle tissue releases signalling proteins called myokines during exercise."
    )
    assert found == ("myokines",)


def test_meta_filler_and_questions_are_rejected() -> None:
    body = (
        "In this episode, the host covers 3 studies on sleep.\n\n"
        "This is a really interesting result with 40% gains.\n\n"
        "Why does ice float at 0 °C?\n\n"
        "Subscribe for 2 new videos every week.\n\n"
        "For more on this topic, see the 5 related pages."
    )
    assert answers(body) == []


def test_leading_connective_is_dropped() -> None:
    _, facts = facts_of(
        "For instance, a 40 minute session produces more lactate than a 20 minute one."
    )
    (fact,) = facts
    assert fact.text.startswith("A 40 minute session")


def test_pronoun_is_replaced_by_previous_subject() -> None:
    _, facts = facts_of(
        "RuBisCO is thought to be the most abundant protein on Earth. "
        "It fixes only about 3 molecules of CO2 per second."
    )
    assert facts[-1].text.startswith("RuBisCO fixes only")


def test_pronoun_falls_back_to_label_when_number_disagrees() -> None:
    _, facts = facts_of(
        "*   **Early Feeding (eTRF)**\n"
        "    In one trial, 8 men with prediabetes ate before 3 p.m. for 5 weeks. "
        "It lowered their systolic blood pressure by about 10 mmHg."
    )
    assert facts[-1].text.startswith("Early Feeding (eTRF) lowered")


def test_unresolvable_pronoun_drops_the_sentence() -> None:
    assert answers("It grew by 40% in a year.") == []


def test_this_frame_is_dropped() -> None:
    rewrite = standalone(
        "This suggests that low doses of IL-6 act as a hormetic stressor.", None, None, ()
    )
    assert rewrite.text == "Low doses of IL-6 act as a hormetic stressor."


def test_subject_of_simple_sentences() -> None:
    assert subject_of("C4 plants, such as corn, first fix CO2 into malate.") == "C4 plants"
    assert (
        subject_of("In a 2020 study, 19 participants followed a 10-hour window.")
        == "19 participants"
    )
    assert subject_of("It was slow.") is None


def test_highlight_is_the_deletion() -> None:
    (found,) = answers(
        "The powerhouse of the cell is the ==mitochondrion==, which makes 90% of ATP."
    )
    assert found == ("mitochondrion",)


def test_deletions_never_hide_most_of_the_text() -> None:
    _, facts = facts_of("Rates: 10%, 20%, 30%, 40% and 50% over 2 to 3 years.")
    for fact in facts:
        hidden_chars = sum(d.end - d.start for d in fact.deletions)
        assert hidden_chars <= len(fact.text) * 0.5
        assert len(fact.deletions) <= 4


def test_non_english_note_gives_quantities_only() -> None:
    _, facts = facts_of(
        "El ejercicio aumenta el BDNF en un 32% en comparación con el valor inicial de los sujetos. "
        "La neuroplasticidad se refiere a la capacidad del cerebro para reorganizarse."
    )
    assert [f.answers for f in facts] == [("32%",)]


def test_duplicates_are_dropped_once_per_deck() -> None:
    note, facts = facts_of("Glaciers cover about 10% of the land surface of the Earth.")
    other, more = facts_of("Glaciers cover about 10% of the land surface of Earth.", title="U")
    assert len(facts) == len(more) == 1
    kept = drop_duplicates([(note, facts[0]), (other, more[0])])
    assert kept == {id(facts[0])}


def test_a_fact_the_note_tells_twice_gives_one_card() -> None:
    body = (
        "The Rhone Glacier retreated about 1.5 kilometres between 1990 and 2020.\n\n"
        "## Summary\n\nBetween 1990 and 2020 the Rhone Glacier retreated by about 1.5 kilometres."
    )
    _, facts = facts_of(body)
    assert [f.answers for f in facts] == [("1.5 kilometres",)]
    second = next(d for d in decisions_of(body) if "Summary" in d.sentence.section)
    assert second.rule == SAME_FACT and "The Rhone Glacier retreated" in second.reason


def test_the_same_figure_of_two_facts_gives_two_cards() -> None:
    _, facts = facts_of(
        "Arctic sea ice in September shrank by 13% since 1979.\n\n"
        "The glaciers of the Alps lost 13% of their volume in two summers."
    )
    assert [f.answers for f in facts] == [("13%",), ("13%",)]


# -- rules added for issue 3 -----------------------------------------------------------------------
def decisions_of(body: str) -> list[Decision]:
    note, _ = parse_note(f"---\ntitle: T\nvideoId: abcdefghijk\n---\n\n{body}\n", "t.md")
    assert note is not None
    sentences, _ = split_sentences(note)
    return extract_facts(note, sentences)[1]


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("The guest shares 3 stories about his first climb.", "about the video itself"),
        ("In a previous video, the team measured 40% melt.", "about the video itself"),
        ("See also the page on glacier surges and 5 related notes.", "navigation or 'see also'"),
        ("Wiki links such as `[[glacier]]` are turned into 2 plain words.", "about markup or code"),
        ("Set `depth` and `width` to 40 cm before you cut the board.", "about markup or code"),
        (
            "sentences that open with a pronoun in 3 of 5 cases.",
            "a fragment (starts in lower case)",
        ),
        (
            "Useful for measuring 12 kinds of rock in the field.",
            "no subject (opens on a verb, participle or adjective)",
        ),
        (
            "Hikers from that study walked 20 km a day in the Andes.",
            "points to something outside the card ('this rise', 'that study')",
        ),
    ],
)
def test_rejection_rules_name_themselves(body: str, rule: str) -> None:
    (decision,) = decisions_of(body)
    assert not decision.accepted
    assert decision.rule == rule


@pytest.mark.parametrize(
    "body",
    [
        "Combined with this alignment, the temple faces the rising sun at 23 degrees.",
        "Despite these warnings, over 2,500 soldiers crossed the pass in one convoy.",
        # A share, a group or a time counted from something the sentence does not say.
        "The remaining 30% will come from cafes, restaurants and offices.",
        "Shortly thereafter, the index fell by 20% over the next four years.",
        "Five years later, the Hartley Group acquired the rest of the fund.",
        "A week prior, the county hospital recorded 18 deaths in 24 hours.",
    ],
)
def test_a_demonstrative_for_a_thing_named_before_points_outside(body: str) -> None:
    (decision,) = decisions_of(body)
    assert not decision.accepted
    assert decision.rule == POINTS_OUTSIDE


@pytest.mark.parametrize(
    "body",
    [
        # The sentence names the thing first, or "this" is not followed by a noun.
        "A new cooling protocol cut losses by 40%, and this protocol is now standard in 12 labs.",
        "Basalt cools and shrinks by about 7%, and this is why columns form.",
        "Two years after the 1815 eruption, crops failed across Europe by 75%.",
    ],
)
def test_a_demonstrative_the_sentence_explains_stays(body: str) -> None:
    decisions = decisions_of(body)
    assert all(d.rule != POINTS_OUTSIDE for d in decisions), [d.reason for d in decisions]


def test_every_decision_says_why_and_what() -> None:
    accepted, rejected = decisions_of(
        "Basalt columns form as lava cools and shrinks by about 7%.\n\nThe view was lovely."
    )
    assert accepted.accepted and accepted.rule == "card"
    assert accepted.targets == ("quantity 'about 7%' 3.0",) or "7%" in accepted.targets[0]
    assert "7%" in accepted.reason and accepted.text.startswith("Basalt")
    assert not rejected.accepted and rejected.rule and rejected.reason


def test_several_targets_are_cloze_numbers_of_one_note() -> None:
    (found,) = answers("The glacier advanced 120 m in 1998 and retreated 340 m by 2010.")
    assert found == ("120 m", "340 m")


def test_at_most_three_deletions() -> None:
    _, facts = facts_of("The four huts sit at 1,200 m, 1,800 m, 2,400 m and 3,100 m of altitude.")
    assert all(len(f.deletions) <= 3 for f in facts)


def test_long_sentence_keeps_its_best_clause_or_goes() -> None:
    long_one = (
        "The ridge route is the longest of the three approaches and crosses two passes above "
        "the tree line; hikers need about 9 hours to reach the hut from the village, "
        "while the valley route, which is shorter, takes most walkers a full day with rests."
    )
    _, facts = facts_of(long_one)
    for fact in facts:
        assert len(fact.text.split()) <= 38
    (decision,) = decisions_of(
        "Snow, rain, hail, sleet, fog, dew, frost and rime all form when air cools, and each of "
        "them appears in different seasons, at different heights and in different regions of "
        "the world, which makes any single rule for all of them impossible to state briefly."
    )
    assert not decision.accepted


def test_a_long_sentence_is_never_cut_inside_a_list() -> None:
    _, facts = facts_of(
        "In 2019 a Norwegian survey of 3,000 adults in northern Tromsø reported that people who "
        "cycled daily had lower rates of asthma, diabetes, and hypertension, while people who "
        "drove to work reported twice as many sick days across the full calendar year."
    )
    assert facts
    assert all(f.text.endswith("asthma, diabetes, and hypertension.") for f in facts), [
        f.text for f in facts
    ]


def test_a_clause_that_opens_on_a_verb_is_no_card() -> None:
    long_one = (
        "The rangers stressed how short the forty-minute window between the two radio calls "
        "was, arguing it was impossible for one walker to climb the ridge, cross the glacier, "
        "reach the hut, then find the sled, and drag it 27 kilometres across the pass in "
        "that short period."
    )
    _, facts = facts_of(long_one)
    assert not any(f.text.lower().startswith("drag it") for f in facts)


def test_a_list_of_three_is_never_hidden() -> None:
    (decision,) = decisions_of("The huts sit at 1,200 m, 1,800 m and 2,400 m above the sea.")
    assert not decision.accepted
    assert "list of three or more" in decision.reason
    (found,) = answers("The two huts sit at 1,200 m and 1,800 m above the sea.")
    assert found == ("1,200 m and 1,800 m",) or found == ("1,200 m", "1,800 m")


def test_a_persons_name_is_not_hidden() -> None:
    text = "A survey led by Maria Lopez mapped the Rhone Glacier with drones."
    start = text.index("Maria")
    assert is_person_name(text, Target(start, start + len("Maria Lopez"), "name", 3.0))
    start = text.index("Rhone")
    assert not is_person_name(text, Target(start, start + len("Rhone Glacier"), "name", 3.0))


def test_answer_is_never_shown_elsewhere_on_the_card() -> None:
    _, facts = facts_of("Loess is a fine silt, and loess covers about 10% of the land.")
    (fact,) = facts
    assert fact.answers == ("10%",)  # "Loess" would be given away by "loess" later on


def test_author_cloze_marks_win_and_keep_their_numbers() -> None:
    (found,) = answers("The {{c2::Mohs scale}} ranks {{c1::talc}} as the softest mineral at 1.")
    assert set(found) == {"talc", "Mohs scale"}
    _, facts = facts_of("The {{c2::Mohs scale}} ranks {{c1::talc}} as the softest mineral at 1.")
    numbers = {f.text[d.start : d.end]: d.number for f in facts for d in f.deletions}
    assert numbers == {"Mohs scale": 2, "talc": 1}


def test_a_foreign_sentence_in_an_english_note_gives_quantities_only() -> None:
    body = (
        "Glaciers cover about 10% of the land surface of the planet.\n\n"
        "La neuroplasticidad se refiere a la capacidad del cerebro, que mejora un 30% con "
        "el ejercicio diario."
    )
    assert answers(body) == [("10%",), ("30%",)]


def test_three_content_words_stay_visible() -> None:
    _, facts = facts_of("Magnetite is iron oxide.")
    assert facts == []


def test_a_leading_it_is_resolved_on_the_card() -> None:
    _, facts = facts_of(
        "Pumice is a volcanic rock full of gas bubbles. It floats on water for up to 2 years."
    )
    assert facts[-1].text.startswith("Pumice floats")


@pytest.mark.parametrize(
    "body",
    [
        "Viewers who are also fans of the show are encouraged to share it with 2 friends.",
        "When the task completes, it tells the loop that it is ready to be called back.",
        "A tool that converts text into tweets and posts quickly for creators.",
    ],
)
def test_no_card_hides_a_phrase_that_is_not_a_term(body: str) -> None:
    for fact in facts_of(body)[1]:
        assert all(a.lower() not in ("viewers who", "back") for a in fact.answers)
        assert not fact.text.startswith("A tool that")


def test_possessive_subject_is_no_referent() -> None:
    _, facts = facts_of(
        "## M87 Black Hole\n\nIts shadow is nearly the size of our solar system. "
        "It is located 53.5 million light-years away from the Earth."
    )
    assert [f.text for f in facts] == [
        "M87 Black Hole is located 53.5 million light-years away from the Earth."
    ]


def test_description_of_a_label_becomes_a_definition() -> None:
    _, facts = facts_of(
        "*   **Spiral**: An AI-powered prompt builder that converts podcast transcripts into "
        "tweets and LinkedIn posts."
    )
    (fact,) = facts
    assert fact.text.startswith("Spiral is an AI-powered prompt builder")
    assert "Spiral" in fact.answers


def test_a_converted_temperature_is_hidden_with_its_conversion() -> None:
    (found,) = answers(
        "The flame under the aerogel reached 600 degrees Celsius (1250 Fahrenheit) in the test."
    )
    assert found == ("600 degrees Celsius (1250 Fahrenheit)",)


def test_highlighted_question_is_not_a_deletion() -> None:
    assert answers("Lipases split fatty acids from glycerol. ==Where does this happen?==") == []


def test_calls_as_a_noun_names_nothing() -> None:
    for fact in facts_of("Though asked to make 100 calls a day, the new hire made 200 of them.")[1]:
        assert "day" not in fact.answers


def test_a_term_is_never_a_clause_or_ends_on_an_adverb() -> None:
    _, facts = facts_of(
        "A positive ROI simply means that the value created exceeds the time spent."
    )
    assert [f.answers for f in facts] == [("positive ROI",)]
    _, facts = facts_of(
        "Singall believes such communities are more valuable for learning than a stalled project."
    )
    assert all("believes" not in a for f in facts for a in f.answers)


def test_generic_label_is_no_topic_to_put_in_front() -> None:
    _, facts = facts_of(
        "*   **Specific Investment Examples**\n"
        "    These properties are in demand, with occupancy rates of 90-99% in most cities."
    )
    assert all(not f.text.startswith("Specific Investment Examples") for f in facts)


def test_a_number_shown_elsewhere_gives_the_quantity_away() -> None:
    _, facts = facts_of(
        "A microbe nicknamed Strain 121 by its finders kept growing at 121°C in the lab."
    )
    assert all("121°C" not in f.answers for f in facts)


def test_numbers_in_a_substituted_referent_are_not_hidden() -> None:
    _, facts = facts_of(
        "In a 2020 study, 19 participants with metabolic syndrome ate within a 10-hour window. "
        "They lost about 3% of their body weight over the next 12 weeks."
    )
    last = facts[-1]
    assert last.text.startswith("19 participants lost")
    assert "19" not in last.answers and "3%" in last.answers


def test_a_label_standing_for_it_is_not_hidden_as_the_compared_subject() -> None:
    assert (
        answers("*   **Fear of Failure**: It is often weaker than the regret of never trying.")
        == []
    )


def test_the_previous_subject_standing_for_it_may_be_hidden() -> None:
    found = answers(
        "Every 5 kg drop in grip strength was linked to a 16% higher risk of death. "
        "It was also a stronger predictor of early death than systolic blood pressure."
    )
    assert ("Grip strength",) in found


def test_a_subject_after_the_put_for_this_is_not_hidden() -> None:
    found = answers(
        "## Distillation\n\nTeachers label data in small steps. "
        "This step-by-step approach is more effective than direct labelling."
    )
    assert all("step-by-step approach" not in a for a in found)


@pytest.mark.parametrize(
    "body",
    [
        "Currently, it trades at 14 times its yearly earnings.",
        "In its first decade, it returned 9% a year to its owners.",
        "Although it stalled for years, it later grew by 40% in one quarter.",
    ],
)
def test_a_pronoun_subject_after_an_opening_phrase_points_outside(body: str) -> None:
    assert answers(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "When the central bank raised rates to 5%, it slowed lending across the country.",
        "In most kitchens, it takes 40 minutes to roast a small chicken.",
        "Around ten years ago, it became clear that 80% of the data was never read.",
    ],
)
def test_a_pronoun_that_a_clause_or_an_empty_it_explains_stays(body: str) -> None:
    assert answers(body) != []


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        # ASCII sentences are searched in lower case, others as written: both ways find a phrase
        # in any mix of capitals.
        ("IN THIS VIDEO, the team measured 40% melt near the glacier.", "about the video itself"),
        (
            "In This Video, the café team measured 40% melt near the glacier.",
            "about the video itself",
        ),
        ("The Host Discusses 3 climbs on the north face of the Eiger.", "about the video itself"),
        ("The Host Discusses 3 climbs on Zermatt’s north face.", "about the video itself"),
        ("For More Details, read the 3 reports on the glacier surge.", "navigation or 'see also'"),
        ("Consult Your doctor before taking 2 g of creatine a day.", "disclaimer"),
        ("The crêpe batter needs 2 eggs, and i THINK it matters.", "filler or opinion"),
    ],
)
def test_phrase_rules_ignore_case_in_any_alphabet(body: str, rule: str) -> None:
    (decision,) = decisions_of(body)
    assert not decision.accepted
    assert decision.rule == rule


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("Of those, 40% melted within 3 years of the survey.", POINTS_OUTSIDE),
        ("We measured 3 glaciers near the pass in 2019.", "addresses the viewer"),
        ("Glaciers retreat 30 m a year, and I'm sure of the 2 causes.", "addresses the viewer"),
        ("Related pages cover the 3 glaciers near the pass.", "navigation or 'see also'"),
        (
            "The team saw 3 glaciers; for more details, read the 2019 report.",
            "navigation or 'see also'",
        ),
    ],
)
def test_rules_find_their_phrase_at_the_start_or_further_on(body: str, rule: str) -> None:
    (decision,) = decisions_of(body)
    assert not decision.accepted
    assert decision.rule == rule


def test_a_card_does_not_hide_inside_its_sentence_what_the_title_shows() -> None:
    _, facts = facts_of(
        "## Cables\n\n"
        "The graphics card can send 8K resolution to a television over a single HDMI 2.1 "
        "cable.\n\n"
        "Reaching 8K at 60 frames per second needs a card with at least 24 GB of memory.",
        title="Hardware requirements for 8K gaming",
    )
    hidden_words = [a for f in facts for a in f.answers]
    assert "8K" not in hidden_words
    assert "24 GB" in hidden_words  # the sentence's other figure is still asked


def test_a_definition_may_still_hide_the_term_the_title_names() -> None:
    _, facts = facts_of(
        "Universal basic income (UBI) is a proposed system where every citizen receives a "
        "fixed income regularly.",
        title="Universal basic income",
    )
    assert [f.answers for f in facts] == [("Universal basic income (UBI)",)]


def test_a_superlative_of_praise_is_not_hidden() -> None:
    _, facts = facts_of(
        "Finding a steady water supply is the most crucial task for a new farm.\n\n"
        "Nitrogen is the most abundant gas in the air we breathe."
    )
    hidden_words = [a for f in facts for a in f.answers]
    assert "most crucial" not in hidden_words
    assert "most abundant" in hidden_words


def test_the_term_the_title_names_is_asked_once_a_note() -> None:
    _, facts = facts_of(
        "Geofencing is a location technique that draws a virtual border around a place.\n\n"
        "Geofencing is an approach that triggers an alert when a phone crosses 200 m.",
        title="Geofencing",
    )
    hidden_words = [a for f in facts for a in f.answers]
    assert hidden_words.count("Geofencing") == 1
    assert "200 m" in hidden_words


def test_a_figure_of_what_might_be_is_not_hidden() -> None:
    _, facts = facts_of(
        "A new sales rep might ask for $150,000 in yearly pay at a small startup.\n\n"
        "While this might seem small, most bakeries end the year with only 12% net margins."
    )
    hidden_words = [a for f in facts for a in f.answers]
    assert "$150,000" not in hidden_words  # a supposed case
    assert "12%" in hidden_words  # a fact: "might" is in another clause


@pytest.mark.parametrize(
    ("text", "answer", "away"),
    [
        ("A first proposal in 1992 or 1993 used circular RNA.", "1993", True),
        ("Stage G3 is split into 3A and 3B by kidney function.", "3A", True),
        ("The first reactors came in the late 1940s and early 1950s.", "1950s", True),
        ("The first reactors came in the late 1940s and early 1950s.", "1940s", True),
        ("Output starts by the end of 2024 or early 2025.", "2025", True),
        ("The 1920s saw growth and the 1940s saw war.", "1920s", False),  # not one step
        ("The firm had losses in 2019 but profits in 2020.", "2019", False),  # not a pair
        ("Exxon earned about $4 a share and paid a $3 dividend.", "$3", False),
    ],
)
def test_one_of_a_pair_beside_its_neighbour_is_given_away(
    text: str, answer: str, away: bool
) -> None:
    start = text.index(answer)
    assert given_away(text, Target(start, start + len(answer), "quantity", 3.0)) is away


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Company profits are projected to increase by 7% from 2023 to 2024.", "7%"),
        ("A rate cut of one point could push bond fund returns as high as 17.5%.", "17.5%"),
    ],
)
def test_a_forecast_figure_is_not_hidden(text: str, figure: str) -> None:
    _, facts = facts_of(text)
    assert figure not in [a for f in facts for a in f.answers]


def test_the_figures_of_a_worked_example_are_not_hidden() -> None:
    _, facts = facts_of(
        "If a three-year bond pays 7% and rates fall to 5%, its price rises by 5.4%.\n\n"
        "If the goal is muscle growth, cold showers should wait at least 6 hours after lifting."
    )
    hidden_words = [a for f in facts for a in f.answers]
    assert not {"7%", "5%", "5.4%"} & set(hidden_words)  # a supposed case
    assert "6 hours" in hidden_words  # advice under a condition with no figure


@pytest.mark.parametrize(
    ("text", "answer", "away"),
    [
        (
            "Acidosis follows Renal Tubular Acidosis (RTA types 1, 2, 4).",
            "Renal Tubular Acidosis",
            True,
        ),
        (
            "A Benthamite state owes much to Jeremy Bentham and his followers.",
            "Jeremy Bentham",
            True,
        ),
        ("Renal Tubular Acidosis follows a loss of bicarbonate.", "Renal Tubular Acidosis", False),
        ("The state owes much to Jeremy Bentham and his followers.", "Jeremy Bentham", False),
    ],
)
def test_an_answer_shown_by_its_initials_or_a_longer_word_is_given_away(
    text: str, answer: str, away: bool
) -> None:
    start = text.index(answer)
    assert given_away(text, Target(start, start + len(answer), "name", 3.0)) is away


@pytest.mark.parametrize("answer", ["100%", "about 100 percent"])
def test_the_whole_of_something_is_given_away(answer: str) -> None:
    text = f"Close rates are capped at {answer}, while advertising can multiply reach."
    start = text.index(answer)
    assert given_away(text, Target(start, start + len(answer), "quantity", 3.0))
    text = "Close rates rarely pass 30%, while advertising can multiply reach."
    start = text.index("30%")
    assert not given_away(text, Target(start, start + 3, "quantity", 3.0))


def test_explain_says_which_deletion_was_let_go_and_numbers_the_rest_again() -> None:
    note, _ = parse_note(
        "---\ntitle: Hardware requirements for 8K gaming\n---\n\n"
        "Reaching 8K at 60 frames per second needs a card with at least 24 GB of memory.\n",
        "t.md",
    )
    assert note is not None
    _facts, decisions = extract_facts(note, split_sentences(note)[0])
    (decision,) = decisions
    assert decision.accepted
    assert "c1 quantity '24 GB'" in decision.reason
    assert "not hidden: '8K' (the title shows it)" in decision.reason


def test_a_sentence_shown_under_the_one_before_needs_a_little_less_score() -> None:
    note, _ = parse_note(
        "---\ntitle: T\nvideoId: abcdefghijk\n---\n\n"
        "Snow melts on the north face of the Eiger by late May.\n"
        "This makes the Mittellegi ridge dangerous for about 6 weeks.\n",
        "t.md",
    )
    assert note is not None
    sentences, _ = split_sentences(note)
    # A model that scores every candidate just under its own threshold.
    flat = Model({"bias": math.log(0.35 / 0.65)}, 0.37, {})
    facts, decisions = extract_facts(note, sentences, model=flat)
    assert [f.context for f in facts] == [sentences[0].text]  # only the leaning one is kept
    assert decisions[0].accepted is False
    assert 0.37 - LEANING_ALLOWANCE < 0.35


def test_the_finders_quantities_need_a_little_more_of_the_models_score() -> None:
    note, _ = parse_note(
        "---\ntitle: T\nvideoId: abcdefghijk\n---\n\n"
        "Slow-wave sleep is the deepest stage of non-REM sleep.\n\n"
        "The Gotthard Base Tunnel runs for 57 kilometres under the Alps.\n",
        "t.md",
    )
    assert note is not None
    sentences, _ = split_sentences(note)
    veto = 0.1

    def answers(probability: float) -> list[str]:
        flat = Model({"bias": math.log(probability / (1 - probability))}, 0.9, {})
        facts, _ = extract_facts(note, sentences, model=flat, veto=veto)
        return [a for f in facts for a in f.answers]

    # Scored between the veto and the quantities' bar: the definition stays, the figure goes.
    assert veto < 0.12 < veto + VETO_MARGINS["quantity"] < 0.16
    low, high = answers(0.12), answers(0.16)
    assert "Slow-wave sleep" in low and "57 kilometres" not in low
    assert "Slow-wave sleep" in high and "57 kilometres" in high


@pytest.mark.parametrize(
    ("text", "part", "split"),
    [
        ('She co-wrote "The Coddling of the American Mind," a study of campuses.', "The Coddling", True),
        ('He studied "The Book of Five Rings" and "The Art of War."', "The Art", True),
        ('He studied "The Book of Five Rings" and "The Art of War."', "Art of War", False),
        ('Its charter says "to keep the Rand peg stable and grow the Rand supply" above all.', "Rand peg", False),
        ('His book "Twelve Rules for Quiet People to Master Ordinary Life" sold well.', "Twelve Rules", True),
        ('His book "Twelve Rules for Quiet People to Master Ordinary Life" sold well.', "Master Ordinary Life", False),
        ('Becoming an expert can take "easily a thousand hours" of practice.', "a thousand hours", False),
        ('The founders practised the "Collison install," visiting customers.', "Collison install", False),
    ],
)  # fmt: skip
def test_part_of_a_quoted_title_is_never_hidden(text: str, part: str, split: bool) -> None:
    start = text.index(part)
    assert _splits_quoted_title(text, Target(start, start + len(part), "name", 1.0)) is split
