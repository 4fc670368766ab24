"""Inline Markdown → plain text, with the spans and timestamps that carry meaning.

This is the helper behind stages 1 and 2: it reduces one block's inline Markdown (wiki links,
emphasis, highlights, HTML, timestamp anchors, math) to the plain text a card shows, and records
where the author's marks and the video timestamps were.

It never raises on any input and runs in linear time: it walks the text once, and every regular
expression it tries at a position is anchored there and bounded in length.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from deckgen.types import Span, SpanKind, Timestamp

# A timestamp as written in a label: H:MM:SS, HH:MM:SS, M:SS or MM:SS.
_CLOCK = re.compile(r"(\d{1,2}):([0-5]?\d)(?::([0-5]?\d))?")
_HH_MM_SS = re.compile(r"\d\d:[0-5]\d:[0-5]\d")
# What a timestamp written with a slip may look like once stray characters are gone.
_SLIPPED_CLOCK = re.compile(r"\d{1,3}(?::\d{1,3}){1,3}")
_NOT_CLOCK = re.compile(r"[^\d:]+")
REPAIRED = "timestamps with a slip (such as a stray ']' or a label of MM:SS:00) read as meant"
"""The group (see :attr:`deckgen.types.Diagnostic.group`) of the timestamps read despite a slip:
the card links to the right moment, so nothing needs fixing."""
LABEL_TOLERANCE = 30
"""Seconds by which an anchor's ``data-t`` and its visible label may differ and still be
trusted (labels are sometimes rounded); past it, the anchor gets no link."""
# Characters at which something other than plain text may start.
_SPECIAL = re.compile(r"[<\[!*_=~`$\\{&#^]")

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,20})((?:\s[^<>]{0,2000})?)/?>")
_COMMENT_END = "-->"
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]{1,2000})>", re.IGNORECASE)
_ATTR = re.compile(
    r"""([A-Za-z-]{1,30})\s*=\s*(?:"([^"]{0,500})"|'([^']{0,500})'|([^\s"'>]{1,500}))"""
)
_UNCLOSED_ANCHOR_LABEL = re.compile(r"\[?\d{1,2}(?::\d{2}){1,2}\]?>?")
_ANCHOR_TEXT = re.compile(r"([^<]{0,80})</a\s*>", re.IGNORECASE)
# What may stand between two timestamps of a run: ", " or a space.
_STAMP_JOIN = re.compile(
    r"[ \t\n]*,?[ \t\n]*(?=<a\b[^<>]{0,400}yt-timestamp|\[\d{1,2}:\d{2}(?::\d{2})?\]"
    r"|\[\[?\d{1,2}:\d{2}(?::\d{2})?\]\]?\()"
)
_PLAIN_ANCHOR = re.compile(
    r'<a class="yt-timestamp" data-t="([\d:]{4,8})">\[([\d:]{4,8})\]</a>'
    f"(?:{_STAMP_JOIN.pattern})?"
)
"""A timestamp anchor as most notes write it (the label is checked to repeat ``data-t``),
with the ", " that joins it to a next timestamp, which :meth:`_Scanner.join_stamps` would skip."""
_WIKI = re.compile(r"(!?)\[\[([^\[\]\n]{0,500})\]\]")
_MD_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]{0,200}\]){0,500})\]"
    r"\(([^()\s]{0,2000}(?:\([^()\s]{0,500}\)[^()\s]{0,500}){0,3})(?:\s+\"[^\"\n]{0,300}\")?\)"
)
_STAMP_LINK = re.compile(r"\[\[?(\d{1,2}:\d{2}(?::\d{2})?)\]\]?\(([^()\s]{0,2000})\)")
_BARE_STAMP = re.compile(r"\[(\[)?(\d{1,2}:\d{2}(?::\d{2})?)\](?(1)\])(?!\()")
"""A timestamp in brackets with no link, "[00:23:05]", or written as a wiki link, "[[00:23:05]]"."""
_CLOZE = re.compile(r"\{\{c(\d{1,3})::([^{}]{1,1000}?)(?:::([^{}]{0,300}))?\}\}")
# A label written before its own anchor as if the anchor were a link target,
# "[00:00:44](<a class="yt-timestamp" ...>00:00:44</a>)": the anchor alone is the timestamp.
_LABEL_BEFORE_ANCHOR = re.compile(
    r"\[\d{1,2}:\d{2}(?::\d{2})?\]\("
    r"(?=<a\b[^<>]{0,400}yt-timestamp[^<>]{0,400}>[^<]{0,80}</a\s*>)"
)
_FOOTNOTE = re.compile(r"\[\^[^\]\s]{1,50}\]")
_BLOCK_ID = re.compile(r"\^[A-Za-z0-9-]{1,40}(?=\s*$)")
_HASHTAG = re.compile(r"#[A-Za-z][\w/-]{0,100}")
_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_YOUTUBE_ID = re.compile(
    r"(?:youtu\.be/|youtube\.com/(?:watch\?(?:[^#\s]*&)?v=|embed/|shorts/|live/))([A-Za-z0-9_-]{11})"
)
_URL_TIME = re.compile(
    r"[?&#](?:t|start)=(?:(\d{1,6})s?|(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,5})s)?)(?:&|$)"
)
# A "$" that can close inline math: after a non-space that is not a backslash, before no digit.
_MATH_CLOSER = re.compile(r"(?<=[^\s\\])\$(?!\d)")
_MAX_INLINE_MATH = 2000
_MAX_DISPLAY_MATH = 5000
_MAX_CODE = 2000
_DELIMS = ("**", "__", "==", "~~", "*", "_")
_DELIM_KIND = {
    "**": SpanKind.BOLD,
    "__": SpanKind.BOLD,
    "==": SpanKind.HIGHLIGHT,
    "*": SpanKind.EMPHASIS,
    "_": SpanKind.EMPHASIS,
    "~~": None,
}
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}%")
_DROPPED_ELEMENTS = ("script", "style", "iframe", "object", "embed", "svg", "math", "template")
_BREAK_TAGS = frozenset({"br", "p", "div", "li", "tr", "td", "th", "hr"})


