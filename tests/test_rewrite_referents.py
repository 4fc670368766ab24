"""What a pronoun may stand for: :mod:`deckgen.rewrite` refuses referents that are no noun
phrase, topics given to verbs that want someone, and "This figure" rewrites that name nothing."""

from __future__ import annotations

import pytest

from deckgen.rewrite import is_noun_phrase, standalone, subject_of


@pytest.mark.parametrize(
    "phrase",
    [
        "The old lighthouse stands exactly due north",  # a whole clause
        "The ferry costs roughly $40",
        "The guild treats its apprentices well",
        "The cellar holds a",  # ends open
        "Erosion is Not Reversible",  # a verb inside a label
        "Has doubled output",  # starts with an auxiliary
        "Eventually",  # a lone adverb
        "Abandoned",  # a lone participle
        "Exporting grain (e.g.",  # unbalanced parenthesis
        "Planting Winter Wheat",  # an activity, not a thing
        "Similar profile to the mill",
    ],
)
def test_clauses_and_odd_labels_are_not_noun_phrases(phrase: str) -> None:
    assert not is_noun_phrase(phrase)


@pytest.mark.parametrize(
    "phrase",
    ["The old lighthouse", "Sea ice", "Basalt columns (or pillars)", "Winter wheat", "The tides"],
)
def test_plain_noun_phrases_are_noun_phrases(phrase: str) -> None:
    assert is_noun_phrase(phrase)


def test_a_possessive_is_not_given_a_whole_clause_as_owner() -> None:
    previous = "The old lighthouse stands exactly due north, facing the harbour mouth."
    rewrite = standalone("Its granite tower rises 35 m above the rocks.", previous, None, ())
    assert rewrite.problem is not None


def test_a_possessive_still_takes_a_noun_phrase_subject() -> None:
    previous = "The old lighthouse was built on a granite shelf."
    rewrite = standalone("Its tower rises 35 m above the rocks.", previous, None, ())
    assert rewrite.text == "The old lighthouse's tower rises 35 m above the rocks."


def test_a_list_inside_a_lead_phrase_is_not_the_subject() -> None:
    previous = "For crops like Barley, Oats, Rye, and Millet, he used the old drying racks."
    assert subject_of(previous) is None
    rewrite = standalone(
        "He found that two days of sun dried 90% of the grain.", previous, None, ()
    )
    assert rewrite.problem is not None


def test_a_sentence_adverb_is_skipped_before_the_subject() -> None:
    assert subject_of("Initially, the cooperative owned every mill in the valley.") == (
        "the cooperative"
    )


@pytest.mark.parametrize("label", ["Irrigation", "Soil Chemistry", "Crop Rotation", "Maria Lopez"])
def test_a_topic_label_cannot_find_or_argue(label: str) -> None:
    # A bare Title Case label may be a field or a name: with "found" it is refused either way.
    rewrite = standalone("They found that 70% of fields lacked nitrogen.", None, label, ())
    assert rewrite.problem is not None
    rewrite = standalone("It argued that 70% of fields lacked nitrogen.", None, label, ())
    assert rewrite.problem is not None


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Soil researchers", "Soil researchers found"),
        ("The Rothamsted Institute", "The Rothamsted Institute found"),
        ("Dr. Maria Lopez", "Dr. Maria Lopez found"),
    ],
)
def test_a_label_naming_someone_can_find(label: str, expected: str) -> None:
    pronoun = "They" if label.endswith("s") else "It"
    rewrite = standalone(f"{pronoun} found that 70% of fields lacked nitrogen.", None, label, ())
    assert rewrite.text.startswith(expected)


def test_a_topic_label_still_stands_for_it_with_an_ordinary_verb() -> None:
    rewrite = standalone("It doubles yields within 3 years.", None, "Crop rotation", ())
    assert rewrite.text == "Crop rotation doubles yields within 3 years."


def test_a_label_the_sentence_talks_about_is_not_its_owner() -> None:
    rewrite = standalone("Its harvest fell by 30% in the drought.", None, "Harvest", ())
    assert rewrite.problem is not None
    rewrite = standalone("It reached a harvest of 4 tonnes a hectare.", None, "Harvest", ())
    assert rewrite.problem is not None


