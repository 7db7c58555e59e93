"""The briefgen command line: parse arguments, call the library, print the outcome.

Every command is wrapped in ``failing_cleanly`` (a library error becomes ``Error: ...``
on stderr and exit status 1) and finds its project with ``_project_here``.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec

import typer

import briefgen
from briefgen.errors import BriefgenError, ValidationFailed

if TYPE_CHECKING:
    from briefgen.config import Project
    from briefgen.site.build import BuildOptions, BuildResult

P = ParamSpec("P")

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


def failing_cleanly(command: Callable[P, None]) -> Callable[P, None]:
    """Wrap a command so a library error ends it with its lines on stderr and exit status 1, never a traceback."""

    @functools.wraps(command)
    def run_command(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except BriefgenError as error:
            print_error(error)
            raise typer.Exit(1) from None

    return run_command


def print_error(error: BriefgenError) -> None:
    """Print a library error on stderr: each problem of a failed validation on its own line, then `Error: ...`."""
    if isinstance(error, ValidationFailed):
        for problem in error.problems:
            typer.echo(str(problem), err=True)
    typer.echo(f"Error: {error}", err=True)


def _project_here() -> Project:
    """Find the project a command works on: the nearest folder up from here with a pyproject.toml."""
    from briefgen.config import Project

    return Project.discover(Path.cwd())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@app.command()
@failing_cleanly
def check(
    paths: Annotated[list[Path] | None, typer.Argument(help="Fact sheets or folders (default: briefs/).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
) -> None:
    """Validate fact sheets and verify every quote against its source."""
    report = briefgen.validate(paths or [Path("briefs")], jobs=None)  # each sheet's own project, wherever it is
    for problem in report.problems:
        typer.echo(str(problem), err=True)
    summary = (
        f"checked {_plural(len(report.sheets), 'fact sheet')}: "
        f"{_plural(len(report.errors), 'error')}, {_plural(len(report.warnings), 'warning')}"
    )
    passed = report.ok and not (strict and report.warnings)
    typer.echo(summary, err=not passed)
    if not passed:
        raise typer.Exit(1)


@app.command()
@failing_cleanly
def schema() -> None:
    """Print the JSON Schema of a fact sheet."""
    typer.echo(json.dumps(briefgen.factsheet_json_schema(), indent=2, ensure_ascii=False))


@app.command()
@failing_cleanly
def new(
    seed: Annotated[Path, typer.Argument(help="The article: a text or markdown file in seeds/.")],
    brief_id: Annotated[
        str | None,
        typer.Option("--id", help="Id of the brief (default: from the article's headline, else its file name)."),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", help="The article's language, en or fr (default: found from its words)."),
    ] = None,
) -> None:
    """Draft briefs/<id>.yaml from an article, with candidate facts to confirm."""
    from briefgen.curate.draft import new_draft

    draft = new_draft(seed, _project_here(), brief_id, language)
    found = ", ".join(_plural(count, kind) for kind, count in draft.counts.items())
    typer.echo(f"wrote {draft.display} with candidates: {found}")
    typer.echo(f"read as language {draft.language}{' (found from its words)' if draft.detected else ''}")
    typer.echo(f"next: curate it, then run `briefgen check {draft.display}`")


@app.command()
@failing_cleanly
def serve(
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: any free one).")] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to bind; keep it on loopback.")] = "127.0.0.1",
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Preview pages only, without PDFs.")] = False,
) -> None:
    """Preview the site (drafts included) and rebuild it as briefs, seeds and templates change."""
    from briefgen.curate.serve import serve as serve_preview

    serve_preview(_project_here(), host=host, port=port, pdf=not no_pdf, echo=typer.echo)


@app.command()
@failing_cleanly
def mail(
    brief_ids: Annotated[list[str] | None, typer.Argument(metavar="ID", help="Brief ids to mail.")] = None,
    to: Annotated[
        list[str] | None, typer.Option("--to", help="A list name or an address; repeat. Default: the subscribers.")
    ] = None,
    changed: Annotated[
        bool, typer.Option("--changed", help="Mail every published brief the readers lack (no --to: subscribers).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Send nothing; say who would get what and why, write .eml files.")
    ] = False,
    outbox: Annotated[Path | None, typer.Option(help="Folder for --dry-run messages (default: outbox/).")] = None,
    resend: Annotated[bool, typer.Option("--resend", help="Send even what the ledger has, or with no ledger.")] = False,
    mark_sent: Annotated[bool, typer.Option("--mark-sent", help="Record versions as sent; send nothing.")] = False,
    edition: Annotated[
        str | None, typer.Option("--edition", metavar="AS_OF", help="Mail this past edition of the one brief named.")
    ] = None,
) -> None:
    """Mail brief PDFs to distribution lists, each version to each reader once."""
    from briefgen.mail.run import MailOptions, mail_briefs

    options = MailOptions(
        changed=changed, dry_run=dry_run, outbox=outbox, resend=resend, mark_sent=mark_sent, edition=edition
    )
    summary = mail_briefs(_project_here(), brief_ids or [], to or [], options)
    for line in summary.review() if dry_run else ():
        typer.echo(line)
    for failure in summary.failures:
        typer.echo(f"failed: {failure.brief_id} to {failure.recipient}: {failure.detail}", err=True)
    done = {
        "written": "written to the outbox",
        "marked": "marked as sent",
        "adopted": "counted as sent from the old ledger format",
        "waiting": "waiting for the next day's digest",
    }.get
    shown = ("written", "marked", "adopted", "waiting")
    counts = [f"{summary.count(s)} {done(s)}" for s in shown if summary.count(s)]
    counts += [f"{summary.count('sent')} sent", f"{summary.count('skipped')} skipped as already sent"]
    typer.echo(f"mail: {', '.join(counts)}, {summary.count('failed')} failed", err=not summary.ok)
    if not summary.ok:
        raise typer.Exit(1)


@app.command()
@failing_cleanly
def init(
    folder: Annotated[Path, typer.Argument(help="Folder of the new project (default: this one).")] = Path("."),
    title: Annotated[str, typer.Option("--title", help="The site's title.")] = "Situation briefs",
    add_missing: Annotated[
        bool, typer.Option("--add-missing", help="In a folder that is not empty, add only the files it lacks.")
    ] = False,
) -> None:
    """Start a project: settings, an example brief with its seed, workflows that publish and mail."""
    from briefgen.paths import shown
    from briefgen.scaffold.init import init_project

    result = init_project(folder, site_title=title, add_missing=add_missing)
    where = shown(result.folder)
    typer.echo(f"wrote {_plural(len(result.added.written), 'file')} in {where}")
    if result.added.kept:
        typer.echo(f"kept {_plural(len(result.added.kept), 'file')} already there: {', '.join(result.added.kept)}")
    typer.echo("next:")
    if where != ".":
        typer.echo(f"  cd {where}")
    typer.echo("  briefgen serve    # preview the example brief at http://127.0.0.1:8000/")
    typer.echo("  then read README.md: writing briefs, your own look, publishing and mail")


theme_app = typer.Typer(
    help="See and copy the theme: a project's templates/ over the built-in one.", no_args_is_help=True
)
app.add_typer(theme_app, name="theme")


@theme_app.command("list")
@failing_cleanly
def theme_list() -> None:
    """List every theme file and where it comes from: this project's templates/ or briefgen."""
    from briefgen.scaffold.export import theme_listing

    for name, origin in theme_listing(_project_here()):
        typer.echo(f"{origin:<9} {name}")


