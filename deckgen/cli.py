"""The ``deckgen`` command: a thin layer over :func:`deckgen.build`.

Each command turns its flags into :class:`deckgen.BuildOptions`, calls the library, and prints
the result. Exit codes: 0 the deck was written; 1 no deck was written; 2 a usage error;
3 a deck was written but some input could not be read (or, with ``--strict``, had warnings).
"""

from __future__ import annotations

import sys

import click

from deckgen import __version__
from deckgen.cloze import LINK_FORMS
from deckgen.pipeline import BuildError, BuildOptions, BuildResult, build
from deckgen.progress import TerminalProgress
from deckgen.report import explain_text, summary_text

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


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="Where to write the deck. Default: decks/<deck>.apkg.",
)
@click.option("--deck", help="Deck name; use :: for subdecks. Default: the first folder's name.")
@click.option(
    "--link-form",
    type=click.Choice(sorted(LINK_FORMS)),
    default="watch",
    show_default=True,
    help="Shape of the video links on the back of each card.",
)
@click.option(
    "--strict", is_flag=True, help="Exit with status 3 when any note had a warning or error."
)
@click.option(
    "--explain", is_flag=True, help="List every sentence with whether it became a card and why."
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes that read notes in parallel; 1 reads them in one. Default: one per CPU.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every note again instead of reusing unchanged notes from .deckgen-cache/.",
)
def build_command(
    paths: tuple[str, ...],
    output: str | None,
    deck: str | None,
    link_form: str,
    strict: bool,
    explain: bool,
    quiet: bool,
    workers: int | None,
    no_cache: bool,
) -> None:
    """Build an Anki deck from note files and folders.

    PATHS are Markdown files or folders (searched recursively for *.md); with none, the notes/
    folder is read. The summary goes to standard error; the deck to --output.

    \b
    Examples:
      deckgen build                          # notes/ -> decks/Notes.apkg
      deckgen build vault/ -o biology.apkg --deck "Biology::Cells"
      deckgen build talk.md --explain        # why each sentence did or did not become a card
    """
    bar = TerminalProgress(sys.stderr) if not quiet and sys.stderr.isatty() else None
    options = BuildOptions(
        paths=paths or BuildOptions().paths,
        output=output,
        deck=deck,
        link_form=link_form,
        workers=workers,
        cache=not no_cache,
        progress=bar,
    )
    try:
        result = build(options)
    except BuildError as err:
        if err.result is not None:
            _print_summary(err.result, quiet=True)
        click.echo(f"Error: {err}", err=True)
        sys.exit(EXIT_FAILED)
    finally:
        if bar is not None:
            bar.close()
    if explain:
        click.echo(explain_text(result))
    _print_summary(result, quiet)
    sys.exit(exit_status(result, strict))


def exit_status(result: BuildResult, strict: bool) -> int:
    """0 when all went well, 3 when some input could not be read (or, if strict, had warnings)."""
    if result.errors or (strict and result.warnings):
        return EXIT_PARTIAL
    return EXIT_OK


def _print_summary(result: BuildResult, quiet: bool) -> None:
    for diagnostic in result.diagnostics:
        if quiet and diagnostic.level.value != "error":
            continue
        click.echo(str(diagnostic), err=True)
    if not quiet:
        click.echo(summary_text(result), err=True)
