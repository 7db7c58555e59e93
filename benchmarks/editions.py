"""Benchmark editions on N synthetic briefs with E editions each in git; print one JSON object of figures.

Usage: python benchmarks/editions.py [--briefs N] [--editions E] [--keep]

The project is the synthetic one of benchmarks/build.py, committed E times: each
round moves every brief's as_of one day on and rewords a key point, so every
brief has E editions. Builds are HTML only (--no-pdf), through the real command
line in a fresh interpreter: the figures are what reading history adds, not
WeasyPrint. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import make_project, run_build  # noqa: E402  (the sibling benchmark's synthetic project)

FIRST_DAY = dt.date(2024, 7, 25)


def git(project: Path, *arguments: str, day: dt.date = FIRST_DAY) -> str:
    stamp = f"{day.isoformat()}T18:00:00+00:00"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    done = subprocess.run(["git", *arguments], cwd=project, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(arguments)} failed: {done.stderr}")
    return done.stdout


def next_edition(project: Path, day: dt.date) -> None:
    """Move every brief to the next day and reword its first key point, as a desk's round of updates would."""
    before = (day - dt.timedelta(days=1)).isoformat()
    for sheet in sorted((project / "briefs").glob("*.yaml")):
        text = sheet.read_text(encoding="utf-8")
        text = text.replace(f"as_of: '{before}'", f"as_of: '{day.isoformat()}'", 1)
        text = text.replace("Heavy fighting was", f"Heavy fighting was (update of {day.isoformat()})", 1)
        sheet.write_text(text, encoding="utf-8")


def make_history(project: Path, editions: int) -> None:
    (project / ".gitignore").write_text("site/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    for number in range(editions):
        day = FIRST_DAY + dt.timedelta(days=number)
        if number:
            next_edition(project, day)
        git(project, "add", "-A", day=day)
        git(project, "commit", "-q", "-m", f"round {number + 1}", day=day)


def timed_log(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["git", "log", "--first-parent", "--raw", "--no-abbrev", "-z", "--", "briefs", "seeds"],
        cwd=project,
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


def measure(project: Path, briefs: int, editions: int) -> dict:
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    first, _ = run_build(project, "--no-pdf")
    noop, _ = run_build(project, "--no-pdf")
    next_edition(project, FIRST_DAY + dt.timedelta(days=editions))
    new_edition, _ = run_build(project, "--no-pdf")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "briefgen", "diff", "bench-brief-0000"], cwd=project, capture_output=True, check=True
    )
    diff = time.perf_counter() - started
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)
    return {
        "briefs": briefs,
        "editions_per_brief": editions,
        "git_log_s": round(timed_log(project), 3),
        "first_build_html_s": round(first, 3),
        "noop_rebuild_s": round(noop, 3),
        "rebuild_after_a_new_edition_of_every_brief_s": round(new_edition, 3),
        "diff_one_brief_s": round(diff, 3),
        "manifest_kb": round((project / "site" / ".briefgen-manifest.json").stat().st_size / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=200, help="how many synthetic briefs (default 200)")
    parser.add_argument("--editions", type=int, default=5, help="committed editions per brief (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print its path")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="briefgen-bench-editions-"))
    try:
        project = make_project(folder / "project", args.briefs)
        make_history(project, args.editions)
        print(json.dumps(measure(project, args.briefs, args.editions)))
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