@theme_app.command("export")
@failing_cleanly
def theme_export(
    folder: Annotated[Path | None, typer.Argument(help="Where to copy it (default: the project's templates/).")] = None,
    files: Annotated[
        list[str] | None, typer.Option("--file", help="Copy only this file, e.g. partials/key_points.html; repeat.")
    ] = None,
    add_missing: Annotated[bool, typer.Option("--add-missing", help="Skip files already there.")] = False,
) -> None:
    """Copy the built-in theme out to start your own from; every copied file then overrides the built-in one."""
    from briefgen.paths import shown
    from briefgen.scaffold.export import export_theme

    target = folder or _project_here().templates_dir
    added = export_theme(target, files, add_missing=add_missing)
    typer.echo(f"wrote {_plural(len(added.written), 'file')} in {shown(target)}")
    if added.kept:
        typer.echo(f"kept {_plural(len(added.kept), 'file')} already there")
    if added.written:
        typer.echo(
            "each now overrides the built-in one: delete those you do not change, so they follow briefgen's updates"
        )


# The options that build and the shard commands share.
NoPdf = Annotated[bool, typer.Option("--no-pdf", help="Render no PDFs; up-to-date ones are kept.")]
Drafts = Annotated[bool, typer.Option("--drafts", help="Include briefs whose status is draft.")]
Force = Annotated[bool, typer.Option("--force", help="Rebuild everything, even what is up to date.")]
Jobs = Annotated[
    int | None, typer.Option("--jobs", min=1, help="Worker processes for PDFs and many sheets (default: CPUs).")
]


