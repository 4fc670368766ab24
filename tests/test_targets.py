"""What a sentence may hide: each finder of :mod:`deckgen.targets` on small examples."""

from __future__ import annotations

import time

import pytest

from deckgen.targets import STRONG, Target, find_targets, is_technical, well_formed


def found(text: str, kind: str | None = None) -> list[str]:
    return [text[t.start : t.end] for t in find_targets(text) if kind is None or t.kind == kind]


def strong(text: str) -> list[str]:
    return [text[t.start : t.end] for t in find_targets(text) if t.weight >= STRONG]


def target(text: str, answer: str) -> Target:
    (match,) = [t for t in find_targets(text) if text[t.start : t.end] == answer]
    return match


# -- quantities -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Glaciers retreat 5 to 6 metres every summer in the Alps.", "5 to 6 metres"),
        ("The kiln reaches 900–1,100 °C during firing of the clay.", "900–1,100 °C"),
        ("The ridge rises 2,962 m (9,718 ft) above the valley floor.", "2,962 m (9,718 ft)"),
        ("Adult owls need 150 g/day of prey during the breeding season.", "150 g/day"),
        ("Frost lasted about three to four weeks in that valley.", "three to four weeks"),
        ("The pump ran twice a week during the dry season.", "twice a week"),
        ("A tenfold drop happened in 10- to 12-hour fasts among voles.", "10- to 12-hour"),
    ],
)
def test_quantity_keeps_unit_and_whole_range(text: str, expected: str) -> None:
    assert expected in found(text, "quantity")


def test_a_count_hides_the_number_and_leaves_the_noun_as_cue() -> None:
    text = "Climbers train in 3 to 4 sessions each week before the season."
    assert "3 to 4" in strong(text)
    assert not any("sessions" in a for a in found(text))


@pytest.mark.parametrize(
    "text",
    [
        "A 2019 survey of rivers mapped the delta again.",  # a citation year
        "The 1990s saw the valley drained for farmland.",  # a decade
        "A 2021 trial randomized 212 adults with asthma to two inhalers.",  # year, sample size
        "The survey enrolled n = 48 farmers from the northern district.",  # n =
        "Option 2 and chapter 7 both describe the river crossing.",  # labels, not amounts
        "The COVID-19 pandemic closed the mountain huts for a season.",  # part of a name
    ],
)
def test_years_sample_sizes_and_labels_are_not_quantities(text: str) -> None:
    assert found(text, "quantity") == []
    assert found(text, "count") == []


def test_a_number_never_splits_a_hyphenated_word() -> None:
    text = "A typical 40-year-old hiker carries 12 kg of gear."
    assert "40-year" not in found(text)
    assert "12 kg" in found(text)


def test_study_design_numbers_are_not_enough_alone() -> None:
    text = "In a 2016 study, 30 divers followed a breathing protocol for 8 weeks."
    assert strong(text) == []


def test_finding_numbers_stay_strong() -> None:
    text = "A 2016 study found that breath-hold time rose by 45% after 8 weeks."
    assert "45%" in strong(text)


# -- terms -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Orogeny refers to the folding of the crust into mountains.", "Orogeny"),
        ("A moraine is a ridge of debris left behind by a glacier.", "moraine"),
        ("Drumlins are elongated hills that point in the direction of ice flow.", "Drumlins"),
        ('The term "firn" refers to snow older than one season.', "firn"),
    ],
)
def test_definition_hides_the_defined_term(text: str, expected: str) -> None:
    assert expected in found(text, "definition")


@pytest.mark.parametrize(
    "text",
    [
        "Hiking is a simple, low-cost way to stay fit.",  # praise, not a definition
        "The network is a function that maps inputs to outputs.",  # "the network" named before
        "A consequence of this is a faster melt in spring.",  # points outside the card
        "Professor Lind believes ice is a memory of climate.",  # an opinion
    ],
)
def test_not_definitions(text: str) -> None:
    assert found(text, "definition") == []


def test_named_term_and_quoted_coinage() -> None:
    assert found("Fine windblown dust deposits are known as loess.", "name") == ["loess"]
    text = 'The guide calls it the "ten-essentials rule", a checklist for any hike.'
    assert target(text, "ten-essentials rule").weight >= STRONG


def test_quoted_pronouns_and_stopwords_are_never_targets() -> None:
    text = 'Cards that open with "It" or "They" read badly when seen alone.'
    assert found(text) == []


def test_acronym_with_its_expansion() -> None:
    text = "Skiers wear a global navigation satellite system (GNSS) receiver on steep slopes."
    assert "global navigation satellite system (GNSS)" in found(text, "term")
    text = "Miners track hydrogen sulfide 2 (HS2) in the deep tunnels every day."
    assert "hydrogen sulfide 2 (HS2)" in found(text, "term")
    text = "Oaks release volatile organic compounds (VOCs) on hot afternoons."
    assert "volatile organic compounds (VOCs)" in found(text, "term")


