"""Each kind of deletion hides a whole, named thing: small cases for every rule that keeps a
weak kind (focus, product, place, subject, definition, name, term) from hiding the wrong words,
the rewrite rules for speakers and section-kind labels, and one deck imported into Anki."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from conftest import ImportedCard

from deckgen import BuildOptions, build
from deckgen.rewrite import standalone
from deckgen.targets import find_targets


def hidden(text: str, kind: str) -> list[str]:
    """What ``find_targets`` would hide in ``text`` as ``kind``."""
    return [text[t.start : t.end] for t in find_targets(text) if t.kind == kind]


# -- focus -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Herons feed mostly at dawn, when the tide is out.", ["dawn"]),
        ("The lichen grows only on bare granite.", ["bare granite"]),
        ("The fee applies only to the cash you actually spend.", []),
        ("Readers skim only the top of each column.", []),
        ("A pure sum holds only subtraction or only division.", []),
        ("The planner counts only the exact number of trips.", []),
    ],
)
def test_focus_is_the_whole_of_what_only_singles_out(text: str, expected: list[str]) -> None:
    assert hidden(text, "focus") == expected


# -- products --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yeast in the dough turns sugar into carbon dioxide.", ["carbon dioxide"]),
        ("The liver stores spare glucose as glycogen.", ["glycogen"]),
        ("The studio turned the old mill into a gallery.", []),
        ("The editor splits long files into smaller, tidier pieces.", []),
        ("The review broke the plan into hundreds of tickets.", []),
        ("Spare protein converts into fat if not burned.", []),
        ("The valley changes as seasons pass.", []),
    ],
)
def test_a_product_is_a_kind_of_stuff(text: str, expected: list[str]) -> None:
    assert hidden(text, "product") == expected


# -- places ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Sami people also reside in neighbouring Finland and Sweden.", ["Finland"]),
        ("Bile is produced in the liver before meals.", ["liver"]),
        ("Starch is stored in roots and leaf cells.", []),
        ("The harbour is located at the far western end of the bay.", []),
        ("Most voters reside in districts with slow growth.", []),
        ("The two files are stored in the same folder.", []),
    ],
)
def test_a_place_names_somewhere_by_itself(text: str, expected: list[str]) -> None:
    assert hidden(text, "place") == expected


# -- subjects of comparisons -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Granite is much harder than chalk.", ["Granite"]),
        ("The copper kettle is cheaper than the iron pan.", ["copper kettle"]),
        ("The tablet is slightly lighter than its predecessor.", []),
        ("The market is slightly more expensive than usual.", []),
        ("The current setup is far slower than the old one.", []),
    ],
)
def test_a_compared_subject_says_which_thing(text: str, expected: list[str]) -> None:
    assert hidden(text, "subject") == expected


def test_more_than_just_and_rather_than_compare_nothing() -> None:
    assert hidden("The choir is more than just a hobby.", "comparison") == []
    assert hidden("The council is more about roads rather than parks.", "comparison") == []
    assert hidden("Slate is more brittle than granite.", "comparison") == ["more brittle"]


# -- definitions -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Osmosis is a process in which water crosses a membrane.", ["Osmosis"]),
        ("Solvency broadly refers to paying debts when due.", ["Solvency"]),
        ('"Hygge" roughly means a cosy, warm mood.', ["Hygge"]),
        ("Farmers use modern means to grow more grain.", []),
        ("Because heat is the motion of atoms, metals expand.", []),
        ("Everything is a priority for the new team.", []),
        ("Erosion is a topic of long debate among geologists.", []),
        ("Cycling is a third way commuters stay fit.", []),
        ("An example cited is a bakery that sold bread online.", []),
        ("A growing trend is the use of heat pumps.", []),
        ("Longer shifts mean more errors at night.", []),
        ("Marsh refers to these as quiet zones.", []),
    ],
)
def test_a_definition_hides_the_term_defined(text: str, expected: list[str]) -> None:
    assert hidden(text, "definition") == expected


def test_an_opening_clause_is_no_appositive() -> None:
    text = "When a phone lacks NFC, the reader falls back to a code."
    assert hidden(text, "definition") == []
    assert hidden("Muscles activate AMPK, a fuel sensor.", "definition") == ["AMPK"]


def test_a_dotted_name_is_not_cut() -> None:
    assert hidden("The demo runs on Forge.AI, a hosted coding tool.", "definition") == []


# -- names -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gardeners call the method hugelkultur.", ["method hugelkultur"]),
        ("She follows what she calls the slow-fold rule.", ["slow-fold rule"]),
        ('Bees, often dubbed the "tiny farmers," pollinate crops.', ["tiny farmers"]),
        ("The reply is known as Chain of Custody in law.", ["Chain of Custody"]),
        ("Courts treat the cases, known as the Big Four, together.", ["Big Four"]),
        ("The old blocks, known as smart contracts, run on the chain.", ["smart contracts"]),
        ("The service calls the correct handler with the payload.", []),
        ("Each panel gets its own named slot.", []),
        ("The coach was known as a popular figure in town.", []),
        ("Aspirin, known as the cheapest remedy, helps.", []),
        ("Mara called 999 at once.", []),
        ('He mocked what he called an "idle, smug" crowd.', []),
    ],
)
def test_a_name_is_a_name(text: str, expected: list[str]) -> None:
    assert hidden(text, "name") == expected


# -- terms -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Engines burn fuel to make carbon monoxide (CO) and soot.", ["carbon monoxide (CO)"]),
        ("Cells spend adenosine triphosphate (ATP) all day.", ["adenosine triphosphate (ATP)"]),
        ("Teams test the user interface (UI) early.", ["user interface (UI)"]),
        ("Ships share peer-to-peer (P2P) links.", ["peer-to-peer (P2P)"]),
        ("Acme's common stock (ACMX) fell sharply.", []),
        ("While Linux itself is free (GPL), drivers are not.", []),
    ],
)
def test_an_acronym_spells_its_expansion(text: str, expected: list[str]) -> None:
    assert hidden(text, "term") == expected


def test_a_name_before_a_noun_is_no_technical_subject() -> None:
    assert hidden("GPS use can drain a battery.", "term") == []
    assert hidden("NASA's budget was cut.", "term") == []
    assert hidden("RNA polymerase copies DNA into RNA.", "term") == ["RNA"]


# -- rewrite: speakers and section labels ----------------------------------------------------------
def test_a_speaker_label_is_never_what_it_stands_for() -> None:
    previous = "I've spent a week reading about LedgerKit."
    rewrite = standalone("It's a toolkit for shared books.", previous, "Dana Ruiz", ())
    assert rewrite.problem is not None
    rewrite = standalone(
        "It was near 40% last spring.",
        "When I ran it, I saw a trend.",
        None,
        ("Questions to Omar",),
    )
    assert rewrite.problem is not None


def test_a_speaker_named_before_a_colon_is_never_it() -> None:
    previous = "Dana Ruiz: I've spent a week reading about LedgerKit."
    assert standalone("It's a toolkit for shared books.", previous, None, ()).problem
    previous = "Photosystem II: the first complex in the chain."
    rewrite = standalone("It splits water.", previous, None, ())
    assert rewrite.text == "Photosystem II splits water."


def test_a_heading_still_stands_for_it_in_plain_prose() -> None:
    rewrite = standalone(
        "It splits water using light.", "Leaves hold chlorophyll.", None, ("Photosystem II",)
    )
    assert rewrite.text == "Photosystem II splits water using light."


@pytest.mark.parametrize("label", ["Pathophysiology", "Treatment", "Key Questions", "Updates"])
def test_a_section_kind_label_is_not_a_referent(label: str) -> None:
    rewrite = standalone("It is a rare storage disorder.", None, label, ("Fabry disease",))
    assert rewrite.text == "Fabry disease is a rare storage disorder."


# -- end to end ------------------------------------------------------------------------------------
NOTE = """---
title: Kitchen chemistry
videoId: k1tchenChem
---

