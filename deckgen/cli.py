"""The ``deckgen`` command: a thin layer over the library.

``build`` and ``preview`` turn deckgen.toml and their flags into :class:`deckgen.BuildOptions` and
call :func:`deckgen.build`; ``check`` calls :func:`deckgen.check.check_package`. Each prints the
result. Exit codes: 0 the deck was written; 1 no deck was written; 2 a usage error;
3 a deck was written but some input could not be read (or, with ``--strict``, had warnings).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from deckgen import __version__
from deckgen.check import check_package
from deckgen.cloze import LINK_FORMS
from deckgen.config import SUBDECKS, ConfigError, build_options, load_config
from deckgen.pipeline import BuildError, BuildOptions, BuildResult, build
from deckgen.preview import preview_html
from deckgen.progress import TerminalProgress
from deckgen.ranking import DENSITIES
from deckgen.report import (
    build_json,
    changes_text,
    check_json,
    check_text,
    diagnostics_text,
    explain_text,
    preview_text,
    summary_text,
)
from deckgen.sync_command import run_sync, sync_flags

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="deckgen")
def main() -> None:
    """Turn Markdown notes into an Anki deck of cloze cards.

    deckgen reads notes (such as wiki pages that summarise YouTube talks), picks the statements
    worth remembering, hides the part to recall, and writes an .apkg file that Anki desktop,
    AnkiDroid and AnkiMobile import. Every card links back to the second of the video its
    sentence came from.

    Run `deckgen build` to build decks/<deck>.apkg from the notes/ folder.
    """


def deck_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The flags that choose what goes in the deck, shared by ``build`` and ``preview``.

    Each one overrides the same setting of deckgen.toml; none has a default of its own here, so
    that a flag not given leaves the file's setting (or the library default) in force.
    """
    flags = [
        click.argument("paths", nargs=-1, type=click.Path(path_type=str)),
        click.option(
            "--deck",
            metavar="NAME",
            help=(
                "Deck name; use :: for subdecks. Default: the first folder's name, or for a "
                "single note file, the note's file name."
            ),
        ),
        click.option(
            "--subdeck",
            type=click.Choice(SUBDECKS),
            help="Put each note's cards in a subdeck named after its channel, or its title.",
        ),
        click.option(
            "--tag",
            "tags",
            multiple=True,
            metavar="TAG",
            help="Add a tag to every card (repeat for more).",
        ),
        click.option(
            "--include",
            multiple=True,
            metavar="GLOB",
            help="Read only notes whose path matches this glob.",
        ),
        click.option(
            "--exclude",
            multiple=True,
            metavar="GLOB",
            help="Skip notes whose path matches this glob.",
        ),
        click.option(
            "--skip-callout",
            "skip_callouts",
            multiple=True,
            metavar="NAME",
            help="Leave out callouts of this type or title, e.g. 'note' (repeat for more).",
        ),
        click.option(
            "--max-cards-per-note",
            type=click.IntRange(min=1),
            metavar="N",
            help="The most cards one note may give; the best-scoring are kept.",
        ),
        click.option(
            "--density",
            type=click.Choice(list(DENSITIES)),
            help="How many cards to make: 'fewer' keeps only the candidates the model scores "
            "highest (about half as many cards, though judged no cleaner), 'more' also lower "
            "ones (about 1.7 times as many: more of the facts a reader would pick, and more "
            "weak cards). Default: default (the model's own threshold).",
        ),
        click.option(
            "--link-form",
            type=click.Choice(sorted(LINK_FORMS)),
            help="Shape of the video links on the back of each card. Default: watch.",
        ),
    ]
    for flag in reversed(flags):
        command = flag(command)
    return command


def load_options(**flags: Any) -> BuildOptions:
    """BuildOptions from deckgen.toml (or pyproject.toml) in the working folder, with the flags
    that were given on top; a bad settings file is a usage error (exit status 2)."""
    given = {k: (v or None) if isinstance(v, tuple) else v for k, v in flags.items()}
    try:
        return build_options(load_config("."), **given)
    except ConfigError as err:
        raise SettingsError(str(err)) from None


class SettingsError(click.ClickException):
    """A settings file that cannot be used: exit status 2, like any other usage error."""

    exit_code = EXIT_USAGE


