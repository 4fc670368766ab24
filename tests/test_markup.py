"""Inline Markdown → plain text, spans and timestamps."""

from __future__ import annotations

import pytest

from deckgen.markup import parse_clock, parse_inline, plain_text, url_seconds, youtube_id
from deckgen.types import SpanKind

ANCHOR = '<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


def anchor(t: str) -> str:
    return ANCHOR.format(t=t)


@pytest.mark.parametrize(
    ("value", "seconds", "label"),
    [
        ("00:12:43", 763, "00:12:43"),
        ("1:05:49", 3949, "01:05:49"),
        ("03:15", 195, "03:15"),
        ("7:05", 425, "07:05"),
    ],
)
def test_clock_values(value: str, seconds: int, label: str) -> None:
    assert parse_clock(value) == (seconds, label)


@pytest.mark.parametrize("value", ["", "12", "ab:cd", "00:61:00", "1:2:3:4"])
def test_clock_rejects_non_times(value: str) -> None:
    assert parse_clock(value) is None


def test_anchor_before_period_is_removed_with_its_space() -> None:
    result = parse_inline(f"BDNF rose by 32% {anchor('00:12:43')}.")
    assert result.text == "BDNF rose by 32%."
    assert [(pos, s.seconds) for pos, s in result.stamps] == [(16, 763)]


def test_run_of_anchors_leaves_no_comma() -> None:
    result = parse_inline(f"The dome is thick {anchor('00:09:10')}, {anchor('00:09:18')}.")
    assert result.text == "The dome is thick."
    assert [s.label for _, s in result.stamps] == ["00:09:10", "00:09:18"]


def test_empty_anchor_uses_data_t() -> None:
    result = parse_inline('Air flows <a class="yt-timestamp" data-t="00:00:47"></a>.')
    assert result.text == "Air flows."
    assert result.stamps[0][1].seconds == 47


def test_malformed_data_t_is_read_and_reported() -> None:
    result = parse_inline(
        'Calories fell <a class="yt-timestamp" data-t="00:19:19]">[00:19:19]</a>.'
    )
    assert result.stamps[0][1].seconds == 1159
    assert "malformed" in result.problems[0][1]


def test_unreadable_timestamp_gives_no_stamp_but_a_problem() -> None:
    result = parse_inline('Odd <a class="yt-timestamp" data-t="soon">[soon]</a>.')
    assert result.stamps == []
    assert "unreadable" in result.problems[0][1]


def test_markdown_timestamp_link_takes_the_url_time_and_video() -> None:
    result = parse_inline("- [00:00](https://youtu.be/uzqjux5ipA8?t=9): Intro from Rich")
    stamp = result.stamps[0][1]
    assert (stamp.seconds, stamp.label, stamp.video_id) == (9, "00:00", "uzqjux5ipA8")


def test_bare_bracket_timestamp() -> None:
    result = parse_inline("Vitamin C at high doses [01:05:49] acts as a pro-oxidant.")
    assert result.text == "Vitamin C at high doses acts as a pro-oxidant."
    assert result.stamps[0][1].seconds == 3949


def test_a_timestamp_written_as_a_wiki_link_is_a_timestamp() -> None:
    result = parse_inline("Shares fell from $75 to $46 [[00:23:05]]. Then [[1:43]] they rose.")
    assert result.text == "Shares fell from $75 to $46. Then they rose."
    assert [(s.seconds, s.label) for _, s in result.stamps] == [(1385, "00:23:05"), (103, "01:43")]
    assert not result.spans  # no link left behind


def test_wiki_links_show_alias_or_target() -> None:
    result = parse_inline("Treat [[mood_disorders | depression]] and [[brain_health]].")
    assert result.text == "Treat depression and brain health."
    links = [result.text[s.start : s.end] for s in result.spans if s.kind is SpanKind.LINK]
    assert links == ["depression", "brain health"]


def test_emphasis_and_highlight_become_spans() -> None:
    result = parse_inline("The **thylakoid** holds *chlorophyll* and ==ATP synthase==.")
    assert result.text == "The thylakoid holds chlorophyll and ATP synthase."
    kinds = {result.text[s.start : s.end]: s.kind for s in result.spans}
    assert kinds == {
        "thylakoid": SpanKind.BOLD,
        "chlorophyll": SpanKind.EMPHASIS,
        "ATP synthase": SpanKind.HIGHLIGHT,
    }


def test_author_cloze_keeps_its_number() -> None:
    result = parse_inline("Water boils at {{c2::100 °C::temperature}} at sea level.")
    assert result.text == "Water boils at 100 °C at sea level."
    (span,) = result.spans
    assert (result.text[span.start : span.end], span.kind, span.number) == (
        "100 °C",
        SpanKind.CLOZE,
        2,
    )


