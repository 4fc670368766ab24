"""Cards as Anki shows them, before anything is imported: :class:`BuildResult` → one HTML page.

:func:`render_card` fills the note type's own templates (:data:`deckgen.package.FRONT` and
:data:`~deckgen.package.BACK`) the way Anki does for each cloze number, and :func:`preview_html`
lays every card of a build out on one self-contained page, grouped by note, with why each card was
made. The page loads nothing from the network: its styles are inline and its one script (a night
mode switch) is too. The cards themselves carry no script.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from deckgen.package import BACK, CSS, FIELDS, FRONT
from deckgen.pipeline import BuildResult
from deckgen.types import Card, Decision

_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_REPLACEMENT = re.compile(r"\{\{([^{}]+)\}\}")


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """One card of a note, as Anki renders its two sides."""

    ordinal: int
    """The cloze number the card tests (1 for c1)."""
    front: str
    back: str


def cloze_numbers(text: str) -> list[int]:
    """The cloze numbers in a field, in order: Anki makes one card for each."""
    return sorted({int(m.group(1)) for m in _CLOZE.finditer(text)})


def render_cloze(text: str, ordinal: int, *, answer: bool) -> str:
    """A Text field as ``{{cloze:Text}}`` renders it on the card for cloze ``ordinal``.

    The tested deletion shows ``[...]`` (or its hint) on the front and its text on the back; the
    other deletions show their text, marked inactive, as Anki marks them.
    """

    def one(match: re.Match[str]) -> str:
        number, content, hint = int(match.group(1)), match.group(2), match.group(3)
        if number != ordinal:
            return f'<span class="cloze-inactive" data-ordinal="{number}">{content}</span>'
        if answer:
            return f'<span class="cloze" data-ordinal="{number}">{content}</span>'
        shown = f"[{hint}]" if hint else "[...]"
        data = html.escape(content, quote=True)
        return f'<span class="cloze" data-cloze="{data}" data-ordinal="{number}">{shown}</span>'

    return _CLOZE.sub(one, text)


def render_template(template: str, fields: Mapping[str, str], ordinal: int, *, answer: bool) -> str:
    """Fill a card template: ``{{Field}}`` with the field's HTML, ``{{cloze:Field}}`` rendered."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name.startswith("cloze:"):
            return render_cloze(fields.get(name[6:], ""), ordinal, answer=answer)
        return fields.get(name, "")

    return _REPLACEMENT.sub(one, template)


def render_card(card: Card) -> list[RenderedCard]:
    """Every card Anki makes from a deckgen note: one per cloze number, front and back."""
    fields = dict(zip(FIELDS, (card.text, card.context, card.source), strict=True))
    return [
        RenderedCard(
            n,
            render_template(FRONT, fields, n, answer=False),
            render_template(BACK, fields, n, answer=True),
        )
        for n in cloze_numbers(card.text)
    ]


def decisions_by_sentence(result: BuildResult) -> dict[int, Decision]:
    """The build's decisions, keyed by the ``id`` of the sentence each is about."""
    return {id(d.sentence): d for _, d in result.decisions}


def why(card: Card, decision: Decision | None) -> str:
    """Why a card was made, in a line: what it hides and why, its score, its source line."""
    fact = card.fact
    kinds = ", ".join(
        f"{d.kind} “{fact.text[d.start : d.end]}”"
        for d in sorted(fact.deletions, key=lambda d: d.start)
    )
    reason = decision.reason if decision else "chosen"
    return f"line {fact.sentence.line} · hides {kinds} · score {fact.score:g} · rule: {reason}"


def shown_path(path: str, cwd: str | None = None) -> str:
    """A note's path as the page shows it: relative to the working folder (``cwd``, default
    the current one) when that is shorter than the path as given."""
    try:
        relative = os.path.relpath(os.path.abspath(path), cwd or os.getcwd())
    except ValueError:  # another drive, on Windows
        return path
    return relative if len(relative) < len(path) else path


