"""Hostile and broken notes never cost the user a card or a deck (issue 6).

One table of bad inputs, each put in a folder beside good notes: every bad file is named in a
diagnostic of the right level (and line, where there is one), the good notes still give all
their cards, and the deck Anki imports holds no script, event handler or foreign link. Then the
command line's exit statuses, the output checks, hostile text and frontmatter, the timestamp
policy, and notes built to make a parser slow.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ImportedCard

from deckgen import BuildOptions, build
from deckgen.cli import main
from deckgen.package import CSS
from deckgen.pipeline import BuildError, BuildResult
from deckgen.types import Diagnostic, Level

GOOD = Path(__file__).parent / "fixtures" / "robustness"
"""Three good notes, in the wiki format and as a plain vault page: 8 Anki notes between them."""
STAMP = 1_700_000_000
ANCHOR = '<a class="yt-timestamp" data-t="{t}">[{label}]</a>'
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def anchor(t: str, label: str | None = None) -> str:
    return ANCHOR.format(t=t, label=t if label is None else label)


def wiki_note(body: str, video: str = "Robust_Vid1", title: str = "Odd note") -> str:
    return f"---\ntitle: {title}\nvideoId: {video}\n---\n\n{body}\n"


# --- the table of bad inputs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One kind of bad input: how to make it, and the diagnostic that must name it."""

    id: str
    make: Callable[[Path], None]
    """Writes the bad input into a notes folder."""
    name: str
    """The path, relative to the folder, that the diagnostic names."""
    level: Level | None
    """The diagnostic's level; None when the input must build with no diagnostic at all."""
    message: str = ""
    line: int | None = None
    cards: int = 0
    """Anki notes the bad file must still give (its readable part)."""