def test_a_definition_may_repeat_the_label() -> None:
    rewrite = standalone(
        "They are hollow stone channels under the field.", None, "Stone drains", ()
    )
    assert rewrite.text == "Stone drains are hollow stone channels under the field."


@pytest.mark.parametrize(
    "text",
    [
        "This figure is twice the regional average of 2 tonnes.",
        "This number dropped by 40% after the flood.",
        "This amount held for 12 seasons in a row.",
    ],
)
def test_this_generic_noun_with_the_topic_already_named_is_refused(text: str) -> None:
    rewrite = standalone(text, "Yields rose.", "Regional yields", ())
    rewrite_with_topic_named = standalone(
        text.replace(".", " for regional yields."), "Yields rose.", "Regional yields", ()
    )
    assert rewrite_with_topic_named.problem is not None
    # Without the topic in the sentence it goes in front and names the figure.
    assert rewrite.text.startswith("Regional yields: the ")


def test_this_specific_noun_keeps_the_plain_rewrite() -> None:
    rewrite = standalone("This drainage ditch floods 3 times a year.", None, "Lower field", ())
    assert rewrite.text == "Lower field: the drainage ditch floods 3 times a year."


@pytest.mark.parametrize(
    "text",
    [
        "It is noted that 2 million tonnes were shipped.",
        "It is predicted that prices will rise by 8%.",
        "It is advised to rest the soil for 2 years.",
    ],
)
def test_more_empty_its_are_refused(text: str) -> None:
    assert standalone(text, "The mill closed.", "Grain trade", ()).problem is not None


def test_an_adverb_before_the_verb_is_not_part_of_the_subject() -> None:
    assert subject_of("The harbour board also charged 5% on every landing.") == (
        "The harbour board"
    )


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("It is a simple and passively managed fund.", "Simplicity"),
        ("It has no debt and grows 20% a year.", "Strong Performance"),
        ("It trades at eight times earnings.", "Valuation"),
    ],
)
def test_a_headline_of_common_words_is_no_referent(text: str, label: str) -> None:
    # Such a label names what the passage says about its topic, not the topic:
    # "Simplicity is a simple ... fund" would be nonsense.
    assert standalone(text, None, label, ()).problem is not None


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Kugelblitz Plasma", "Kugelblitz Plasma"),  # a rare word
        ("Gemini 2", "Gemini 2"),  # a digit
        ("Positive lightning", "Positive lightning"),  # a term, in sentence case
    ],
)
def test_a_label_that_reads_as_a_name_still_stands_for_it(label: str, expected: str) -> None:
    rewrite = standalone("It tends to carry larger peak currents.", None, label, ())
    assert rewrite.text == f"{expected} tends to carry larger peak currents."


def test_a_headline_the_sentence_before_names_stands_for_it() -> None:
    previous = "Positive lightning starts high in the cloud."
    alone = standalone(
        "It tends to carry larger currents.", "Storms vary.", "Positive Lightning", ()
    )
    assert alone.problem is not None
    rewrite = standalone("It tends to carry larger currents.", previous, "Positive Lightning", ())
    assert rewrite.problem is None
    assert rewrite.text.lower() == "positive lightning tends to carry larger currents."


def test_a_hyphenated_headline_word_is_no_name() -> None:
    rewrite = standalone("It is cheaper than the older model.", None, "Cost-Effectiveness", ())
    assert rewrite.problem is not None
    rewrite = standalone("It found that 40% of loans failed.", None, "OpenAI", ())
    assert rewrite.text.startswith("OpenAI found")


def test_a_group_named_by_its_examples_owns_nothing() -> None:
    # "Urban centres like Tikal and Copán's writing system" would give the example the 's.
    rewrite = standalone(
        "Their script, decoded in the 1970s, is a rich historical source.",
        "Cities like Tikal and Copán featured tall pyramids.",
        None,
        (),
    )
    assert rewrite.problem and "Their" in rewrite.problem
    plain = standalone(
        "Their script, decoded in the 1970s, is a rich historical source.",
        "The ancient cities featured tall pyramids.",
        None,
        (),
    )
    assert plain.text.startswith("The ancient cities' script"), plain
