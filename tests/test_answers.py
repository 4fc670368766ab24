"""The forms in which a hidden answer shows in a title, heading or label (deckgen.answers)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deckgen import BuildOptions, build
from deckgen.answers import acronyms_in, expands_common_acronym, shows_answer
from deckgen.training import common_acronym_text


@pytest.mark.parametrize(
    ("phrase", "answer"),
    [
        ("Understanding Moving Averages", "Moving Average (MA)"),
        ("Residential REITs", "Real Estate Investment Trusts (REITs)"),
        ("Stochastic gradient descent", "Stochastic Gradient Descent (SGD)"),
        ("Lack of clarity in the PCB structure", "Pakistan Cricket Board (PCB)"),
        ("Design and build quality of iPhone 6s", "6s"),
        ("Exercise", "exercises"),
    ],
)
def test_a_heading_shows_the_answer(phrase: str, answer: str) -> None:
    assert shows_answer(phrase, answer)


@pytest.mark.parametrize(
    ("phrase", "answer"),
    [
        ("Why it matters", "Information Technology (IT)"),  # "it" is not "IT"
        ("The category of things", "cat"),  # whole words only
        ("Averages in general", "Moving Average (MA)"),
    ],
)
def test_a_heading_does_not_show_the_answer(phrase: str, answer: str) -> None:
    assert not shows_answer(phrase, answer)


@pytest.mark.parametrize(
    ("answer", "common"),
    [
        ("artificial intelligence (AI)", True),
        ("Large Language Models (LLMs)", True),
        ("LLMs", True),
        ("Tiny Recursive Models (TRMs)", False),  # a rare acronym is worth asking
        ("Claude", False),
        ("AI safety", False),  # more than the acronym
    ],
)
def test_a_common_acronym_is_known_without_the_note(answer: str, common: bool) -> None:
    assert expands_common_acronym(answer) is common


def test_the_acronym_table_keeps_only_those_in_one_note_in_a_hundred() -> None:
    text = common_acronym_text({"AI": 40, "GPU": 3, "TRM": 2, "NASA": 1}, notes=300)
    assert text.splitlines()[1:] == ["AI\t40", "GPU\t3"]
    assert acronyms_in("LLMs and a GPU beat the PhD, said the CEO.") == {"LLM", "GPU", "PhD", "CEO"}


def test_a_deck_does_not_ask_for_a_common_acronym(
    write_note: Callable[[str, str], Path], tmp_path: Path, anki_import: Callable[[Path], list]
) -> None:
    note = write_note(
        "clinics.md",
        "---\ntitle: Clinics and software\n---\n\n"
        "The startup builds scheduling tools on large language models (LLMs) for 40 clinics.\n\n"
        "The rival firm relies on tiny recursive models (TRMs) that run on one laptop.\n",
    )
    out = tmp_path / "clinics.apkg"
    build(BuildOptions(paths=(str(note),), output=str(out)))
    texts = [c.fields["Text"] for c in anki_import(out)]
    assert not any("::large language models" in t for t in texts)
    assert any("::tiny recursive models (TRMs)" in t for t in texts)
