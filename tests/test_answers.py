"""The forms in which a hidden answer shows in a title, heading or label (deckgen.answers)."""

from __future__ import annotations

import pytest

from deckgen.answers import shows_answer


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
