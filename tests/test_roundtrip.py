"""End to end: build a deck, import it with the real ``anki`` package, check what Anki renders."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import ImportedCard

from deckgen import BuildOptions, build

LinkAt = "https://www.youtube.com/watch?v=gLac1er_Vid&t={}s"


def build_and_import(
    notes: Path, tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]], **kw: object
) -> list[ImportedCard]:
    out = tmp_path / "deck.apkg"
    result = build(
        BuildOptions(paths=(str(notes),), output=str(out), timestamp=1_700_000_000, **kw)
    )  # type: ignore[arg-type]
    assert result.output == out
    return anki_import(out)


def test_range_card_renders_gap_answer_and_link(
    glaciers: Path, tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    cards = build_and_import(glaciers.parent, tmp_path, anki_import)
    flow = [c for c in cards if "valley glaciers advance" in c.answer]
    assert len(flow) == 1
    card = flow[0]
    assert re.search(r'<span class="cloze"[^>]*>\[\.\.\.\]</span>', card.question)
    assert "10 and 300 m" not in card.question
    assert '<span class="cloze" data-ordinal="1">10 and 300 m per year</span>' in card.answer
    assert f'href="{LinkAt.format(130)}"' in card.answer
    assert "How glaciers shape valleys" in card.question  # the context is on the front
    assert card.deck == "Notes"
    assert set(card.tags) >= {"earth_science_daily", "geology", "ice_ages"}


def test_two_deletions_make_two_cards_of_one_note(
    write_note: Callable[[str, str], Path],
    tmp_path: Path,
    anki_import: Callable[[Path], list[ImportedCard]],
) -> None:
    path = write_note(
        "bdnf.md",
        "---\ntitle: Exercise and BDNF\nvideoId: 1-U5OX3sbA8\n---\n\n"
        "Training raised serum BDNF by an average 32% over baseline and 45% over controls "
        '<a class="yt-timestamp" data-t="00:12:43">[00:12:43]</a>.\n',
    )
    cards = build_and_import(path.parent, tmp_path, anki_import)
    assert sorted(c.ord for c in cards) == [0, 1]
    assert len({c.guid for c in cards}) == 1
    hidden = sorted(
        re.search(r'class="cloze" data-ordinal="\d">([^<]+)<', c.answer).group(1) for c in cards
    )  # type: ignore[union-attr]
    assert hidden == ["32%", "45%"]
    for card in cards:
        assert "https://www.youtube.com/watch?v=1-U5OX3sbA8&t=763s" in card.answer


def test_no_card_from_disclaimer_or_call_to_subscribe(
    glaciers: Path, tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    cards = build_and_import(glaciers.parent, tmp_path, anki_import)
    text = " ".join(c.answer for c in cards)
    assert "rough estimates" not in text
    assert "subscribe" not in text.lower()
    assert "In this video" not in text


def test_script_in_a_note_never_reaches_a_card_as_markup(
    write_note: Callable[[str, str], Path],
    tmp_path: Path,
    anki_import: Callable[[Path], list[ImportedCard]],
) -> None:
    path = write_note(
        "evil.md",
        "---\ntitle: <img src=x onerror=alert(1)>Evil\nvideoId: abcdefghijk\n---\n\n"
        "Mercury boils at 357 °C <b onmouseover=alert(2)>under</b> normal pressure &lt;script&gt;alert(3)&lt;/script&gt;.\n",
    )
    cards = build_and_import(path.parent, tmp_path, anki_import)
    assert cards
    for card in cards:
        for html in (card.question, card.answer, *card.fields.values()):
            assert "<script" not in html.lower()
            assert "onerror" not in html.lower().replace("&lt;", "") or "&lt;img" in html
            assert not re.search(r"<[^>]*\son\w+=", html)


def test_rebuild_gives_the_same_guids(glaciers: Path, tmp_path: Path) -> None:
    first = build(BuildOptions(paths=(str(glaciers.parent),), write=False))
    second = build(BuildOptions(paths=(str(glaciers.parent),), write=False))
    assert [c.guid for c in first.cards] == [c.guid for c in second.cards]
    assert len({c.guid for c in first.cards}) == len(first.cards)


def test_timestamp_in_brackets_links_and_leaves_no_brackets_on_the_card(
    write_note: Callable[[str, str], Path],
    tmp_path: Path,
    anki_import: Callable[[Path], list[ImportedCard]],
) -> None:
    path = write_note(
        "moss.md",
        "---\ntitle: Mosses\nvideoId: 1-U5OX3sbA8\n---\n\n"
        "Peat moss can hold up to 20 times its dry weight in water "
        '[<a class="yt-timestamp" data-t="00:04:05">00:04:05</a>].\n',
    )
    (card,) = build_and_import(path.parent, tmp_path, anki_import)
    assert "[]" not in card.question and "[]" not in card.answer
    assert "weight in water." in card.answer
    assert "https://www.youtube.com/watch?v=1-U5OX3sbA8&t=245s" in card.answer