# Extra arguments are the parts of the deprecated --merge: a hidden argument would still show in the usage line.
@app.command(context_settings={"allow_extra_args": True})
@failing_cleanly
def build(
    context: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Folder the site is written to.")] = Path("site"),
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Build only this brief id; repeat for more. Others stay as they were."),
    ] = None,
    drafts: Drafts = False,
    no_pdf: NoPdf = False,
    jobs: Jobs = None,
    force: Force = False,
    # Deprecated and hidden: the shard commands do this now.
    shard: Annotated[str | None, typer.Option("--shard", metavar="K/N", hidden=True)] = None,
    previous: Annotated[Path | None, typer.Option("--previous", hidden=True)] = None,
    merge: Annotated[bool, typer.Option("--merge", hidden=True)] = False,
    plan_shards: Annotated[int | None, typer.Option("--plan-shards", min=1, metavar="N", hidden=True)] = None,
    fan_out_above: Annotated[int, typer.Option("--fan-out-above", min=0, hidden=True)] = 40,
) -> None:
    """Build the static site and PDFs from every published brief, skipping what is up to date."""
    from briefgen.site.build import BuildOptions
    from briefgen.site.progress import progress_reporter

    ids = tuple(part for value in only or () for part in value.split(",") if part)
    options = BuildOptions(
        out_dir=out, only=ids, drafts=drafts, pdf=not no_pdf, jobs=jobs, force=force, previous=previous
    )
    parts = [Path(part) for part in context.args] or None
    if parts or shard is not None or previous is not None or merge or plan_shards is not None:
        _build_with_sharding_flags(options, only, parts, shard, merge, plan_shards, fan_out_above)
        return
    with progress_reporter() as progress:
        result = briefgen.build(_project_here(), options, progress, on_wait=lambda line: typer.echo(line, err=True))
    _print_build(result, out)


def _print_build(result: BuildResult, out: Path) -> None:
    """Print a build's warnings and notices on stderr, then its summary line."""
    for warning in result.warnings:
        typer.echo(str(warning), err=True)
    for notice in result.notices:
        typer.echo(notice, err=True)
    typer.echo(result.summary(out))


shard_app = typer.Typer(
    help="Spread a build over machines: plan the shards, build each one's part, merge the parts into the site.",
    no_args_is_help=True,
)
app.add_typer(shard_app, name="shard")


