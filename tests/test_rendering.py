"""Cards look right on a phone and on a desktop, in light and night mode.

Builds a deck from notes written to be hard to lay out (long words, long titles and headings, six
timestamp links, math, three deletions), imports it with the ``anki`` package, and loads every
side of every card in headless Chromium at phone (390x844) and desktop (1280x800) sizes, light
and night. Nothing may overflow sideways, no text may be under 16 px, and text must keep a WCAG
AA contrast (4.5:1) against the card. Screenshots are saved under ``tests/artifacts/rendering``.

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it). Without it these tests are
skipped locally, and fail in CI (``CI`` set), where they must run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from browser import Side, find_chromium, measure, screenshot
from conftest import FIXTURES, ImportedCard

from deckgen import BuildOptions, build

PHONE = (390, 844)
DESKTOP = (1280, 800)
ARTIFACTS = Path(__file__).parent / "artifacts" / "rendering"
"""Where the screenshots go (git-ignored)."""


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        reason = "chromium not installed (apt-get install -y chromium); browser tests skipped"
        if os.environ.get("CI"):
            pytest.fail(reason.replace("skipped", "are required in CI"))
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> list[Side]:
    """Every side of every card Anki renders from the layout fixtures."""
    from conftest import import_package

    work = tmp_path_factory.mktemp("render")
    notes = work / "notes"
    notes.mkdir()
    for name in ("heat-engines.md", "glaciers.md"):
        shutil.copy(FIXTURES / name, notes / name)
    package = work / "deck.apkg"
    # "more": every card the rules make, the three-deletion one among them.
    build(
        BuildOptions(
            paths=(str(notes),), output=str(package), timestamp=1_700_000_000, density="more"
        )
    )
    cards = import_package(package, work / "collection")
    return _sides(cards)


def _sides(cards: list[ImportedCard]) -> list[Side]:
    result = []
    for i, card in enumerate(cards):
        result.append(Side(f"card {i} (c{card.ord + 1}) front", card.question, card.ord + 1))
        result.append(Side(f"card {i} (c{card.ord + 1}) back", card.answer, card.ord + 1))
    return result


@pytest.fixture(scope="module")
def measurements(chromium: str, sides: list[Side]) -> list[dict[str, Any]]:
    return measure(chromium, sides, [PHONE[0], DESKTOP[0]], [False, True])


def _at(measurements: list[dict[str, Any]], width: int, mode: str) -> list[dict[str, Any]]:
    found = [m for m in measurements if m["width"] == width and m["mode"] == mode]
    assert found, f"nothing measured at {width} px in {mode} mode"
    return found


WIDTHS_AND_MODES = [
    pytest.param(width, mode, id=f"{name}-{mode}")
    for name, width in (("phone", PHONE[0]), ("desktop", DESKTOP[0]))
    for mode in ("light", "night")
]


def test_fixtures_are_hard_enough(sides: list[Side]) -> None:
    text = " ".join(s.html for s in sides)
    assert "dimethylaminopropylmethacrylamidetrimethylammoniumchloridepolymer" in text
    assert text.count('href="https://www.youtube.com/watch?v=HeAtEng1ne0') >= 6
    assert any('data-ordinal="3"' in s.html for s in sides)
    assert "<script" not in text.lower()  # the cards themselves carry no script


@pytest.mark.parametrize(("width", "mode"), WIDTHS_AND_MODES)
def test_cards_are_laid_out_at_the_width_under_test(
    measurements: list[dict[str, Any]], sides: list[Side], width: int, mode: str
) -> None:
    found = _at(measurements, width, mode)
    assert len(found) == len(sides)
    assert {m["viewport"] for m in found} == {width}


@pytest.mark.parametrize(("width", "mode"), WIDTHS_AND_MODES)
def test_nothing_overflows_horizontally(
    measurements: list[dict[str, Any]], width: int, mode: str
) -> None:
    for m in _at(measurements, width, mode):
        assert m["scrollWidth"] <= width, (m["name"], m["scrollWidth"], m["overflowing"])
        assert m["overflowing"] == [], (m["name"], m["overflowing"])


@pytest.mark.parametrize(("width", "mode"), WIDTHS_AND_MODES)
def test_text_is_at_least_16px(measurements: list[dict[str, Any]], width: int, mode: str) -> None:
    for m in _at(measurements, width, mode):
        assert m["small"] == [], (m["name"], m["small"])
        assert m["minFont"] >= 16


@pytest.mark.parametrize(("width", "mode"), WIDTHS_AND_MODES)
def test_text_contrast_and_night_background(
    measurements: list[dict[str, Any]], width: int, mode: str
) -> None:
    for m in _at(measurements, width, mode):
        assert m["lowContrast"] == [], (m["name"], m["lowContrast"])
        if mode == "night":
            assert m["backgroundLuminance"] < 0.05, (m["name"], m["background"])
        else:
            assert m["backgroundLuminance"] > 0.9, (m["name"], m["background"])


@pytest.mark.parametrize(
    ("size", "night"),
    [(PHONE, False), (PHONE, True), (DESKTOP, False), (DESKTOP, True)],
    ids=["phone-light", "phone-night", "desktop-light", "desktop-night"],
)
def test_screenshots(chromium: str, sides: list[Side], size: tuple[int, int], night: bool) -> None:
    name = f"{'phone' if size == PHONE else 'desktop'}-{'night' if night else 'light'}.png"
    ideal = [s for s in sides if "An ideal engine" in s.html and s.ordinal == 2]
    solvent = [s for s in sides if "The solvent" in s.html and s.name.endswith("back")]
    shown = ideal + solvent
    out = screenshot(chromium, shown, size[0], size[1], night, ARTIFACTS / name)
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == size
    print(f"screenshot: {out}")
