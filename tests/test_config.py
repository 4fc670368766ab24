"""Settings files: deckgen.toml and [tool.deckgen], their checks, and flags on top of them."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ImportedCard

from deckgen.cli import main
from deckgen.config import (
    SETTINGS,
    Config,
    ConfigError,
    build_options,
    find_config,
    load_config,
    parse_settings,
)
from deckgen.pipeline import BuildOptions


def test_every_setting_is_read_into_build_options(tmp_path: Path) -> None:
    (tmp_path / "deckgen.toml").write_text(
        """
paths = ["vault"]
output = "out/deck.apkg"
deck = "Biology::Cells"
subdeck = "channel"
tags = ["from_deckgen", "biology"]
include = ["talks/*"]
exclude = ["*.draft.md"]
skip-callouts = ["note", "Summary"]
max-cards-per-note = 12
link-form = "youtu.be"
""",
        encoding="utf-8",
    )
    options = build_options(load_config(tmp_path))
    assert options == BuildOptions(
        paths=("vault",),
        output="out/deck.apkg",
        deck="Biology::Cells",
        subdeck="channel",
        tags=("from_deckgen", "biology"),
        include=("talks/*",),
        exclude=("*.draft.md",),
        skip_callouts=("note", "Summary"),
        max_cards_per_note=12,
        link_form="youtu.be",
    )


def test_snake_case_keys_are_read_too() -> None:
    assert parse_settings({"link_form": "youtu.be", "max_cards_per_note": 3}) == {
        "link_form": "youtu.be",
        "max_cards_per_note": 3,
    }


def test_a_single_string_is_a_list_of_one() -> None:
    assert parse_settings({"tags": "solo"}) == {"tags": ("solo",)}


def test_unknown_key_is_an_error_that_names_it() -> None:
    with pytest.raises(ConfigError, match=r"deckgen.toml: unknown key 'dek'"):
        parse_settings({"deck": "A", "dek": "B"}, "deckgen.toml")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("deck", 3, "deck must be a non-empty string, not 3"),
        ("deck", "  ", "deck must be a non-empty string"),
        ("tags", [1, 2], "tags must be a list of non-empty strings"),
        ("max-cards-per-note", 0, "max-cards-per-note must be a whole number of at least 1"),
        ("max-cards-per-note", True, "a whole number"),
        ("link-form", "short", 'link-form must be one of "watch", "youtu.be"'),
        ("subdeck", "folder", 'subdeck must be one of "channel", "note"'),
    ],
)
def test_bad_values_are_errors_that_name_the_key(key: str, value: object, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        parse_settings({key: value})


def test_pyproject_tool_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.deckgen]\ndeck = "From Pyproject"\n', encoding="utf-8"
    )
    config = load_config(tmp_path)
    assert config.path == tmp_path / "pyproject.toml"
    assert config.values == {"deck": "From Pyproject"}


def test_pyproject_without_the_table_is_no_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(tmp_path) is None
    assert load_config(tmp_path) == Config()


def test_deckgen_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.deckgen]\ndeck = "B"\n', encoding="utf-8")
    (tmp_path / "deckgen.toml").write_text('deck = "A"\n', encoding="utf-8")
    assert load_config(tmp_path).values == {"deck": "A"}


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "deckgen.toml").write_text('deck = "unclosed\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"deckgen.toml: not valid TOML"):
        load_config(tmp_path)


def test_flags_override_the_file() -> None:
    config = Config(None, {"deck": "File", "tags": ("a",), "link_form": "youtu.be"})
    options = build_options(config, deck="Flag", tags=None, link_form=None)
    assert (options.deck, options.tags, options.link_form) == ("Flag", ("a",), "youtu.be")


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.key}`" in readme, setting.key


# The command line with a settings file in the working folder.


@pytest.fixture
def in_project(tmp_path: Path, glaciers: Path) -> Path:
    """A working folder with notes/glaciers.md, made the current folder."""
    os.chdir(tmp_path)
    return tmp_path


def test_bare_build_uses_the_deck_named_in_deckgen_toml(
    in_project: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    (in_project / "deckgen.toml").write_text('deck = "My Deck::Sub"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.stderr
    package = in_project / "decks" / "My_Deck__Sub.apkg"
    assert f"Wrote {Path('decks/My_Deck__Sub.apkg')}" in result.stderr
    cards = anki_import(package)
    assert cards
    assert {c.deck for c in cards} == {"My Deck::Sub"}


def test_flag_overrides_deckgen_toml(
    in_project: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    (in_project / "deckgen.toml").write_text(
        'deck = "From File"\ntags = ["filed"]\n', encoding="utf-8"
    )
    out = in_project / "x.apkg"
    result = CliRunner().invoke(main, ["build", "-o", str(out), "--deck", "From Flag"])
    assert result.exit_code == 0, result.stderr
    cards = anki_import(out)
    assert {c.deck for c in cards} == {"From Flag"}
    assert all("filed" in c.tags for c in cards)


def test_unknown_key_stops_the_build_with_status_2(in_project: Path) -> None:
    (in_project / "deckgen.toml").write_text('deck = "A"\ncolour = "red"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--json"])
    assert result.exit_code == 2
    assert "Error: deckgen.toml: unknown key 'colour'" in result.stderr
    assert not (in_project / "decks").exists()


def test_json_build_uses_the_settings(in_project: Path) -> None:
    (in_project / "deckgen.toml").write_text(
        'deck = "Geo"\nsubdeck = "channel"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["build", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["deck"] == "Geo"
    assert data["decks"] == ["Geo::earth_science_daily"]