def parse_clock(value: str) -> tuple[int, str] | None:
    """Read "HH:MM:SS", "H:MM:SS", "MM:SS" or "M:SS" as (seconds, normalised label); None if not one.

    The label keeps hours only when the value had them: "03:15" stays "03:15", "0:12:43" becomes
    "00:12:43".
    """
    if len(value) == 8 and value.isascii() and _HH_MM_SS.fullmatch(value):
        # Already written as the label would be (most timestamps): only the seconds to count.
        return int(value[:2]) * 3600 + int(value[3:5]) * 60 + int(value[6:]), value
    m = _CLOCK.fullmatch(value.strip())
    if not m:
        return None
    a, b, c = m.group(1), m.group(2), m.group(3)
    if c is None:
        minutes, secs = int(a), int(b)
        return minutes * 60 + secs, f"{minutes:02d}:{secs:02d}"
    hours, minutes, secs = int(a), int(b), int(c)
    return hours * 3600 + minutes * 60 + secs, f"{hours:02d}:{minutes:02d}:{secs:02d}"


def repair_clock(value: str) -> tuple[int, str] | None:
    """Read a timestamp written with a slip that leaves no doubt about the moment; None if not.

    Stray characters are dropped (``00:19:19]``), fields padded to three digits are read
    (``001:00:23``, ``01:00:010``), and a fourth field of zeros is dropped (``01:29:42:00``).
    Minutes and seconds must still be below 60: ``05:80:16`` and ``04:27:819`` are not repaired.
    """
    cleaned = _NOT_CLOCK.sub("", value)
    if not _SLIPPED_CLOCK.fullmatch(cleaned):
        return None
    fields = [int(f) for f in cleaned.split(":")]
    if len(fields) == 4:
        if fields[3] != 0:
            return None
        fields = fields[:3]
    if any(f >= 60 for f in fields[1:]) or fields[0] >= 100:
        return None
    return parse_clock(":".join(f"{f:02d}" for f in fields))


def youtube_id(url: str) -> str | None:
    """The 11-character video id of a YouTube URL, or None."""
    m = _YOUTUBE_ID.search(url)
    return m.group(1) if m else None


