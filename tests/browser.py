"""Headless Chromium for the rendering tests: lay cards out at a given width, measure, screenshot.

Cards are shown the way Anki's reviewer shows them: the card's HTML (with the note type's
``<style>``) inside ``<body class="card card1">``, plus ``nightMode night_mode`` in night mode.
Each card is an ``<iframe>`` of the width under test, so that its media queries see that width:
headless Chromium will not make a window narrower than 500 px, but a 390 px iframe is a 390 px
viewport. A harness page measures every iframe with its own script (the cards carry none) and
writes the results into the page, which ``--dump-dom`` returns.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--mute-audio",
)
TIMEOUT = 120


@dataclass(frozen=True)
class Side:
    """One side of one card, as Anki rendered it."""

    name: str
    """A label for messages, e.g. "card 3 (c2) back"."""
    html: str
    """The card's HTML, with its ``<style>``, as ``card.question()``/``card.answer()`` give it."""
    ordinal: int = 1


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) binary, or None."""
    override = os.environ.get("DECKGEN_CHROMIUM")
    if override:
        return override
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def card_document(side: Side, night: bool) -> str:
    """A whole HTML document for one card side, with the body classes Anki gives it."""
    classes = f"card card{side.ordinal}" + (" nightMode night_mode" if night else "")
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body class="{classes}"><div id="qa">{side.html}</div></body></html>'
    )


def _frame(index: int, side: Side, width: int, night: bool) -> str:
    return (
        f'<iframe id="f{index}" data-name="{html.escape(side.name)}" data-width="{width}" '
        f'data-mode="{"night" if night else "light"}" style="width:{width}px" '
        f'srcdoc="{html.escape(card_document(side, night), quote=True)}"></iframe>'
    )


_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #808080; }}
iframe {{ display: block; border: 0; height: 400px; margin: 0 0 8px; }}
</style></head><body>
{frames}
<pre id="results"></pre>
<script>
{script}
</script></body></html>
"""

_MEASURE = r"""
function luminance(rgb) {
  const c = rgb.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
function measure(frame) {
  const doc = frame.contentDocument, win = frame.contentWindow;
  frame.style.height = Math.ceil(doc.body.getBoundingClientRect().height) + "px";
  const width = doc.documentElement.clientWidth;
  const background = win.getComputedStyle(doc.body).backgroundColor;
  const out = {
    name: frame.dataset.name, width: Number(frame.dataset.width), mode: frame.dataset.mode,
    viewport: win.innerWidth, scrollWidth: doc.documentElement.scrollWidth,
    background: background, backgroundLuminance: luminance(background),
    overflowing: [], small: [], lowContrast: [],
    minFont: 1000, minContrast: 1000,
  };
  for (const el of doc.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
      out.overflowing.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || el.closest("style")) continue;
    const range = doc.createRange();
    range.selectNodeContents(node);
    for (const box of range.getClientRects()) {
      if (box.right > width + 0.5 || box.left < -0.5) {
        out.overflowing.push(`text ${Math.round(box.left)}..${Math.round(box.right)}: ${node.textContent.trim().slice(0, 40)}`);
        break;
      }
    }
    const style = win.getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    const ratio = contrast(style.color, background);
    out.minFont = Math.min(out.minFont, size);
    out.minContrast = Math.min(out.minContrast, ratio);
    const text = node.textContent.trim().slice(0, 40);
    if (size < 16) out.small.push(`${size}px: ${text}`);
    if (ratio < 4.5) out.lowContrast.push(`${ratio.toFixed(2)}: ${text}`);
  }
  return out;
}
window.addEventListener("load", () => {
  const results = Array.from(document.querySelectorAll("iframe")).map(measure);
  document.getElementById("results").textContent = JSON.stringify(results);
});
"""


def measure_page(sides: list[Side], widths: list[int], modes: list[bool]) -> str:
    """A harness page: every side at every width in every mode, and the script measuring them."""
    frames = []
    for width in widths:
        for night in modes:
            for side in sides:
                frames.append(_frame(len(frames), side, width, night))
    return _PAGE.format(frames="\n".join(frames), script=_MEASURE)


def gallery_page(sides: list[Side], width: int, night: bool) -> str:
    """A page of card sides stacked at one width, sized to their content, for a screenshot."""
    frames = "\n".join(_frame(i, s, width, night) for i, s in enumerate(sides))
    script = (
        'window.addEventListener("load", () => { for (const f of document.querySelectorAll("iframe"))'
        " { f.style.height = Math.ceil(f.contentDocument.body.getBoundingClientRect().height)"
        ' + "px"; } });'
    )
    return _PAGE.format(frames=frames, script=script)


def _run(chromium: str, args: list[str], page: str, window: tuple[int, int]) -> str:
    with tempfile.TemporaryDirectory(prefix="deckgen-chromium-") as work:
        path = Path(work) / "page.html"
        path.write_text(page, encoding="utf-8")
        done = subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={Path(work) / 'profile'}",
                f"--window-size={window[0]},{window[1]}",
                "--virtual-time-budget=10000",
                *args,
                path.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
        return done.stdout


def measure(chromium: str, sides: list[Side], widths: list[int], modes: list[bool]) -> list[Any]:
    """Lay every side out at every width in every mode; return one measurement dict for each."""
    page = measure_page(sides, widths, modes)
    dom = _run(chromium, ["--dump-dom"], page, (max(widths) + 40, 900))
    start = dom.index('<pre id="results">') + len('<pre id="results">')
    results: list[Any] = json.loads(html.unescape(dom[start : dom.index("</pre>", start)]))
    return results


def screenshot(
    chromium: str, sides: list[Side], width: int, height: int, night: bool, out: Path
) -> Path:
    """Save a PNG of the sides stacked at ``width``, cut to ``width`` x ``height``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _run(chromium, [f"--screenshot={out}"], gallery_page(sides, width, night), (width, height))
    return out
