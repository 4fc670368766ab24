"""A per-note cache of what stages 1 to 3 made of each note, so a rebuild reads only the changes.

An entry is one file, named by a key that hashes everything a note's result depends on: the
note's bytes, its path as shown, the options that change how notes are read, and deckgen itself
(its version and the bytes of its own source files, so any code change starts a fresh cache).
Entries live in ``.deckgen/<deck>/cache/`` in the deck's folder (beside the deck's state file,
:mod:`deckgen.state`), and a build removes the entries of notes it no longer read. deckgen 0.1
kept them in ``.deckgen-cache/<deck>/``; a build removes that folder.

The cache is only ever an optimisation: an entry that cannot be read, is cut short or holds
anything unexpected counts as absent (the note is read again and the entry rewritten), and a
cache that cannot be written is skipped in silence. Entries are written to a temporary file and
renamed into place, so a reader never sees half an entry. They are pickles, but read with an
unpickler that builds nothing but deckgen's own data classes: a cache folder from elsewhere
cannot run code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import io
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import deckgen
from deckgen import types
from deckgen.state import data_folder

CACHE_FOLDER = "cache"
"""The cache's folder, in the deck's data folder (:func:`deckgen.state.data_folder`)."""
LEGACY_FOLDER = ".deckgen-cache"
"""Where deckgen 0.1 kept the cache, beside the deck."""
ENTRY_SUFFIX = ".note"
_MAGIC = b"deckgen-note-cache 2\n"
_PICKLE_PROTOCOL = 5


@functools.cache
def code_fingerprint() -> str:
    """A hash of deckgen's version, its source and model files and the Python version.

    Part of every key, so that entries made by other code are never used.
    """
    digest = hashlib.sha256()
    digest.update(f"{deckgen.__version__}|{sys.version_info[:2]}".encode())
    package = Path(deckgen.__file__).parent
    for source in sorted([*package.glob("*.py"), *package.glob("*.json"), *package.glob("*.gz")]):
        digest.update(source.name.encode() + b"\0")
        digest.update(source.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def note_key(data: bytes, *identity: str) -> str:
    """The key of a note's entry: a hash of the code, ``identity`` (its path, the reading
    options) and its bytes."""
    digest = hashlib.sha256()
    digest.update(code_fingerprint().encode())
    for part in identity:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()[:40]


def dumps(*values: object) -> bytes:
    """``values`` (deckgen data classes, lists, tuples, strings, numbers) as entry bytes."""
    return b"".join(dump_parts(*values))


def dump_parts(*values: object) -> list[bytes]:
    """Each value pickled in turn by one pickler, the first with the entry's header in front.

    Joined, the parts make an entry; a later value refers to the objects an earlier one holds
    rather than repeating them (decisions and facts share their sentences). A reader may stop
    after any number of values: the parts that come first need none after them.
    """
    buffer = io.BytesIO()
    buffer.write(_MAGIC)
    pickler = _Pickler(buffer, protocol=_PICKLE_PROTOCOL)
    parts: list[bytes] = []
    for value in values:
        pickler.dump(value)
        parts.append(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
    return parts


def loads(data: bytes, expected: type[Any]) -> Any | None:
    """The first value stored by :func:`dumps`, if ``data`` holds an intact ``expected``; else
    None."""
    found = load_parts(data, expected)
    return None if found is None else found[0]


def load_parts(data: bytes, *expected: type[Any]) -> list[Any] | None:
    """The first ``len(expected)`` values stored by :func:`dumps`, if ``data`` holds them intact
    and each is an instance of its ``expected`` type; else None."""
    if not data.startswith(_MAGIC):
        return None
    stream = io.BytesIO(data)  # shares the bytes: a slice would copy them
    stream.seek(len(_MAGIC))
    unpickler = _SafeUnpickler(stream, extra=expected[0])
    values = []
    for kind in expected:
        try:
            value = unpickler.load()
        # A damaged entry can fail in any way (EOFError, ValueError, UnpicklingError, ...); it
        # is only ever a cache miss.
        except Exception:  # noqa: BLE001
            return None
        if not isinstance(value, kind):
            return None
        values.append(value)
    return values


class _Reducers(dict[type[Any], Callable[[Any], tuple[Any, tuple[Any, ...]]]]):
    """How to pickle each data class: as a call of its constructor with its fields.

    Loading then runs the generated ``__init__``, about half the cost of the default (which
    restores a frozen data class field by field through ``dataclasses.fields``).
    """

    def __missing__(self, cls: type[Any]) -> Callable[[Any], tuple[Any, tuple[Any, ...]]]:
        if issubclass(cls, enum.Enum):
            reducer = functools.partial(_reduce_enum, cls)
        elif dataclasses.is_dataclass(cls) and all(f.init for f in dataclasses.fields(cls)):
            names = tuple(f.name for f in dataclasses.fields(cls))
            reducer = functools.partial(_reduce_dataclass, cls, names)
        else:
            raise KeyError(cls)  # pickled the default way
        self[cls] = reducer
        return reducer


def _reduce_dataclass(cls: type[Any], names: tuple[str, ...], obj: Any) -> tuple[Any, ...]:
    return cls, tuple([getattr(obj, name) for name in names])


def _reduce_enum(cls: type[Any], obj: enum.Enum) -> tuple[Any, ...]:
    return cls, (obj.value,)


class _Pickler(pickle.Pickler):
    dispatch_table = _Reducers()


class _SafeUnpickler(pickle.Unpickler):
    """Builds only deckgen's data classes and enums (and ``extra``): no other callable."""

    def __init__(self, file: io.BytesIO, *, extra: type[Any]) -> None:
        super().__init__(file)
        self._extra = extra

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (self._extra.__module__, self._extra.__qualname__):
            return self._extra
        if module == types.__name__:
            found = getattr(types, name, None)
            if isinstance(found, type) and (
                dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)
            ):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a deckgen cache entry")