@shard_app.command("plan")
@failing_cleanly
def shard_plan(
    out: Annotated[
        Path, typer.Option("--out", metavar="SITE", help="The site to build: its manifest says what is up to date.")
    ] = Path("site"),
    shards: Annotated[int, typer.Option("--shards", min=1, metavar="N", help="How many shards to plan for.")] = 4,
    fan_out_above: Annotated[
        int,
        typer.Option(
            "--fan-out-above", min=0, metavar="M", help="Spread only above this many PDFs due (sheets, with --no-pdf)."
        ),
    ] = 40,
    no_pdf: Annotated[
        bool, typer.Option("--no-pdf", help="Plan a build with --no-pdf: count sheets, not PDFs.")
    ] = False,
    drafts: Annotated[bool, typer.Option("--drafts", help="Plan a build with --drafts: count drafts too.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Plan a build with --force: everything is due.")] = False,
) -> None:
    """Print as JSON how much of the site is stale and the shards to spread it over; build nothing."""
    from briefgen.shards.assign import plan_shards
    from briefgen.site.build import BuildOptions

    options = BuildOptions(out_dir=out, drafts=drafts, pdf=not no_pdf, force=force)
    typer.echo(json.dumps(plan_shards(_project_here(), options, shards, fan_out_above)))


@shard_app.command("build")
@failing_cleanly
def shard_build(
    shard: Annotated[str, typer.Argument(metavar="K/N", help="Which shard of how many, such as 2/4.")],
    out: Annotated[Path, typer.Option("--out", metavar="PART", help="Folder of this shard's part; never a site.")],
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="SITE",
            help="The last build's site, which says what is up to date (default: none, all is due).",
        ),
    ] = None,
    no_pdf: NoPdf = False,
    drafts: Drafts = False,
    force: Force = False,
    jobs: Jobs = None,
) -> None:
    """Render only shard K of N of the stale work, into a part folder for shard merge."""
    from briefgen.shards.part import build_part
    from briefgen.site.build import BuildOptions
    from briefgen.site.progress import progress_reporter

    options = BuildOptions(out_dir=out, drafts=drafts, pdf=not no_pdf, jobs=jobs, force=force, previous=previous)
    with progress_reporter() as progress:
        result = build_part(_project_here(), options, shard, progress)
    _print_build(result, out)


@shard_app.command("merge")
@failing_cleanly
def shard_merge(
    parts: Annotated[list[Path], typer.Argument(metavar="PART", help="The part of every shard.")],
    out: Annotated[Path, typer.Option("--out", metavar="SITE", help="Folder the site is written to.")] = Path("site"),
    no_pdf: NoPdf = False,
    drafts: Drafts = False,
    force: Force = False,
) -> None:
    """Assemble the site from the part of every shard, built with the same options: the bytes one build writes."""
    from briefgen.shards.merge import merge_parts
    from briefgen.site.build import BuildOptions
    from briefgen.site.progress import progress_reporter

    options = BuildOptions(out_dir=out, drafts=drafts, pdf=not no_pdf, force=force)
    with progress_reporter() as progress:
        result = merge_parts(_project_here(), options, parts, progress)
    _print_build(result, out)


# Deprecated for one release: build's sharding flags, now the shard commands. Each says what replaced it, then
# does exactly what it did, with the same output, errors and exit status.


def _build_with_sharding_flags(options: BuildOptions, only, parts, shard, merge, plan_shards, fan_out_above) -> None:
    """Say which shard command replaces the flags given, then do what build did with them."""
    from briefgen.site.progress import progress_reporter

    replaced = _replaced_by(shard, options.previous, merge, plan_shards)
    if replaced:
        typer.echo(replaced, err=True)
    conflict = _sharding_conflict(parts, shard, options.previous, merge, plan_shards, only)
    if conflict:
        raise BriefgenError(conflict)
    if plan_shards is not None:
        from briefgen.shards.assign import plan_shards as plan

        typer.echo(json.dumps(plan(_project_here(), options, plan_shards, fan_out_above)))
        return
    with progress_reporter() as progress:
        result = _run_sharding_flag(options, progress, shard, parts if merge else None)
    _print_build(result, options.out_dir)