def url_seconds(url: str) -> int | None:
    """The start time a video URL asks for (``t=763``, ``t=12m43s``, ``start=763``), or None."""
    m = _URL_TIME.search(url)
    if not m:
        return None
    if m.group(1) is not None:
        return int(m.group(1))
    h, mi, s = m.group(2), m.group(3), m.group(4)
    if h is None and mi is None and s is None:
        return None
    return int(h or 0) * 3600 + int(mi or 0) * 60 + int(s or 0)


@dataclass(slots=True)
class Inline:
    """A block's inline Markdown reduced to text (the result of :func:`parse_inline`)."""

    text: str
    spans: list[Span]
    stamps: list[tuple[int, Timestamp]]
    """(position in text, timestamp): where each anchor stood."""
    problems: list[tuple[int, str, str | None]]
    """(offset in the raw block, message, group) for each timestamp that could not be read
    cleanly; the group (see :attr:`deckgen.types.Diagnostic.group`) when it was read anyway."""
    _out_pos: list[int] = field(default_factory=list)
    _raw_pos: list[int] = field(default_factory=list)
    _stamp_pos: list[int] = field(default_factory=list)
    _raw_length: int = 0

    def stamp_positions(self) -> list[int]:
        """The positions of :attr:`stamps`, computed once (they are in text order)."""
        if len(self._stamp_pos) != len(self.stamps):
            self._stamp_pos[:] = [pos for pos, _ in self.stamps]
        return self._stamp_pos

    def raw_offset(self, pos: int) -> int:
        """The offset in the raw block of the text written at ``pos`` of :attr:`text`."""
        i = bisect_right(self._out_pos, pos) - 1
        if i < 0:
            return 0
        offset = self._raw_pos[i] + (pos - self._out_pos[i] if i + 1 >= len(self._out_pos) else 0)
        return min(offset, self._raw_length)


def _whole_minute_slip(
    one: tuple[int, str, bool], other: tuple[int, str, bool]
) -> Timestamp | None:
    """When one reading is the other's minutes and seconds written as ``MM:SS:00`` (4 min 16 s
    as ``04:16:00``), the moment they agree on; None otherwise.

    The label it gets is written without hours when it can be, so that the note-wide check of
    whole-minute timestamps (:mod:`deckgen.timestamps`) does not read it a second time.
    """
    for slipped, meant in ((one, other), (other, one)):
        fields = slipped[1].split(":")
        if (
            len(fields) == 3
            and fields[2] == "00"
            and int(fields[0]) * 60 + int(fields[1]) == meant[0]
        ):
            minutes, seconds = divmod(meant[0], 60)
            if minutes < 100:
                return Timestamp(meant[0], f"{minutes:02d}:{seconds:02d}")
            return Timestamp(meant[0], meant[1])
    return None


def _read_stamp(value: str) -> tuple[int, str, bool] | None:
    """(seconds, label, whether it needed repair) of a timestamp value, or None."""
    clock = parse_clock(value)
    if clock is not None:
        return clock[0], clock[1], False
    clock = repair_clock(value)
    return None if clock is None else (clock[0], clock[1], True)


_PLAIN_STAMPS: dict[str, Timestamp | None] = {}
"""The timestamp each plain anchor's value stands for, read once (values repeat across notes)."""
_MAX_PLAIN_STAMPS = 20_000


def _plain_stamp(value: str) -> Timestamp | None:
    """``Timestamp(*parse_clock(value))``, or None when ``value`` is no clock; remembered."""
    try:
        return _PLAIN_STAMPS[value]
    except KeyError:
        pass
    clock = parse_clock(value)
    stamp = None if clock is None else Timestamp(*clock)
    if len(_PLAIN_STAMPS) >= _MAX_PLAIN_STAMPS:
        _PLAIN_STAMPS.clear()
    _PLAIN_STAMPS[value] = stamp
    return stamp


class _Delim:
    __slots__ = ("can_close", "can_open", "is_opener", "mark", "paired")

    def __init__(self, mark: str, can_open: bool, can_close: bool) -> None:
        self.mark = mark
        self.can_open = can_open
        self.can_close = can_close
        self.paired = False
        self.is_opener = False


