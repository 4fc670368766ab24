"""Stage 1: reading note files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import FIXTURES, ImportedCard

from deckgen import BuildOptions, build
from deckgen.notes import (
    NoteFile,
    decode,
    find_notes,
    parse_note,
    read_note,
    unwrap_markdown_fence,
)
from deckgen.types import Level


def read(path: Path):  # type: ignore[no-untyped-def]
    return read_note(NoteFile(path, str(path)))


def test_wiki_note_metadata(glaciers: Path) -> None:
    note, problems = read(glaciers)
    assert problems == []
    assert note is not None
    assert note.title == "How glaciers shape valleys"
    assert note.video_id == "gLac1er_Vid"
    assert note.channel == "earth_science_daily"
    assert note.tags == ("earth_science_daily", "geology", "ice_ages")


def test_blocks_know_section_label_and_line(glaciers: Path) -> None:
    note, _ = read(glaciers)
    assert note is not None
    flow = next(b for b in note.blocks if "valley glaciers advance" in b.text)
    assert flow.section == ("Glacier Motion",)
    assert flow.label == "Flow Speed"
    assert flow.line == 15
    nested = next(b for b in note.blocks if "Weertman" in b.text)
    assert nested.label == "Basal Sliding"
    assert nested.kind == "item"


def test_from_line_and_disclaimer_are_not_blocks(glaciers: Path) -> None:
    note, _ = read(glaciers)
    assert note is not None
    texts = " ".join(b.text for b in note.blocks)
    assert "From:" not in texts
    assert "rough estimates" not in texts


def test_note_callouts_are_read_under_their_title() -> None:
    note, _ = parse_note(
        "> [!NOTE] Eons\n> The Hadean eon lasted about 500 million years.\n", "x.md"
    )
    assert note is not None
    (block,) = note.blocks
    assert block.section == ("Eons",)
    assert block.kind == "quote"


def test_no_frontmatter_uses_heading_then_file_name() -> None:
    note, _ = parse_note("# Krebs Cycle\n\nIt makes 2 ATP per glucose.\n", "k.md", "krebs")
    assert note is not None and note.title == "Krebs Cycle"
    note, _ = parse_note("Plain text about 3 things.\n", "k.md", "krebs_cycle")
    assert note is not None and note.title == "krebs cycle"


def test_invalid_yaml_is_a_warning_with_line() -> None:
    note, problems = parse_note("---\ntitle: [unclosed\n---\nBody text here.\n", "bad.md")
    assert note is not None
    assert problems[0].level is Level.WARNING
    assert problems[0].line is not None
    assert "invalid YAML" in problems[0].message


def test_frontmatter_not_a_mapping() -> None:
    note, problems = parse_note("---\n- a\n- b\n---\nBody.\n", "list.md")
    assert note is not None
    assert "not a mapping" in problems[0].message


def test_bad_video_id_is_dropped_with_warning() -> None:
    note, problems = parse_note("---\ntitle: T\nvideoId: javascript:x\n---\nText.\n", "v.md")
    assert note is not None and note.video_id is None
    assert "11-character" in problems[0].message


def test_empty_and_frontmatter_only() -> None:
    assert parse_note("   \n", "e.md")[0] is None
    note, problems = parse_note("---\ntitle: Only\n---\n", "f.md")
    assert note is not None and note.blocks == ()
    assert "frontmatter only" in problems[0].message


def test_decode_bom_crlf_and_fallback() -> None:
    text, problems = decode(b"\xef\xbb\xbfline one\r\nline two\r\n", "x.md")
    assert text == "line one\nline two\n" and problems == []
    text, problems = decode(b"caf\xe9 au lait\n", "y.md")
    assert text == "café au lait\n"
    assert problems[0].line == 1 and "UTF-8" in problems[0].message
    text, problems = decode(b"\x00\x01binary", "z.md")
    assert text is None and problems[0].level is Level.ERROR


def test_decode_drops_control_characters_in_ascii_and_other_text_alike() -> None:
    # ASCII text takes a short way (bytes.translate); both ways drop the same characters.
    for extra in ("", " caf\u00e9"):
        text, _ = decode(f"a\x07b\x0cc\x1bd\x7fe\tf{extra}\n".encode(), "c.md")
        assert text == f"abcde\tf{extra}\n"


def test_decode_calls_mostly_unprintable_ascii_or_other_text_binary() -> None:
    for extra in ("", "\u00e9"):
        text, problems = decode(("\x01\x02\x03 x" * 20 + extra).encode(), "u.md")
        assert text is None and "unprintable" in problems[0].message


def test_find_notes_recurses_sorted_and_reports_missing(
    notes_dir: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note("b.md", "B")
    write_note("sub/a.md", "A")
    write_note("skip.txt", "no")
    write_note(".obsidian/x.md", "hidden")
    files, problems = find_notes([notes_dir, notes_dir / "missing"])
    assert [f.path.name for f in files] == ["b.md", "a.md"]
    assert problems[0].level is Level.ERROR and "no such file" in problems[0].message


def test_bold_label_without_colon_is_a_label() -> None:
    note, _ = parse_note(
        "*   **Faster Impact** Teams that ship weekly learn about 3 times faster.\n"
        "*   **DNA** is a molecule.\n"
        "*   **Peat** [[peat_moss | Peat]] holds twenty times its weight in water.\n",
        "l.md",
    )
    assert note is not None
    first, second, third = note.blocks
    assert (first.label, first.text) == (
        "Faster Impact",
        "Teams that ship weekly learn about 3 times faster.",
    )
    assert second.label == "DNA" and second.text.startswith("**DNA** is")
    assert third.label == "Peat" and third.text.startswith("[[peat_moss | Peat]] holds")


def test_a_line_that_ends_a_statement_without_a_full_stop_ends_its_block() -> None:
    note, _ = parse_note(
        "Human genome has about 3.2 billion bases\n99.8% of it is shared\n"
        "The study was run by\nJohn Smith in 2019.\n",
        "h.md",
    )
    assert note is not None
    assert [b.text for b in note.blocks] == [
        "Human genome has about 3.2 billion bases",
        "99.8% of it is shared",
        "The study was run by\nJohn Smith in 2019.",
    ]


def test_lines_that_are_only_links_are_not_read() -> None:
    note, _ = parse_note(
        "Useful pages\n"
        "[Pollen counts by week](https://example.org/pollen)\n"
        "[Tree maps 2024](https://example.org/trees)\n"
        "<https://example.org/archive?year=2024>\n"
        "*   [Birch season](https://example.org/birch)\n"
        "Birch pollen peaks in late April in most of northern Europe.\n",
        "links.md",
    )
    assert note is not None
    texts = [block.text for block in note.blocks]
    assert texts == ["Useful pages", "Birch pollen peaks in late April in most of northern Europe."]


def test_a_timestamp_at_a_line_end_closes_its_statement() -> None:
    stamp = '<a class="yt-timestamp" data-t="00:02:57">[00:02:57]</a>'
    note, _ = parse_note(
        f"*   **Ways to learn:** pick one.\n    *   Workshops and seminars {stamp}\n"
        f"    Spending 200 dollars a month on courses pays back within two years {stamp}\n"
        f"*   Teams measured by {stamp}\n    Weekly output ship more.\n",
        "t.md",
    )
    assert note is not None
    texts = [b.text.split(" <a")[0] for b in note.blocks]
    assert texts == [
        "pick one.",
        "Workshops and seminars",
        "Spending 200 dollars a month on courses pays back within two years",
        "Teams measured by",
    ]


def test_a_formula_line_is_a_statement_of_its_own() -> None:
    note, _ = parse_note(
        "Ice floats on water at the surface of lakes.\n$\\rho = m / V$\n"
        "*Density* falls as water freezes into ice.\n",
        "f.md",
    )
    assert note is not None
    assert [b.text for b in note.blocks] == [
        "Ice floats on water at the surface of lakes.\n$\\rho = m / V$",
        "*Density* falls as water freezes into ice.",
    ]


def test_mkdocs_admonitions_read_like_callouts() -> None:
    note, _ = parse_note(
        "# Tax\n\n"
        '!!! warning "Read first"\n'
        "    Never move money before checking your contribution room.\n\n"
        '!!! note "Limits"\n'
        "    The yearly limit rose to 7000 dollars in 2024.\n\n"
        "??? tip\n"
        "    Unused room carries forward to later years.\n\n"
        "Plain text follows the boxes.\n",
        "tax.md",
    )
    assert note is not None
    assert [(b.section, b.text) for b in note.blocks] == [
        (("Tax", "Limits"), "The yearly limit rose to 7000 dollars in 2024."),
        (("Tax",), "Unused room carries forward to later years."),
        (("Tax",), "Plain text follows the boxes."),
    ]


def test_a_markdown_fence_around_the_whole_note_is_read_as_markdown(
    tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    """Some generated notes wrap everything after the From: line in one ```markdown fence;
    its text gives the cards the same note unwrapped gives, at the same lines and seconds."""
    glaciers = (FIXTURES / "glaciers.md").read_text(encoding="utf-8")
    head, sep, body = glaciers.partition("<br/> \n")
    wrapped = f"{head}{sep}```markdown\n{body.rstrip()}\n```\n"
    decks = {}
    for name, text in (("plain", glaciers), ("wrapped", wrapped)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "glaciers.md").write_text(text, encoding="utf-8")
        result = build(BuildOptions(paths=(str(folder),), output=str(tmp_path / f"{name}.apkg")))
        assert result.cards
        decks[name] = sorted(c.question for c in anki_import(tmp_path / f"{name}.apkg"))
    assert decks["wrapped"] == decks["plain"]
    assert sum("glacier" in q.lower() for q in decks["wrapped"]) >= 3


def test_a_markdown_example_inside_a_note_stays_code() -> None:
    text = (
        "# Tables\n\nTables were added to the format in 2014 by the GitHub team.\n\n"
        "```markdown\n| Glaciers cover 10% of the land in 1990 |\n```\n\nThat is all.\n"
    )
    note, _ = parse_note(text, "t.md")
    assert note is not None
    assert not any("Glaciers cover" in b.text for b in note.blocks)
    lines = ["From: [[c]] <br/>", "```md", "A b c.", "```"]
    assert unwrap_markdown_fence(lines) == ["From: [[c]] <br/>", "", "A b c.", ""]
    assert unwrap_markdown_fence(["Intro.", "```md", "A b c.", "```"])[1] == "```md"
