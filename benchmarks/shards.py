"""What a print-template change costs over the CI matrix, against one job: issue 22's "Beyond one machine".

Usage: python benchmarks/shards.py [--briefs N] [--shards N] [--keep DIR] [--no-pdf] [--no-single] [--json PATH]

It runs ``.ci/publish`` as the jobs of ``.github/workflows/publish.yml`` run it: the plan,
the single build, each ``shard K/N`` and the merge, each in a fresh copy of the project with
the previous site restored into ``site/`` (the Actions cache) and the merge given every
shard's ``part/`` under ``parts/`` (the artifacts). Jobs run one after another, so each has
the machine to itself as a runner would, under ``nice -n 5`` since the machine is shared.
Each job's wall time and CPU time (user + sys of it and every process it reaped, from
``os.wait4``) are recorded with the load average before it. The matrix takes plan + the
slowest shard + merge of wall time, since the workflow waits for every shard; its CPU is
what all its jobs spend. The merged site must be the one job's site, byte for byte.

The setup is done once and kept with ``--keep DIR`` (reused when DIR holds it): the
synthetic archive (``synthetic.py``) and its site built by ``.ci/publish single``, every
PDF included. The change, as a commit every job checks out: ``briefgen theme export --file
print/brief.css`` and one rule more, so every PDF is stale and nothing else is.

``--no-pdf`` is for archives too large to print here (10,000 briefs), to measure the serial
parts: the previous site is HTML only, the change is a comment in ``brief.html`` (every
brief page is stale), and briefgen gets ``--no-pdf`` on every command ``.ci/publish`` runs,
through a wrapper named in ``BRIEFGEN``. ``--no-single`` skips the one job (and the
byte-for-byte check).

Cold as on a runner: no ``.briefgen/`` template cache in any copy. briefgen is
byte-compiled first: this machine sets PYTHONDONTWRITEBYTECODE=1 (see ``archive.py``).
Copying the project and sites (the checkout, cache restore and artifacts) is not timed;
the sizes of the site and of the parts are given instead. Not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import byte_compile, published_count  # noqa: E402
from synthetic import make_project  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PUBLISH = REPO / ".ci" / "publish"
BRIEFGEN = Path(sys.executable).parent / "briefgen"
# The same in every job, as the workflow's env gives it: settings are part of what a merge checks.
BASE_URL = "https://example.org/briefs/"
PRINT_RULE = "\n/* benchmarks/shards.py: a print-template change. */\nh1 { letter-spacing: 0.005em; }\n"
PAGE_COMMENT = "\n{# benchmarks/shards.py: a page-template change. #}\n"


@dataclass
class Job:
    """One job's run of .ci/publish: its wall and CPU seconds, the load average before it, its last line."""

    name: str
    wall_s: float
    cpu_s: float
    load_before: float
    last_line: str


class Jobs:
    """Run .ci/publish steps in copies of a project, one job at a time, as the workflow's jobs would."""

    def __init__(self, project: Path, previous_site: Path, runs: Path, shards: int, pdf: bool):
        self.project, self.previous_site, self.runs = project, previous_site, runs
        self.env = {**os.environ, "BRIEFGEN": str(self.briefgen(pdf)), "SHARDS": str(shards)}
        self.env |= {"FAN_OUT_ABOVE": "40", "BRIEFGEN_BASE_URL": BASE_URL}
        self.ran: list[Job] = []

    def briefgen(self, pdf: bool) -> Path:
        """Give .ci/publish this briefgen, or (for --no-pdf) one that adds --no-pdf to every command."""
        if pdf:
            return BRIEFGEN
        wrapper = self.runs / "briefgen-no-pdf"
        wrapper.write_text(f'#!/bin/sh\nexec "{BRIEFGEN}" "$@" --no-pdf\n', encoding="utf-8")
        wrapper.chmod(0o755)
        return wrapper

    def checkout(self, name: str, site: bool = True) -> Path:
        """Give a job its own copy of the project, with the previous site restored as the cache restores it."""
        folder = self.runs / name
        shutil.copytree(self.project, folder, ignore=shutil.ignore_patterns("site", ".briefgen"))
        if site:
            shutil.copytree(self.previous_site, folder / "site", symlinks=True)
        return folder

    def run(self, name: str, checkout: Path, *args: str) -> Job:
        """Run one .ci/publish step in a checkout, niced, and measure it; stop the benchmark if it fails."""
        load = os.getloadavg()[0]
        log = self.runs / f"{name.replace('/', '-')}.log"
        with log.open("w+", encoding="utf-8") as out:
            started = time.perf_counter()
            process = subprocess.Popen(
                ["nice", "-n", "5", str(PUBLISH), *args], cwd=checkout, env=self.env, stdout=out, stderr=out
            )
            _, status, usage = os.wait4(process.pid, 0)  # counts every process it reaped: briefgen, its workers
            wall = time.perf_counter() - started
            out.seek(0)
            lines = out.read().strip().splitlines()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f".ci/publish {' '.join(args)} failed:\n" + "\n".join(lines[-20:]))
        job = Job(name, round(wall, 2), round(usage.ru_utime + usage.ru_stime, 2), round(load, 2), lines[-1])
        print(f"{name}: {wall:.2f} s wall, {job.cpu_s} s CPU, load {load:.2f}; {job.last_line}", file=sys.stderr)
        self.ran.append(job)
        return job


