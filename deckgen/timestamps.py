"""A note's timestamps checked together (part of stage 2): list of :class:`Sentence` → the same
sentences, with every timestamp that would link to the wrong moment read again or dropped.

:mod:`deckgen.markup` reads each timestamp on its own; some slips only show when all of a note's
timestamps are seen at once. The policy (also in the README, "Timestamps"):

1. **Minutes and seconds written as hours and minutes.** Some notes write 4 min 16 s as
   ``04:16:00``. When at least two, and at least a quarter, of a note's ``H:MM:SS`` timestamps
   end in ``:00`` (chance gives one in sixty) and one of those has hours, the ``:00`` ones are
   read as ``MM:SS`` if the as-written reading would put one at 4 hours or more, or spread them
   over 4 or more different hours. Otherwise the note could be either (``01:21:00`` is 1 h 21
   min in a long podcast, 1:21 in a short clip), so those timestamps get no link.
2. **Past any video.** A timestamp past 12 hours (YouTube's longest upload) gets no link.
3. **Far past the rest of the note.** With four or more timestamps, a lone one (no other
   within ten minutes) more than three times the note's upper quartile, and over an hour past
   it, gets no link.
4. **Out of order.** The timestamps of one sentence should run forward; when they run back by
   more than half a minute, the note gets a warning (each link still goes to its own moment).

Timestamps that name their own video (``[12:43](https://youtu.be/ID?t=763)``) are exact and are
never changed. Each kind of problem gives one warning per note, at the first line it was seen.
A dropped timestamp leaves the card's link to the video itself, when the note has a video id.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from deckgen.types import Diagnostic, Level, Sentence, Timestamp, quick_init

MAX_VIDEO_SECONDS = 12 * 3600
"""No YouTube video is longer (the upload limit is 12 hours): a timestamp past it is a slip."""
IMPLAUSIBLE_HOURS = 4
"""A note of whole-minute ``H:MM:00`` timestamps reaching this many hours is read as ``MM:SS``."""
OUTLIER_FACTOR = 3
OUTLIER_MARGIN = 3600
"""A lone timestamp this many times the note's upper quartile, and this many seconds past it, is
taken for a slip rather than a moment of the video."""
NEIGHBOURHOOD = 600
"""Seconds within which another timestamp makes a late one part of a covered stretch."""
BACKWARD_TOLERANCE = 30
"""Seconds a sentence's timestamps may run backwards before the note is warned about."""

# The groups (see :attr:`deckgen.types.Diagnostic.group`) of the warnings a user need not act on
# note by note: deckgen chose a reading for the whole note, or the links are right anyway.
WHOLE_MINUTES_READ = "whole-minute timestamps (01:15:00) read as minutes and seconds (1:15)"
WHOLE_MINUTES_UNCLEAR = (
    "whole-minute timestamps (01:15:00) left without a link, as hours or minutes are unclear"
)
OUT_OF_ORDER = "timestamps out of order within a sentence (each still links to its own moment)"


@quick_init
@dataclass(frozen=True, slots=True)
class _Written:
    """One clock timestamp as written: where it stood and its fields."""

    stamp: Timestamp
    line: int
    fields: tuple[int, ...]


def check_timestamps(
    path: str, sentences: Sequence[Sentence]
) -> tuple[list[Sentence], list[Diagnostic]]:
    """Apply the timestamp policy (see the module docstring) to all of a note's sentences."""
    written = [
        _Written(stamp, sentence.line, _fields(stamp.label))
        for sentence in sentences
        for stamp in sentence.timestamps
        if stamp.video_id is None
    ]
    problems = _Problems(path)
    fixed = _whole_minute_policy(written, problems)
    if fixed:
        kept = {w.stamp: fixed.get(w.stamp, w.stamp) for w in written}
    else:  # (most notes)
        kept = {w.stamp: w.stamp for w in written}
    dropped = _drop_past_any_video(written, kept, problems)
    dropped = _drop_outliers(written, kept, problems) or dropped
    if fixed or dropped:
        result = [_with_stamps(sentence, kept) for sentence in sentences]
    else:
        result = list(sentences)  # (what _with_stamps would give each: the sentence itself)
    for sentence in result:
        if len(sentence.timestamps) > 1:
            _check_order(sentence, problems)
    return result, problems.diagnostics


