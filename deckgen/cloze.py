"""Stage 4: :class:`Fact` → :class:`Card`.

Writes a fact's fields as the HTML Anki stores: the text with ``{{c1::...}}`` deletions, the
context (note title, section, label) and the source (a link to the video at each of the
sentence's timestamps, and the note's name). Everything that came from a note is HTML-escaped,
and braces are written as character references, so no note can put markup, script or a stray
cloze into a card.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from deckgen.answers import shows_any
from deckgen.identity import assign_guids
from deckgen.types import Card, Fact, Note, Timestamp

LINK_FORMS = {
    "watch": "https://www.youtube.com/watch?v={video}&t={seconds}s",
    "youtu.be": "https://youtu.be/{video}?t={seconds}",
}
"""The shapes of video link deckgen can write (``--link-form``)."""
_VIDEO_ONLY = {
    "watch": "https://www.youtube.com/watch?v={video}",
    "youtu.be": "https://youtu.be/{video}",
}
SEPARATOR = " › "
CONTEXT_SEPARATOR = " · "
"""Between the context line and the earlier sentence a card leans on (plain text: no field
but Source holds markup)."""
_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters, Anki's field separator (U+001F) among them: never written to a field."""
_MATHJAX_ACTIVE = re.compile(
    r"\\(?=(?:href|url|class|cssId|style|data|unicode|require|mmlToken|html)(?![A-Za-z]))"
)
"""MathJax commands that make links, set HTML attributes or styles, or load code. Anki runs
MathJax on every card, so their backslash is written as a look-alike (U+FF3C) that TeX ignores."""
_ANKI_MEDIA_TAG = re.compile(r"\[(?=sound:|latex\]|\$\$?\]|anki:)", re.IGNORECASE)
"""``[sound:...]``, ``[latex]``, ``[$]``, ``[$$]`` and ``[anki:...]`` would make Anki play a file
or run LaTeX; their bracket is written as a character reference, which Anki does not read."""


def escape(text: str) -> str:
    """Note text as inert HTML: markup escaped, no control characters, braces written as
    references (so Anki sees no template field or cloze), and no MathJax link or style command
    or Anki media tag left active."""
    text = _CONTROL.sub("", text)
    text = html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")
    if "\\" in text:
        text = _MATHJAX_ACTIVE.sub("\uff3c", text)
    if "[" in text:
        text = _ANKI_MEDIA_TAG.sub("&#91;", text)
    return text


def _escape_answer(text: str) -> str:
    # "::" inside a deletion would start a hint.
    return escape(text).replace("::", ":&#58;")


def cloze_html(fact: Fact) -> str:
    """The Text field: the fact's text, escaped, with its deletions as ``{{cN::...}}``."""
    parts: list[str] = []
    pos = 0
    for d in sorted(fact.deletions, key=lambda d: d.start):
        parts.append(escape(fact.text[pos : d.start]))
        parts.append(f"{{{{c{d.number}::{_escape_answer(fact.text[d.start : d.end])}}}}}")
        pos = d.end
    parts.append(escape(fact.text[pos:]))
    return "".join(parts)


def context_html(note: Note, fact: Fact) -> str:
    """The Context field: title › section › label, leaving out any part that shows an answer (in
    any of its forms, :func:`deckgen.answers.shows_any`), then the earlier sentence the text
    leans on, when it does."""
    parts: list[str] = []
    for part in (note.title, *fact.sentence.section, fact.sentence.label or ""):
        if not part or part in parts or shows_any(part, fact.answers):
            continue
        parts.append(part)
    line = SEPARATOR.join(escape(p) for p in parts)
    if fact.context:
        # The sentence the card's text leans on ("This is due to ..."), shown whole above it.
        line += f"{CONTEXT_SEPARATOR}{escape(fact.context)}"
    return line


def video_link(video: str, stamp: Timestamp | None, form: str = "watch") -> str:
    """The URL of a video, at a timestamp when one is given.

    Raises ValueError for a video id that is not 11 characters of ``[A-Za-z0-9_-]``: such an
    id could carry anything into the link.
    """
    if not _VIDEO_ID.fullmatch(video):
        raise ValueError(f"not a YouTube video id: {video[:40]!r}")
    if stamp is None:
        return _VIDEO_ONLY[form].format(video=video)
    return LINK_FORMS[form].format(video=video, seconds=stamp.seconds)


def _safe_id(video: str | None) -> str | None:
    """The video id if it is well formed (notes.py checks it too; a card is the last gate)."""
    return video if video is not None and _VIDEO_ID.fullmatch(video) else None


def source_html(note: Note, fact: Fact, form: str = "watch") -> str:
    """The Source field: a link per timestamp, labelled with it, then the note's name."""
    links: list[str] = []
    for stamp in fact.sentence.timestamps:
        video = _safe_id(stamp.video_id) or _safe_id(note.video_id)
        label = escape(stamp.label)
        if video and stamp.seconds >= 0:
            # Safe unescaped: video ids are checked to be [A-Za-z0-9_-]{11}, seconds are ints.
            links.append(f'<a href="{video_link(video, stamp, form)}">{label}</a>')
        else:
            links.append(label)
    whole_video = _safe_id(note.video_id)
    if not links and whole_video:
        links.append(f'<a href="{video_link(whole_video, None, form)}">video</a>')
    name = f'<span class="note">{escape(note.title)}</span>'
    return " ".join(links) + (" · " if links else "") + name


def make_cards(note: Note, facts: Sequence[Fact], form: str = "watch") -> list[Card]:
    """Turn a note's facts into cards: fields as HTML, tags, and stable GUIDs."""
    guids = assign_guids(note, facts)
    return [
        Card(
            guid=guid,
            text=cloze_html(fact),
            context=context_html(note, fact),
            source=source_html(note, fact, form),
            tags=note.tags,
            fact=fact,
            note_path=note.path,
        )
        for fact, guid in zip(facts, guids, strict=True)
    ]
