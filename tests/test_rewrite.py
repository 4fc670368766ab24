"""Making a sentence stand alone: :mod:`deckgen.rewrite` on small examples."""

from __future__ import annotations

import pytest

from deckgen.rewrite import standalone, subject_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("However, glaciers advance in cold decades.", "Glaciers advance in cold decades."),
        ("For instance, basalt cools into columns.", "Basalt cools into columns."),
        ("Also, lava tubes drain after an eruption.", "Lava tubes drain after an eruption."),
        ("In the same study, rainfall fell by 12%.", "Rainfall fell by 12%."),
        ("This suggests that snow cover slows erosion.", "Snow cover slows erosion."),
    ],
)
def test_leading_connectives_and_frames_go(text: str, expected: str) -> None:
    assert standalone(text, None, None, ()).text == expected


def test_it_becomes_the_previous_subject() -> None:
    rewrite = standalone(
        "It erupts every 90 minutes.", "Old Faithful is a geyser in Wyoming.", None, ()
    )
    assert rewrite.text == "Old Faithful erupts every 90 minutes."
    assert rewrite.referent


def test_they_needs_a_plural_referent() -> None:
    previous = "Twelve volunteers from the alpine club climbed the north face."
    rewrite = standalone("They reached the summit in 9 hours.", previous, None, ())
    assert rewrite.text == "Twelve volunteers reached the summit in 9 hours."


def test_pronoun_after_a_connective_is_resolved_too() -> None:
    rewrite = standalone("However, it melts at 0 °C.", "Sea ice is frozen seawater.", None, ())
    assert rewrite.text == "Sea ice melts at 0 °C."


def test_it_falls_back_to_the_label() -> None:
    rewrite = standalone("It lasts 11 years.", "Sunspots come and go.", "Solar cycle", ())
    assert rewrite.text == "Solar cycle lasts 11 years."


def test_a_change_in_something_refers_to_the_something() -> None:
    previous = "Every 2 °C rise in sea temperature doubled coral bleaching."
    rewrite = standalone("It was also a better predictor than rainfall.", previous, None, ())
    assert rewrite.text.startswith("Sea temperature was also")


def test_a_superlative_subject_refers_to_its_complement() -> None:
    previous = "The most common volcanic rock is basalt, a dark fine-grained rock."
    assert subject_of(previous) == "basalt"


@pytest.mark.parametrize(
    "text",
    [
        "It takes three days to cross the glacier.",
        "It is important to carry crampons on ice.",
        "It's worth noting that fog forms at dawn.",
    ],
)
def test_an_empty_it_is_refused(text: str) -> None:
    rewrite = standalone(text, "Glaciers move slowly.", "Glaciers", ("Ice",))
    assert rewrite.problem is not None


def test_this_standing_for_a_sentence_is_refused() -> None:
    rewrite = standalone("This makes the pass dangerous in spring.", "Snow melts.", "Pass", ())
    assert rewrite.problem is not None


def test_this_noun_names_the_topic_or_is_refused() -> None:
    rewrite = standalone("This rise lasts until noon.", None, "Morning cortisol", ())
    assert rewrite.text == "Morning cortisol: the rise lasts until noon."
    assert not rewrite.referent
    assert standalone("This rise lasts until noon.", None, None, ()).problem is not None


def test_no_referent_means_the_sentence_is_refused() -> None:
    assert standalone("They migrate in autumn.", None, None, ()).problem is not None


def test_subject_of_cuts_at_the_first_preposition() -> None:
    assert subject_of("Eight hikers from that club then crossed the ridge.") == "Eight hikers"
    assert subject_of("As Alpine Club members, they climbed.") is None


def test_these_are_takes_a_plural_referent() -> None:
    rewrite = standalone("These are the densest rocks.", None, "Eclogites", ())
    assert rewrite.text == "Eclogites are the densest rocks."


def test_this_with_a_past_verb_is_refused() -> None:
    assert standalone("This led to a flood.", "Dams broke.", "Floods", ()).problem is not None


@pytest.mark.parametrize("label", ["How it works", "2. Substitute", "Initially", "Case Study"])
def test_a_label_that_names_no_thing_is_no_referent(label: str) -> None:
    assert standalone("It grows 3 cm a year.", None, label, ()).problem is not None


def test_an_unknown_verb_is_not_part_of_the_subject() -> None:
    assert subject_of("Lux Capital acknowledges that risk exists.") == "Lux Capital"
    assert subject_of("C4 plants, such as corn, first fix CO2.") == "C4 plants"


@pytest.mark.parametrize(
    "text",
    [
        "These involve subtly changing the input data.",  # a verb: no noun after "These"
        "This directly contributes to faster inference.",  # an adverb
        "These cannot be treated with shock waves.",  # a modal
    ],
)
def test_this_or_these_before_a_verb_stands_for_the_sentence_before(text: str) -> None:
    rewrite = standalone(text, "Earlier sentence.", None, ("Inference Attacks",))
    assert rewrite.problem is not None and "standing for the sentence before" in rewrite.problem
    assert not rewrite.text.startswith("Inference Attacks: the")
