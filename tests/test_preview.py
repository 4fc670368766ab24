"""``deckgen preview``: the cards a build would make, in the terminal and as one HTML page."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from conftest import ImportedCard

from deckgen import BuildOptions, build
from deckgen.cli import main
from deckgen.package import write_package
from deckgen.preview import preview_html, render_card, render_cloze

_STYLE = re.compile(r"<style>.*?</style>", re.DOTALL)


def _same_html(a: str) -> str:
    """HTML with entities decoded, so two encodings of one attribute compare equal."""
    return html.unescape(_STYLE.sub("", a))


def test_render_matches_what_anki_renders(
    glaciers: Path,
    write_note: Callable[[str, str], Path],
    tmp_path: Path,
    anki_import: Callable[[Path], list[ImportedCard]],
) -> None:
    write_note(
        "two.md",
        "---\ntitle: Rivers & deltas\nvideoId: R1versDelta\n---\n\n"
        "The Nile delta spans about 240 km of coast and 160 km inland "
        '<a class="yt-timestamp" data-t="00:03:20">[00:03:20]</a>.\n',
    )
    result = build(BuildOptions(paths=(str(glaciers.parent),), write=False))
    package = write_package(result.cards, tmp_path / "d.apkg", "D", timestamp=1)
    imported = {(c.guid, c.ord): c for c in anki_import(package)}
    rendered = [(card.guid, side) for card in result.cards for side in render_card(card)]
    assert len(rendered) == len(imported)
    assert any(side.ordinal == 2 for _, side in rendered)  # a note with two cards is covered
    for guid, side in rendered:
        anki = imported[(guid, side.ordinal - 1)]
        assert _same_html(side.front) == _same_html(anki.question)
        assert _same_html(side.back) == _same_html(anki.answer)


def test_cloze_with_a_hint_and_inactive_deletions() -> None:
    text = "{{c1::Paris::city}} is in {{c2::France}}."
    assert render_cloze(text, 1, answer=False) == (
        '<span class="cloze" data-cloze="Paris" data-ordinal="1">[city]</span> is in '
        '<span class="cloze-inactive" data-ordinal="2">France</span>.'
    )
    assert render_cloze(text, 2, answer=True).endswith(
        '<span class="cloze" data-ordinal="2">France</span>.'
    )


def test_page_has_every_card_its_links_and_no_remote_assets(glaciers: Path) -> None:
    result = build(BuildOptions(paths=(str(glaciers.parent),), write=False))
    page = preview_html(result)
    # Every card Anki would make, front and back.
    assert page.count('<div class="card card') == 2 * result.anki_cards
    # Every timestamp link of every card, as a working link.
    for card in result.cards:
        for url in re.findall(r'href="([^"]+)"', card.source):
            assert f'href="{url}"' in page
    assert 'href="https://www.youtube.com/watch?v=gLac1er_Vid&t=130s"' in page
    # No assets from anywhere: no src=, no <link>, no url() in styles, no @import.
    assert not re.search(r"\ssrc\s*=|<link\b|url\(|@import", page, re.IGNORECASE)
    # The only script is the page's own night-mode switch, outside every card.
    assert page.count("<script") == 1
    # Grouped by note, with why each card was made.
    assert page.count('<section class="note-file"') == 1
    assert "hides quantity “10 and 300 m per year”" in page
    assert "gave no card" in page  # the sentences skipped, with their reasons


def test_page_escapes_note_text(write_note: Callable[[str, str], Path]) -> None:
    path = write_note(
        "<b>odd</b>.md",
        "---\ntitle: <script>alert(1)</script>\n---\n\nPure lead metal melts at 327 °C <i>always</i> in the workshop.\n",
    )
    result = build(BuildOptions(paths=(str(path),), write=False))
    page = preview_html(result)
    assert "<script>alert" not in page
    assert "&lt;b&gt;odd&lt;/b&gt;.md" in page


def test_cli_preview_lists_cards_and_writes_the_page(glaciers: Path, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    out = tmp_path / "p.html"
    result = CliRunner().invoke(main, ["preview", "notes", "--html", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "Most valley glaciers advance between [10 and 300 m per year]." in result.stdout
    assert "00:02:10 https://www.youtube.com/watch?v=gLac1er_Vid&t=130s" in result.stdout
    assert "How glaciers shape valleys › Glacier Motion › Flow Speed" in result.stdout
    assert f"Wrote {out}" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (tmp_path / "decks").exists()  # a preview writes no deck


def test_cli_preview_honours_the_settings(glaciers: Path, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    (tmp_path / "deckgen.toml").write_text(
        'link-form = "youtu.be"\nmax-cards-per-note = 1\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["preview"])
    assert result.exit_code == 0, result.stderr
    assert "https://youtu.be/gLac1er_Vid?t=" in result.stdout
    assert "1 card (1 Anki note) would be made." in result.stdout
