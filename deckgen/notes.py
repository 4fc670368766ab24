"""Stage 1: paths → :class:`Note`.

Finds the note files, decodes and normalises their text once (BOM, line ends, control
characters), reads the YAML frontmatter, and splits the body into blocks (paragraphs, list items,
quotes) that know their line and the headings above them.

Nothing here raises on bad input: a problem becomes a :class:`Diagnostic` and the note gives
what it can.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from deckgen.markup import plain_text
from deckgen.types import Block, Diagnostic, Level, Note

_SNIFF_BYTES = 8192
_MAX_UNPRINTABLE = 0.05
"""A file whose first bytes are more than this share unprintable is binary, whatever its name."""
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\ufffd]")
"""Control characters no text file holds, and the mark of bytes no encoding could read."""
ENCODING_FALLBACK = "cp1252"
"""How a file that is not valid UTF-8 is read: as Windows-1252, the usual culprit (with a warning)."""

SKIPPED_CALLOUTS = frozenset(
    {"caution", "warning", "danger", "attention", "error", "bug", "failure", "fail", "missing"}
)
"""Obsidian callout types whose content is never a fact source (disclaimers and warnings)."""

_FRONTMATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_SKIPPED_CALLOUT_TITLES = re.compile(
    r"\b(disclaimer|credits?|acknowledg|sponsor|about (this|the) (video|episode|note)|see also"
    r"|references?|sources?|further reading)\b",
    re.IGNORECASE,
)
MAX_NOTE_BYTES = 64 * 2**20
"""Files larger than this are not notes (a 7 MB note builds in seconds; a 2 GB log is skipped)."""
MAX_TITLE = 200
"""Longer titles and headings are cut (with "…"): every card under them shows them."""
MAX_QUOTE_DEPTH = 8
"""Quotes nested deeper than this are read as one quote (so no nesting can exhaust the stack)."""
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
"""A well-formed YouTube video id."""

_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_LIST_ITEM = re.compile(r"([ \t]*)([*+-]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_TABLE_ROW = re.compile(r"[ \t]*\|")
_QUOTE = re.compile(r"[ \t]{0,3}>[ \t]?(.*)$")
_QUOTE_MARKERS = re.compile(r"(?:[ \t]{0,3}>[ \t]?)*")
_ADMONITION = re.compile(
    r"(?:!!!|\?\?\?\+?)[ \t]+([A-Za-z-]{1,30})(?:[ \t]+\"([^\"\n]{0,200})\")?[ \t]*$"
)
_CALLOUT = re.compile(r"\[!([A-Za-z-]{1,30})\][+-]?[ \t]*(.*)$")
_FROM_LINE = re.compile(r"From:[ \t]*\[\[([^\[\]|\n]{1,200})(?:\|[^\[\]\n]{0,200})?\]\]")
_LABEL_ONLY = re.compile(r"\*\*([^*\n]{1,200}?)\*\*[ \t]*:?[ \t]*$")
_LABEL_COLON = re.compile(r"\*\*([^*\n]{1,200}?)(?::\*\*|\*\*[ \t]*:)[ \t]*(.+)$")
_LEADING_BOLD = re.compile(r"\*\*([^*\n]{1,200}?)\*\*")
# "**Faster Impact** Teams with high velocity ...": a label with no colon, then a sentence.
_LABEL_SPACE = re.compile(
    r"\*\*([^*\n]{1,120}?[^*\n:.!?,;])\*\*[ \t]+(?=[A-Z]|\[\[|\[[A-Z]|[\"“][A-Z])(.+)$"
)
_LINK_ONLY = re.compile(
    r"(?:!?\[[^\[\]\n]{0,300}\]\([^()\s]{0,2000}\)|<https?://[^<>\s]{1,2000}>|https?://\S{1,2000})"
    r"[ \t]*"
)
"""A line (or list item) that is a Markdown link, an autolink or a bare web address alone."""
_TRAILING_ANCHORS = re.compile(
    r"(?:\s*<a\s[^<>]{0,400}yt-timestamp[^<>]{0,400}>[^<]{0,80}</a\s*>)+$"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_TAG_UNSAFE = re.compile(r"[^\w:./+-]+")
_LINE_MARKS = frozenset("`~$#F>*-_|=+")
"""The first characters of fences, math, headings, the From: line, quotes, rules, tables,
setext underlines and list items (numbered items start with a digit)."""


@dataclass(frozen=True, slots=True)
class NoteFile:
    """A note file found by :func:`find_notes`."""

    path: Path
    display: str
    """The path as shown in messages: relative to the folder it was found in, when it was."""


def find_notes(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[NoteFile], list[Diagnostic]]:
    """Expand files and folders into the note files to read, in a stable order.

    Folders are searched recursively for ``*.md`` (hidden folders such as ``.obsidian`` are
    skipped, and a folder named like a note, ``x.md/``, is searched too). Symbolic links are
    followed once; a link loop, a broken link, a missing path and anything that is not a regular
    file (a pipe, a device) are reported, and each file is read once.
    """
    found: list[NoteFile] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        shown = str(given)
        kind = _file_kind(path)
        if kind == "folder":
            found.extend(_walk_folder(path, shown, seen, problems))
        elif kind != "file":
            problems.append(Diagnostic(shown, None, Level.ERROR, f"{kind}; nothing read from it"))
        elif _first_visit(path, seen):
            found.append(NoteFile(path, shown))
    return found, problems


def _file_kind(path: Path) -> str:
    """ "file", "folder", or why the path cannot be read as either (never raises)."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop"
        if err.errno == errno.ENOENT:
            return "broken symbolic link" if path.is_symlink() else "no such file or folder"
        return f"cannot read: {err.strerror or err}"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    return "not a regular file (a pipe, socket or device)"


