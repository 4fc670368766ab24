"""A progress bar on a terminal for long builds, fed by :data:`deckgen.pipeline.Progress` calls.

The bar appears only when the build has run for a moment (:data:`DELAY` seconds), so quick
builds print nothing extra, and it is drawn only on a terminal. It redraws one line in place at
most ten times a second, and erases itself when the build ends.
"""

from __future__ import annotations

import time
from typing import TextIO

DELAY = 0.5
"""Seconds a build runs before the bar appears."""
_REDRAW = 0.1
_WIDTH = 30
_STAGES = {"notes": "Reading notes", "cards": "Making cards", "package": "Writing the deck"}


class TerminalProgress:
    """Call it as ``progress(stage, done, total)``; call :meth:`close` when the build ends."""

    def __init__(self, stream: TextIO, *, delay: float = DELAY) -> None:
        self.stream = stream
        self._start = time.monotonic() + delay
        self._last_draw = 0.0
        self._drawn = 0
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        news = stage != self._stage or done == total  # a new stage, or the last note read
        if now < self._start or (now - self._last_draw < _REDRAW and not news):
            return
        self._last_draw = now
        self._stage = stage
        self._draw(bar_line(stage, done, total))

    def close(self) -> None:
        """Erase the bar, if it was drawn."""
        if self._drawn:
            self.stream.write("\r" + " " * self._drawn + "\r")
            self.stream.flush()
            self._drawn = 0

    def _draw(self, line: str) -> None:
        padding = " " * max(0, self._drawn - len(line))
        self.stream.write("\r" + line + padding)
        self.stream.flush()
        self._drawn = len(line)


def bar_line(stage: str, done: int, total: int) -> str:
    """One line of the bar: ``Reading notes [#########.....]  612/2000``."""
    label = _STAGES.get(stage, stage)
    if stage != "notes" or total <= 0:
        return f"{label}..."
    filled = _WIDTH * done // total
    return f"{label} [{'#' * filled}{'.' * (_WIDTH - filled)}] {done:>{len(str(total))}}/{total}"
