"""Where sentences end: initials and abbreviations (the splitting rules of stage 2)."""

from __future__ import annotations

import pytest

from deckgen.sentences import sentence_bounds


def sentences_of(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_bounds(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The survey was led by J.R. Tolkien's old college in Oxford.",
        "Her mentor, A.B. Carter, mapped the glacier twice.",
        "Funding came from the family friend K.V. Rao in 1990.",
    ],
)
def test_initials_before_a_surname_do_not_end_a_sentence(text: str) -> None:
    assert sentences_of(text) == [text]


def test_initials_before_a_new_sentence_still_end_it() -> None:
    assert sentences_of("The grant went to A.B. The team then grew.") == [
        "The grant went to A.B.",
        "The team then grew.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sound is slower in air at 20°C. As a result, echoes lag.", 2),
        ("The gas was at 300 K. The pressure fell.", 2),
        ("Oranges are rich in vitamin C. The peel has more.", 2),
        ("It was built c. 1200 BC in the valley.", 1),
        ("J. Smith measured it first.", 1),
    ],
)
def test_a_capital_letter_before_a_full_stop(text: str, expected: int) -> None:
    assert len(list(sentence_bounds(text))) == expected