class _Open:
    __slots__ = ("kind", "number")

    def __init__(self, kind: SpanKind, number: int = 0) -> None:
        self.kind = kind
        self.number = number


class _Close:
    __slots__ = ()


_CLOSE = _Close()
_BREAK = "\n"  # a piece that is only a line break: becomes one space

_Piece = str | _Delim | _Open | _Close | Timestamp


class _Scanner:
    """Splits raw inline Markdown into pieces: text, delimiters, span marks and timestamps."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.pieces: list[_Piece] = []
        self.offsets: list[int] = []
        self.problems: list[tuple[int, str, str | None]] = []
        self.delimiters: list[_Delim] = []
        """The emphasis delimiters among :attr:`pieces`, in the same order (for pairing)."""
        self._closer = (len(raw) + 1, -1)
        """(where the last search for a closing ``$`` began, what it found)."""

    def add(self, piece: _Piece, offset: int) -> None:
        self.pieces.append(piece)
        self.offsets.append(offset)

    def text(self, s: str, offset: int) -> None:
        if s:
            self.add(s, offset)

    def scan(self) -> None:
        # The text between special characters is added directly, and each special character
        # goes to its handler (or is an emphasis delimiter): this loop runs for every piece.
        raw, pos, n = self.raw, 0, len(self.raw)
        pieces, offsets = self.pieces, self.offsets
        search = _SPECIAL.search
        while pos < n:
            m = search(raw, pos)
            if not m:
                pieces.append(raw[pos:])
                offsets.append(pos)
                return
            start = m.start()
            if start > pos:
                pieces.append(raw[pos:start])
                offsets.append(pos)
            ch = raw[start]
            handler = _HANDLERS.get(ch)
            if handler is None:
                pos = self.at_delimiter(start)
                continue
            end = handler(self, start)
            if end is None:
                pieces.append(ch)
                offsets.append(start)
                pos = start + 1
            else:
                pos = end

    # -- HTML -----------------------------------------------------------------------------------
    def at_angle(self, pos: int) -> int | None:
        raw = self.raw
        plain = _PLAIN_ANCHOR.match(raw, pos)
        if plain is not None:
            value, label = plain.groups()
            if value == label:
                stamp = _plain_stamp(value)
                if stamp is not None:
                    # The anchor of most notes, with a label that repeats data-t: what anchor()
                    # would make of it, without reading its attributes and label one by one.
                    self.pieces.append(stamp)
                    self.offsets.append(pos)
                    return plain.end()  # (the join is part of the match)
        autolink = _AUTOLINK.match(raw, pos)
        if autolink:
            self.protected(autolink.group(1), pos)  # shown as written; nothing in it is a fact
            return autolink.end()
        if raw.startswith("<!--", pos):
            end = raw.find(_COMMENT_END, pos + 4)
            return len(raw) if end < 0 else end + 3
        m = _TAG.match(raw, pos)
        if not m:
            return None
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if name == "a" and not closing and "yt-timestamp" in attrs:
            return self.anchor(pos, m.end(), attrs)
        if not closing and name in _DROPPED_ELEMENTS and not m.group(0).endswith("/>"):
            end = raw.lower().find(f"</{name}", m.end())
            if end < 0:
                return len(raw)
            close = raw.find(">", end)
            return len(raw) if close < 0 else close + 1
        if name in _BREAK_TAGS:
            self.add(_BREAK, pos)
        return m.end()

    def anchor(self, pos: int, after_tag: int, attrs: str) -> int:
        """A ``<a class="yt-timestamp" data-t="...">[...]</a>`` anchor: one timestamp piece.

        The moment comes from ``data-t``, else from the visible label. A value written with a
        slip is repaired when that leaves no doubt (see :func:`repair_clock`), with a warning;
        when ``data-t`` and the label both read but name different moments, the anchor gets no
        link, since either may be the wrong one.
        """
        raw = self.raw
        values = {
            a.group(1).lower(): a.group(2) or a.group(3) or a.group(4) or ""
            for a in _ATTR.finditer(attrs)
        }
        m = _ANCHOR_TEXT.match(raw, after_tag)
        if m:
            end = m.end()
        else:  # an anchor whose "</a>" was lost: "...>[00:06:43]>, <a ..."
            label = _UNCLOSED_ANCHOR_LABEL.match(raw, after_tag)
            end = label.end() if label else after_tag
        inner = m.group(1).strip().strip("[]").strip() if m else ""
        data_t = values.get("data-t")
        from_attr = _read_stamp(data_t) if data_t is not None else None
        from_label = _read_stamp(inner) if inner else None
        shown = data_t if data_t is not None else inner
        if from_attr is None and from_label is None:
            self.problems.append(
                (pos, f'unreadable timestamp "{shown[:40]}"; no link made for it', None)
            )
            return self.join_stamps(end)
        if (
            from_attr is not None
            and from_label is not None
            and abs(from_attr[0] - from_label[0]) > LABEL_TOLERANCE
        ):
            agreed = _whole_minute_slip(from_attr, from_label)
            if agreed is not None:
                message = (
                    f'timestamp data-t="{shown[:40]}" has the label "[{inner[:40]}]"; '
                    f"read as {agreed.label}"
                )
                self.problems.append((pos, message, REPAIRED))
                self.add(agreed, pos)
                return self.join_stamps(end)
            message = (
                f'timestamp data-t="{shown[:40]}" disagrees with its label "[{inner[:40]}]"; '
                "no link made for it"
            )
            self.problems.append((pos, message, None))
            return self.join_stamps(end)
        reading = from_attr or from_label
        assert reading is not None  # both None returned above
        seconds, read_as, repaired = reading
        if from_attr is None and data_t is not None:
            self.problems.append(
                (
                    pos,
                    f'unreadable timestamp data-t="{data_t[:40]}"; read its label {read_as}',
                    REPAIRED,
                )
            )
        elif repaired:
            self.problems.append(
                (pos, f'malformed timestamp "{shown[:40]}"; read as {read_as}', REPAIRED)
            )
        self.add(Timestamp(seconds, read_as), pos)
        return self.join_stamps(end)

    def join_stamps(self, end: int) -> int:
        """Skip the ", " between two timestamps of a run, so the text does not keep it."""
        m = _STAMP_JOIN.match(self.raw, end)
        return m.end() if m else end

    # -- links and bracketed forms ----------------------------------------------------------------
    def at_bracket(self, pos: int) -> int | None:
        raw = self.raw
        label = _LABEL_BEFORE_ANCHOR.match(raw, pos)
        if label:
            end = self.at_angle(label.end())
            assert end is not None  # the pattern saw a whole anchor there
            return self.join_stamps(end + 1) if raw.startswith(")", end) else end
        m = _STAMP_LINK.match(raw, pos)
        if m:
            clock = parse_clock(m.group(1))
            url = m.group(2)
            if clock is not None:
                secs = url_seconds(url)
                self.add(
                    Timestamp(clock[0] if secs is None else secs, clock[1], youtube_id(url)), pos
                )
                return self.join_stamps(m.end())
        m = _BARE_STAMP.match(raw, pos)
        if m:
            clock = parse_clock(m.group(2))
            if clock is not None:
                self.add(Timestamp(clock[0], clock[1]), pos)
                return self.join_stamps(m.end())
        if raw.startswith("[[", pos):
            return self.wiki(pos)
        m = _FOOTNOTE.match(raw, pos)
        if m:
            return m.end()
        m = _MD_LINK.match(raw, pos)
        if m:
            self.link_text(m.group(2), m.start(2))
            return m.end()
        return None

    def at_bang(self, pos: int) -> int | None:
        raw = self.raw
        if raw.startswith("![[", pos):
            m = _WIKI.match(raw, pos)
            return m.end() if m else None
        if raw.startswith("![", pos):
            m = _MD_LINK.match(raw, pos)
            return m.end() if m else None
        return None

    def wiki(self, pos: int) -> int | None:
        m = _WIKI.match(self.raw, pos)
        if not m:
            return None
        inner = m.group(2)
        target, bar, alias = inner.partition("|")
        if bar and alias.strip():
            shown = alias.strip()
        else:
            page, _, heading = target.partition("#")
            shown = (page.strip() or heading.strip()).replace("_", " ")
            shown = shown.rsplit("/", 1)[-1]
        self.link_text(shown, m.start(2))
        return m.end()

    def link_text(self, shown: str, offset: int) -> None:
        """The visible text of a link: parsed for its own inline marks, kept as one span."""
        shown = shown.strip()
        if not shown:
            return
        self.add(_Open(SpanKind.LINK), offset)
        inner = _Scanner(shown)
        inner.scan()
        for piece, off in zip(inner.pieces, inner.offsets, strict=True):
            self.add(piece, offset + off)
        self.delimiters.extend(inner.delimiters)
        self.add(_CLOSE, offset + len(shown))

    # -- escapes, clozes, math, code --------------------------------------------------------------
    def at_backslash(self, pos: int) -> int | None:
        raw = self.raw
        if pos + 1 < len(raw) and raw[pos + 1] in _ESCAPABLE:
            self.text(raw[pos + 1], pos)
            return pos + 2
        return None

    def at_brace(self, pos: int) -> int | None:
        m = _CLOZE.match(self.raw, pos)
        if not m:
            return None
        content = m.group(2).strip()
        if not content:
            return m.end()
        self.add(_Open(SpanKind.CLOZE, int(m.group(1))), pos)
        inner = _Scanner(content)
        inner.scan()
        for piece, off in zip(inner.pieces, inner.offsets, strict=True):
            if not isinstance(piece, Timestamp):
                self.add(piece, m.start(2) + off)
        self.delimiters.extend(inner.delimiters)
        self.add(_CLOSE, m.end())
        return m.end()

    def at_dollar(self, pos: int) -> int | None:
        raw = self.raw
        if raw.startswith("$$", pos):
            end = raw.find("$$", pos + 2, pos + _MAX_DISPLAY_MATH + 2)
            if end < 0:
                return None
            self.protected("\\(" + raw[pos + 2 : end].strip() + "\\)", pos)
            return end + 2
        # Pandoc's rule, so that "$100M and $50M" stays text: the opening $ is followed by a
        # non-space, the closing one preceded by a non-space and not followed by a digit.
        if pos + 1 >= len(raw) or raw[pos + 1].isspace():
            return None
        end = self.math_closer(pos + 1)
        if end < 0 or end - pos > _MAX_INLINE_MATH or raw.find("\n\n", pos, end) >= 0:
            return None
        self.protected("\\(" + raw[pos + 1 : end] + "\\)", pos)
        return end + 1

    def math_closer(self, start: int) -> int:
        """The first ``$`` at or after ``start`` that can close inline math; -1 if none.

        Remembers the last answer, so a text full of ``$`` that never close is searched once
        rather than once per ``$``.
        """
        searched_from, found = self._closer
        if searched_from <= start and (found < 0 or found >= start):
            return found
        m = _MATH_CLOSER.search(self.raw, start)
        found = m.start() if m else -1
        self._closer = (start, found)
        return found

    def at_backtick(self, pos: int) -> int | None:
        raw = self.raw
        run = 1
        while pos + run < len(raw) and raw[pos + run] == "`" and run < 20:
            run += 1
        fence = "`" * run
        end = raw.find(fence, pos + run, pos + _MAX_CODE + run)
        if end < 0:
            return None
        self.protected(raw[pos + run : end].strip(), pos)
        return end + run

    def protected(self, content: str, offset: int) -> None:
        if content:
            self.add(_Open(SpanKind.PROTECTED), offset)
            self.add(content.replace("\n", " "), offset)
            self.add(_CLOSE, offset)

    def at_ampersand(self, pos: int) -> int | None:
        end = self.raw.find(";", pos + 1, pos + 12)
        if end < 0:
            return None
        entity = self.raw[pos : end + 1]
        decoded = html.unescape(entity)
        if decoded == entity:
            return None
        self.text(decoded, pos)
        return end + 1

    def at_hash(self, pos: int) -> int | None:
        """An Obsidian ``#tag`` in running text: not part of the sentence."""
        raw = self.raw
        if pos > 0 and not raw[pos - 1].isspace():
            return None
        m = _HASHTAG.match(raw, pos)
        return m.end() if m else None

    def at_caret(self, pos: int) -> int | None:
        """An Obsidian block id (``^abc123`` at the end of a line)."""
        if pos > 0 and not self.raw[pos - 1].isspace():
            return None
        m = _BLOCK_ID.match(self.raw, pos)
        return m.end() if m else None

    # -- emphasis ---------------------------------------------------------------------------------
    def at_delimiter(self, pos: int) -> int:
        raw = self.raw
        ch = raw[pos]
        run_end = pos
        while run_end < len(raw) and raw[run_end] == ch:
            run_end += 1
        run = run_end - pos
        before = raw[pos - 1] if pos > 0 else " "
        after = raw[run_end] if run_end < len(raw) else " "
        mark = ch * 2 if run >= 2 and ch * 2 in _DELIMS else ch
        if mark not in _DELIMS or run > 3:
            self.text(raw[pos:run_end], pos)
            return run_end
        can_open = not after.isspace()
        can_close = not before.isspace()
        if ch == "_" and before.isalnum() and after.isalnum():
            can_open = can_close = False  # snake_case, not emphasis
        if ch == "=" and run == 1:
            self.text("=", pos)
            return pos + 1
        if run == 3 and ch in "*_":
            # ***x*** is bold and emphasis at once; read it as bold.
            self.delimiter(_Delim(ch * 2, can_open, can_close), pos)
            self.delimiter(_Delim(ch, can_open, can_close), pos + 2)
            return run_end
        if run > len(mark):
            self.text(raw[pos:run_end], pos)
            return run_end
        self.delimiter(_Delim(mark, can_open, can_close), pos)
        return run_end

    def delimiter(self, delim: _Delim, offset: int) -> None:
        self.add(delim, offset)
        self.delimiters.append(delim)