def _replaced_by(shard, previous, merge, plan_shards) -> str | None:
    """Say which deprecated flags were given and the command to use instead, or None when none was."""
    given = {
        "--plan-shards": plan_shards is not None,
        "--shard": shard is not None,
        "--previous": previous is not None,
        "--merge": merge,
    }
    flags = [flag for flag, used in given.items() if used]
    if not flags:
        return None
    since = " --previous SITE" if previous is not None else ""
    commands = {
        "--plan-shards": "briefgen shard plan --shards N",
        "--shard": f"briefgen shard build K/N{since}",
        "--previous": "briefgen shard build K/N --previous SITE",
        "--merge": "briefgen shard merge PART...",
    }
    uses = dict.fromkeys(commands[flag] for flag in flags)
    return f"{' and '.join(flags)} {'is' if len(flags) == 1 else 'are'} deprecated: use {' or '.join(uses)}"


def _sharding_conflict(parts, shard, previous, merge, plan_shards, only) -> str | None:
    """Say what is wrong with a combination of the deprecated sharding flags, or None."""
    chosen = [name for name, given in [("--shard", shard), ("--merge", merge), ("--plan-shards", plan_shards)] if given]
    if len(chosen) > 1:
        return f"{' and '.join(chosen)} do different things; give one"
    if parts and not merge:
        return f"unexpected argument '{parts[0]}'; parts are given to --merge"
    if previous is not None and not shard:
        return "--previous goes with --shard; a build or a merge takes the previous site from --out"
    if only and (shard or merge):
        return f"{chosen[0]} builds the whole site; it cannot be combined with --only"
    return None


def _run_sharding_flag(options, progress, shard: str | None, merge: list[Path] | None) -> BuildResult:
    """Build one shard's part, the site from the parts, or (given neither) the site, as build's flags did."""
    if shard:
        from briefgen.shards.part import build_part

        return build_part(_project_here(), options, shard, progress)
    if merge is not None:
        from briefgen.shards.merge import merge_parts

        return merge_parts(_project_here(), options, merge, progress)
    return briefgen.build(_project_here(), options, progress, on_wait=lambda line: typer.echo(line, err=True))


# The version of a brief a command reads, when it is written in several languages.
LANGUAGE_OPTION = typer.Option(
    "--language", metavar="LANG", help="The version in this language (default: the project's language)."
)


@app.command()
@failing_cleanly
def history(
    brief_id: Annotated[str, typer.Argument(metavar="ID", help="The brief's id.")],
    language: Annotated[str | None, LANGUAGE_OPTION] = None,
) -> None:
    """List a brief's editions from git history, oldest first, the working tree last, each with what changed."""
    from briefgen.editions.review import brief_history

    for listed in brief_history(_project_here(), brief_id, language):
        typer.echo(listed.line())


@app.command()
@failing_cleanly
def diff(
    brief_id: Annotated[str, typer.Argument(metavar="ID", help="The brief's id.")],
    older: Annotated[
        str | None, typer.Option("--from", metavar="AS_OF", help="Edition to compare from (default: the last one).")
    ] = None,
    newer: Annotated[
        str | None, typer.Option("--to", metavar="AS_OF", help="Edition to compare to (default: the working tree).")
    ] = None,
    language: Annotated[str | None, LANGUAGE_OPTION] = None,
) -> None:
    """Say what changed in a brief between two editions, item by item, as readers will see it."""
    from briefgen.editions.review import brief_changes

    comparison = brief_changes(_project_here(), brief_id, older, newer, language)
    if comparison.note:
        typer.echo(comparison.note)
    typer.echo(comparison.header)
    for line in comparison.lines or ["Nothing changed."]:
        typer.echo(f"  {line}")


def run() -> None:
    """Entry point of the console script."""
    try:
        app()
    except BriefgenError as error:  # pragma: no cover - every command is wrapped in failing_cleanly
        print_error(error)
        sys.exit(1)
