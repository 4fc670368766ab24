"""Stage 3a: the candidate generator finds every kind of span a learner might want hidden."""

from __future__ import annotations

import pytest

from deckgen.candidates import Candidate, find_spans, is_unit, zipf


def spans(text: str) -> dict[str, str]:
    """Each candidate's hidden text → its kind."""
    return {text[t.start : t.end]: t.kind for t in find_spans(text)}


@pytest.mark.parametrize(
    ("text", "answer", "kind"),
    [
        ("The tyres hold 77 kilopascals of air at rest.", "77 kilopascals", "quantity"),
        ("Each tablet weighs 1.22 grams after coating.", "1.22 grams", "quantity"),
        ("The probe sent data at 300 MHz across the link.", "300 MHz", "quantity"),
        ("About 15% of power is lost between the plant and the home.", "About 15%", "quantity"),
        ("The bridge opened in 1932 after six years of work.", "1932", "year"),
        ("The treaty was signed on 14 June 1984 in Geneva.", "14 June 1984", "date"),
        ("The element was isolated by Marie Curie in a shed.", "Marie Curie", "name"),
        (
            "The sky looks blue due to Rayleigh scattering of sunlight.",
            "Rayleigh scattering of sunlight",
            "cause",
        ),
        ("Iron is carried in the blood by ferroportin and transferrin.", "ferroportin", "rare"),
        # The named finders of deckgen.targets know a quoted coinage as a name.
        ('Traders still repeat the "greater fool" theory of bubbles.', "greater fool", "name"),
    ],
)
def test_each_kind_of_span_is_a_candidate(text: str, answer: str, kind: str) -> None:
    found = spans(text)
    assert answer in found, found
    assert found[answer] == kind


def test_units_come_from_pints_registry_not_a_list() -> None:
    assert all(is_unit(w) for w in ("kilopascals", "kPa", "grams", "MHz", "mph", "volts"))
    # Ordinary words and function words are not units, though pint parses some ("in", "at").
    assert not any(is_unit(w) for w in ("people", "in", "at", "apples", "cats"))


def test_rarity_comes_from_word_frequencies() -> None:
    assert zipf("the") > 7 > zipf("hydrophilic") > 0
    assert zipf("qzxvbnmotaword") == 0


def test_spans_are_whole_words_and_never_cut_a_link() -> None:
    from deckgen.types import Span, SpanKind

    text = "The Knudsen effect drives gas through tiny pores."
    link = Span(4, 18, SpanKind.LINK)  # "Knudsen effect"
    for t in find_spans(text, (link,)):
        inside = link.start <= t.start and t.end <= link.end
        around = t.start <= link.start and link.end <= t.end
        outside = t.end <= link.start or t.start >= link.end
        assert inside or around or outside
        assert text[t.start - 1 : t.start].strip() == "" or not text[t.start - 1].isalnum()


def test_a_candidate_survives_its_json_form() -> None:
    c = Candidate(
        "The sky is blue due to Rayleigh scattering.",
        23,
        42,
        "cause",
        1.5,
        "Light bends in air.",
        ("rewritten",),
        "Sky colour",
        ("Optics", "Scattering"),
        "Why blue",
        0.25,
        2,
    )
    assert Candidate.from_json(c.to_json()) == c
    assert c.answer == "Rayleigh scattering"


def spans_of(text: str) -> set[str]:
    return {text[t.start : t.end] for t in find_spans(text)}


def test_a_term_is_no_adverb_or_past_verb() -> None:
    found = spans_of("The CEGB controversially chose a tender from Atomic Power Constructions.")
    assert not any("controversially" in s or "chose" in s for s in found)


def test_a_function_word_opening_the_sentence_is_no_part_of_a_name() -> None:
    text = "Neither GPT-4 nor O3 mini met all three requirements at once."
    names = [text[t.start : t.end] for t in find_spans(text) if t.kind == "name"]
    assert "GPT-4" in names and not any(n.startswith("Neither") for n in names)