def test_acronym_of_a_study_name_is_not_a_term() -> None:
    text = "The Alpine Lakes Survey (ALS) study sampled water every month."
    assert found(text, "term") == []


def test_technical_names() -> None:
    assert is_technical("NADPH") and is_technical("mTOR") and is_technical("Complex IV")
    assert is_technical("CO2") and is_technical("4G")
    assert not is_technical("YouTube") and not is_technical("Glacier") and not is_technical("1990s")


def test_technical_subject_with_a_function_verb_is_strong() -> None:
    text = "Complex IV transfers electrons to oxygen in the inner membrane."
    assert target(text, "Complex IV").weight >= STRONG


def test_appositive_defines_a_technical_name() -> None:
    text = "Cells respond through AMPK, an enzyme that senses low energy."
    assert "AMPK" in found(text, "definition")
    text = "Lichens have their own DNA, a sign that they are two organisms."
    assert found(text, "definition") == []


# -- comparisons and outcomes ----------------------------------------------------------------------
def test_superlative_counts_when_it_is_the_predicate() -> None:
    text = "Baikal is the deepest lake on Earth by a wide margin."
    assert target(text, "deepest").weight >= STRONG
    text = "Walkers took the shortest path through the forest that day."
    assert target(text, "shortest").weight < STRONG


def test_compared_subject_is_hidden_not_the_coin_flip_word() -> None:
    text = "Basalt is far denser than pumice from the same volcano."
    assert "Basalt" in strong(text)
    assert "denser" not in strong(text)


def test_outcome_word_in_a_finding() -> None:
    text = "The trial found that both groups had similar rates of injury."
    assert "similar" in strong(text)


# -- places, products, focus, pairs, formulas -------------------------------------------------------
def test_place_product_focus_pair_and_formula() -> None:
    assert found("Most magma is produced in the mantle beneath ridges.", "place") == ["mantle"]
    text = "Yeast converts sugar into ethanol and carbon dioxide."
    assert "ethanol" in found(text, "product")
    text = "Owls hunt mostly at dusk and rest through the day."
    assert found(text, "focus") == ["dusk"]
    text = "Bats eat mostly moths and beetles caught in flight."
    assert found(text, "focus") == ["moths and beetles"]
    text = "Lichens pair two partners: a fungus and an alga."
    assert found(text, "pair") == ["a fungus and an alga"]
    text = "Burning methane follows CH4 + 2 O2 → CO2 + 2 H2O in air."
    assert found(text, "formula") == ["CO2"]


def test_focus_before_a_verb_is_not_a_target() -> None:
    assert found("Visitors mostly arrive by train in summer.", "focus") == []
    assert found("Commuters primarily seek short trips and low fares.", "focus") == []


# -- author marks ----------------------------------------------------------------------------------
def test_bold_label_is_not_a_term() -> None:
    from deckgen.types import Span, SpanKind

    text = "Rule of thumb: carry 2 litres of water per hour of hiking."
    spans = (Span(0, 13, SpanKind.BOLD),)
    kinds = {t.kind for t in find_targets(text, spans)}
    assert "term" not in kinds


# -- linear time -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "piece", ["(", "*", "1 ", "1,", '"', "A (B) ", "~1 ", "two xs: a and ", "is a "]
)
def test_pathological_lines_take_linear_time(piece: str) -> None:
    small = piece * (2000 // len(piece))
    large = piece * (40000 // len(piece))
    started = time.perf_counter()
    find_targets(small)
    t_small = time.perf_counter() - started
    started = time.perf_counter()
    find_targets(large)
    t_large = time.perf_counter() - started
    # 20 times the text may take at most ~20 times as long (with slack for a noisy machine).
    assert t_large < max(1.0, 80 * t_small)


def test_a_described_name_at_the_end_is_hidden() -> None:
    text = "One of the most common minerals in granite is potassium feldspar (KF)."
    assert "potassium feldspar (KF)" in strong(text)


@pytest.mark.parametrize(
    ("hidden", "ok"),
    [
        ("neurons) and neurochemical connections (neurotransmitters", False),
        ("growth hormone (GH", False),
        ("growth hormone (GH)", True),
        ("neurons and glia", True),
    ],
)
def test_a_deletion_never_cuts_an_aside_in_half(hidden: str, ok: bool) -> None:
    text = f"The body links {hidden} to stress levels."
    start = text.index(hidden)
    assert well_formed(text, Target(start, start + len(hidden), "pair", 2.0)) is ok


def test_neither_is_no_part_of_a_technical_name() -> None:
    text = "Neither GPT-4 nor O3 mini met all three requirements at once."
    assert not any(text[t.start : t.end].startswith("Neither") for t in find_targets(text))
