"""Save what deckgen makes of some note folders, or check that it still makes exactly that.

Usage::

    python benchmarks/compare_outputs.py save  REF_DIR NOTES_DIR...
    python benchmarks/compare_outputs.py check REF_DIR NOTES_DIR...

For each folder the script builds a deck at a fixed timestamp with no state file and no cache,
and records the package's bytes and a readable dump of everything the build decided: per note,
each card's GUID, fields, tags and deck, each sentence's Decision (accepted, reason, rule,
score, rewritten text, targets) and every diagnostic. ``check`` builds again and compares both
with what ``save`` recorded, printing the first differences. A speed change must pass it.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import itertools
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from deckgen import BuildOptions, build
from deckgen.pipeline import BuildError

TIMESTAMP = 1_700_000_000


def dump(notes_dir: Path, output: Path, workers: int | None) -> dict[str, Any]:
    """Build ``notes_dir`` into ``output`` and describe everything the build made."""
    options = BuildOptions(
        paths=(str(notes_dir),),
        output=str(output),
        timestamp=TIMESTAMP,
        state=False,
        cache=False,
        workers=workers,
    )
    try:
        result = build(options)
    except BuildError as err:
        return {"error": str(err)}
    return {
        "package_sha256": hashlib.sha256(output.read_bytes()).hexdigest(),
        "notes": [[n.path, n.cards, n.reason] for n in result.notes],
        "cards": [
            {
                "note": c.note_path,
                "guid": c.guid,
                "text": c.text,
                "context": c.context,
                "source": c.source,
                "tags": list(c.tags),
                "deck": c.deck,
                "score": c.fact.score,
            }
            for c in result.cards
        ],
        "decisions": [
            [
                path,
                d.sentence.line,
                d.sentence.text,
                d.accepted,
                d.reason,
                d.rule,
                d.score,
                d.text,
                list(d.targets),
            ]
            for path, d in result.decisions
        ],
        "diagnostics": [str(d) for d in result.diagnostics],
    }


def reference_file(ref_dir: Path, notes_dir: Path) -> Path:
    return ref_dir / f"{notes_dir.name}.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("save", "check"))
    parser.add_argument("ref_dir", type=Path)
    parser.add_argument("notes_dirs", type=Path, nargs="+")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    args.ref_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for notes_dir in args.notes_dirs:
            got = dump(notes_dir, Path(tmp) / f"{notes_dir.name}.apkg", args.workers)
            text = json.dumps(got, indent=1, ensure_ascii=False)
            ref = reference_file(args.ref_dir, notes_dir)
            if args.mode == "save":
                ref.write_text(text)
                print(f"saved {ref} ({len(got.get('cards', []))} cards)")
                continue
            expected = ref.read_text()
            if expected == text:
                print(f"same: {notes_dir}")
                continue
            failed = True
            print(f"DIFFERENT: {notes_dir}")
            old = json.loads(expected)
            parts = [key for key in {**old, **got} if old.get(key) != got.get(key)]
            print(f"  parts that differ: {', '.join(parts)}")
            for line in _first_difference(expected.splitlines(), text.splitlines()):
                print("  " + line)
    sys.exit(1 if failed else 0)


def _first_difference(a: list[str], b: list[str], most: int = 40) -> list[str]:
    """A unified diff of the region where ``a`` and ``b`` first differ, at most ``most`` lines
    (difflib over two whole dumps with many changes takes minutes)."""
    start = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    lo = max(0, start - 3)
    window = start + 200
    diff = difflib.unified_diff(a[lo:window], b[lo:window], lineterm="")
    lines = list(itertools.islice(diff, most))
    return [*lines, "..."] if len(lines) == most else lines


if __name__ == "__main__":
    main()
