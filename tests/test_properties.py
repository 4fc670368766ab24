"""Properties that hold for any input (hypothesis): reading, splitting and extraction never raise,
and every card made has a deletion, balanced cloze markup and nothing active in its fields."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckgen import BuildOptions, build
from deckgen.cloze import make_cards
from deckgen.facts import extract_facts
from deckgen.markup import parse_inline
from deckgen.notes import decode, parse_note
from deckgen.sentences import split_sentences
from deckgen.timestamps import MAX_VIDEO_SECONDS
from deckgen.types import Level, Note

PIECES = [
    # Markdown and wiki markup, whole and broken.
    "**", "*", "_", "__", "==", "~~", "[[", "]]", "|", "[", "]", "(", ")", "!", "#", "^a1",
    "{{c1::", "{{c2::", "}}", "{{", "::", ":", "$", "$$", "`", "```", "\\", "\\(", "\\href{x}{y}",
    # HTML, script and entities.
    "<", ">", "<b>", "</b>", "<script>", "</script>", "<img src=x onerror=alert(1)>", "<br/>",
    "&amp;", "&lt;", "&#123;", "&#x7d;", "&", "<!--", "-->",
    # Timestamps, good and bad.
    '<a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a>',
    '<a class="yt-timestamp" data-t="04:16:00">[04:16:00]</a>',
    '<a class="yt-timestamp" data-t="27:39:00">',
    '<a class="yt-timestamp" data-t="00:19:19]">', "</a>", ", ",
    "[00:12:43]", "[12:43](https://youtu.be/abcdefghijk?t=763)", "[x](javascript:alert(1))",
    # Block structure.
    "\n", "\n\n", "\r\n", "  ", "\t", "# ", "## ", "- ", "* ", "    * ", "1. ", "> ", "> [!NOTE] ",
    "> [!CAUTION] ", "---\n", "| a |", "From: [[chan]] <br/>",
    # Sentences and what makes a fact.
    ". ", "? ", "! ", "e.g. ", "Dr. ", "U.S. ", "5 kg", "32%", "1,200 m", "3.5 to 4 hours",
    " is called ", " refers to ", " is a ", "the largest", " more than ", "It ", "They ", "The ",
    "cell", "reef", "Glaciers", "[sound:a.mp3]", "[latex]",
    # Characters that must never reach a field as they are.
    "\x1f", "\x00", "\u00a0", "é", "\ufeff", "\u2028", "—", "“", "”", "汉字",
]  # fmt: skip

markdownish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=80).map(
    "".join
)
any_text = st.one_of(markdownish, st.text(max_size=400))
fact_like = st.lists(
    st.sampled_from(
        [
            "The glacier moved 300 m per year",
            "A cirque is a bowl-shaped hollow",
            "Bees visit up to 5,000 flowers a day",
            "It is called the waggle dance",
            "The reef is the largest on Earth",
        ]
    ).flatmap(lambda s: st.tuples(st.just(s), markdownish, st.sampled_from([". ", ".\n", "\n"]))),
    min_size=1,
    max_size=6,
).map(lambda parts: "".join(a + noise + end for a, noise, end in parts))
note_text = st.one_of(any_text, fact_like)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CLOZE = re.compile(r"\{\{c(\d+)::(.*?)\}\}")


@SETTINGS
@given(st.binary(max_size=3000))
def test_decoding_never_raises(data: bytes) -> None:
    text, problems = decode(data, "x.md")
    if text is None:
        assert [d.level for d in problems] == [Level.ERROR]
    else:
        assert "\r" not in text and "\x1f" not in text and "\x00" not in text
        assert not text.startswith("\ufeff")


@SETTINGS
@given(any_text)
def test_inline_reading_never_raises_and_stays_in_bounds(raw: str) -> None:
    inline = parse_inline(raw)
    n = len(inline.text)
    for span in inline.spans:
        assert 0 <= span.start < span.end <= n
    for pos, stamp in inline.stamps:
        assert 0 <= pos <= n and stamp.seconds >= 0
    for i in range(0, n + 1, max(1, n // 7)):
        assert 0 <= inline.raw_offset(i) <= len(raw)


@SETTINGS
@given(note_text)
def test_reading_splitting_and_extraction_never_raise(text: str) -> None:
    note, _ = parse_note(text, "x.md", "x")
    if note is None:
        return
    lines = text.count("\n") + 1
    for block in note.blocks:
        assert block.text.strip() and 1 <= block.line <= lines
    sentences, _ = split_sentences(note)
    for sentence in sentences:
        assert sentence.text == sentence.text.strip() and sentence.text
        assert 1 <= sentence.line <= lines
        for span in sentence.spans:
            assert 0 <= span.start <= span.end <= len(sentence.text)
        for stamp in sentence.timestamps:
            assert stamp.seconds >= 0
            assert stamp.video_id is not None or stamp.seconds <= MAX_VIDEO_SECONDS
    facts, decisions = extract_facts(note, sentences)
    assert len(decisions) == len(sentences)
    for fact in facts:
        assert fact.deletions
        previous_end = 0
        for d in sorted(fact.deletions, key=lambda d: d.start):
            assert previous_end <= d.start < d.end <= len(fact.text)
            assert fact.text[d.start : d.end].strip()
            previous_end = d.end


def assert_balanced_cloze(text: str) -> None:
    """At least one ``{{cN::...}}``, none nested or with a hint, and no brace pair outside."""
    found = CLOZE.findall(text)
    assert found, text
    for _, inner in found:
        assert "{{" not in inner and "::" not in inner and inner
    outside = CLOZE.sub("", text)
    assert "{{" not in outside and "}}" not in outside
    assert "{" not in text.replace("{{c", "").replace("::", "")
    assert "}" not in text.replace("}}", "")


@SETTINGS
@given(note_text, st.sampled_from(["abcdefghijk", "<bad>", None]))
def test_every_card_has_a_deletion_balanced_clozes_and_inert_fields(
    text: str, video: str | None
) -> None:
    note, _ = parse_note(text, "x.md", "x")
    if note is None:
        return
    note = Note(
        note.path, note.title + " {{c1::x}} <i>", video, note.channel, note.tags, note.blocks
    )
    sentences, _ = split_sentences(note)
    facts, _ = extract_facts(note, sentences)
    for card in make_cards(note, facts):
        assert_balanced_cloze(card.text)
        for field in (card.text, card.context, card.source):
            assert "\x1f" not in field and "\x00" not in field
        for field in (card.text, card.context):
            assert "<" not in field and ">" not in field
        assert "{{" not in card.context and "{{" not in card.source
        for href in re.findall(r'href="([^"]*)"', card.source):
            assert href.startswith("https://www.youtube.com/watch?v=abcdefghijk")
        assert card.source.count("<a ") == card.source.count("</a>")
        assert all(" " not in tag for tag in card.tags)


@settings(max_examples=60, deadline=None)
@given(note_text)
def test_build_reports_no_internal_failure(text: str) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "note.md"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = build(BuildOptions(paths=(str(path),), write=False))
    assert not any("deckgen failed" in d.message for d in result.diagnostics)
