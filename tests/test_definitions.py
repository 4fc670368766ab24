"""Definition targets: a card hides a named term whose class and difference follow ("A [fjord]
is a long, narrow inlet ..."), never a description, an activity, a judged subject, or a term
whose predicate is an opinion, a rank or a role. The last test builds a deck and imports it."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from conftest import ImportedCard

from deckgen import BuildOptions, build
from deckgen.targets import find_targets


def definitions(text: str) -> list[str]:
    return [text[t.start : t.end] for t in find_targets(text) if t.kind == "definition"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A fjord is a long, narrow inlet carved by a glacier.", "fjord"),
        ("Photophobia refers to a painful sensitivity to light.", "Photophobia"),
        ("Karst is a landscape formed where water dissolves limestone.", "Karst"),
        ("Stomata are small pores that let a leaf exchange gases.", "Stomata"),
        # A quoted coinage: the words between the marks, not the opening mark.
        ('The "slow hunch" is an idea that matures over many years.', "slow hunch"),
        ('The "Ground Truth Score" (GTS) is a metric for labelled data.', "Ground Truth Score"),
        # A named practice may open with an "-ing" word; an eponym may have an owner.
        ("Dry brushing is a painting technique that uses very little paint.", "Dry brushing"),
        ("Meaning of art refers to what a work stands for beyond its form.", "Meaning of art"),
        ("Hooke's law is a rule that ties the stretch of a spring to its load.", "Hooke's law"),
        # A bare comparative can still name a class.
        ("Pico mode is a smaller, quieter version of the main engine.", "Pico mode"),
        (
            "Tide pools, or rock pools, are hollows that keep sea water at low tide.",
            "Tide pools, or rock pools",
        ),
    ],
)
def test_a_named_term_is_hidden(text: str, expected: str) -> None:
    assert expected in definitions(text)


@pytest.mark.parametrize(
    "text",
    [
        # The subject describes instead of naming.
        "The kind of kiln described is a wood-fired chamber with three vents.",
        "The history of canals is the long attempt to move heavy goods cheaply.",
        "The lighthouse keeper's daily routine is a list of chores done at dawn.",
        "A particularly clever device is a pump that runs on waves alone.",
        "A true harbour is a place where boats can shelter in any storm.",
        "The salinity of estuaries—how much salt they hold—is a moving target.",
        'The odd "Iron Horse" is a nickname that stuck to the old engine.',
        "Rebuilt in 1890, the Tay Bridge is a crossing that replaced a fallen one.",
        # An activity with its object.
        "Mending a fishing net is a skill passed down in coastal families.",
        "Asking for directions is a habit many sailors lose at sea.",
        # The examples are the news, not the bare plural before them.
        "Birds like puffins and gannets are visitors that nest on the cliffs.",
        # The predicate judges, ranks, compares or names a role.
        "The harbour crane is a groundbreaking machine for its time.",
        "Planning a voyage is one of the most rewarding tasks a skipper has.",
        "The new ferry is a much larger vessel than the old one.",
        "Saltmarsh grass is a common solution for bank erosion.",
        "Tidal power is a cornerstone of the region's energy plan.",
        'The old harbour is a "sleeping giant" waiting for investment.',
        "Port Isaac is a similar village, often painted by visitors.",
        "The second harbour risk is the silt that builds up each winter.",
        "Ports like Fowey and Looe could grow as tourism is a steady earner.",
        "Winter storms are no longer events that surprise the fleet.",
        "Fishermen are seen as guardians of the coast by many visitors.",
        # An inverted sentence, and a described thing after an article.
        "Central to tide prediction is the pull of the moon on the oceans.",
        "A common coastal hazard is the rip current that pulls swimmers out.",
        # A quotation that does not close before the verb is a saying.
        '"The sea is a teacher that never repeats a lesson," the old skipper said.',
    ],
)
def test_not_a_definition(text: str) -> None:
    assert definitions(text) == []


def test_an_apposition_is_not_a_clause_a_list_or_a_correlative() -> None:
    assert definitions("Unlike the MV2 engine, the new model runs on hydrogen.") == []
    assert definitions("To steer a boat with an ROV, the pilot uses a joystick.") == []
    assert "ATP" in definitions("Cells burn sugar to make ATP, the energy carrier of life.")
    listed = "The team praised better GPS, a clearer chart display, faster radios, and more."
    assert definitions(listed) == []
    assert definitions("The lower the RPM, the quieter the engine runs.") == []


NOTE = """---
title: Coastal landforms
videoId: c0a5tLand01
---

## Inlets

A fjord is a long, narrow inlet carved by a glacier {t1}.

The kind of inlet described is a drowned river valley {t2}.

Mending a sea wall is a job that never ends {t3}.

Tombolos are sand bars that join an island to the mainland {t4}.
"""


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_deck_hides_named_terms_only(
    tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    stamps = {f"t{i}": f"[00:0{i}:00]" for i in range(1, 5)}
    (notes / "coast.md").write_text(NOTE.format(**stamps), encoding="utf-8")
    package = tmp_path / "deck.apkg"
    build(BuildOptions(paths=(str(notes),), output=str(package), timestamp=1_700_000_000))
    cards = anki_import(package)
    questions = " || ".join(_plain(c.question) for c in cards)
    answers = " || ".join(_plain(c.answer) for c in cards)
    assert "is a long, narrow inlet carved by a glacier" in questions
    assert "fjord" in answers
    assert "are sand bars that join an island" in questions
    assert "Tombolos" in answers
    assert "drowned river valley" not in questions
    assert "Mending a sea wall" not in questions + answers
    assert len(cards) == 2