def set_up(folder: Path, briefs: int, pdf: bool) -> Path:
    """Make the archive and its published site once (the slow part with PDFs); reuse them when already there."""
    project = folder / "project"
    if (project / "site" / ".briefgen-manifest.json").is_file():
        print(f"reusing the archive and its site in {project}", file=sys.stderr)
        return project
    shutil.rmtree(project, ignore_errors=True)
    make_project(project, briefs)
    Jobs(project, project / "site", folder, 1, pdf).run("setup: the previous site", project, "single")
    return project


def change_theme(project: Path, changed: Path, pdf: bool) -> None:
    """Copy the project (no site) and commit a theme change to it: the print stylesheet, or the brief page."""
    shutil.copytree(project, changed, ignore=shutil.ignore_patterns("site", ".briefgen"))
    name, addition = ("print/brief.css", PRINT_RULE) if pdf else ("brief.html", PAGE_COMMENT)
    subprocess.run([BRIEFGEN, "theme", "export", "--file", name], cwd=changed, check=True, capture_output=True)
    with (changed / "templates" / name).open("a", encoding="utf-8") as file:
        file.write(addition)


def run_matrix(jobs: Jobs) -> tuple[dict, list[Job], Job, Path]:
    """Run the plan, every shard and the merge as their jobs do; return the plan, the shards, the merge, its site."""
    planned = jobs.run("plan", jobs.checkout("plan"), "plan")
    plan = json.loads(planned.last_line)
    if not plan["fan_out"]:
        raise SystemExit(f"the plan does not fan out: {planned.last_line}")
    merge = jobs.checkout("merge")
    shards = []
    for index, shard in enumerate(plan["shards"], start=1):
        checkout = jobs.checkout(f"shard-{index}")
        shards.append(jobs.run(f"shard {shard}", checkout, "shard", shard))
        shutil.copytree(checkout / "part", merge / "parts" / f"part-{index}")  # upload, then download
        shutil.rmtree(checkout)
    parts = sorted(f"parts/{part.name}" for part in (merge / "parts").iterdir())
    return plan, shards, jobs.run("merge", merge, "merge", *parts), merge


def file_digests(folder: Path) -> dict[str, str]:
    """Hash every file under a folder by its relative path: what 'byte for byte the same site' compares."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differing_files(merged: Path, single: Path) -> list[str]:
    """Name the files (at most ten) that the merged site and the one job's site do not have alike."""
    mine, theirs = file_digests(merged), file_digests(single)
    return sorted(name for name in mine.keys() | theirs.keys() if mine.get(name) != theirs.get(name))[:10]


def parts_of(merge: Path) -> list[dict]:
    """Say what each part holds: its PDFs, its files and their size, what the artifacts carry."""
    found = []
    for part in sorted((merge / "parts").iterdir()):
        files = [path for path in part.rglob("*") if path.is_file()]
        pdfs = sum(path.suffix == ".pdf" for path in files)
        found.append({"part": part.name, "pdfs": pdfs, "files": len(files), "mb": megabytes(files)})
    return found


def megabytes(files: list[Path]) -> float:
    return round(sum(path.stat().st_size for path in files) / 1e6, 1)


