"""The forms in which a hidden answer shows in a title, heading or label (deckgen.answers)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deckgen import BuildOptions, build
from deckgen.answers import is_common_name, plain_name, shows_answer, shows_any
from deckgen.training import common_name_text, names_in


@pytest.mark.parametrize(
    ("phrase", "answer"),
    [
        ("Understanding Moving Averages", "Moving Average (MA)"),
        ("Residential REITs", "Real Estate Investment Trusts (REITs)"),
        ("Stochastic gradient descent", "Stochastic Gradient Descent (SGD)"),
        ("Lack of clarity in the PCB structure", "Pakistan Cricket Board (PCB)"),
        ("Design and build quality of iPhone 6s", "6s"),
        ("Exercise", "exercises"),
        # Titles come from file names, which lose punctuation; headings space words their way.
        ("Structure and function of SARSCoV2 proteins", "SARS-CoV-2"),
        ("The journey and evolution of Dropbox over 18 years", "18-year"),
        ("Planck Energy and Spacetime Foam", "space-time foam"),
        ("Price to Earnings (P/E) Ratio", "P/E ratio"),
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
        ("Methane emissions", "Ethan"),  # letters inside a word are no name
        ("Cool SARS data", "SARS-CoV-2"),
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
        ("OpenAI's", True),
        ("Warren Buffett", True),
        ("Tiny Recursive Models (TRMs)", False),  # a rare acronym is worth asking
        ("Anders Lindell", False),
        ("AI safety", False),  # more than the name
    ],
)
def test_a_common_name_is_known_without_the_note(answer: str, common: bool) -> None:
    assert is_common_name(answer) is common


def test_the_table_keeps_names_of_one_note_in_a_hundred_that_a_card_could_hide() -> None:
    text = common_name_text({"AI": 40, "The": 90, "S": 50, "GPU": 3, "TRM": 2}, notes=300)
    assert text.splitlines()[1:] == ["AI\t40", "GPU\t3"]
    assert plain_name("LLMs") == "LLM" and plain_name("OpenAI's") == "OpenAI"
    assert {"LLM", "GPU", "PhD", "CEO", "Sam Altman"} <= names_in(
        "LLMs and a GPU beat the PhD, said Sam Altman, the CEO."
    )


def test_a_deck_does_not_ask_for_a_common_name(
    write_note: Callable[[str, str], Path], tmp_path: Path, anki_import: Callable[[Path], list]
) -> None:
    note = write_note(
        "clinics.md",
        "---\ntitle: Clinics and software\n---\n\n"
        "The startup builds scheduling tools on large language models (LLMs) for 40 clinics.\n\n"
        "The rival firm relies on tiny recursive models (TRMs) that run on one laptop.\n",
    )
    out = tmp_path / "clinics.apkg"
    # At "more" the model vetoes none of the finders' deletions: the common names alone decide.
    build(BuildOptions(paths=(str(note),), output=str(out), density="more"))
    texts = [c.fields["Text"] for c in anki_import(out)]
    assert not any("::large language models" in t for t in texts)
    assert any("::tiny recursive models (TRMs)" in t for t in texts)


@pytest.mark.parametrize(
    ("part", "answer", "shown"),
    [
        ("Application to Mamba and Jamba", "Jamba model", True),  # a rare word of the answer
        ("The Hedonic Treadmill and Detachment", "treadmill of hedonism", True),
        ("Linux kernel and its role", "Linus Torvalds", False),  # "linu" is no word of it
        ("Market Trends and Indicators", "Moving Average (MA)", False),
    ],
)
def test_a_heading_with_a_rare_word_of_the_answer_shows_it(
    part: str, answer: str, shown: bool
) -> None:
    assert shows_any(part, [answer]) is shown