def _remove_legacy(deck_file: Path) -> None:
    """Remove ``.deckgen-cache/<stem>/`` (deckgen 0.1's cache) beside the deck, and the
    ``.deckgen-cache`` folder itself once no other deck's cache is left in it."""
    legacy = deck_file.parent / LEGACY_FOLDER
    if not legacy.is_dir():
        return
    own = legacy / (deck_file.stem or "deck")
    if own.is_dir() and not own.is_symlink():
        shutil.rmtree(own, ignore_errors=True)
    with contextlib.suppress(OSError):
        legacy.rmdir()  # only when empty


class NoteCache:
    """The cache folder of one deck: entries by key, read and written whole.

    A cache that is not ``writable`` is only read: nothing is stored or removed (a preview
    reuses what the last build cached, and writes no file).
    """

    def __init__(self, folder: Path, *, writable: bool = True) -> None:
        self.folder = folder
        self.writable = writable

    @classmethod
    def beside(cls, deck_file: Path, *, writable: bool = True) -> NoteCache:
        """The cache of the deck written to ``deck_file``: ``.deckgen/<stem>/cache/`` beside it.

        A writable cache removes the folder deckgen 0.1 kept beside the deck, if any.
        """
        if writable:
            _remove_legacy(deck_file)
        return cls(data_folder(deck_file) / CACHE_FOLDER, writable=writable)

    def path(self, key: str) -> Path:
        """Where the entry for ``key`` lives."""
        return self.folder / (key + ENTRY_SUFFIX)

    def get(self, key: str) -> bytes | None:
        """The entry's bytes, or None when there is none (or it cannot be read)."""
        try:
            return self.path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Store an entry atomically; a cache that cannot be written is skipped."""
        if not self.writable:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".tmp-", suffix=ENTRY_SUFFIX, dir=self.folder)
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(name, self.path(key))
        except OSError:
            Path(name).unlink(missing_ok=True)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove every entry but those of ``keys`` (and temporary files left by a killed build)."""
        if not self.writable:
            return
        wanted = {key + ENTRY_SUFFIX for key in keys}
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name.endswith(ENTRY_SUFFIX) and name not in wanted:
                with contextlib.suppress(OSError):
                    (self.folder / name).unlink()
