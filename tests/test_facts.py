"""Stage 3: which sentences become facts, how they are rewritten, what they hide."""

from __future__ import annotations

import pytest

from deckgen.facts import drop_duplicates, extract_facts
from deckgen.notes import parse_note
from deckgen.rewrite import standalone, subject_of
from deckgen.sentences import split_sentences
from deckgen.targets import find_targets
from deckgen.types import Fact, Note


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
    note, facts = facts_of(
        "Glaciers cover about 10% of the land surface of the Earth.\n\n"
        "Glaciers cover about 10% of the land surface of Earth."
    )
    assert len(facts) == 2
    kept = drop_duplicates([(note, f) for f in facts])
    assert kept == {id(facts[0])}