def _first_visit(path: Path, seen: set[str], real: str | None = None) -> bool:
    """Whether ``path`` (after links) has not been listed yet; marks it as listed. ``real`` is
    its real path, when the caller knows it."""
    if real is None:
        real = os.path.realpath(path)
    if real in seen:
        return False
    seen.add(real)
    return True


class _RealPaths:
    """``os.path.realpath`` for the files of a folder walk, with folders' real paths remembered.

    realpath looks up every component of a path, a system call each, in Python: on a vault of
    2,000 notes that was half of finding them. The notes of a folder share all of their path but
    the name, and so, mostly, do the targets of links to notes.
    """

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def folder(self, path: str) -> str:
        """``os.path.realpath(path)``, looked up once per path."""
        real = self._folders.get(path)
        if real is None:
            real = self._folders[path] = os.path.realpath(path)
        return real

    def file(self, real_folder: str, path: str) -> str:
        """``os.path.realpath(path)`` for a file in the folder whose real path is ``real_folder``."""
        try:
            target = os.readlink(path)
        except OSError:  # not a link: realpath would keep the name as it is
            return os.path.join(real_folder, os.path.basename(path))
        # A link resolves against the folder it is in; its target's own folder is looked up
        # (once) and its name kept, unless that name is a link again or a "." or "..".
        resolved = os.path.join(real_folder, target)
        head, tail = os.path.split(resolved)
        if tail in ("", ".", "..") or os.path.islink(resolved):
            return os.path.realpath(path)
        return os.path.join(self.folder(head), tail)


def _walk_folder(
    root: Path, shown_root: str, seen: set[str], problems: list[Diagnostic]
) -> Iterator[NoteFile]:
    visited_dirs: set[str] = set()
    real_paths = _RealPaths()

    def onerror(err: OSError) -> None:
        where = err.filename or shown_root
        problems.append(
            Diagnostic(str(where), None, Level.ERROR, f"cannot read folder: {err.strerror}")
        )

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        here = Path(dirpath)
        real_dir = real_paths.folder(dirpath)
        if real_dir in visited_dirs:
            shown = _display(here, root, shown_root)
            problems.append(
                Diagnostic(shown, None, Level.WARNING, "symbolic link loop; folder read only once")
            )
            dirnames[:] = []
            continue
        visited_dirs.add(real_dir)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        shown_here = Path(_display(here, root, shown_root))
        for name in sorted(filenames):
            if not name.lower().endswith(".md") or name.startswith("."):
                continue
            file = here / name
            kind = _file_kind(file)
            if kind == "folder":
                continue  # os.walk lists it among the folders too
            if kind != "file":
                shown = _display(file, root, shown_root)
                problems.append(Diagnostic(shown, None, Level.ERROR, f"{kind}; skipped"))
                continue
            if _first_visit(file, seen, real_paths.file(real_dir, os.path.join(dirpath, name))):
                # (The same as _display(file, ...): Path joins parts the same either way.)
                yield NoteFile(file, str(shown_here / name))


