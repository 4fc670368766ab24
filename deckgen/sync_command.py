"""The body of ``deckgen sync``: its own flags, and the run from flags to exit status.

:mod:`deckgen.cli` declares the command (its help, the shared deck options) and calls
:func:`run_sync`; everything sync-specific lives here and in :mod:`deckgen.sync`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from deckgen.pipeline import BuildError, BuildOptions, BuildResult
from deckgen.report import build_json, summary_text
from deckgen.sync import (
    DEFAULT_ANKICONNECT,
    REMOVAL_POLICIES,
    SyncError,
    SyncOptions,
    plan_text,
    sync,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


def sync_flags(command: Callable[..., Any]) -> Callable[..., Any]:
    """The flags of ``deckgen sync`` besides the deck options."""
    flags = [
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=str),
            help="Where to write the deck built for the sync. Default: decks/<deck>.apkg.",
        ),
        click.option(
            "--ankiconnect",
            metavar="URL",
            is_flag=False,
            flag_value=DEFAULT_ANKICONNECT,
            default=None,
            help=f"Sync into a running Anki through AnkiConnect (default {DEFAULT_ANKICONNECT}).",
        ),
        click.option(
            "--collection",
            type=click.Path(dir_okay=False, path_type=str),
            metavar="PATH",
            help="Sync into this collection.anki2 directly; Anki must be closed.",
        ),
        click.option(
            "--profile",
            metavar="NAME",
            help="Sync into this Anki profile's collection (Anki's standard folder); Anki closed.",
        ),
        click.option(
            "--removed",
            type=click.Choice(REMOVAL_POLICIES),
            default="suspend",
            show_default=True,
            help="What to do with the cards of facts that left the notes.",
        ),
        click.option("--dry-run", is_flag=True, help="Print the plan; change nothing in Anki."),
        click.option(
            "--json",
            "as_json",
            is_flag=True,
            help="Print one JSON object on stdout; text goes to stderr.",
        ),
        click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors."),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=60.0,
            show_default=True,
            metavar="SECONDS",
            help="How long to wait for each AnkiConnect answer.",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            metavar="N",
            help="Processes that read notes in parallel. Default: one per CPU.",
        ),
        click.option("--no-cache", is_flag=True, help="Read every note again."),
    ]
    for flag in reversed(flags):
        command = flag(command)
    return command


def run_sync(
    load_options: Callable[..., BuildOptions],
    *,
    ankiconnect: str | None,
    collection: str | None,
    profile: str | None,
    removed: str,
    dry_run: bool,
    as_json: bool,
    quiet: bool,
    timeout: float,
    workers: int | None,
    no_cache: bool,
    **flags: Any,
) -> int:
    """Run ``deckgen sync`` and return its exit status."""
    targets = [
        name
        for name, v in (
            ("--ankiconnect", ankiconnect),
            ("--collection", collection),
            ("--profile", profile),
        )
        if v
    ]
    if len(targets) != 1:
        given = " and ".join(targets) if targets else "none"
        raise click.UsageError(
            f"give one of --ankiconnect [URL], --collection PATH or --profile NAME (given: {given})"
        )
    if ankiconnect and not ankiconnect.startswith(("http://", "https://")):
        raise click.UsageError(
            f"--ankiconnect takes an http:// address, not {ankiconnect!r}; put note paths "
            "before it, or write --ankiconnect=URL"
        )
    build_options = load_options(
        **flags, workers=workers, cache=False if no_cache else None, decisions=False
    )
    options = SyncOptions(
        build=build_options,
        collection=collection,
        profile=profile,
        ankiconnect=ankiconnect,
        removed=removed,
        dry_run=dry_run,
        timeout=timeout,
    )
    try:
        result = sync(options)
    except BuildError as err:
        _diagnostics(err.result, quiet=True)
        return _fail(str(err), EXIT_FAILED, as_json, err.result)
    except SyncError as err:
        return _fail(str(err), err.exit_status, as_json, None, list(err.done))
    _diagnostics(result.build, quiet)
    if not quiet:
        click.echo(
            summary_text(result.build) if not dry_run else _dry_summary(result.build), err=True
        )
        click.echo(plan_text(result), err=as_json)
    status = EXIT_PARTIAL if result.build.errors else EXIT_OK
    if as_json:
        click.echo(
            json.dumps(
                {
                    **result.to_json(),
                    "build": build_json(result.build, status),
                    "error": None,
                    "exit_status": status,
                }
            )
        )
    return status


def _dry_summary(result: BuildResult) -> str:
    return (
        f"Built (not written): deck '{result.deck}', {len(result.cards)} notes "
        f"({result.anki_cards} cards)."
    )


def _diagnostics(result: BuildResult | None, quiet: bool) -> None:
    if result is None:
        return
    for diagnostic in result.diagnostics:
        if quiet and diagnostic.level.value != "error":
            continue
        click.echo(str(diagnostic), err=True)


def _fail(
    message: str,
    status: int,
    as_json: bool,
    result: BuildResult | None,
    done: list[str] | None = None,
) -> int:
    click.echo(f"Error: {message}", err=True)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "error": message,
                    "exit_status": status,
                    "done": done or [],
                    "build": build_json(result, status, message) if result else None,
                }
            )
        )
    return status
