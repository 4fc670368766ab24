"""Settings from a file: ``deckgen.toml`` (or ``[tool.deckgen]`` in ``pyproject.toml``) → BuildOptions.

The file sets what the command-line flags set, so a folder of notes can carry its deck name, tags
and filters, and a bare ``deckgen build`` does the right thing. Flags given on the command line
override the file. Keys are written in kebab-case (``link-form``; ``link_form`` is read too), and a
key deckgen does not know is an error that names it: a misspelt setting must not be ignored.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckgen.cloze import LINK_FORMS
from deckgen.pipeline import BuildOptions
from deckgen.ranking import DENSITIES

CONFIG_FILE = "deckgen.toml"
"""The settings file deckgen looks for in the working folder."""
PYPROJECT = "pyproject.toml"
"""Read for a ``[tool.deckgen]`` table when there is no ``deckgen.toml``."""
SUBDECKS = ("channel", "note")
"""What ``subdeck`` may name: one subdeck per channel, or per note."""


class ConfigError(Exception):
    """A settings file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Setting:
    """One key of the settings file."""

    key: str
    """The key as written in the file (kebab-case)."""
    option: str
    """The :class:`BuildOptions` field it sets."""
    kind: str
    """What the value must be, as the error message says it."""
    convert: Callable[[Any], Any]
    """Checks the value and turns it into the field's type; raises ValueError with the reason."""
    help: str
    """One line for the README's reference."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a non-empty string")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("a list of non-empty strings")
    return tuple(value)


def _positive(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("a whole number of at least 1")
    return value


def _choice(*choices: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in choices:
            raise ValueError("one of " + ", ".join(f'"{c}"' for c in choices))
        return str(value)

    return convert


SETTINGS = (
    Setting("paths", "paths", "list of strings", _texts, "Note files and folders to read."),
    Setting("output", "output", "string", _text, "Where to write the deck."),
    Setting("deck", "deck", "string", _text, 'Deck name; "::" makes subdecks.'),
    Setting(
        "subdeck",
        "subdeck",
        '"channel" or "note"',
        _choice(*SUBDECKS),
        "Put each note's cards in a subdeck named after its channel, or its title.",
    ),
    Setting("tags", "tags", "list of strings", _texts, "Tags added to every card."),
    Setting("include", "include", "list of strings", _texts, "Read only notes matching a glob."),
    Setting("exclude", "exclude", "list of strings", _texts, "Skip notes matching a glob."),
    Setting(
        "skip-callouts",
        "skip_callouts",
        "list of strings",
        _texts,
        "More callouts to leave out, by type or title.",
    ),
    Setting(
        "max-cards-per-note",
        "max_cards_per_note",
        "whole number",
        _positive,
        "The most cards one note may give; the best-scoring are kept.",
    ),
    Setting(
        "density",
        "density",
        '"fewer", "default" or "more"',
        _choice(*DENSITIES),
        "About half as many cards, or more: moves the ranking model's threshold (judged, "
        "fewer is no cleaner than the default).",
    ),
    Setting(
        "link-form",
        "link_form",
        '"watch" or "youtu.be"',
        _choice(*sorted(LINK_FORMS)),
        "youtube.com/watch?v=ID&t=Ns links, or youtu.be/ID?t=N.",
    ),
)
"""Every key the settings file may hold, in the order the README lists them."""
_BY_KEY = {s.key: s for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Config:
    """Settings read from a file: BuildOptions field names → values."""

    path: Path | None = None
    """The file they came from; None when there was none."""
    values: Mapping[str, Any] = field(default_factory=dict)


def find_config(folder: str | Path = ".") -> Path | None:
    """The settings file of ``folder``: its ``deckgen.toml``, else a ``pyproject.toml`` that has a
    ``[tool.deckgen]`` table, else None."""
    folder = Path(folder)
    own = folder / CONFIG_FILE
    if own.is_file():
        return own
    pyproject = folder / PYPROJECT
    if pyproject.is_file():
        tool = _read_toml(pyproject).get("tool")
        if isinstance(tool, dict) and "deckgen" in tool:
            return pyproject
    return None


def load_config(folder: str | Path = ".") -> Config:
    """Read and check the settings of ``folder``; raises :class:`ConfigError` naming the bad key."""
    path = find_config(folder)
    if path is None:
        return Config()
    table = _read_toml(path)
    if path.name == PYPROJECT:
        table = table["tool"]["deckgen"]
        where = f"{path}: [tool.deckgen]"
    else:
        where = str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table of settings")
    return Config(path, parse_settings(table, where))


def parse_settings(table: Mapping[str, Any], where: str = CONFIG_FILE) -> dict[str, Any]:
    """Check a table of settings; return BuildOptions field names → values."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        setting = _BY_KEY.get(key.replace("_", "-"))
        if setting is None:
            known = ", ".join(s.key for s in SETTINGS)
            close = difflib.get_close_matches(key.replace("_", "-"), _BY_KEY, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}? The" if close else "; the"
            raise ConfigError(f"{where}: unknown key {key!r}{hint} keys are: {known}")
        try:
            values[setting.option] = setting.convert(value)
        except ValueError as err:
            raise ConfigError(f"{where}: {key} must be {err}, not {value!r}") from None
    return values


def build_options(config: Config, **flags: Any) -> BuildOptions:
    """BuildOptions from the file's settings, with every flag that was given (not None) on top."""
    chosen = dict(config.values)
    chosen.update({name: value for name, value in flags.items() if value is not None})
    return BuildOptions(**chosen)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror or err}") from None
