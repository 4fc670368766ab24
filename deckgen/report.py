"""Turn results into text for people and JSON for scripts: the build summary, --explain, --json,
the ``check`` report and the ``preview`` listing."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from deckgen.check import CheckReport
from deckgen.pipeline import BuildResult
from deckgen.types import Diagnostic


def summary_text(result: BuildResult) -> str:
    """A short summary: notes read, cards written, notes that gave no card and why."""
    read = list(result.notes)
    empty = [n for n in read if n.cards == 0]
    lines = []
    if result.output is not None:
        lines.append(
            f"Wrote {result.output}: deck '{result.deck}', {len(result.cards)} notes "
            f"({result.anki_cards} cards) from {len(read) - len(empty)} of {len(read)} note files."
        )
    else:
        lines.append(
            f"{len(result.cards)} notes ({result.anki_cards} cards) from {len(read)} note files."
        )
    if empty:
        lines.append(f"{len(empty)} note files gave no card:")
        for note in empty[:20]:
            lines.append(f"  {note.path}: {note.reason}")
        if len(empty) > 20:
            lines.append(f"  ... and {len(empty) - 20} more (see --explain)")
    warnings, errors = len(result.warnings), len(result.errors)
    if warnings or errors:
        lines.append(f"{errors} errors, {warnings} warnings.")
    return "\n".join(lines)


def explain_text(result: BuildResult) -> str:
    """Every sentence read, whether it became a card, and why."""
    lines: list[str] = []
    current = None
    for path, decision in result.decisions:
        if path != current:
            lines.append(f"== {path}")
            current = path
        mark = "CARD" if decision.accepted else "skip"
        text = decision.sentence.text
        if len(text) > 100:
            text = text[:97] + "..."
        lines.append(f"{decision.sentence.line:>5} {mark} {decision.reason}")
        lines.append(f"      {text}")
    return "\n".join(lines)


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """A diagnostic as a JSON object."""
    return {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "level": diagnostic.level.value,
        "message": diagnostic.message,
    }


def build_json(result: BuildResult | None, status: int, error: str | None = None) -> dict[str, Any]:
    """A build as one JSON object for scripts: counts, output path, warnings, errors, exit status.

    ``result`` may be None when the build failed before reading anything; ``error`` is then why.
    """
    if result is None:
        return {"output": None, "exit_status": status, "error": error}
    return {
        "output": None if result.output is None else str(result.output),
        "deck": result.deck,
        "decks": sorted({card.deck or result.deck for card in result.cards}),
        "note_files": len(result.notes),
        "note_files_with_cards": sum(1 for n in result.notes if n.cards),
        "notes": len(result.cards),
        "cards": result.anki_cards,
        "files_without_cards": [
            {"path": n.path, "reason": n.reason} for n in result.notes if n.cards == 0
        ],
        "warnings": [diagnostic_json(d) for d in result.warnings],
        "errors": [diagnostic_json(d) for d in result.errors],
        "exit_status": status,
        "error": error,
    }


def check_text(report: CheckReport) -> str:
    """What ``deckgen check`` prints: the package's contents, then each problem or "OK"."""
    how = "imported with Anki" if report.engine == "anki" else "structure only; anki not installed"
    lines = [
        f"{report.path}: {report.notes} notes, {report.cards} cards ({how})",
        f"  note types: {', '.join(report.note_types) or 'none'}",
        f"  decks: {', '.join(report.decks) or 'none'}",
    ]
    if report.ok:
        lines.append("OK: no problems found.")
    else:
        lines.append(f"{len(report.problems)} problems:")
        lines.extend(f"  {problem}" for problem in report.problems)
    return "\n".join(lines)


def check_json(report: CheckReport, status: int) -> dict[str, Any]:
    """A package check as one JSON object for scripts."""
    return {
        "path": report.path,
        "ok": report.ok,
        "engine": report.engine,
        "notes": report.notes,
        "cards": report.cards,
        "note_types": report.note_types,
        "decks": report.decks,
        "problems": report.problems,
        "exit_status": status,
    }


def preview_text(result: BuildResult, mark: Callable[[str], str] = lambda s: s) -> str:
    """Every card a build would make, for a terminal: grouped by note file, each with its context,
    its text with the deletions in brackets (passed through ``mark`` to highlight them), its
    timestamp links and why it was made."""
    decisions = {id(d.sentence): d for _, d in result.decisions}
    lines: list[str] = []
    current = None
    for card in result.cards:
        if card.note_path != current:
            current = card.note_path
            lines.append(f"== {current}")
        fact = card.fact
        numbered = len({d.number for d in fact.deletions}) > 1
        text, pos = [], 0
        for d in sorted(fact.deletions, key=lambda d: d.start):
            text.append(fact.text[pos : d.start])
            hidden = fact.text[d.start : d.end]
            text.append(mark(f"[{d.number}: {hidden}]" if numbered else f"[{hidden}]"))
            pos = d.end
        text.append(fact.text[pos:])
        decision = decisions.get(id(fact.sentence))
        links = [f"{label} {url}" for url, label in _LINK.findall(card.source)]
        if card.context:
            lines.append(f"{fact.sentence.line:>5}  {html.unescape(card.context)}")
            lines.append(f"       {''.join(text)}")
        else:
            lines.append(f"{fact.sentence.line:>5}  {''.join(text)}")
        for link in links:
            lines.append(f"       {html.unescape(link)}")
        reason = decision.reason if decision else "chosen"
        lines.append(f"       why: {reason}")
    lines.append(f"{len(result.cards)} notes ({result.anki_cards} cards) would be made.")
    return "\n".join(lines)


_LINK = re.compile(r'<a href="([^"]+)">([^<]*)</a>')
