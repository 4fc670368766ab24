"""Stage 4: facts → card fields."""

from __future__ import annotations

import pytest

from deckgen.cloze import cloze_html, context_html, make_cards, source_html
from deckgen.types import Deletion, Fact, Note, Sentence, Timestamp


def make(
    text: str, deletions: list[tuple[int, int, int]], *, stamps=(), label=None, section=("S",)
) -> tuple[Note, Fact]:  # type: ignore[no-untyped-def]
    note = Note(
        path="n.md",
        title="Title",
        video_id="abcdefghijk",
        channel="chan",
        tags=("chan",),
        blocks=(),
    )
    sentence = Sentence(text, (), tuple(stamps), 3, section, label, "paragraph", 0)
    fact = Fact(text, tuple(Deletion(s, e, n, "quantity") for s, e, n in deletions), sentence, 3.0)
    return note, fact


def test_deletions_are_numbered_clozes() -> None:
    _, fact = make("Rose by 32% and 45% overall.", [(8, 11, 1), (16, 19, 2)])
    assert cloze_html(fact) == "Rose by {{c1::32%}} and {{c2::45%}} overall."


def test_markup_braces_and_hint_separator_are_escaped() -> None:
    text = "A <script>x</script> {{c9::y}} a::b value of 5 kg."
    start = text.index("5 kg")
    _, fact = make(text, [(start, start + 4, 1)])
    html = cloze_html(fact)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{{c9" not in html and "&#123;&#123;c9" in html
    assert html.count("{{") == 1 and html.count("}}") == 1


def test_answer_with_double_colon_cannot_become_a_hint() -> None:
    _, fact = make("Ratio is 1::2 here.", [(9, 13, 1)])
    assert cloze_html(fact) == "Ratio is {{c1::1:&#58;2}} here."


def test_source_links_every_timestamp_and_names_the_note() -> None:
    note, fact = make(
        "Fact text of 5 kg.",
        [(13, 17, 1)],
        stamps=[Timestamp(763, "00:12:43"), Timestamp(781, "00:13:01")],
    )
    html = source_html(note, fact)
    assert '<a href="https://www.youtube.com/watch?v=abcdefghijk&t=763s">00:12:43</a>' in html
    assert "t=781s" in html and "Title" in html
    assert 'href="https://youtu.be/abcdefghijk?t=763"' in source_html(note, fact, "youtu.be")


def test_context_leaves_out_parts_that_give_the_answer_away() -> None:
    note, fact = make(
        "Pozzolana is a volcanic ash.", [(0, 9, 1)], label="Pozzolana", section=("Ingredients",)
    )
    assert context_html(note, fact) == "Title › Ingredients"


@pytest.mark.parametrize(
    ("heading", "text", "answer"),
    [
        (
            "Understanding Moving Averages",
            "A Moving Average (MA) smooths prices.",
            "Moving Average (MA)",
        ),
        (
            "Strategic partners vs VCs",
            "Founders pitch venture capitalists (VCs) first.",
            "venture capitalists (VCs)",
        ),
    ],
)
def test_context_leaves_out_a_heading_that_shows_the_name_or_its_acronym(
    heading: str, text: str, answer: str
) -> None:
    start = text.index(answer)
    note, fact = make(text, [(start, start + len(answer), 1)], section=("Markets", heading))
    assert context_html(note, fact) == "Title › Markets"


def test_context_keeps_a_heading_where_an_acronym_is_only_a_word() -> None:
    text = "Firms spend on Information Technology (IT) first."
    answer = "Information Technology (IT)"
    start = text.index(answer)
    note, fact = make(text, [(start, start + len(answer), 1)], section=("Why it matters",))
    assert context_html(note, fact) == "Title › Why it matters"


def test_guids_are_stable_and_distinct() -> None:
    note, a = make("Dome is 43 m wide.", [(8, 12, 1)])
    _, b = make("Height is 43 m too.", [(10, 14, 1)])
    first = [c.guid for c in make_cards(note, [a, b])]
    again = [c.guid for c in make_cards(note, [a, b])]
    assert first == again
    assert len(set(first)) == 2
