"""Time ``build()`` on notes made to slow a parser down, at two sizes, to show the growth is linear.

    python benchmarks/pathological.py [--scale 1.0]

For each kind of note, builds it at size n and 4n (without writing a package) and prints both
times and their ratio: about 4 for linear work, 16 for quadratic.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from deckgen import BuildOptions, build

KINDS: dict[str, Callable[[int], str]] = {
    "bullets with timestamps": lambda n: "".join(
        f"*   **Point {i}**: The reef grew {i % 97 + 1} cm, a rate called accretion "
        f'<a class="yt-timestamp" data-t="00:{i % 60:02d}:{i * 7 % 60:02d}">[x]</a>.\n'
        for i in range(n // 150)
    ),
    "one paragraph of sentences": lambda n: (
        "A reef is 5 m deep, which is called a flat. " * (n // 44)
    ),
    "line without punctuation": lambda n: ("coral reef water " * (n // 17 + 1))[:n],
    "one long word": lambda n: "a" * n,
    "nested bullets": lambda n: "".join(
        " " * (i % 2000) + f"- level {i} holds 5 kg\n" for i in range(n // 1000)
    ),
    "nested quotes": lambda n: ">" * n + " The reef is 5 m deep.",
    "run of (": lambda n: "(" * n,
    "run of *": lambda n: "*" * n,
    "alternating * and text": lambda n: "*a " * (n // 3),
    "run of [[": lambda n: "[[" * (n // 2),
    "unclosed links": lambda n: "[a](" * (n // 4),
    "unclosed dollars": lambda n: "$a " * (n // 3),
    "unclosed backticks": lambda n: "`a " * (n // 3),
    "unclosed tags": lambda n: "<a class='yt-timestamp' " * (n // 24),
    "unclosed clozes": lambda n: "{{c1::" * (n // 6),
    "abbreviations": lambda n: "Dr. " * (n // 4) + "Smith.",
    "numbers and units": lambda n: "It weighs " + " to ".join(["5"] * (n // 5)) + " kg.",
    "entities": lambda n: "&amp" * (n // 4),
}


def seconds_to_build(text: str, folder: Path) -> float:
    note = folder / "note.md"
    note.write_text(text + "\n", encoding="utf-8")
    started = time.perf_counter()
    build(BuildOptions(paths=(str(note),), write=False))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the base size")
    args = parser.parse_args()
    n = int(250_000 * args.scale)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(f"{'note':28} {'n chars':>10} {'time':>8} {'4n time':>8} {'ratio':>6}")
        for kind, make in KINDS.items():
            small = seconds_to_build(make(n), folder)
            large = seconds_to_build(make(4 * n), folder)
            ratio = large / small if small > 0.005 else float("nan")
            print(f"{kind:28} {n:>10} {small:>7.2f}s {large:>7.2f}s {ratio:>6.1f}", flush=True)


if __name__ == "__main__":
    main()
