"""Deletions that say nothing alone are not found: :mod:`deckgen.targets` on arithmetic, verb
forms of comparison words, vague "similar", bare general nouns and sentence adverbs."""

from __future__ import annotations

import pytest

from deckgen.targets import find_targets


def found(text: str, kind: str | None = None) -> list[str]:
    return [text[t.start : t.end] for t in find_targets(text) if kind is None or t.kind == kind]


@pytest.mark.parametrize(
    ("text", "not_hidden"),
    [
        ("Check how often 4 fits into 28: 4 x 7 = 28.", "4 x"),
        ("Stock: 12 crates * $30/crate = $360.", "$360"),
        ("Margin: $9,000 / $12,000 = 75%.", "75%"),
        ("Net yield: $5,000 (grain) - $2,000 (seed) = $3,000.", "$5,000"),
        ("The total is 40 + 25 = 65 bales.", "65 bales"),
    ],
)
def test_numbers_in_arithmetic_are_not_quantities(text: str, not_hidden: str) -> None:
    assert not_hidden not in found(text)


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("The new press runs 3x faster than the old one.", "3x"),
        ("Bake at 220°C/425°F for 25 minutes.", "220°C"),
        ("Owls eat 150 g/day of prey.", "150 g/day"),
        ("Each farm needs 100+ hives, but 90% of farms keep fewer than that.", "90%"),
        ("A healthy herd keeps a retention rate >= 95%.", "95%"),
        ("The dam holds 4 million m³ (roughly 30% of the valley's need).", "30%"),
    ],
)
def test_units_and_bounds_are_still_quantities(text: str, hidden: str) -> None:
    assert hidden in found(text, "quantity")


@pytest.mark.parametrize(
    "text",
    [
        "Cheap fertilisers are leading to poorer soils in the north.",
        "Small co-operatives were leading the shift to organic grain.",
        "Drainage reforms are leading towards larger fields.",
    ],
)
def test_leading_as_a_verb_is_not_a_comparison(text: str) -> None:
    assert "leading" not in found(text, "comparison")


def test_leading_as_an_adjective_is_a_comparison() -> None:
    text = "Drought is the leading cause of crop failure in the region."
    assert "leading" in found(text, "comparison")


@pytest.mark.parametrize(
    "text",
    [
        "Mountain streams turned out to be governed by similar seasonal rhythms.",
        "The farmers noticed that similar patterns appear in the wetter valleys.",
    ],
)
def test_similar_before_a_noun_with_nothing_to_compare_is_not_hidden(text: str) -> None:
    assert "similar" not in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "After two seasons both plots had produced similar amounts of grain.",
        "The yields of the two plots were similar in the second year.",
    ],
)
def test_similar_said_of_two_things_is_an_outcome(text: str) -> None:
    assert "similar" in found(text, "outcome")


def test_a_comparative_with_nothing_after_it_is_not_hidden() -> None:
    text = "The survey found the farmers would switch if yields were significantly higher."
    assert "higher" not in found(text)
    kept = "The survey found that yields were significantly higher in the terraced plots."
    assert "higher" in found(kept, "comparison")


def test_a_bare_general_noun_is_not_a_subject() -> None:
    text = "The figure is even higher than the national average of 20%."
    assert "figure" not in found(text)
    assert "20%" in found(text, "quantity")


def test_a_named_subject_is_still_hidden() -> None:
    text = "The ceramic filter is much cheaper than the steel mesh."
    assert "ceramic filter" in found(text, "subject")


@pytest.mark.parametrize("lead", ["Cost-wise, ", "Historically, ", "Overall, "])
def test_a_sentence_adverb_is_not_part_of_the_subject(lead: str) -> None:
    text = f"{lead}the ceramic filter is much cheaper than the steel mesh."
    subjects = found(text, "subject")
    assert subjects == ["ceramic filter"]


def test_a_described_name_stops_at_its_comma() -> None:
    text = "The most widely grown wheat in 1900 was Einkorn, planted by most smallholders."
    assert "Einkorn" in found(text, "definition")
    assert not any("planted" in t for t in found(text))