def test_script_and_tags_are_dropped_entities_decoded() -> None:
    result = parse_inline("Salt &amp; water<script>alert(1)</script> mix<br/>well.")
    assert result.text == "Salt & water mix well."


def test_snake_case_is_not_emphasis() -> None:
    assert parse_inline("call my_var_name now").text == "call my_var_name now"


def test_dollar_amounts_are_not_math() -> None:
    assert parse_inline("A $100M and $50M budget.").text == "A $100M and $50M budget."


def test_inline_math_is_protected() -> None:
    result = parse_inline("Energy is $E=mc^2$ here.")
    assert result.text == "Energy is \\(E=mc^2\\) here."
    assert result.spans[0].kind is SpanKind.PROTECTED


def test_embeds_and_images_vanish() -> None:
    assert parse_inline("See ![[diagram.png]] and ![alt](x.png) here.").text == "See and here."


def test_url_helpers() -> None:
    assert youtube_id("https://www.youtube.com/watch?v=1-U5OX3sbA8&t=763s") == "1-U5OX3sbA8"
    assert url_seconds("https://youtu.be/abc?t=763") == 763
    assert url_seconds("https://youtu.be/abc?t=12m43s") == 763
    assert url_seconds("https://youtu.be/abc") is None


@pytest.mark.parametrize(
    "written",
    [
        '[<a class="yt-timestamp" data-t="00:03:20">00:03:20</a>]',
        '[00:03:20](<a class="yt-timestamp" data-t="00:03:20">00:03:20</a>)',
        '[<a class="yt-timestamp" data-t="00:03:20">[00:03:20]</a>]',
    ],
)
def test_anchor_wrapped_in_brackets_leaves_no_brackets(written: str) -> None:
    result = parse_inline(f"Moss grows on the north side {written}. Lichens follow.")
    assert result.text == "Moss grows on the north side. Lichens follow."
    assert [(pos, s.seconds) for pos, s in result.stamps] == [(28, 200)]


def test_brackets_around_other_links_stay() -> None:
    result = parse_inline('See [<a href="https://example.org">the atlas</a>] for maps.')
    assert result.text == "See [the atlas] for maps."


def test_anchor_wrapped_in_parentheses_leaves_none() -> None:
    written = '([00:03:20](<a class="yt-timestamp" data-t="00:03:20">00:03:20</a>))'
    result = parse_inline(f"Moss grows on the north side {written}. Lichens follow.")
    assert result.text == "Moss grows on the north side. Lichens follow."
    assert [(pos, s.seconds) for pos, s in result.stamps] == [(28, 200)]


def test_parentheses_that_hold_more_than_a_timestamp_stay() -> None:
    result = parse_inline(f"Moss grows north (mostly {anchor('00:03:20')}). Lichens follow.")
    assert result.text == "Moss grows north (mostly). Lichens follow."


def test_label_before_its_anchor_in_a_run_and_unclosed() -> None:
    def written(t: str) -> str:
        return f'[{t}](<a class="yt-timestamp" data-t="{t}">[{t}]</a>'

    result = parse_inline(f"Moss grows {written('00:03:20')}), {written('00:03:25')}). Lichens.")
    assert result.text == "Moss grows. Lichens."
    assert [s.seconds for _, s in result.stamps] == [200, 205]
    unclosed = parse_inline(f"Moss grows {written('00:03:20')}. Lichens.")
    assert unclosed.text == "Moss grows. Lichens."


def test_autolink_is_kept_as_written_and_protected() -> None:
    result = parse_inline("Maps at <https://example.org/maps?t=30s> daily.")
    assert result.text == "Maps at https://example.org/maps?t=30s daily."
    (span,) = result.spans
    assert span.kind is SpanKind.PROTECTED
    assert result.text[span.start : span.end] == "https://example.org/maps?t=30s"


def test_anchor_that_lost_its_closing_tag_leaves_no_label() -> None:
    broken = '<a class="yt-timestamp" data-t="00:06:43">[00:06:43]>'
    result = parse_inline(
        f"Prices fell {anchor('00:06:41')}, {broken}, {anchor('00:06:47')}. Next."
    )
    assert result.text == "Prices fell. Next."
    assert [s.seconds for _, s in result.stamps] == [401, 403, 407]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " ",
        "Overview",
        "  Key   points\t",
        "Line one\nline two",
        "no-break\u00a0space",
        " no-break\u00a0space",
        "\u2003em space at the start",
        ")(closing first",
        "Caffeine (1,3,7-trimethylxanthine): 95% of it",
        "with *emphasis* and [[a link|alias]]",
    ],
)
def test_plain_text_of_text_without_markup_is_what_the_parser_gives(raw: str) -> None:
    # plain_text takes a short way for text with no markup character; it must not differ.
    assert plain_text(raw) == parse_inline(raw).text.strip()