## Bread

Yeast turns the sugar in dough into carbon dioxide {t1}. The oven then sets the crumb into a \
sponge {t2}. Gluten forms only when flour meets water, and kneading makes it stronger {t3}.

## Fabry disease

*   **Pathophysiology**: It is a rare lysosomal storage disorder {t4}.

## Meeting notes

*   **Dana Ruiz**: I've spent a week reading about LedgerKit. It's a toolkit for shared \
books {t5}.
*   Omar Haddad: I've tested the new grinder. It's a burr model with twelve settings {t8}.
*   **Cost**: The kettle is slightly cheaper than its predecessor {t6}.
*   **Sugar**: Caramel is made only from the sugar you actually heat {t7}.
"""


def _stamp(n: int) -> str:
    return f'<a class="yt-timestamp" data-t="00:{n:02d}:00">[00:{n:02d}:00]</a>'


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_deck_hides_whole_named_things(
    tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    text = NOTE.format(**{f"t{i}": _stamp(i) for i in range(1, 9)})
    (notes / "kitchen.md").write_text(text, encoding="utf-8")
    package = tmp_path / "deck.apkg"
    # At "more" the model vetoes none of the finders' deletions: this is a test of the finders
    # (at the default density a product needs 0.3 of the model's score, facts.VETO_MARGINS).
    options = BuildOptions(
        paths=(str(notes),), output=str(package), timestamp=1_700_000_000, density="more"
    )
    build(options)
    cards = anki_import(package)
    texts = [_plain(c.fields["Text"]) for c in cards]
    joined = "\n".join(texts)
    # A real product is hidden; a figure of speech ("into a sponge") is not.
    assert any("{{c1::carbon dioxide}}" in t for t in texts)
    assert "::sponge" not in joined
    # The section-kind label never becomes the referent; the disease heading does.
    assert "Pathophysiology is" not in joined
    assert any(t.startswith("{{c1::Fabry disease}} is a rare") for t in texts)
    # A speaker is never what "It" stands for.
    assert "Dana Ruiz is" not in joined and "Dana Ruiz}} is" not in joined
    assert "Omar Haddad is" not in joined and "Omar Haddad}} is" not in joined
    # A thing compared with itself, and a focus cut short, are not hidden.
    assert "::kettle" not in joined
    assert "::sugar}} you" not in joined
    for card in cards:
        if "carbon dioxide" in card.fields["Text"]:
            assert "carbon dioxide" not in _plain(card.question)
            assert "carbon dioxide" in _plain(card.answer)