@main.command("build")
@deck_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="Where to write the deck. Default: decks/<deck>.apkg.",
)
@click.option(
    "--strict", is_flag=True, help="Exit with status 3 when any note had a warning or error."
)
@click.option(
    "--explain", is_flag=True, help="List every sentence with whether it became a card and why."
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="List every warning on its own line, also those counted in one line per kind.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the deck even if this build drops more than half of its Anki notes.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object on stdout; text goes to stderr."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    metavar="N",
    help="Processes that read notes in parallel; 1 reads them in one. Default: one per CPU.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every note again instead of reusing unchanged notes from .deckgen/<deck>/cache/.",
)
def build_command(
    strict: bool,
    explain: bool,
    quiet: bool,
    verbose: bool,
    force: bool,
    as_json: bool,
    workers: int | None,
    no_cache: bool,
    **flags: Any,
) -> None:
    """Build an Anki deck from note files and folders.

    PATHS are Markdown files or folders (searched recursively for *.md); with none, the notes/
    folder is read. Settings come from deckgen.toml (or [tool.deckgen] in pyproject.toml) in the
    working folder, and flags override them. The summary goes to standard error; the deck to
    --output.

    \b
    Examples:
      deckgen build                          # notes/ -> decks/Notes.apkg
      deckgen build vault/ -o biology.apkg --deck "Biology::Cells"
      deckgen build talks/black_holes.md     # one note -> decks/Black_holes.apkg
      deckgen build talk.md --explain        # why each sentence did or did not become a card
      deckgen build -v                       # every warning on its own line
      deckgen build --json | jq .cards       # for scripts
    """
    _refuse_package_inputs(flags["paths"])
    bar = TerminalProgress(sys.stderr) if not quiet and sys.stderr.isatty() else None
    options = load_options(
        **flags,
        force=force or None,
        workers=workers,
        cache=False if no_cache else None,
        progress=bar,
        decisions=explain,  # only --explain shows them; leaving them out saves time
    )
    try:
        result = build(options)
    except BuildError as err:
        if err.result is not None:
            if explain:  # a build that wrote nothing is when the user most needs to know why
                click.echo(explain_text(err.result), err=as_json)
            _print_summary(err.result, quiet=True, verbose=verbose)
        click.echo(f"Error: {err}", err=True)
        if as_json:
            click.echo(json.dumps(build_json(err.result, EXIT_FAILED, str(err))))
        sys.exit(EXIT_FAILED)
    finally:
        if bar is not None:
            bar.close()
    if explain:
        click.echo(explain_text(result), err=as_json)
    _print_summary(result, quiet, verbose)
    status = exit_status(result, strict)
    if as_json:
        click.echo(json.dumps(build_json(result, status)))
    sys.exit(status)


@main.command("preview")
@deck_options
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, writable=True, path_type=str),
    help="Also write one self-contained page showing every card, front and back, as Anki would.",
)
def preview_command(html_file: str | None, **flags: Any) -> None:
    """Show the cards a build would make, without writing a deck.

    Each card is listed under its note with its context, its text with the hidden parts in
    [brackets], its timestamp links and why it was made. With --html, a page with every card
    rendered by the note type's own templates and CSS is written too; it needs no network.

    \b
    Examples:
      deckgen preview                        # the cards notes/ would give
      deckgen preview notes --html /tmp/p.html
    """
    _refuse_package_inputs(flags["paths"])
    options = dataclasses.replace(load_options(**flags), write=False)
    result = build(options)
    _print_summary(result, quiet=True)
    click.echo(preview_text(result, mark=lambda s: click.style(s, fg="cyan", bold=True)))
    if html_file:
        try:
            Path(html_file).write_text(preview_html(result), encoding="utf-8")
        except OSError as err:
            click.echo(f"Error: cannot write {html_file}: {err.strerror or err}", err=True)
            sys.exit(EXIT_FAILED)
        click.echo(f"Wrote {html_file}", err=True)
    sys.exit(EXIT_FAILED if not result.cards else exit_status(result, strict=False))


@main.command("check")
@click.argument("package", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object on stdout; text goes to stderr."
)
def check_command(package: str, as_json: bool) -> None:
    """Check that a deck opens in Anki and that every note makes its cards.

    Reports the notes, cards, note types and decks the package holds, and every problem: a note
    with no cloze deletion, broken cloze markup, a GUID used twice. With the anki package
    installed, the deck is also imported into a temporary collection, as Anki desktop would.
    Exit status 1 when there is a problem.

    \b
    Examples:
      deckgen check decks/Notes.apkg
      deckgen check decks/Notes.apkg --json
    """
    report = check_package(package)
    status = EXIT_OK if report.ok else EXIT_FAILED
    click.echo(check_text(report), err=as_json)
    if as_json:
        click.echo(json.dumps(check_json(report, status)))
    sys.exit(status)


@main.command("sync")
@deck_options
@sync_flags
def sync_command(**flags: Any) -> None:
    """Build the deck, then bring an Anki collection in step with the notes.

    Adds new facts and updates changed ones in place (review history, scheduling, your own tags
    and edits made in Anki are kept: Anki's "if newer" rule). Cards of facts that left the notes
    are suspended and tagged deckgen::removed (--removed suspend), deleted, or kept; a fact that
    comes back is unsuspended. Only deckgen's own notes are touched.

    Reach Anki through the AnkiConnect add-on while it runs (--ankiconnect), or write a closed
    collection (--collection PATH, or --profile NAME); a backup is made first. Exit status: 4
    Anki not running, 5 AnkiConnect missing or answering an error, 6 collection open in Anki,
    7 collection or profile not found.

    \b
    Examples:
      deckgen sync --ankiconnect             # Anki running with AnkiConnect
      deckgen sync --profile "User 1" --dry-run
      deckgen sync notes/ --collection ~/anki/collection.anki2 --removed delete
    """
    sys.exit(run_sync(load_options, **flags))


def exit_status(result: BuildResult, strict: bool) -> int:
    """0 when all went well, 3 when some input could not be read (or, if strict, had warnings)."""
    if result.errors or (strict and result.warnings):
        return EXIT_PARTIAL
    return EXIT_OK


def _refuse_package_inputs(paths: tuple[str, ...]) -> None:
    """An input that is a deck is a slip for ``-o`` (``deckgen build note.md out.apkg``): a usage
    error, before anything is read or written."""
    for path in paths:
        if path.lower().endswith(".apkg"):
            raise click.UsageError(f"{path} is a deck, not notes to read; did you mean -o {path}?")


def _print_summary(result: BuildResult, quiet: bool, verbose: bool = False) -> None:
    shown = [d for d in result.diagnostics if not quiet or d.level.value == "error"]
    for line in diagnostics_text(shown, verbose=verbose):
        click.echo(line, err=True)
    if not quiet:
        click.echo(summary_text(result), err=True)
        if changes := changes_text(result):
            click.echo(changes, err=True)
