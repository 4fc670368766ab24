"""Quantity, count and comparison deletions hide the fact a sentence states, whole (a range, its
unit, its sign), and leave alone what only looks like one: a name, a time counted from the talk,
a clock time, a size that describes a thing already named, a superlative that is a view. Small
cases for each rule, and one deck imported into Anki."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from conftest import ImportedCard

from deckgen import BuildOptions, build
from deckgen.targets import STRONG, find_targets


def strong(text: str, *kinds: str) -> list[str]:
    """What ``find_targets`` finds in ``text`` that can make a card alone, of the given kinds."""
    return [
        text[t.start : t.end] for t in find_targets(text) if t.kind in kinds and t.weight >= STRONG
    ]


# -- quantities hidden whole -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Signups rose +12% after the redesign.", ["+12%"]),
        ("At night the dune cools to −8°C within hours.", ["−8°C"]),
        ("The hosting plan costs $35/month for a small shop.", ["$35/month"]),
        ("Most gardeners water the beds once or twice a week.", ["once or twice a week"]),
        ("The repair usually takes four to 10 days.", ["four to 10 days"]),
        ("The walkers covered 40 km+ on the final stage.", ["40 km+"]),
        ("By spring the herd had grown to about 3 Million animals.", ["3 Million"]),
    ],
)
def test_a_quantity_keeps_its_sign_unit_and_range(text: str, expected: list[str]) -> None:
    assert strong(text, "quantity") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Roughly 1 in 40 lighthouse keepers stayed for life.", ["1 in 40"]),
        ("Only 7 out of 12 seedlings survived the frost.", ["7 out of 12"]),
    ],
)
def test_a_ratio_is_hidden_whole(text: str, expected: list[str]) -> None:
    assert strong(text, "count") == expected


# -- what only looks like a quantity ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Each joint gives the arm three degrees of freedom in the model.",  # not an angle
        "Many wallets now route payments through Layer 2s to save fees.",  # a plural name
        "The iPhone 6s kept the rounded aluminium shell of the model before it.",  # a model name
        "The team promised to 10x their output within the quarter.",  # a verb
        "Advertisers compare the cost per 5-second view across channels.",  # what a rate counts in
        "Traders watch whether the price holds above the 24hr VWAP line.",  # an indicator's name
        "The shop is open 24/7 during the harvest festival.",  # all the time
        "Her second book, 100 Million Dollar Habits, sold well.",  # a title
    ],
)
def test_a_name_or_idiom_is_not_a_quantity(text: str) -> None:
    assert strong(text, "quantity") == []


@pytest.mark.parametrize(
    "text",
    [
        "The guild moved its archive online 3 years ago.",  # counted from the talk
        "Over the last 18 months the museum doubled its visitors.",
        "The livestream starts at 10am on Saturday.",  # a clock time
        "Riders trained for months before the 100-mile race through the hills.",  # a description
        "This $2 billion fund mostly tracks the national index.",
        "Nearly 99% of the time the backup is never opened.",  # a figure of speech
        "2 parts of the solution settle at the bottom.",  # a count too small to recall
    ],
)
def test_an_incidental_number_makes_no_card(text: str) -> None:
    assert strong(text, "quantity", "count") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Glaciers carved this valley about 20,000 years ago.", ["20,000 years"]),
        ("Sales were the highest in the last 10 years.", ["10 years"]),
        ("The bakery missed the 2% growth target this spring.", ["2%"]),
        ("The pump moves only about 3 litres per minute.", ["3 litres per minute"]),
        ("A wren lays only about 3 eggs in a late clutch.", ["3"]),
        ("Sales reps hit their quota 14% of the time.", ["14%"]),
    ],
)
def test_a_quantity_that_is_the_fact_stays(text: str, expected: list[str]) -> None:
    assert strong(text, "quantity", "count") == expected


# -- comparisons -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Repetition is the most crucial habit in all of language learning.", ["most crucial"]),
        ("The blue whale is the largest animal that has ever lived.", ["largest"]),
        ("Cork oak is thought to be the most abundant tree in the region.", ["most abundant"]),
    ],
)
def test_a_superlative_that_is_the_fact_is_hidden(text: str, expected: list[str]) -> None:
    assert strong(text, "comparison") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Patience is one of the most important virtues a gardener can have.",  # among many
        "Mapping the caves is probably the most crucial step of the survey.",  # hedged
        "The coach believes the final lap is the biggest test of nerve.",  # someone's view
        "Honest feedback is the biggest lever in a young team.",  # a judgement
        "Of all the new tools, the editor is most excited about the spell checker.",  # a feeling
        "Cheap methods are ultimately the most effective.",  # the most of what?
        "After all the delays, this is the largest shipment.",  # which one, the card cannot say
        '"Silence is the greatest teacher of all," she wrote.',  # a quoted saying
    ],
)
def test_a_superlative_that_is_a_view_makes_no_card(text: str) -> None:
    assert strong(text, "comparison") == []


# -- end to end ------------------------------------------------------------------------------------
NOTE = """---
title: Coastal fieldwork
videoId: c0astWork01
---

## Survey

The tide gauge logged a rise of +9% in surge height over the winter {t1}.
Our survey team started this project 2 years ago with a single boat {t2}.
Seals haul out once or twice a day on the outer sandbar {t3}.
The harbour seal is the most common marine mammal on this coast {t4}.
Kelp cover is one of the most important signs of a healthy reef {t5}.
"""


def _stamp(n: int) -> str:
    return f'<a class="yt-timestamp" data-t="00:{n:02d}:00">[00:{n:02d}:00]</a>'


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_deck_hides_whole_quantities_and_skips_incidental_ones(
    tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    text = NOTE.format(**{f"t{i}": _stamp(i) for i in range(1, 6)})
    (notes / "coast.md").write_text(text, encoding="utf-8")
    package = tmp_path / "deck.apkg"
    build(BuildOptions(paths=(str(notes),), output=str(package), timestamp=1_700_000_000))
    cards = anki_import(package)
    texts = [_plain(c.fields["Text"]) for c in cards]
    joined = "\n".join(texts)
    assert any("{{c1::+9%}}" in t for t in texts)
    assert any("{{c1::once or twice a day}}" in t for t in texts)
    assert any("{{c1::most common}}" in t for t in texts)
    assert "2 years ago" not in joined and "::2 years}}" not in joined
    assert "most important" not in joined
    for card in cards:
        if "+9%" in card.fields["Text"]:
            assert "+9%" not in _plain(card.question)
            assert "+9%" in _plain(card.answer)
