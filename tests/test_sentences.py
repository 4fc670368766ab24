"""Stage 2: splitting blocks into sentences that keep their timestamps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deckgen import BuildOptions, build
from deckgen.markup import parse_inline
from deckgen.notes import NoteFile, parse_note, read_note
from deckgen.sentences import sentence_bounds, split_sentences


def sentences_of(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_bounds(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Foods rich in fibre, e.g. oats and beans, slow digestion.",
        "Cold water, i.e. below 15°C, raises dopamine.",
        "Aerobic vs. anaerobic work differ in fuel.",
        "Dr. Smith measured 4.5 mmol of lactate.",
        "The work of Jones et al. showed a 12% drop.",
        "The U.S. Navy funded approx. 40 trials.",
        "Samples came from 3 p.m. sessions on most days.",
    ],
)
def test_abbreviations_do_not_split(text: str) -> None:
    assert sentences_of(text) == [text]


def test_real_boundaries_split() -> None:
    text = "Ice flows. It can surge! Does it stop? Yes, in winter."
    assert sentences_of(text) == ["Ice flows.", "It can surge!", "Does it stop?", "Yes, in winter."]


def test_sentence_after_abbreviation_can_end() -> None:
    assert sentences_of("They met at 6 p.m. The study then began.") == [
        "They met at 6 p.m.",
        "The study then began.",
    ]


def test_timestamps_belong_to_their_sentence(glaciers: Path) -> None:
    note, _ = read_note(NoteFile(glaciers, "glaciers.md"))
    assert note is not None
    sentences, problems = split_sentences(note)
    assert problems == []
    by_text = {s.text: s for s in sentences}
    flow = by_text["Most valley glaciers advance between 10 and 300 m per year."]
    assert [t.label for t in flow.timestamps] == ["00:02:10"]
    assert flow.line == 15 and flow.label == "Flow Speed"
    surge = next(s for s in sentences if s.text.startswith("During a surge"))
    assert "e.g. several metres per hour" in surge.text
    assert [t.seconds for t in surge.timestamps] == [160]
    basal = next(s for s in sentences if s.text.startswith("For example"))
    assert [t.label for t in basal.timestamps] == ["00:03:05", "00:03:09"]


def test_anchor_after_the_period_goes_with_the_sentence_before() -> None:
    note, _ = parse_note(
        'First fact is here. <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a> Second one.\n',
        "x.md",
    )
    assert note is not None
    sentences, _ = split_sentences(note)
    assert [(s.text, [t.seconds for t in s.timestamps]) for s in sentences] == [
        ("First fact is here.", [60]),
        ("Second one.", []),
    ]


@pytest.mark.parametrize(
    "name", ["*Warner Bros. Pictures*", "[[Acme Corp. Labs]]", "**Fish Co. Ltd**"]
)
def test_a_full_stop_inside_a_marked_name_does_not_end_the_sentence(name: str) -> None:
    note, _ = parse_note(
        f"The studio was {name}, founded long ago "
        '<a class="yt-timestamp" data-t="00:02:05">[00:02:05]</a>. It grew.\n',
        "x.md",
    )
    assert note is not None
    sentences, _ = split_sentences(note)
    first, second = sentences
    assert first.text.startswith("The studio was ") and first.text.endswith("founded long ago.")
    assert [t.seconds for t in first.timestamps] == [125]
    assert second.text == "It grew."


def test_a_long_italic_passage_is_still_split() -> None:
    quote = (
        "*The river rose all night. By morning the lower town stood under water, and the "
        "bridge was gone.*"
    )
    note, _ = parse_note(quote + "\n", "x.md")
    assert note is not None
    sentences, _ = split_sentences(note)
    assert [s.text for s in sentences] == [
        "The river rose all night.",
        "By morning the lower town stood under water, and the bridge was gone.",
    ]


def test_mid_sentence_anchor_stays_in_the_sentence() -> None:
    note, _ = parse_note(
        'The height is 43 m <a class="yt-timestamp" data-t="00:07:30">[00:07:30]</a>, so a sphere fits '
        '<a class="yt-timestamp" data-t="00:07:38">[00:07:38]</a>.\n',
        "x.md",
    )
    assert note is not None
    (sentence,), _ = split_sentences(note)
    assert sentence.text == "The height is 43 m, so a sphere fits."
    assert [t.seconds for t in sentence.timestamps] == [450, 458]


def test_malformed_timestamp_is_reported_with_line() -> None:
    note, _ = parse_note(
        "---\ntitle: T\n---\n\nLine one.\n\nCalories fell "
        '<a class="yt-timestamp" data-t="00:19:19]">[00:19:19]</a>.\n',
        "cr.md",
    )
    assert note is not None
    sentences, problems = split_sentences(note)
    assert sentences[-1].timestamps[0].seconds == 1159
    assert [(p.path, p.line) for p in problems] == [("cr.md", 7)]


def test_very_long_unpunctuated_text_is_cut() -> None:
    text = "word " * 3000
    spans = list(sentence_bounds(text))
    assert len(spans) > 1
    assert all(e - s <= 2000 for s, e in spans)


def test_a_sentence_may_open_with_math() -> None:
    assert sentences_of("Rust forms slowly in dry air. \\(Fe_2O_3\\) is its main oxide.") == [
        "Rust forms slowly in dry air.",
        "\\(Fe_2O_3\\) is its main oxide.",
    ]


def _texts(body: str) -> list[str]:
    note, _ = parse_note(body + "\n", "x.md")
    assert note is not None
    return [s.text for s in split_sentences(note)[0]]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (
            (
                "Later waking can prevent crashes in the day "
                "[[caffeine_timing | Impact of Caffeine Timing on Sleep]] "
                '<a class="yt-timestamp" data-t="00:54:03">[00:54:03]</a>.'
            ),
            "Later waking can prevent crashes in the day.",
        ),
        (
            "Fasting trials cut body weight by 15% over a year [[tools_for_fat_loss_and_health]].",
            "Fasting trials cut body weight by 15% over a year.",
        ),
        (
            (
                "The DJ voice calms the other side and keeps one's composure "
                "[[role_of_emotions | role of emotions and the nervous system]]"
            ),
            "The DJ voice calms the other side and keeps one's composure",
        ),
        (  # "function" is a verb too, but not after an adjective
            (
                "Such peptides aid tissue repair and metabolic function "
                "[[growth_hormone_releasing_peptides]]."
            ),
            "Such peptides aid tissue repair and metabolic function.",
        ),
    ],
)
def test_a_link_that_only_cites_a_page_at_the_end_is_left_out(written: str, read: str) -> None:
    assert _texts(written) == [read]


@pytest.mark.parametrize(
    "written",
    [
        "Regular sprints improve [[memory_systems | working memory and recall]].",  # a verb's object
        "The study tracked a significant [[income_gaps | gap in household income]].",  # adjective
        "Sleep timing is set by the hormone [[melatonin]].",  # too short: an apposition
        "The card was rated one of the best alongside [[Dark Rebellion XYZ Dragon]].",
        "Teams should avoid [[scope_creep | taking on new scope late]].",
        "These drills help you sleep [[deep_sleep | deep and restful sleep]].",  # after "you"
    ],
)
def test_a_link_that_is_the_sentence_s_own_words_stays(written: str) -> None:
    note, _ = parse_note(written + "\n", "x.md")
    assert note is not None
    assert _texts(written) == [parse_inline(written).text]


def test_a_cited_page_never_reaches_the_card(
    write_note: Callable[[str, str], Path], tmp_path: Path, anki_import: Callable[[Path], list]
) -> None:
    note = write_note(
        "caffeine.md",
        "---\ntitle: Caffeine timing\nvideoId: dQw4w9WgXcQ\n---\n\n## Timing\n\n"
        "Delaying caffeine intake to 90-120 minutes after waking prevents crashes later in the "
        "day [[impact_of_caffeine_timing | Impact of Caffeine Timing on Alertness and Sleep]] "
        '<a class="yt-timestamp" data-t="00:54:03">[00:54:03]</a>.\n',
    )
    out = tmp_path / "caffeine.apkg"
    build(BuildOptions(paths=(str(note),), output=str(out)))
    (card,) = anki_import(out)
    assert "90-120 minutes" in card.fields["Text"]
    assert card.fields["Text"].endswith("later in the day.")
    assert "Impact of Caffeine" not in card.question and "t=3243" in card.answer
