"""Turn results into text for people and JSON for scripts: the build summary, --explain, --json,
the ``check`` report and the ``preview`` listing."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import Any

from deckgen.check import CheckReport, anki_available
from deckgen.pipeline import BuildResult
from deckgen.state import data_folder
from deckgen.types import Diagnostic

LISTED = 10
"""The most items of a long list (notes that left the deck, files without cards) a summary
shows; the rest are counted, and ``--json`` has them all."""


def count(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 card", "2 cards", "0 cards"."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def cards_text(result: BuildResult) -> str:
    """ "140 cards (99 Anki notes)": what Anki will show, then the notes that make them."""
    return f"{count(result.anki_cards, 'card')} ({count(len(result.cards), 'Anki note')})"


def summary_text(result: BuildResult) -> str:
    """A short summary: Markdown files read, cards written, files that gave no card and why.

    "Anki notes" are what the package holds (each makes a card per deletion); the files read
    are "Markdown files", so that the two kinds of note are never confused.
    """
    read = list(result.notes)
    empty = [n for n in read if n.cards == 0]
    lines = []
    if result.output is not None:
        lines.append(
            f"Wrote {result.output}: deck '{result.deck}', {cards_text(result)} from "
            f"{len(read) - len(empty)} of {count(len(read), 'Markdown file')}."
        )
    else:
        lines.append(f"{cards_text(result)} from {count(len(read), 'Markdown file')}.")
    if empty:
        lines.append(f"{count(len(empty), 'Markdown file')} gave no card:")
        for note in empty[:LISTED]:
            lines.append(f"  {note.path}: {note.reason}")
        if len(empty) > LISTED:
            lines.append(f"  ... and {len(empty) - LISTED} more; see --explain or --json")
    warnings, errors = len(result.warnings), len(result.errors)
    if warnings or errors:
        lines.append(f"{count(errors, 'error')}, {count(warnings, 'warning')}.")
    return "\n".join(lines)


def diagnostics_text(diagnostics: Sequence[Diagnostic], *, verbose: bool = False) -> list[str]:
    """The lines that report diagnostics: one per diagnostic when ``verbose``; otherwise one
    for each the user can act on (naming its file and line), and one per kind for those the
    user need not act on note by note (:attr:`Diagnostic.group`), counting the notes."""
    if verbose:
        return [str(d) for d in diagnostics]
    groups: dict[tuple[str, str], list[Diagnostic]] = {}
    lines: list[str] = []
    for d in diagnostics:
        if d.group is None:
            lines.append(str(d))
        else:
            groups.setdefault((d.level.value, d.group), []).append(d)
    for (level, group), members in groups.items():
        if len(members) == 1:
            lines.append(str(members[0]))
            continue
        notes = len({d.path for d in members})
        lines.append(f"{level}: {group} in {count(notes, 'note')}; -v lists them")
    return lines


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
        why = decision.reason
        if decision.rule and decision.rule not in ("card", why):
            why = f"[{decision.rule}] {why}"
        lines.append(f"{decision.sentence.line:>5} {mark} {why}")
        lines.append(f"      {text}")
        for weighed in decision.targets:
            # The candidates weighed: the ranking model's probability and what weighed most.
            lines.append(f"      · {weighed}")
        if decision.text and decision.text != decision.sentence.text:
            shown = decision.text if len(decision.text) <= 100 else decision.text[:97] + "..."
            lines.append(f"    → {shown}")
    return "\n".join(lines)


def changes_text(result: BuildResult) -> str:
    """What the package changed since the last build (from the state file), and which removed
    facts the user has to delete in Anki, since an import cannot; empty when nothing was written.
    """
    changes = result.changes
    if changes is None:
        return ""
    if changes.first_build:
        where = data_folder(result.output) if result.output is not None else None
        return (
            f"First build of this deck: deckgen keeps what it needs to update it in {where}/, "
            "hidden beside the deck: the identity of each card, so that the next build updates "
            "your cards in place (they keep their review history) and says what changed, and a "
            "cache that makes rebuilds fast. Keep that folder with the deck."
        )
    parts = [
        f"{len(changes.added)} added",
        f"{len(changes.updated)} updated",
        f"{len(changes.removed)} removed",
        f"{changes.unchanged} unchanged",
    ]
    total = len(changes.added) + len(changes.updated) + len(changes.removed) + changes.unchanged
    noun = "Anki note" if total == 1 else "Anki notes"
    lines = [f"Since the last build: {', '.join(parts)} {noun}."]
    if changes.note_type_changed:
        lines.append("The card template or style changed; an import updates it.")
    if changes.removed:
        lines.append(
            f"{count(len(changes.removed), 'Anki note')} left the deck. An import cannot delete "
            "cards: find these in Anki's browser by their words and delete them if you no longer "
            "want them:"
        )
        for fact in changes.removed[:LISTED]:
            text = fact.text if len(fact.text) <= 100 else fact.text[:97] + "..."
            lines.append(f"  {fact.path}: {text}")
        if len(changes.removed) > LISTED:
            lines.append(f"  ... and {len(changes.removed) - LISTED} more; see --json")
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
        "changes": changes_json(result),
        "exit_status": status,
        "error": error,
    }


def changes_json(result: BuildResult) -> dict[str, Any] | None:
    """What the build changed in the deck since the last one, for ``--json``: counts of Anki
    notes added, updated, removed and unchanged, and every removed one; None when no package
    (or no state file) was written."""
    changes = result.changes
    if changes is None:
        return None
    return {
        "first_build": changes.first_build,
        "added": len(changes.added),
        "updated": len(changes.updated),
        "removed": len(changes.removed),
        "unchanged": changes.unchanged,
        "note_type_changed": changes.note_type_changed,
        "removed_notes": [{"path": f.path, "text": f.text} for f in changes.removed],
    }


def check_text(report: CheckReport) -> str:
    """What ``deckgen check`` prints: the package's contents, then each problem or "OK"."""
    if report.engine == "none":  # nothing could be opened: say why, not what was not found in it
        return "\n".join(f"{report.path}: {problem}" for problem in report.problems)
    how = {
        "anki": "imported with Anki",
        "structure": "structure only" if anki_available() else "structure only; anki not installed",
    }[report.engine]
    contents = f"{count(report.cards, 'card')} from {count(report.notes, 'Anki note')}"
    lines = [
        f"{report.path}: {contents} ({how})",
        f"  note types: {', '.join(report.note_types) or 'none'}",
        f"  decks: {', '.join(report.decks) or 'none'}",
    ]
    if report.ok:
        lines.append("OK: no problems found.")
    else:
        lines.append(f"{count(len(report.problems), 'problem')}:")
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
    lines.append(f"{cards_text(result)} would be made.")
    return "\n".join(lines)


_LINK = re.compile(r'<a href="([^"]+)">([^<]*)</a>')
