"""A figure the rest of the card works out is never hidden (deckgen.arithmetic)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deckgen.arithmetic import figures, worked_out


def hide(text: str, answer: str) -> tuple[str, int, int]:
    start = text.index(answer)
    return text, start, start + len(answer)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("A fifth of the payout, 20%, is tax-free; the remaining 80% is taxed.", "80%"),
        ("A $224 million shortfall on a $650 million budget is a 35% gap.", "35%"),
        (
            "The fund manages $7 billion: $3 billion in macro and $4 billion in equities.",
            "$7 billion",
        ),
        ("A $70,000 base and $70,000 in bonus make a $140,000 package.", "$140,000"),
        ("Two plots of 75000 and 75000 square feet make 150000 square feet.", "150000"),
        ("At 25 times the $3 dividend, the target is $75 a share.", "$75"),
    ],
)
def test_a_figure_the_others_make_is_worked_out(text: str, answer: str) -> None:
    assert worked_out(*hide(text, answer))


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        # The seed's own cards: nothing here makes 40 or 32%.
        ("Exercise for 40 minutes produces more BDNF than 20 minutes.", "40 minutes"),
        ("Serum BDNF rose 32% over baseline and 45% over controls.", "32%"),
        # Years are two facts, not a sum.
        ("Construction began in 2013 and stopped in 2018, after 5 years.", "2018"),
        # A small figure must come out exactly.
        ("Of 14 runners, 3 finished in under 2 hours.", "3"),
        # Too many figures: some pair makes almost anything.
        ("Scores were 12, 15, 18, 21, 24, 30 and 27 across the seven rounds.", "27"),
        ("The ridge rises 1,200 m above a 300 m valley floor.", "1,200 m"),
        ("The error fell to 0 from 4 and 4 cases.", "0"),
    ],
)
def test_other_figures_stay_hideable(text: str, answer: str) -> None:
    assert not worked_out(*hide(text, answer))


def test_figures_read_scale_words_and_percentages_and_skip_years() -> None:
    assert figures("In 2021, $1.5 billion, 12% and 3,400 people") == [
        (1.5e9, False),
        (12.0, True),
        (3400.0, False),
    ]


def test_a_build_hides_the_figure_that_is_not_worked_out(
    write_note: Callable[[str, str], Path], tmp_path: Path, anki_import: Callable[[Path], list]
) -> None:
    from click.testing import CliRunner

    from deckgen.cli import main

    note = write_note(
        "budget.md",
        "---\ntitle: City budget\n---\n\n"
        "The harbour city faces a $224 million shortfall on its $650 million annual budget, "
        "a 35% gap.\n",
    )
    out = tmp_path / "budget.apkg"
    done = CliRunner().invoke(main, ["build", str(note), "-o", str(out), "--density", "more"])
    assert done.exit_code == 0, done.output
    hidden = {
        c.fields["Text"].split("{{c", 1)[1].split("::", 1)[1].split("}}")[0]
        for c in anki_import(out)
    }
    assert hidden and "35%" not in hidden


@given(
    st.text(alphabet="0123456789 .,%$€kmb-", max_size=60), st.integers(0, 60), st.integers(0, 60)
)
def test_any_text_and_span_gives_an_answer_not_an_error(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert worked_out(text, start, end) in (True, False)
