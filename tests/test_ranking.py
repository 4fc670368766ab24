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
from deckgen.ranking import Model
from deckgen.sentences import split_sentences
from deckgen.types import Note, Sentence

ROOT = Path(__file__).resolve().parents[1]

LEANING = """---
title: Gas through pores
videoId: aaaaaaaaaaa
---

## Flow

Gas moves through the tiny pores of a ceramic plate faster than through open pipes <a class="yt-timestamp" data-t="00:01:10">[00:01:10]</a>. This is due to the Knudsen effect, which dominates below one micron <a class="yt-timestamp" data-t="00:01:20">[00:01:20]</a>.
"""


def note_and_sentences(path: Path, text: str) -> tuple[Note, list[Sentence]]:
    """The note ``text`` written at ``path``, read and split as a build does."""
    path.write_text(text, encoding="utf-8")
    note, _ = read_note(NoteFile(path, path.name))
    assert note is not None
    sentences, _ = split_sentences(note)
    return note, sentences


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


def test_a_sentence_that_leans_on_the_one_before_shows_it(tmp_path: Path) -> None:
    note, sentences = note_and_sentences(tmp_path / "pores.md", LEANING)
    # A model that keeps any name shown under its context: the mechanism, not the weights.
    model = Model({"bias": -4.0, "kind=name": 3.0, "has_context": 2.0}, 0.5, {})
    facts, decisions = extract_facts(note, sentences, model=model)
    leaning = [f for f in facts if f.text.startswith("This is due to")]
    assert leaning, [d.reason for d in decisions]
    fact = leaning[0]
    assert fact.context.startswith("Gas moves through the tiny pores")
    assert any("Knudsen" in answer for answer in fact.answers)
    card = make_cards(note, [fact])[0]
    assert "Gas moves through the tiny pores" in card.context


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
    # The finders' targets give their weight and the model's score of the deletion, which
    # decides the veto.
    vetted = [line for line in weighed if re.search(r"'\s[0-9.]+ \(model 0\.\d\d\)$", line)]
    assert vetted, weighed[:5]


def test_the_model_weighs_a_rule_card_with_the_headings_the_card_shows(tmp_path: Path) -> None:
    """A heading that shows the answer is left out of the card's context line, so the model
    must not count it against the card either."""
    from deckgen import facts
    from deckgen.types import Deletion

    note, sentences = note_and_sentences(
        tmp_path / "sleep.md",
        "---\ntitle: Sleep stages\nvideoId: aaaaaaaaaaa\n---\n\n## Slow-wave sleep\n\n"
        "Slow-wave sleep is the deepest stage of sleep, with delta waves of 0.5 to 4 hertz.\n",
    )
    sentence = sentences[-1]
    end = len("Slow-wave sleep")
    fact = facts.Fact(sentence.text, (Deletion(0, end, 1, "definition"),), sentence, 3.0)
    meta = facts._Meta(note.title, 0.5, "", ())
    candidate = facts.rule_candidate(fact, fact.deletions[0], meta, facts._Mentions(sentences))
    assert candidate.section == ()  # the heading "Slow-wave sleep" shows the answer
    card = make_cards(note, [fact])[0]
    assert "Slow-wave" not in card.context and "Sleep stages" in card.context


def _hidden_under(tmp_path: Path, heading: str) -> set[str]:
    """What a model that keeps every candidate hides of one sentence under ``heading``."""
    note, sentences = note_and_sentences(
        tmp_path / "future.md",
        f"---\ntitle: Risks of advanced AI\nvideoId: aaaaaaaaaaa\n---\n\n## {heading}\n\n"
        "The philosopher Joe Carlsmith calls himself a long-termist and studies power-seeking "
        "systems.\n",
    )
    model = Model({"bias": 3.0}, 0.5, {})
    facts, _ = extract_facts(note, sentences, model=model)
    return {answer.lower() for fact in facts for answer in fact.answers}


def test_an_answer_a_heading_shows_in_another_form_is_never_hidden(tmp_path: Path) -> None:
    assert "long-termist" in _hidden_under(tmp_path, "Looking ahead")
    assert "long-termist" not in _hidden_under(tmp_path, "Long-termism and the far future")