class _Problems:
    """Collects at most one warning per kind of problem for a note."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self._kinds: set[str] = set()

    def warn(self, kind: str, line: int, message: str, group: str | None = None) -> None:
        """Warn about ``kind`` unless the note already has; ``group`` as in
        :attr:`deckgen.types.Diagnostic.group`, for a kind the user need not act on."""
        if kind not in self._kinds:
            self._kinds.add(kind)
            self.diagnostics.append(Diagnostic(self.path, line, Level.WARNING, message, group))


def _fields(label: str) -> tuple[int, ...]:
    """The numbers of a label, "01:02:03" → (1, 2, 3); remembered, as labels repeat."""
    try:
        return _FIELDS[label]
    except KeyError:
        pass
    fields = tuple(int(part) for part in label.split(":") if part.isdigit())
    if len(_FIELDS) >= _MAX_FIELDS:
        _FIELDS.clear()
    _FIELDS[label] = fields
    return fields


_FIELDS: dict[str, tuple[int, ...]] = {}
_MAX_FIELDS = 20_000


def _whole_minute_policy(
    written: Sequence[_Written], problems: _Problems
) -> dict[Timestamp, Timestamp | None]:
    """Rule 1: the new reading of each ``H:MM:00`` timestamp (None: no link), when needed."""
    three = [w for w in written if len(w.fields) == 3]
    zeros = [w for w in three if w.fields[2] == 0]
    hours = {w.fields[0] for w in zeros}
    if len(zeros) < 2 or len(zeros) * 4 < len(three) or max(hours, default=0) == 0:
        return {}
    first = zeros[0]
    # The example shows what the reading changes, so it is one with hours (00:20:00 would read
    # the same either way); the warning stands at the first line of the note that has one.
    shown = next(w for w in zeros if w.fields[0])
    example = shown.stamp.label
    if max(hours) >= IMPLAUSIBLE_HOURS or len(hours) >= IMPLAUSIBLE_HOURS:
        h, m = shown.fields[0], shown.fields[1]
        problems.warn(
            "whole-minute",
            first.line,
            f"{_some(len(zeros), example)} written with ':00' and would run past "
            f"{IMPLAUSIBLE_HOURS} hours; read as minutes and seconds ({example} as "
            f"{h} min {m} s, not {h} h {m} min)",
            WHOLE_MINUTES_READ,
        )
        return {w.stamp: _as_minutes_seconds(w) for w in zeros}
    problems.warn(
        "whole-minute",
        first.line,
        f"{_some(len(zeros), example)} written with ':00' and may mean hours and minutes "
        "or minutes and seconds; no links made for them",
        WHOLE_MINUTES_UNCLEAR,
    )
    return dict.fromkeys((w.stamp for w in zeros), None)


def _as_minutes_seconds(w: _Written) -> Timestamp:
    minutes, seconds = w.fields[0], w.fields[1]
    return Timestamp(minutes * 60 + seconds, f"{minutes:02d}:{seconds:02d}")


def _drop_past_any_video(
    written: Sequence[_Written], kept: dict[Timestamp, Timestamp | None], problems: _Problems
) -> bool:
    """Rule 2: no link past the longest video YouTube holds; whether any was dropped."""
    if all(s is None or s.seconds <= MAX_VIDEO_SECONDS for s in kept.values()):
        return False  # (most notes: no need to look at each timestamp as written)
    return _drop(
        written,
        kept,
        lambda stamp: stamp.seconds > MAX_VIDEO_SECONDS,
        lambda w, count: problems.warn(
            "past-any-video",
            w.line,
            f"{_some(count, w.stamp.label)} past 12 hours, longer than any video; no link made",
        ),
    )


def _drop_outliers(
    written: Sequence[_Written], kept: dict[Timestamp, Timestamp | None], problems: _Problems
) -> bool:
    """Rule 3: no link for a lone timestamp far past all the others of the note; whether any
    was dropped.

    Several late timestamps close together are a part of a long video the note also covers,
    so only a timestamp with no neighbour within :data:`NEIGHBOURHOOD` is dropped.
    """
    values = sorted({s.seconds for s in kept.values() if s is not None})
    if len(values) < 4:
        return False
    upper_quartile = values[(len(values) - 1) * 3 // 4]
    limit = max(upper_quartile * OUTLIER_FACTOR, upper_quartile + OUTLIER_MARGIN)
    if values[-1] <= limit:
        return False  # none is late (most notes)

    def lone_and_late(stamp: Timestamp) -> bool:
        if stamp.seconds <= limit:
            return False
        low = bisect_left(values, stamp.seconds - NEIGHBOURHOOD)
        high = bisect_right(values, stamp.seconds + NEIGHBOURHOOD)
        return high - low <= 1  # only itself

    return _drop(
        written,
        kept,
        lone_and_late,
        lambda w, count: problems.warn(
            "outlier",
            w.line,
            f"{_some(count, w.stamp.label)} far past the note's others (most are before "
            f"{_clock(upper_quartile)}); no link made",
        ),
    )


def _drop(
    written: Sequence[_Written],
    kept: dict[Timestamp, Timestamp | None],
    too_late: Callable[[Timestamp], bool],
    report: Callable[[_Written, int], None],
) -> bool:
    late = [w for w in written if (s := kept[w.stamp]) is not None and too_late(s)]
    if not late:
        return False
    report(late[0], len({w.stamp for w in late}))
    for w in late:
        kept[w.stamp] = None
    return True


def _some(count: int, example: str) -> str:
    """ "timestamp 04:16:00 is" or "12 timestamps such as 04:16:00 are"."""
    if count == 1:
        return f"timestamp {example} is"
    return f"{count} timestamps such as {example} are"


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def _with_stamps(sentence: Sentence, kept: dict[Timestamp, Timestamp | None]) -> Sentence:
    if not sentence.timestamps:
        return sentence
    stamps: list[Timestamp] = []
    for stamp in sentence.timestamps:
        new = kept.get(stamp, stamp)
        if new is not None and new not in stamps:
            stamps.append(new)
    if stamps == list(sentence.timestamps):
        return sentence
    return replace(sentence, timestamps=tuple(stamps))


def _check_order(sentence: Sentence, problems: _Problems) -> None:
    """Rule 4: warn when one sentence's timestamps run backwards."""
    clocks = [s for s in sentence.timestamps if s.video_id is None]
    for before, after in pairwise(clocks):
        if after.seconds < before.seconds - BACKWARD_TOLERANCE:
            problems.warn(
                "order",
                sentence.line,
                f"timestamps out of order ({after.label} after {before.label}); "
                "each still links to its own moment",
                OUT_OF_ORDER,
            )
            return
