"""The briefgen command line: parse arguments, call the library, print the outcome."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

import briefgen
from briefgen.errors import BriefgenError

app = typer.Typer(
    help="Situation briefs from provenance-checked fact sheets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefgen {briefgen.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Situation briefs from provenance-checked fact sheets."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")


def fail(error: BriefgenError) -> None:
    """Print a library error as one line and exit with status 1."""
    typer.echo(f"Error: {error}", err=True)
    raise typer.Exit(1)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@app.command()
def check(
    paths: Annotated[list[Path] | None, typer.Argument(help="Fact sheets or folders (default: briefs/).")] = None,
) -> None:
    """Validate fact sheets and verify every quote against its source."""
    report = briefgen.validate(paths or [Path("briefs")])
    for problem in report.problems:
        typer.echo(str(problem), err=True)
    summary = (
        f"checked {_plural(len(report.sheets), 'fact sheet')}: "
        f"{_plural(len(report.errors), 'error')}, {_plural(len(report.warnings), 'warning')}"
    )
    typer.echo(summary, err=not report.ok)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a fact sheet."""
    typer.echo(json.dumps(briefgen.factsheet_json_schema(), indent=2, ensure_ascii=False))


def run() -> None:
    """Entry point of the console script."""
    try:
        app()
    except BriefgenError as error:  # pragma: no cover - commands catch their own
        typer.echo(f"Error: {error}", err=True)
        sys.exit(1)