def _pair_delimiters(delimiters: list[_Delim]) -> None:
    """Match opening and closing emphasis delimiters, innermost first, in one pass."""
    stacks: dict[str, list[_Delim]] = {}
    for piece in delimiters:
        stack = stacks.setdefault(piece.mark, [])
        if piece.can_close and stack:
            opener = stack.pop()
            opener.paired = piece.paired = True
            opener.is_opener = True
        elif piece.can_open:
            stack.append(piece)


_WRAPPER_CLOSERS = {")": "(", "]": "["}
"""Brackets that may hold nothing but a timestamp, by their closing character."""


def _folds(s: str) -> bool:
    """Whether the white space of a text piece is folded (see :meth:`_Writer.write`): it holds a
    line break, a tab or two spaces, or starts or ends with white space. A lone other space
    (a no-break space between words) is kept as written."""
    return "\n" in s or "\t" in s or "  " in s or (bool(s) and (s[0].isspace() or s[-1].isspace()))


class _Writer:
    """Joins pieces into the output text, folding white space and recording spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending_space = False
        self.spans: list[Span] = []
        self.open: list[tuple[int, SpanKind, int]] = []
        self.stamps: list[tuple[int, Timestamp]] = []
        self.out_pos: list[int] = []
        self.raw_pos: list[int] = []

    def write(self, s: str, raw_offset: int) -> None:
        while s[:1] in _WRAPPER_CLOSERS and self._unwrap_stamp(s[0]):
            s = s[1:]
            raw_offset += 1
        if _folds(s):
            lead_space = s[0].isspace()
            trail_space = s[-1].isspace()
            core = " ".join(s.split())  # split() cuts at every run of white space, as \s+ would
        else:
            lead_space = trail_space = False
            core = s
        if lead_space:
            self.pending_space = True
        if core:
            if self.pending_space and self.length and core[0] not in _NO_SPACE_BEFORE:
                self.parts.append(" ")
                self.length += 1
            self.pending_space = False
            self.out_pos.append(self.length)
            self.raw_pos.append(raw_offset)
            self.parts.append(core)
            self.length += len(core)
        if trail_space:
            self.pending_space = True

    def _unwrap_stamp(self, closer: str) -> bool:
        """Drop the bracket before a timestamp when ``closer`` closes it right after, as in
        "moment (<a class="yt-timestamp" ...>...</a>)": the pair held only the timestamp."""
        if not self.stamps or self.stamps[-1][0] != self.length:
            return False
        i = len(self.parts) - 1
        while i >= 0 and not self.parts[i].strip():
            i -= 1
        if i < 0 or not self.parts[i].rstrip(" ").endswith(_WRAPPER_CLOSERS[closer]):
            return False
        self.parts[i] = self.parts[i].rstrip(" ")[:-1]
        while i >= 0 and not self.parts[i].strip():
            i -= 1
        if i >= 0:
            self.parts[i] = self.parts[i].rstrip(" ")
        del self.parts[i + 1 :]
        self.length = sum(map(len, self.parts))
        self.stamps = [(min(pos, self.length), stamp) for pos, stamp in self.stamps]
        self.open = [(min(start, self.length), kind, n) for start, kind, n in self.open]
        self.out_pos = [min(pos, self.length) for pos in self.out_pos]
        self.pending_space = False
        return True

    def begin(self, kind: SpanKind, number: int) -> None:
        if self.pending_space and self.length:
            self.parts.append(" ")
            self.length += 1
            self.pending_space = False
        self.open.append((self.length, kind, number))

    def end(self, kind: SpanKind | None = None) -> None:
        """Close the innermost open span (of ``kind``, when given)."""
        index = len(self.open) - 1
        if kind is not None:
            while index >= 0 and self.open[index][1] is not kind:
                index -= 1
        if index < 0:
            return
        start, kind, number = self.open.pop(index)
        if self.length > start:
            self.spans.append(Span(start, self.length, kind, number))


_HANDLERS = {
    "<": _Scanner.at_angle,
    "[": _Scanner.at_bracket,
    "!": _Scanner.at_bang,
    "\\": _Scanner.at_backslash,
    "{": _Scanner.at_brace,
    "$": _Scanner.at_dollar,
    "`": _Scanner.at_backtick,
    "&": _Scanner.at_ampersand,
    "#": _Scanner.at_hash,
    "^": _Scanner.at_caret,
}
"""What to do at each special character but the emphasis delimiters."""


def parse_inline(raw: str) -> Inline:
    """Reduce one block's inline Markdown to plain text, spans and timestamps.

    Wiki links show their alias (or target), Markdown links their text, images and embeds
    vanish, emphasis and highlights become spans, HTML tags are dropped (scripts with their
    content), entities are decoded, ``$math$`` becomes a protected ``\\(...\\)`` span, and every
    timestamp form (``yt-timestamp`` anchors, ``[12:43](url)`` links, bare ``[01:05:49]``) becomes a
    timestamp at the position it stood.
    """
    scanner = _Scanner(raw)
    scanner.scan()
    _pair_delimiters(scanner.delimiters)
    writer = _Writer()
    for piece, offset in zip(scanner.pieces, scanner.offsets, strict=True):
        if isinstance(piece, str):
            writer.write(piece, offset)
        elif isinstance(piece, Timestamp):
            writer.stamps.append((writer.length, piece))
            writer.pending_space = writer.pending_space or bool(writer.length)
        elif isinstance(piece, _Delim):
            if not piece.paired:
                writer.write(piece.mark, offset)
                continue
            kind = _DELIM_KIND[piece.mark]
            if kind is None:
                continue
            if piece.is_opener:
                writer.begin(kind, 0)
            else:
                writer.end(kind)
        elif isinstance(piece, _Open):
            writer.begin(piece.kind, piece.number)
        else:
            writer.end()
    while writer.open:
        writer.end()
    spans = writer.spans
    if len(spans) > 1:
        spans.sort(key=_outer_first)
    return Inline(
        text="".join(writer.parts),
        spans=spans,
        stamps=writer.stamps,
        problems=scanner.problems,
        _out_pos=writer.out_pos,
        _raw_pos=writer.raw_pos,
        _raw_length=len(raw),
    )


def _outer_first(span: Span) -> tuple[int, int]:
    """The order of a block's spans: by start, the longer first."""
    return span.start, -span.end


def plain_text(raw: str) -> str:
    """Just the text of some inline Markdown (for titles, headings and labels)."""
    if _SPECIAL.search(raw) is None:
        # Most headings and labels hold no markup: their text is ``raw`` as the writer folds it.
        return " ".join(raw.split()) if _folds(raw) else raw
    return parse_inline(raw).text.strip()
