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
