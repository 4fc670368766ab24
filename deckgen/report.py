"""Turn a :class:`BuildResult` into text for people: the build summary and the --explain listing."""

from __future__ import annotations

from deckgen.pipeline import BuildResult


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
        why = decision.reason
        if decision.rule and decision.rule not in ("card", why):
            why = f"[{decision.rule}] {why}"
        lines.append(f"{decision.sentence.line:>5} {mark} {why}")
        lines.append(f"      {text}")
        if decision.text and decision.text != decision.sentence.text:
            shown = decision.text if len(decision.text) <= 100 else decision.text[:97] + "..."
            lines.append(f"    → {shown}")
    return "\n".join(lines)