def preview_html(result: BuildResult) -> str:
    """One self-contained HTML page with every card of a build, front and back, grouped by note.

    Each note is shown by its title, with its path relative to the working folder; the list of
    notes is folded, so that the first cards are on the first screen.
    """
    decisions = decisions_by_sentence(result)
    groups = _group_by_note(result.cards)
    titles = {n.path: n.title for n in result.notes if n.title}
    total = sum(len(render_card(c)) for c in result.cards)
    nav = "".join(
        f'<li><a href="#note-{i}">{html.escape(titles.get(path) or shown_path(path))}</a> '
        f"({len(cards)})</li>"
        for i, (path, cards) in enumerate(groups)
    )
    sections = "".join(
        _note_section(i, path, titles.get(path), cards, decisions, result)
        for i, (path, cards) in enumerate(groups)
    )
    files = "Markdown file" if len(groups) == 1 else "Markdown files"
    anki_notes = "Anki note makes" if len(result.cards) == 1 else "Anki notes make"
    title = f"deckgen preview: {result.deck}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
{PAGE_CSS}</style>
<style>
{CSS}</style>
</head>
<body class="preview">
<header>
<h1>{html.escape(title)}</h1>
<p>{len(result.cards)} {anki_notes} {total} {"card" if total == 1 else "cards"}, from \
{len(groups)} {files}.
<button type="button" id="night">Night mode</button></p>
<details class="toc"><summary>{len(groups)} {files}</summary><ul>{nav}</ul></details>
</header>
<main>
{sections}</main>
<script>
document.getElementById("night").addEventListener("click", function () {{
  document.body.classList.toggle("nightMode");
  document.body.classList.toggle("night_mode");
}});
</script>
</body>
</html>
"""


def _group_by_note(cards: Iterable[Card]) -> list[tuple[str, list[Card]]]:
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.note_path, []).append(card)
    return list(groups.items())


def _note_section(
    index: int,
    path: str,
    title: str | None,
    cards: list[Card],
    decisions: Mapping[int, Decision],
    result: BuildResult,
) -> str:
    facts = "".join(_fact_article(card, decisions.get(id(card.fact.sentence))) for card in cards)
    skipped = [d for p, d in result.decisions if p == path and not d.accepted]
    skipped_html = ""
    if skipped:
        items = "".join(
            f"<li>line {d.sentence.line}: {html.escape(d.reason)}<br>"
            f"<q>{html.escape(d.sentence.text)}</q></li>"
            for d in skipped
        )
        skipped_html = (
            f"<details><summary>{len(skipped)} sentences gave no card</summary>"
            f"<ul>{items}</ul></details>"
        )
    where = html.escape(shown_path(path))
    heading = f'{html.escape(title)} <span class="path">{where}</span>' if title else where
    return (
        f'<section class="note-file" id="note-{index}">\n'
        f"<h2>{heading}</h2>\n{facts}{skipped_html}</section>\n"
    )


def _fact_article(card: Card, decision: Decision | None) -> str:
    deck = f" · deck {html.escape(card.deck)}" if card.deck else ""
    tags = " ".join(html.escape(t) for t in card.tags)
    sides = "".join(
        f'<div class="sides"><div class="side"><p class="label">Card {r.ordinal} · front</p>'
        f'<div class="card card{r.ordinal}">{r.front}</div></div>'
        f'<div class="side"><p class="label">Card {r.ordinal} · back</p>'
        f'<div class="card card{r.ordinal}">{r.back}</div></div></div>'
        for r in render_card(card)
    )
    return (
        f'<article class="fact">\n<p class="why">{html.escape(why(card, decision))}{deck}'
        f"{' · tags ' + tags if tags else ''}</p>\n{sides}\n</article>\n"
    )


PAGE_CSS = """\
body.preview {
  margin: 0 auto; max-width: 1200px; padding: 16px;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1d1d1f; background: #f1f3f4;
}
body.preview.nightMode { color: #e8eaed; background: #121212; }
.preview h1 { font-size: 24px; margin: 0 0 8px; }
.preview h2 { font-size: 18px; margin: 32px 0 8px; overflow-wrap: anywhere; }
.preview .toc ul { padding-left: 20px; }
.preview .toc a { overflow-wrap: anywhere; }
.preview a { color: #1a56c4; }
.preview.nightMode a { color: #8ab4f8; }
.preview h2 .path { display: block; font-size: 16px; font-weight: normal; color: #5f6368; }
.preview.nightMode h2 .path { color: #bdc1c6; }
.preview button { font: inherit; padding: 4px 12px; margin-left: 8px; }
.preview .fact { margin: 0 0 24px; }
.preview .why { font-size: 16px; color: #5f6368; margin: 0 0 8px; overflow-wrap: anywhere; }
.preview.nightMode .why, .preview.nightMode .label { color: #bdc1c6; }
.preview .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin-bottom: 12px; }
@media (max-width: 700px) { .preview .sides { grid-template-columns: 1fr; } }
.preview .side { min-width: 0; }
.preview .label { font-size: 16px; color: #5f6368; margin: 0 0 4px; }
.preview .card { border: 1px solid #dadce0; border-radius: 8px; }
.preview details { margin: 8px 0 0; }
.preview q { color: #5f6368; }
"""
"""The page around the cards; the cards keep the note type's own CSS."""