def figures_of(plan: dict, shards: list[Job], merge: Job, single: Job | None, plan_job: Job) -> dict:
    """Put the matrix (plan + slowest shard + merge) beside the one job, wall and CPU."""
    slowest = max(shards, key=lambda job: job.wall_s)
    heaviest = max(shards, key=lambda job: job.cpu_s)
    matrix = {
        "wall_s": round(plan_job.wall_s + slowest.wall_s + merge.wall_s, 2),
        "critical_path_cpu_s": round(plan_job.cpu_s + heaviest.cpu_s + merge.cpu_s, 2),
        "total_cpu_s": round(plan_job.cpu_s + sum(job.cpu_s for job in shards) + merge.cpu_s, 2),
    }
    if single is not None:
        matrix["wall_over_one_job"] = round(matrix["wall_s"] / single.wall_s, 3)
        matrix["critical_path_cpu_over_one_job"] = round(matrix["critical_path_cpu_s"] / single.cpu_s, 3)
        matrix["total_cpu_over_one_job"] = round(matrix["total_cpu_s"] / single.cpu_s, 3)
    return {"plan": plan, "matrix": matrix}


def print_table(jobs: list[Job], matrix: dict, parts: list[dict]) -> None:
    """Print every job and the matrix's totals as a Markdown table."""
    pdfs = {f"shard {n + 1}/{len(parts)}": part["pdfs"] for n, part in enumerate(parts)}
    print("| job | wall (s) | CPU (s) | load before | PDFs |")
    print("| --- | --- | --- | --- | --- |")
    for job in jobs:
        print(f"| {job.name} | {job.wall_s} | {job.cpu_s} | {job.load_before} | {pdfs.get(job.name, '')} |")
    print(f"| matrix: plan + slowest shard + merge | {matrix['wall_s']} | {matrix['critical_path_cpu_s']} | | |")
    print(f"| matrix: every job | | {matrix['total_cpu_s']} | | |")
    for name in ("wall_over_one_job", "critical_path_cpu_over_one_job", "total_cpu_over_one_job"):
        if name in matrix:
            print(f"{name.replace('_', ' ')}: {matrix[name]}")


def measure(folder: Path, args: argparse.Namespace) -> dict:
    """Set up (or reuse) the archive, change the theme, run the matrix and the one job, compare their sites."""
    byte_compile(REPO)
    project = set_up(folder, args.briefs, not args.no_pdf)
    runs = folder / "runs"
    shutil.rmtree(runs, ignore_errors=True)
    runs.mkdir()
    change_theme(project, runs / "changed", not args.no_pdf)
    jobs = Jobs(runs / "changed", project / "site", runs, args.shards, not args.no_pdf)
    load_before = [round(x, 2) for x in os.getloadavg()]
    plan, shards, merge, merged = run_matrix(jobs)
    single = None if args.no_single else jobs.run("one job", jobs.checkout("one-job"), "single")
    figures = {"briefs": args.briefs, "published": published_count(project), "pdf": not args.no_pdf}
    figures |= {"load_average_before": load_before, "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    figures |= figures_of(plan, shards, merge, single, jobs.ran[0])
    figures["parts"] = parts_of(merged)
    figures["site_mb"] = megabytes([path for path in (merged / "site").rglob("*") if path.is_file()])
    if single is not None:
        figures["differing_files"] = differing_files(merged / "site", runs / "one-job" / "site")
    figures["jobs"] = [asdict(job) for job in jobs.ran]
    print_table(jobs.ran, figures["matrix"], figures["parts"])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=1000, help="synthetic briefs in the archive (default 1000)")
    parser.add_argument("--shards", type=int, default=4, help="shards of the matrix, the workflow's SHARDS (4)")
    parser.add_argument("--keep", type=Path, help="keep the archive and its site here, and reuse them when there")
    parser.add_argument("--no-pdf", action="store_true", help="HTML only: a page-template change, --no-pdf builds")
    parser.add_argument("--no-single", action="store_true", help="skip the one job and the byte-for-byte check")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = measure(args.keep.resolve(), args)
    else:
        with tempfile.TemporaryDirectory(prefix="briefgen-shards-") as folder:
            figures = measure(Path(folder), args)
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if figures.get("differing_files"):
        raise SystemExit(f"the merged site differs from the one job's: {', '.join(figures['differing_files'])}")
    if "differing_files" in figures:
        print("the merged site is the one job's, byte for byte", file=sys.stderr)


if __name__ == "__main__":
    main()
