"""Stage 3b in a build: the ranking model's cards, --density, --explain, and the context a card
that leans on the sentence before is shown with."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from deckgen.cli import main
from deckgen.cloze import make_cards
from deckgen.facts import extract_facts
from deckgen.notes import NoteFile, read_note
from deckgen.package import write_package
from deckgen.ranking import Model
from deckgen.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]

LEANING = """---
title: Gas through pores
videoId: aaaaaaaaaaa
---

## Flow

Gas moves through the tiny pores of a ceramic plate faster than through open pipes <a class="yt-timestamp" data-t="00:01:10">[00:01:10]</a>. This is due to the Knudsen effect, which dominates below one micron <a class="yt-timestamp" data-t="00:01:20">[00:01:20]</a>.
"""


def test_density_moves_the_number_of_cards(
    tmp_path: Path, anki_import: Callable[[Path], list]
) -> None:
    shutil.copytree(ROOT / "notes", tmp_path / "notes")
    counts = {}
    for density in ("fewer", "default", "more"):
        out = tmp_path / f"{density}.apkg"
        done = CliRunner().invoke(
            main, ["build", str(tmp_path / "notes"), "-o", str(out), "--density", density, "-q"]
        )
        assert done.exit_code == 0, done.output
        cards = anki_import(out)
        assert cards and all("{{c" not in c.question for c in cards)
        counts[density] = len(cards)
    assert counts["fewer"] < counts["default"] < counts["more"]


def test_a_sentence_that_leans_on_the_one_before_shows_it(
    tmp_path: Path, anki_import: Callable[[Path], list]
) -> None:
    path = tmp_path / "pores.md"
    path.write_text(LEANING, encoding="utf-8")
    note, _ = read_note(NoteFile(path, "pores.md"))
    assert note is not None
    sentences, _ = split_sentences(note)
    # A model that keeps any name shown under its context: the mechanism, not the weights.
    model = Model({"bias": -4.0, "kind=name": 3.0, "has_context": 2.0}, 0.5, {})
    facts, decisions = extract_facts(note, sentences, model=model)
    leaning = [f for f in facts if f.text.startswith("This is due to")]
    assert leaning, [d.reason for d in decisions]
    fact = leaning[0]
    assert fact.context.startswith("Gas moves through the tiny pores")
    assert any("Knudsen" in answer for answer in fact.answers)
    card = make_cards(note, [fact])[0]
    # The earlier sentence is in front of the text, set apart, so the card reads as a passage.
    lead, rest = card.text.split("</span> ", 1)
    assert lead.startswith('<span class="lead">Gas moves through the tiny pores')
    assert rest.startswith("This is due to") and "{{c1::" in rest
    assert "Gas moves" not in card.context
    # As Anki renders it: the earlier sentence, then the fact with its deletion.
    write_package([card], tmp_path / "pores.apkg", "Pores", timestamp=1_700_000_000)
    (imported,) = anki_import(tmp_path / "pores.apkg")
    question = re.sub(r"<[^>]+>", "", imported.question)
    assert re.search(
        r"Gas moves through the tiny pores.*This is due to the \[\.\.\.\]", question, re.DOTALL
    )


def test_explain_shows_each_candidates_score_and_reasons(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "notes", tmp_path / "notes")
    done = CliRunner().invoke(
        main, ["build", str(tmp_path / "notes"), "-o", str(tmp_path / "d.apkg"), "--explain"]
    )
    assert done.exit_code == 0, done.output
    weighed = [line for line in done.stdout.splitlines() if line.startswith("      · ")]
    # The model's lines give a probability and the features that weighed most, signed.
    ranked = [line for line in weighed if " 0." in line and ("+" in line or "-" in line)]
    assert ranked, weighed[:5]


def test_a_leaning_sentence_after_a_long_one_is_not_made_a_card(tmp_path: Path) -> None:
    longer = (
        "faster than through open pipes, a finding that engineers first measured on filters made "
        "of fired clay, then on sintered metal sheets, and later on the membranes used to "
        "separate the isotopes of uranium in large plants"
    )
    path = tmp_path / "pores.md"
    path.write_text(LEANING.replace("faster than through open pipes", longer), encoding="utf-8")
    note, _ = read_note(NoteFile(path, "pores.md"))
    assert note is not None
    sentences, _ = split_sentences(note)
    model = Model({"bias": -4.0, "kind=name": 3.0, "has_context": 2.0}, 0.5, {})
    facts, decisions = extract_facts(note, sentences, model=model)
    assert not [f for f in facts if f.text.startswith("This is due to")]
    (why,) = [d.reason for d in decisions if d.sentence.text.startswith("This is due to")]
    assert "too long for one card" in why
