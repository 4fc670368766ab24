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
        lines.append(f"{decision.sentence.line:>5} {mark} {decision.reason}")
        lines.append(f"      {text}")
    return "\n".join(lines)


def changes_text(result: BuildResult) -> str:
    """What the package changed since the last build (from the state file), and which removed
    facts the user has to delete in Anki, since an import cannot; empty when nothing was written.
    """
    changes = result.changes
    if changes is None:
        return ""
    if changes.first_build:
        return (
            f"No state file beside this deck yet: wrote {len(result.cards)} notes; from now on "
            "each build reports what changed."
        )
    parts = [
        f"{len(changes.added)} added",
        f"{len(changes.updated)} updated",
        f"{len(changes.removed)} removed",
        f"{changes.unchanged} unchanged",
    ]
    lines = [f"Since the last build: {', '.join(parts)} notes."]
    if changes.note_type_changed:
        lines.append("The card template or style changed; an import updates it.")
    if changes.removed:
        lines.append(
            f"{_count(len(changes.removed), 'note')} left the deck. An import cannot delete "
            "cards: find these in Anki's browser by their words and delete them if you no longer "
            "want them:"
        )
        for fact in changes.removed:
            text = fact.text if len(fact.text) <= 100 else fact.text[:97] + "..."
            lines.append(f"  {fact.path}: {text}")
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