def _display(path: Path, root: Path, shown_root: str) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        return str(path)
    return str(Path(shown_root) / rel)


def read_note(
    file: NoteFile, skip_callouts: Iterable[str] = ()
) -> tuple[Note | None, list[Diagnostic]]:
    """Read and parse one note file; None when nothing could be read.

    ``skip_callouts`` names more callouts to leave out, by type (``note``) or title.
    """
    try:
        with open(file.path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_NOTE_BYTES:
                return None, [
                    Diagnostic(
                        file.display,
                        None,
                        Level.ERROR,
                        f"file of {size // 2**20} MiB is too large for a note "
                        f"(over {MAX_NOTE_BYTES // 2**20} MiB); skipped",
                    )
                ]
            data = handle.read()
    except OSError as err:
        return None, [
            Diagnostic(file.display, None, Level.ERROR, f"cannot read file: {err.strerror or err}")
        ]
    text, problems = decode(data, file.display)
    if text is None:
        return None, problems
    note, more = parse_note(text, file.display, file.path.stem, skip_callouts)
    return note, problems + more


def decode(data: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes → normalised text: BOM dropped, line ends folded to ``\\n``, control characters removed.

    UTF-8 (with or without a BOM) is read as is, and UTF-16 with a BOM is read with a warning.
    Text that is not UTF-8 is read as Windows-1252 with a warning naming the first bad line. A
    file with NUL bytes, or that is mostly unprintable, is binary and is skipped with an error.
    """
    problems: list[Diagnostic] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None, [_binary(display, "bytes that are not UTF-16 after a UTF-16 mark")]
        problems.append(
            Diagnostic(display, None, Level.WARNING, "read as UTF-16; save the note as UTF-8")
        )
        return _text_or_binary(text, display, problems)
    if b"\x00" in data[:_SNIFF_BYTES]:
        return None, [_binary(display, "NUL bytes")]
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        text = data.decode(ENCODING_FALLBACK, errors="replace")
        problems.append(
            Diagnostic(
                display,
                line,
                Level.WARNING,
                f"not valid UTF-8 (byte 0x{data[err.start]:02x}); read as {ENCODING_FALLBACK}. "
                "Save the note as UTF-8 to silence this",
            )
        )
    return _text_or_binary(text, display, problems)


def _binary(display: str, why: str) -> Diagnostic:
    return Diagnostic(
        display, None, Level.ERROR, f"binary file ({why}), not a Markdown note; skipped"
    )


def _text_or_binary(
    text: str, display: str, problems: list[Diagnostic]
) -> tuple[str | None, list[Diagnostic]]:
    """The normalised text, unless its first characters are mostly unprintable (binary)."""
    sample = text[:_SNIFF_BYTES]
    unprintable = _count_unprintable(sample)
    if len(sample) >= 64 and unprintable > len(sample) * _MAX_UNPRINTABLE:
        return None, [_binary(display, "mostly unprintable bytes")]
    return normalize(text), problems


def _ascii_matches(pattern: re.Pattern[str]) -> bytes:
    """The ASCII characters a one-character pattern matches, as bytes (for ``bytes.translate``)."""
    return bytes(c for c in range(128) if pattern.match(chr(c)))


# Most notes are ASCII: bytes.translate finds their unprintable characters many times faster
# than the patterns can (which test every character against a large class).
_UNPRINTABLE_ASCII = _ascii_matches(_UNPRINTABLE)
_CONTROL_ASCII = _ascii_matches(_CONTROL)


def _count_unprintable(sample: str) -> int:
    """How many characters of ``sample`` match :data:`_UNPRINTABLE`."""
    if sample.isascii():
        data = sample.encode("ascii")
        return len(data) - len(data.translate(None, _UNPRINTABLE_ASCII))
    return len(_UNPRINTABLE.findall(sample))


def normalize(text: str) -> str:
    """Fold CRLF and CR line ends to LF and drop control characters (Anki's field separator too)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.removeprefix("\ufeff")
    if text.isascii():
        data = text.encode("ascii")
        kept = data.translate(None, _CONTROL_ASCII)
        return text if len(kept) == len(data) else kept.decode("ascii")
    return _CONTROL.sub("", text)


def parse_note(
    text: str, display: str, stem: str = "", skip_callouts: Iterable[str] = ()
) -> tuple[Note | None, list[Diagnostic]]:
    """Normalised text of one note → :class:`Note` (None if it holds no text at all)."""
    problems: list[Diagnostic] = []
    if not text.strip():
        return None, [Diagnostic(display, None, Level.WARNING, "empty file; no cards")]
    meta, body, body_line = split_frontmatter(text, display, problems)
    lines = unwrap_markdown_fence(body.split("\n"))
    builder = _BlockBuilder(display, problems, skip_callouts)
    builder.parse(list(enumerate(lines, start=body_line)), ())
    title = _title(meta, builder.first_heading, stem, display, problems)
    video_id = _video_id(meta, display, problems)
    channel = builder.channel
    tags = note_tags(meta, channel, display, problems)
    note = Note(
        path=display,
        title=title,
        video_id=video_id,
        channel=channel,
        tags=tags,
        blocks=tuple(builder.blocks),
    )
    if not note.blocks:
        kind = "frontmatter only" if meta is not None and not body.strip() else "no text to read"
        problems.append(Diagnostic(display, None, Level.WARNING, f"{kind}; no cards"))
    return note, problems


def split_frontmatter(
    text: str, display: str, problems: list[Diagnostic]
) -> tuple[dict[str, Any] | None, str, int]:
    """Split YAML frontmatter from the body: (metadata or None, body, 1-based line of the body).

    Invalid YAML and frontmatter that is not a mapping are reported, and the note is then read
    without metadata (python-frontmatter would silently drop them).
    """
    if not text.startswith("---"):
        return None, text, 1
    first_end = text.find("\n")
    if first_end < 0 or text[3:first_end].strip():
        return None, text, 1
    close = _FRONTMATTER_END.search(text, first_end + 1)
    if close is None:
        problems.append(
            Diagnostic(
                display,
                1,
                Level.WARNING,
                "frontmatter is never closed with '---'; read the whole file as text",
            )
        )
        return None, text, 1
    yaml_text = text[first_end + 1 : close.start()]
    body_start = close.end()
    body_line = text.count("\n", 0, body_start) + 1
    if body_start < len(text) and text[body_start] == "\n":
        body_start += 1
        body_line += 1
    body = text[body_start:]
    try:
        meta = YAMLHandler().load(yaml_text) if yaml_text.strip() else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        last = yaml_text.rstrip("\n").count("\n")
        line = 2 + min(mark.line, last) if mark is not None else 1
        reason = getattr(err, "problem", None) or "invalid YAML"
        problems.append(
            Diagnostic(
                display,
                line,
                Level.WARNING,
                f"invalid YAML frontmatter ({reason}); read the note without metadata",
            )
        )
        return None, body, body_line
    except (ValueError, TypeError) as err:  # a YAML value the safe loader builds but cannot use
        problems.append(
            Diagnostic(
                display,
                1,
                Level.WARNING,
                f"unreadable frontmatter ({err}); read the note without metadata",
            )
        )
        return None, body, body_line
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(
            Diagnostic(
                display,
                2,
                Level.WARNING,
                f"frontmatter is a {type(meta).__name__}, not a mapping; read the note without metadata",
            )
        )
        return None, body, body_line
    return meta, body, body_line


def _scalar(meta: dict[str, Any] | None, key: str) -> str | None:
    if meta is None:
        return None
    value = meta.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    text = _CONTROL.sub("", str(value)).strip()
    return text or None


def _title(
    meta: dict[str, Any] | None,
    heading: str | None,
    stem: str,
    display: str,
    problems: list[Diagnostic],
) -> str:
    title = _scalar(meta, "title")
    if meta is not None and "title" in meta and title is None:
        problems.append(
            Diagnostic(display, None, Level.WARNING, "frontmatter 'title' is not text; ignored")
        )
    if title:
        title = heading_text(title)
    return title or heading or stem.replace("_", " ").replace("-", " ").strip() or display


def heading_text(raw: str) -> str:
    """The plain text of a title, heading or callout title, cut to :data:`MAX_TITLE` characters
    (with "…"): each card shows it as context."""
    text = plain_text(raw[: MAX_TITLE * 4])
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 1].rstrip() + "…"
    return text


def _video_id(meta: dict[str, Any] | None, display: str, problems: list[Diagnostic]) -> str | None:
    value = _scalar(meta, "videoId") or _scalar(meta, "video_id") or _scalar(meta, "videoid")
    if value is None:
        return None
    if not VIDEO_ID.fullmatch(value):
        problems.append(
            Diagnostic(
                display,
                None,
                Level.WARNING,
                f"videoId {value[:40]!r} is not an 11-character YouTube id; cards get no video links",
            )
        )
        return None
    return value


def sanitize_tag(tag: str) -> str:
    """An Anki-safe tag: letters, digits and ``_-:./+`` only (anything else, spaces above all,
    becomes ``_``), at most 60 characters."""
    tag = tag[:240]
    text = plain_text(tag) if "[" in tag or "*" in tag else tag
    cleaned = _TAG_UNSAFE.sub("_", text).strip("_:#")
    return cleaned[:60].rstrip("_:")


def note_tags(
    meta: dict[str, Any] | None, channel: str | None, display: str, problems: list[Diagnostic]
) -> tuple[str, ...]:
    """Tags for a note's cards: the channel, then the frontmatter ``tags`` (a list or a string)."""
    raw: list[str] = []
    if channel:
        raw.append(channel)
    value = meta.get("tags") if meta else None
    if isinstance(value, str):
        raw.extend(re.split(r"[,\s]+", value))
    elif isinstance(value, list):
        raw.extend(str(v) for v in value if isinstance(v, (str, int, float)))
    elif value is not None:
        problems.append(
            Diagnostic(
                display,
                None,
                Level.WARNING,
                "frontmatter 'tags' is neither a list nor text; ignored",
            )
        )
    tags: list[str] = []
    for tag in raw:
        clean = sanitize_tag(tag)
        if clean and clean not in tags:
            tags.append(clean)
    return tuple(tags)


class _BlockBuilder:
    """Walks a note's lines and collects its blocks, tracking headings and list labels."""

    def __init__(
        self, display: str, problems: list[Diagnostic], skip_callouts: Iterable[str] = ()
    ) -> None:
        self.skip_callouts = frozenset(name.strip().lower() for name in skip_callouts)
        self.display = display
        self.problems = problems
        self.blocks: list[Block] = []
        self.channel: str | None = None
        self.first_heading: str | None = None
        self.quote_depth = 0
        """How many quotes the lines being parsed sit in (each nested quote is parsed again)."""

    def parse(
        self, lines: list[tuple[int, str]], outer_section: tuple[str, ...], kind: str = "paragraph"
    ) -> None:
        headings: list[tuple[int, str]] = []
        labels: list[tuple[int, str]] = []  # (indent of the list item, its label or "")
        current: list[tuple[int, str]] = []
        current_kind = kind
        current_label: str | None = None

        def section() -> tuple[str, ...]:
            return outer_section + tuple(title for _, title in headings)

        def innermost_label() -> str | None:
            return next((label for _, label in reversed(labels) if label), None)

        def flush() -> None:
            nonlocal current
            if current:
                text = "\n".join(t for _, t in current).strip()
                if text:
                    block_kind = current_kind if kind == "paragraph" else kind
                    self.blocks.append(
                        Block(block_kind, text, current[0][0], section(), current_label)
                    )
            current = []

        i = 0
        n = len(lines)
        while i < n:
            lineno, line = lines[i]
            stripped = line.strip()
            indent = _indent(line)
            if not stripped:
                flush()
                i += 1
                continue
            # Every line form below starts (after spaces or tabs) with a mark of its own; a line
            # that starts with another character is text, so its patterns need not be tried.
            plain = stripped[0] not in _LINE_MARKS and not stripped[0].isdigit()
            fence = None if plain else _FENCE.match(line)
            if fence:
                flush()
                i = _skip_fence(lines, i, fence.group(1))
                continue
            if stripped.startswith("$$") and (
                stripped == "$$" or not stripped.endswith("$$") or len(stripped) < 4
            ):
                flush()
                i = _skip_display_math(lines, i)
                continue
            if stripped.startswith("$$") and stripped.endswith("$$"):
                flush()
                i += 1
                continue
            heading = _HEADING.match(line) if indent < 4 and not plain else None
            if heading:
                flush()
                level = len(heading.group(1))
                title = heading_text(heading.group(2))
                while headings and headings[-1][0] >= level:
                    headings.pop()
                if title:
                    headings.append((level, title))
                    if self.first_heading is None and level == 1:
                        self.first_heading = title
                labels.clear()
                i += 1
                continue
            from_line = None if plain else _FROM_LINE.match(stripped)
            if from_line and not current and self.channel is None:
                self.channel = from_line.group(1).strip()
                i += 1
                continue
            quote = None if plain else _QUOTE.match(line)
            if quote:
                flush()
                i = self._quote(lines, i, section())
                continue
            if not plain and _RULE.match(line):
                flush()
                i += 1
                continue
            if not plain and _TABLE_ROW.match(line):
                flush()
                while i < n and _TABLE_ROW.match(lines[i][1]):
                    i += 1
                continue
            if (
                current
                and current_kind == "paragraph"
                and not plain
                and _SETEXT.match(line)
                and len(current) == 1
            ):
                title = heading_text(current[0][1])
                current = []
                if title:
                    level = 1 if stripped.startswith("=") else 2
                    while headings and headings[-1][0] >= level:
                        headings.pop()
                    headings.append((level, title))
                labels.clear()
                i += 1
                continue
            admonition = _ADMONITION.match(stripped) if stripped[0] in "!?" else None
            if admonition:
                flush()
                i = self._admonition(lines, i, section(), admonition)
                continue
            if _LINK_ONLY.fullmatch(stripped):
                flush()  # a line that is nothing but a link names a resource; it states nothing
                i += 1
                continue
            item = None if plain else _LIST_ITEM.match(line)
            if item:
                flush()
                item_indent = _indent(item.group(1))
                content = (item.group(3) or "").strip()
                if _LINK_ONLY.fullmatch(content):
                    i += 1
                    continue
                while labels and labels[-1][0] >= item_indent:
                    labels.pop()
                only = _LABEL_ONLY.match(content)
                colon = None if only else _LABEL_COLON.match(content) or _LABEL_SPACE.match(content)
                if only:
                    labels.append((item_indent, plain_text(only.group(1)).rstrip(":")))
                    i += 1
                    continue
                if colon:
                    labels.append((item_indent, plain_text(colon.group(1)).rstrip(":")))
                    content = colon.group(2)
                else:
                    bold = _LEADING_BOLD.match(content)
                    labels.append((item_indent, plain_text(bold.group(1)) if bold else ""))
                current = [(lineno, content)]
                current_kind = "item"
                current_label = innermost_label()
                i += 1
                continue
            # A plain line: continues the current block, or starts a paragraph. In hand-written
            # notes each line is often a statement of its own, with no full stop to end it.
            if current and _starts_new_statement(current[-1][1], stripped):
                label = current_label
                flush()
                current_kind, current_label = "paragraph", label
                current.append((lineno, stripped))
                i += 1
                continue
            if not current:
                while labels and labels[-1][0] >= indent:
                    labels.pop()
                current_kind = "paragraph"
                current_label = innermost_label()
            current.append((lineno, stripped))
            i += 1
        flush()

    def _skips_callout(self, kind: str, title: str) -> bool:
        """Whether a callout of this type and title is left out (warnings, credits, ...)."""
        return (
            kind in SKIPPED_CALLOUTS
            or _SKIPPED_CALLOUT_TITLES.search(title) is not None
            or kind in self.skip_callouts
            or title.lower() in self.skip_callouts
        )

    def _admonition(
        self, lines: list[tuple[int, str]], i: int, section: tuple[str, ...], head: re.Match[str]
    ) -> int:
        """Read a MkDocs admonition (``!!! warning "Title"`` and its indented lines), the same
        way as an Obsidian callout; return the next line."""
        kind = head.group(1).lower()
        title = heading_text(head.group(2) or "")
        inner: list[tuple[int, str]] = []
        i += 1
        while i < len(lines) and (not lines[i][1].strip() or _indent(lines[i][1]) >= 4):
            inner.append((lines[i][0], _dedent(lines[i][1], 4)))
            i += 1
        if self._skips_callout(kind, title):
            return i
        self.parse(inner, (*section, title) if title else section, "quote")
        return i

    def _quote(self, lines: list[tuple[int, str]], i: int, section: tuple[str, ...]) -> int:
        """Read a ``>`` quote or Obsidian callout starting at line ``i``; return the next line."""
        inner: list[tuple[int, str]] = []
        n = len(lines)
        while i < n:
            m = _QUOTE.match(lines[i][1])
            if not m:
                break
            inner.append((lines[i][0], m.group(1)))
            i += 1
        if self.quote_depth >= MAX_QUOTE_DEPTH:
            # Deeper quotes are read as one: strip every remaining marker, parse no further.
            inner = [(n, t[_QUOTE_MARKERS.match(t).end() :]) for n, t in inner]  # type: ignore[union-attr]
        callout = _CALLOUT.match(inner[0][1].strip()) if inner else None
        if callout:
            kind = callout.group(1).lower()
            title = heading_text(callout.group(2))
            if self._skips_callout(kind, title):
                return i
            # The callout's title is a heading for its content, not a sentence.
            inner = inner[1:]
            if title:
                section = (*section, title)
        self.quote_depth += 1
        try:
            self.parse(inner, section, "quote")
        finally:
            self.quote_depth -= 1
        return i


_RUNS_ON = frozenset(
    """a an the of and or but nor to in on at by for from with as than that which who whose whom
    into onto over under about between through during after before because while if when where
    is are was were be been being has have had can could may might will would should must not
    its their his her our your my this these those such both either each every""".split()
)


def _starts_new_statement(previous: str, line: str) -> bool:
    """Whether ``line`` starts a statement of its own rather than continuing ``previous``.

    True when ``previous`` ends without punctuation on a word that cannot end a clause, and
    ``line`` opens with a capital letter or a digit ("Human genome has ~3.2 billion nucleotides"
    then "99.8% of it is shared"). Wrapped prose ("... described by" / "Jones in 1957") goes on.
    """
    first = line.lstrip("*_=[\"'“‘(")[:1]  # "*Neighbors* are ...": emphasis is no capital
    if not first.isupper() and not first.isdigit():
        return False
    end = previous.rstrip()
    if end.endswith(">"):
        # "Workshops <a ...>[00:02:57]</a>": the timestamp closes a statement that had no stop.
        end = _TRAILING_ANCHORS.sub("", end)
    if not end or not (end[-1].isalnum() or end[-1] in ")]%°+$"):
        return False
    last = end.rsplit(None, 1)[-1].lower()
    return last not in _RUNS_ON


def _dedent(line: str, width: int) -> str:
    """``line`` without up to ``width`` columns of leading spaces and tabs."""
    column = 0
    for index, ch in enumerate(line):
        if column >= width or ch not in " \t":
            return line[index:]
        column += 1 if ch == " " else 4 - column % 4
    return ""


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


_MARKDOWN_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*(?:markdown|md)[ \t]*$", re.IGNORECASE)


def unwrap_markdown_fence(lines: list[str]) -> list[str]:
    """The lines of a note body with a ```markdown fence around all of its text let go.

    Some generated notes put everything after the From: line inside one fenced block marked
    as Markdown, which would otherwise read as code and give no card. Only a fence that holds
    the rest of the note is let go: a Markdown example inside a note stays code. The fence lines
    become blank, so every other line keeps its number."""
    i = next((j for j, text in enumerate(lines) if text.strip() and not _FROM_LINE.match(text)), 0)
    opening = _MARKDOWN_FENCE.match(lines[i]) if lines else None
    if opening is None:
        return lines  # text before any fence: not a wrapper
    last = max(j for j, text in enumerate(lines) if text.strip())
    mark = opening.group(1)
    closing = lines[last].strip()
    if last == i or not (closing.startswith(mark) and closing.strip(mark[0]) == ""):
        return lines
    if any(_FENCE.match(text) for text in lines[i + 1 : last]):
        return lines  # a fence inside: the wrapper is not the only block
    return [*lines[:i], "", *lines[i + 1 : last], "", *lines[last + 1 :]]


def _skip_fence(lines: list[tuple[int, str]], i: int, fence: str) -> int:
    i += 1
    while i < len(lines):
        if lines[i][1].strip().startswith(fence[0] * len(fence)):
            return i + 1
        i += 1
    return i


def _skip_display_math(lines: list[tuple[int, str]], i: int) -> int:
    first = lines[i][1].strip()
    if first.count("$$") >= 2:
        return i + 1
    i += 1
    while i < len(lines):
        if "$$" in lines[i][1]:
            return i + 1
        i += 1
    return i