def text_file(name: str, content: str | bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return make


def symlink(name: str, target: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, folder / name)

    return make


def link_loop(folder: Path) -> None:
    os.symlink("loop-b.md", folder / "loop-a.md")
    os.symlink("loop-a.md", folder / "loop-b.md")


def folder_loop(folder: Path) -> None:
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")


def pipe(folder: Path) -> None:
    os.mkfifo(folder / "pipe.md")


def huge(folder: Path) -> None:
    with open(folder / "huge.md", "wb") as handle:  # sparse: no disk space used
        handle.truncate(65 * 2**20)


FACT = "The glass sponge can live for about 11,000 years in cold water."
"""A sentence that always becomes a card, for the notes whose readable part must still build."""

CASES = [
    Case("empty file", text_file("empty.md", b""), "empty.md", Level.WARNING, "empty file"),
    Case(
        "white space only",
        text_file("blank.md", " \n\t\n\n"),
        "blank.md",
        Level.WARNING,
        "empty file",
    ),
    Case(
        "frontmatter only",
        text_file("meta-only.md", "---\ntitle: Nothing else\nvideoId: Robust_Vid1\n---\n"),
        "meta-only.md",
        Level.WARNING,
        "frontmatter only",
    ),
    Case(
        "invalid YAML",
        text_file("bad-yaml.md", f"---\ntitle: [unclosed\n---\n{FACT}\n"),
        "bad-yaml.md",
        Level.WARNING,
        "invalid YAML frontmatter",
        line=2,
        cards=1,
    ),
    Case(
        "frontmatter not a mapping",
        text_file("list-meta.md", f"---\n- one\n- two\n---\n{FACT}\n"),
        "list-meta.md",
        Level.WARNING,
        "not a mapping",
        line=2,
        cards=1,
    ),
    Case(
        "frontmatter never closed",
        text_file("open-meta.md", f"---\ntitle: Open\n\n{FACT}\n"),
        "open-meta.md",
        Level.WARNING,
        "never closed",
        line=1,
        cards=1,
    ),
    Case(
        "Windows-1252 bytes",
        text_file("latin.md", f"# Caf\xe9\n\nNa\xefve.\n{FACT}\n".encode("cp1252")),
        "latin.md",
        Level.WARNING,
        "not valid UTF-8",
        line=1,
        cards=1,
    ),
    Case(
        "UTF-16 with a byte-order mark",
        text_file("wide.md", f"# Wide\n\n{FACT}\n".encode("utf-16")),
        "wide.md",
        Level.WARNING,
        "UTF-16",
        cards=1,
    ),
    Case(
        "UTF-8 BOM and CRLF build normally",
        text_file("windows.md", f"\ufeff# Windows\r\n\r\n{FACT}\r\n".encode()),
        "windows.md",
        None,
        cards=1,
    ),
    Case(
        "binary with NUL bytes",
        text_file("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
        "image.md",
        Level.ERROR,
        "binary file",
    ),
    Case(
        "binary without NUL bytes",
        text_file("noise.md", bytes(range(1, 32)) * 40 + bytes(range(128, 256)) * 10),
        "noise.md",
        Level.ERROR,
        "binary file",
    ),
    Case(
        "a folder named like a note is searched",
        text_file("chapter.md/inside.md", f"# Inside\n\n{FACT}\n"),
        "chapter.md/inside.md",
        None,
        cards=1,
    ),
    Case("symbolic link loop", link_loop, "loop-a.md", Level.ERROR, "symbolic link loop"),
    Case(
        "folder link loop",
        folder_loop,
        "sub/up",
        Level.WARNING,
        "symbolic link loop; folder read only once",
    ),
    Case(
        "broken symbolic link",
        symlink("gone.md", "nowhere.md"),
        "gone.md",
        Level.ERROR,
        "broken symbolic link",
    ),
    Case("named pipe", pipe, "pipe.md", Level.ERROR, "not a regular file"),
    Case("file too large to be a note", huge, "huge.md", Level.ERROR, "too large"),
    Case(
        "bad videoId",
        text_file("bad-id.md", wiki_note(FACT, video="<script>x</script>")),
        "bad-id.md",
        Level.WARNING,
        "not an 11-character YouTube id",
        cards=1,
    ),
    Case(
        "malformed timestamp",
        text_file("stamp-bracket.md", wiki_note(f"{FACT} {anchor('00:19:19]', '00:19:19')}")),
        "stamp-bracket.md",
        Level.WARNING,
        "malformed timestamp",
        line=6,
        cards=1,
    ),
    Case(
        "timestamp with a fourth field",
        text_file("stamp-four.md", wiki_note(f"{FACT} {anchor('01:29:42:00')}")),
        "stamp-four.md",
        Level.WARNING,
        "read as 01:29:42",
        line=6,
        cards=1,
    ),
    Case(
        "unreadable timestamp",
        text_file("stamp-soon.md", wiki_note(f"{FACT} {anchor('soon')}")),
        "stamp-soon.md",
        Level.WARNING,
        "unreadable timestamp",
        line=6,
        cards=1,
    ),
    Case(
        "missing timestamp value",
        text_file("stamp-empty.md", wiki_note(f'{FACT} <a class="yt-timestamp"></a>')),
        "stamp-empty.md",
        Level.WARNING,
        "unreadable timestamp",
        line=6,
        cards=1,
    ),
    Case(
        "timestamp out of order",
        text_file(
            "stamp-order.md", wiki_note(f"{FACT} {anchor('00:05:00')}, {anchor('00:02:00')}")
        ),
        "stamp-order.md",
        Level.WARNING,
        "out of order",
        line=6,
        cards=1,
    ),
]


def build_folder(folder: Path, out: Path, **options: object) -> BuildResult:
    return build(
        BuildOptions(paths=(str(folder),), output=str(out), timestamp=STAMP, **options)  # type: ignore[arg-type]
    )


def good_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    shutil.copytree(GOOD, folder)
    return folder


@pytest.fixture(scope="module")
def good_guids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The GUIDs the good notes give when built on their own."""
    tmp = tmp_path_factory.mktemp("good")
    result = build_folder(GOOD, tmp / "good.apkg")
    assert not result.diagnostics
    guids = {card.guid for card in result.cards}
    # Enough cards that a lost or a foreign one shows; how many follows the model, so no exact count.
    assert len(guids) >= 5
    return guids


def diagnostics_naming(result: BuildResult, path: Path) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.path == str(path)]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_named_and_good_notes_still_build(
    case: Case, tmp_path: Path, good_guids: set[str]
) -> None:
    folder = good_folder(tmp_path)
    case.make(folder)
    result = build_folder(folder, tmp_path / "deck.apkg")

    named = diagnostics_naming(result, folder / case.name)
    if case.level is None:
        assert named == [], named
    else:
        matching = [d for d in named if d.level is case.level and case.message in d.message]
        assert matching, [str(d) for d in result.diagnostics]
        if case.line is not None:
            assert matching[0].line == case.line
    assert good_guids <= {card.guid for card in result.cards}
    from_bad = [c for c in result.cards if c.note_path == str(folder / case.name)]
    assert len(from_bad) == case.cards


def test_bom_and_crlf_read_exactly_as_plain_utf8(tmp_path: Path) -> None:
    plain = tmp_path / "plain" / "note.md"
    windows = tmp_path / "windows" / "note.md"
    text = (GOOD / "tides.md").read_text(encoding="utf-8")
    plain.parent.mkdir()
    windows.parent.mkdir()
    plain.write_text(text, encoding="utf-8")
    windows.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    a = build_folder(plain.parent, tmp_path / "a.apkg", deck="Tides")
    b = build_folder(windows.parent, tmp_path / "b.apkg", deck="Tides")
    assert [(c.guid, c.text, c.context, c.source) for c in a.cards] == [
        (c.guid, c.text, c.context, c.source) for c in b.cards
    ]
    assert [d.line for d in a.diagnostics] == [d.line for d in b.diagnostics]
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()


def test_windows_1252_text_keeps_its_accents(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "cafe.md").write_bytes(
        "# Caf\xe9 science\n\nAn espresso holds about 63 mg of caffeine.\n".encode("cp1252")
    )
    result = build_folder(folder, tmp_path / "deck.apkg")
    assert result.cards[0].context.startswith("Café science")


@pytest.mark.skipif(IS_ROOT, reason="root reads any file")
def test_unreadable_file_is_an_error(tmp_path: Path, good_guids: set[str]) -> None:
    folder = good_folder(tmp_path)
    secret = folder / "secret.md"
    secret.write_text(FACT, encoding="utf-8")
    secret.chmod(0)
    try:
        result = build_folder(folder, tmp_path / "deck.apkg")
    finally:
        secret.chmod(0o644)
    [diagnostic] = diagnostics_naming(result, secret)
    assert diagnostic.level is Level.ERROR and "cannot read file" in diagnostic.message
    assert good_guids <= {card.guid for card in result.cards}


# --- the whole table at once, through the command line, imported with anki ----------------------


def mixed_folder(tmp_path: Path) -> Path:
    """The good notes beside every bad case of the table, and a hostile note."""
    folder = good_folder(tmp_path)
    for case in CASES:
        case.make(folder)
    (folder / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    return folder


def test_mixed_folder_builds_names_every_bad_file_and_imports_inert(
    tmp_path: Path, good_guids: set[str], anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    folder = mixed_folder(tmp_path)
    out = tmp_path / "deck.apkg"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "deckgen", "build", str(folder), "-o", str(out), "-v"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert elapsed < 60
    assert "Traceback" not in done.stderr
    assert done.returncode == 3, done.stderr  # a deck, but some input could not be read
    for case in CASES:
        if case.level is not None:
            assert f"{folder / case.name}" in done.stderr, case.id
    cards = anki_import(out)
    assert good_guids <= {card.guid for card in cards}
    # The readable part of the bad notes is one fact, kept once (the others are duplicates).
    assert sum("glass sponge" in c.fields["Text"] for c in cards) == 1
    assert any("Reef" in c.fields["Context"] for c in cards)
    for card in cards:
        assert_inert(card)


# --- what Anki renders: nothing active ---------------------------------------------------------

VIDEO_LINK = re.compile(
    r"https://(?:www\.youtube\.com/watch\?v=[A-Za-z0-9_-]{11}(?:&t=\d+s)?"
    r"|youtu\.be/[A-Za-z0-9_-]{11}(?:\?t=\d+)?)"
)
ALLOWED_TAGS = frozenset({"div", "span", "a", "br"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "background"})
MATHJAX_ACTIVE = re.compile(r"\\(?:href|url|class|cssId|style|data|unicode|require)(?![A-Za-z])")


class _Inspector(HTMLParser):
    """Collects every tag, attribute and text node of a rendered card."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(card: ImportedCard) -> None:
    """No script, event handler, foreign link, broken cloze or media tag on either side."""
    assert len(card.fields) == 3
    for value in card.fields.values():
        assert "\x1f" not in value
    for side in (card.question, card.answer):
        own_style = f"<style>{CSS}</style>"
        assert side.startswith(own_style)
        html = side[len(own_style) :]
        assert "{{" not in html and "}}" not in html
        assert "[sound:" not in html and "[anki:" not in html and "[latex]" not in html
        inspector = _Inspector()
        inspector.feed(html)
        inspector.close()
        for tag, attrs in inspector.tags:
            assert tag in ALLOWED_TAGS, tag
            for name, value in attrs:
                assert not name.startswith("on"), (tag, name)
                assert name != "style", (tag, name)
                if name in URL_ATTRIBUTES:
                    assert value is not None and VIDEO_LINK.fullmatch(value), value
        assert not MATHJAX_ACTIVE.search("".join(inspector.text))


HOSTILE = f"""---
title: "<b onmouseover=alert(1)>Reef\\x1f notes</b> {{{{c1::x}}}}"
videoId: ReefVid_003
tags: ["deep sea", "<i>x</i>", "a\\x1fb", "reef::atoll", "{{{{c1::t}}}}"]
---

## Reef <script>alert('heading')</script> facts

A coral reef can grow about 2 cm per year <script>alert(1)</script> in warm water.
Parrotfish make up to 90% of the white sand <img src=x onerror=alert(2)> on some beaches.
Giant clams can reach 200 kg <iframe src="javascript:alert(3)"></iframe> in weight.
The barrier reef stretches for 2,300 km, see <a href="javascript:alert(4)">this map</a> for details.
A reef flat lies about 1 m below low tide, as [the chart](javascript:alert(5)) shows.
Corals spawn once a year over 3 nights &lt;script&gt;alert(6)&lt;/script&gt; in spring.
Reef sharks patrol about 50 km of reef, code `<svg onload=alert(7)>` aside.
Sea fans grow 1 m wide \\\\(\\href{{javascript:alert(8)}}{{tap}}\\\\) in strong currents.
A sponge filters 20 litres of water [sound:evil.mp3] every hour.
The lagoon is 30 m deep {{{{ in places }}}} and the ratio of sand to mud is 3::1 there.
Atolls form over roughly 100,000 years\x1f as the island sinks {anchor("00:12:43")}.
A lone stamp still links to its video {anchor("00:13:01")}, while <a href="https://evil.example/x">this</a> reef, 40 km long, does not.
"""


def test_hostile_note_gives_inert_cards_that_keep_their_text(
    tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "reef.md").write_text(HOSTILE, encoding="utf-8")
    result = build_folder(folder, tmp_path / "deck.apkg", deck='Reef\x1f::\x07Hostile"::')
    assert result.deck == "Reef::Hostile"
    cards = anki_import(tmp_path / "deck.apkg")
    # The two sentences quoting markup are no facts, and "this reef" points outside its card.
    assert len(cards) >= 9
    for card in cards:
        assert_inert(card)
        assert card.deck == "Reef::Hostile"
        assert all(" " not in tag and "<" not in tag and "{" not in tag for tag in card.tags)
        assert "deep_sea" in card.tags and "reef::atoll" in card.tags
        assert card.fields["Context"].startswith("Reef notes")
    texts = " ".join(c.fields["Text"] for c in cards)
    # Text that was text in the note is shown, escaped; markup that was markup is gone.
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in texts
    assert "<svg" not in texts and "{{ in places" not in texts
    assert "alert(1)" not in texts and "onerror" not in texts and "javascript:alert(4)" not in texts
    assert "&#91;sound:evil.mp3]" in texts
    assert "\uff3chref" in texts
    sources = " ".join(c.fields["Source"] for c in cards)
    assert "evil.example" not in sources and "evil.example" not in texts
    assert "https://www.youtube.com/watch?v=ReefVid_003&t=763s" in sources


# --- exit status and the output ---------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_exit_0_with_warnings_and_3_when_strict(runner: CliRunner, tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    (folder / "empty.md").write_bytes(b"")
    out = str(tmp_path / "deck.apkg")
    assert runner.invoke(main, ["build", str(folder), "-o", out]).exit_code == 0
    assert runner.invoke(main, ["build", str(folder), "-o", out, "--strict"]).exit_code == 3


def test_exit_3_when_a_path_is_missing(runner: CliRunner, tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    missing = tmp_path / "missing"
    done = runner.invoke(main, ["build", str(folder), str(missing), "-o", str(tmp_path / "d.apkg")])
    assert done.exit_code == 3
    assert f"{missing}: error: no such file or folder" in done.stderr
    assert (tmp_path / "d.apkg").is_file()


def test_exit_1_when_nothing_can_be_read(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "image.md").write_bytes(b"\x00\x01binary")
    done = runner.invoke(main, ["build", str(folder), "-o", str(tmp_path / "d.apkg")])
    assert done.exit_code == 1
    assert "image.md: error: binary file" in done.stderr
    assert not (tmp_path / "d.apkg").exists()


def output_is_folder(tmp_path: Path) -> Path:
    (tmp_path / "out.apkg").mkdir()
    return tmp_path / "out.apkg"


def output_under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    return tmp_path / "plain" / "out.apkg"


def output_is_a_note(tmp_path: Path) -> Path:
    (tmp_path / "keep.md").write_text("# My precious note\n", encoding="utf-8")
    return tmp_path / "keep.md"


def output_is_a_device(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "fifo.apkg")
    return tmp_path / "fifo.apkg"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (output_is_folder, "it is a folder"),
        (output_under_a_file, "is not a folder"),
        (output_is_a_note, "is not an Anki package"),
        (output_is_a_device, "not a regular file"),
    ],
    ids=["folder", "under a file", "an existing note", "a pipe"],
)
def test_output_that_cannot_be_written_is_refused_and_touched_not(
    tmp_path: Path, make: Callable[[Path], Path], message: str, good_guids: set[str]
) -> None:
    folder = good_folder(tmp_path / "in")
    out = make(tmp_path)
    before = out.read_bytes() if out.is_file() else None
    with pytest.raises(BuildError, match=message) as caught:
        build_folder(folder, out)
    assert caught.value.result is not None
    assert {c.guid for c in caught.value.result.cards} == good_guids  # built, just not written
    if before is not None:
        assert out.read_bytes() == before
    assert not list(tmp_path.glob(".deckgen-*"))


@pytest.mark.parametrize(
    ("make", "status", "message"),
    [
        (output_is_folder, 2, "is a directory"),  # click refuses the value: a usage error
        (output_under_a_file, 1, "is not a folder"),
        (output_is_a_note, 1, "is not an Anki package"),
    ],
    ids=["folder", "under a file", "an existing note"],
)
def test_output_that_cannot_be_written_exits_with_its_status(
    runner: CliRunner, tmp_path: Path, make: Callable[[Path], Path], status: int, message: str
) -> None:
    folder = good_folder(tmp_path / "in")
    done = runner.invoke(main, ["build", str(folder), "-o", str(make(tmp_path))])
    assert done.exit_code == status
    assert message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(IS_ROOT, reason="root may write anywhere")
def test_output_in_a_read_only_folder_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    folder = good_folder(tmp_path / "in")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        done = runner.invoke(main, ["build", str(folder), "-o", str(locked / "d.apkg")])
    finally:
        locked.chmod(0o755)
    assert done.exit_code == 1 and "no permission" in done.stderr


def test_rebuilding_over_a_previous_deck_is_allowed(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    out = tmp_path / "deck.apkg"
    build_folder(folder, out)
    build_folder(folder, out)
    assert out.read_bytes()[:2] == b"PK"


def test_build_error_carries_the_diagnostics(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as caught:
        build_folder(tmp_path / "nowhere", tmp_path / "d.apkg")
    assert caught.value.result is not None
    assert "no such file or folder" in str(caught.value.result.diagnostics[0])


# --- the timestamp policy ----------------------------------------------------------------------


def links(result: BuildResult) -> list[list[int]]:
    """The seconds each card links to, card by card."""
    return [[int(t) for t in re.findall(r"[?&]t=(\d+)", c.source)] for c in result.cards]


def build_note(tmp_path: Path, body: str) -> BuildResult:
    folder = tmp_path / "notes"
    folder.mkdir(exist_ok=True)
    (folder / "note.md").write_text(wiki_note(body), encoding="utf-8")
    return build_folder(folder, tmp_path / "deck.apkg", write=False)


QUANTITIES = [
    f"The old {name} in the village forge weighs about {n} kg"
    for n, name in enumerate(
        ["anvil", "barrel", "cannon", "drum", "engine", "furnace", "gate", "hammer"], start=11
    )
]
"""Eight sentences that each become a card, to hang timestamps on."""


def sentences_with(stamps: list[str]) -> str:
    return "\n".join(f"{q} {anchor(t)}." for q, t in zip(QUANTITIES, stamps, strict=False))


def test_mm_ss_timestamps_link_to_their_second(tmp_path: Path) -> None:
    result = build_note(tmp_path, sentences_with(["03:15", "7:05"]))
    assert links(result) == [[195], [425]]
    assert not result.diagnostics


def test_whole_minute_artefact_is_read_as_minutes_and_seconds(tmp_path: Path) -> None:
    stamps = ["00:51:00", "01:27:00", "04:16:00", "06:23:00", "10:51:00"]
    result = build_note(tmp_path, sentences_with(stamps))
    assert links(result) == [[51], [87], [256], [383], [651]]
    [warning] = result.diagnostics
    assert warning.line == 6 and "read as minutes and seconds" in warning.message


def test_ambiguous_whole_minute_timestamps_get_no_link(tmp_path: Path) -> None:
    result = build_note(tmp_path, sentences_with(["01:21:00", "01:32:00", "00:11:00"]))
    assert links(result) == [[], [], []]
    assert all("watch?v=Robust_Vid1" in c.source for c in result.cards)  # the video itself
    assert "may mean hours and minutes" in result.diagnostics[0].message


def test_genuine_whole_minutes_in_the_first_hour_stay(tmp_path: Path) -> None:
    result = build_note(tmp_path, sentences_with(["00:20:00", "00:24:00", "00:46:00"]))
    assert links(result) == [[1200], [1440], [2760]]


def test_timestamp_past_any_video_gets_no_link(tmp_path: Path) -> None:
    result = build_note(tmp_path, sentences_with(["00:01:13", "27:39:00", "00:02:41"]))
    assert links(result) == [[73], [], [161]]
    assert "past 12 hours" in result.diagnostics[0].message


def test_lone_far_outlier_gets_no_link_but_a_covered_stretch_keeps_its_links(
    tmp_path: Path,
) -> None:
    lone = ["00:01:13", "00:02:41", "00:04:07", "00:06:59", "03:01:17", "00:08:21"]
    result = build_note(tmp_path, sentences_with(lone))
    assert links(result) == [[73], [161], [247], [419], [], [501]]
    assert "far past the note's others" in result.diagnostics[0].message
    stretch = ["00:01:13", "00:02:41", "00:04:07", "02:22:13", "02:28:13", "02:31:40"]
    result = build_note(tmp_path, sentences_with(stretch))
    assert links(result) == [[73], [161], [247], [8533], [8893], [9100]]
    assert not result.diagnostics


def test_data_t_that_disagrees_with_its_label_gets_no_link(tmp_path: Path) -> None:
    body = f"{QUANTITIES[0]} {anchor('00:10:00', '00:20:00')}."
    result = build_note(tmp_path, body)
    assert links(result) == [[]]
    assert "disagrees with its label" in result.diagnostics[0].message


def test_label_that_reads_a_whole_minute_slip_decides_it(tmp_path: Path) -> None:
    body = f"{QUANTITIES[0]} {anchor('13:45:00', '00:13:45')}."
    result = build_note(tmp_path, body)
    assert links(result) == [[825]]


def test_sentence_without_timestamp_links_to_the_video(tmp_path: Path) -> None:
    result = build_note(tmp_path, f"{QUANTITIES[0]}.")
    assert links(result) == [[]]
    assert 'href="https://www.youtube.com/watch?v=Robust_Vid1"' in result.cards[0].source
    assert not result.diagnostics


def test_timestamp_links_with_their_own_video_are_never_changed(tmp_path: Path) -> None:
    body = "\n".join(
        f"{q} [{t}](https://youtu.be/Other_Vid01?t={s})."
        for q, t, s in zip(
            QUANTITIES[:3], ["04:16:00", "05:00:00", "29:00:00"], [256, 300, 1740], strict=True
        )
    )
    result = build_note(tmp_path, body)
    assert links(result) == [[256], [300], [1740]]
    assert all("Other_Vid01" in c.source for c in result.cards)


# --- notes built to make a parser slow -----------------------------------------------------------


def seven_megabytes() -> str:
    item = (
        "*   **Point {i}**: The reef grew {n} cm in 19{y:02d}, a rate called accretion "
        '<a class="yt-timestamp" data-t="00:{m:02d}:{s:02d}">[00:{m:02d}:{s:02d}]</a>.\n'
    )
    lines = []
    size = 0
    i = 0
    while size < 7 * 2**20:
        line = item.format(i=i, n=i % 97 + 1, y=i % 100, m=i % 60, s=i * 7 % 60)
        lines.append(line)
        size += len(line)
        i += 1
    return "---\ntitle: Big\nvideoId: Robust_Vid1\n---\n" + "".join(lines)


PATHOLOGICAL: list[tuple[str, Callable[[], str]]] = [
    ("7 MB note", seven_megabytes),
    ("200,000 characters without punctuation", lambda: ("coral reef water " * 12_000)[:200_000]),
    ("200,000 characters of one word", lambda: "a" * 200_000),
    (
        "1 MB paragraph of sentences",
        lambda: "A reef is 5 m deep, which is called a flat. " * 24_000,
    ),
    (
        "thousands of nested bullets",
        lambda: "".join(" " * (2 * i) + f"- level {i} holds 5 kg\n" for i in range(3000)),
    ),
    ("quotes nested thousands deep", lambda: ">" * 100_000 + " The reef is 5 m deep.\n"),
    ("a run of (", lambda: "(" * 200_000),
    ("a run of *", lambda: "*" * 200_000),
    ("alternating * and text", lambda: "*a " * 70_000),
    ("a run of [[", lambda: "[[" * 100_000),
    ("a run of [a](", lambda: "[a](" * 50_000),
    ("unclosed dollars", lambda: "$a " * 70_000),
    ("unclosed backticks", lambda: "`a " * 70_000),
    ("unclosed tags", lambda: "<a class='yt-timestamp' " * 10_000),
    ("unclosed clozes", lambda: "{{c1::" * 35_000),
    ("abbreviations", lambda: "Dr. " * 50_000 + "Smith."),
    ("numbers and units", lambda: "It weighs " + " to ".join(["5"] * 40_000) + " kg."),
    ("entities", lambda: "&amp" * 50_000),
]


@pytest.mark.parametrize(
    "make", [m for _, m in PATHOLOGICAL], ids=[name for name, _ in PATHOLOGICAL]
)
def test_pathological_note_builds_in_seconds(make: Callable[[], str], tmp_path: Path) -> None:
    note = tmp_path / "slow.md"
    note.write_text(make() + "\n", encoding="utf-8")
    started = time.monotonic()
    result = build(BuildOptions(paths=(str(note),), write=False))
    elapsed = time.monotonic() - started
    # Linear work takes seconds (the 7 MB note about 15 s on a loaded 2-core machine);
    # catastrophic backtracking would take hours. The bound leaves room for a slow CI.
    assert elapsed < 40 + 15 * len(note.read_bytes()) / 2**20, f"{elapsed:.1f} s"
    assert all(d.level is Level.WARNING for d in result.diagnostics)


def test_long_headings_and_titles_are_cut(tmp_path: Path) -> None:
    reef, coral = "Reef " * 20_000, "Coral " * 20_000
    result = build_note(tmp_path, f"# {reef}\n\n## {coral}\n\n{QUANTITIES[0]}.\n")
    [card] = result.cards
    assert len(card.context) <= 2 * 200 + 20
    assert card.context.count("…") == 2
