"""Benchmark the build on N synthetic briefs and print one JSON object of figures.

Usage: python benchmarks/build.py [--briefs N] [--figures archive,pdf,publish] [--repeat R]
                                  [--pdf-archive] [--against DIR] [--keep]

Three groups of figures:

- ``archive``: what a large archive costs, HTML only unless said: the full
  build (seconds, briefs per second, peak memory), the rebuild after editing
  one sheet, the no-op rebuild and ``briefgen check briefs/``. With
  ``--pdf-archive`` the archive is also built with every PDF, then the edit
  is timed again with its PDF (costly: every PDF is rendered once).
- ``pdf``: the PDF renderer per brief: serial and parallel builds, raw
  WeasyPrint on the same HTML, peak worker memory.
- ``publish``: what the publish workflow does, PDFs included: a cold build,
  then a build after a one-brief edit with the last site restored.

The briefs come from ``synthetic.py``: valid, varied in countries, tags and
dates; the archive's vary in length too, while the PDF and publish figures
use long briefs only (5 to 8 printed pages), as they always have. Projects
have no templates/ of their own: they use the built-in theme, as a fresh
``briefgen init`` project does. Every command runs through the real command
line in a fresh interpreter, as a user runs it (cold CLI each time); archive
figures are the median of ``--repeat`` rounds. ``--against DIR`` runs each
archive figure with the briefgen checked out in DIR too (say ``git archive
main | tar -x -C DIR``), round by round in turn so both see the same load,
and prints the ratios. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import REPO, edit_sheet, make_project  # noqa: E402


@dataclass
class Run:
    """One finished command: wall time, CPU time (its own and its workers'), peak memory, last line."""

    seconds: float
    cpu_seconds: float
    peak_rss_kb: int
    worker_rss_kb: int  # the largest worker's peak
    workers_rss_kb: int  # every worker's peak, summed (pages a fork shares with its parent count twice)
    last_line: str


class PeakWorkerRss:
    """Sample the peak resident memory (VmHWM) of a process's children while it runs."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        while not self.stop.wait(0.05):
            for child in children_of(self.pid):
                peak = vm_hwm_kb(child)
                if peak:
                    self.peaks[child] = max(peak, self.peaks.get(child, 0))

    def __enter__(self) -> PeakWorkerRss:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


def vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Briefgen:
    """A briefgen to time: this checkout, or another one put first on PYTHONPATH, with a project of its own."""

    name: str
    project: Path
    source: Path | None = None

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.source is not None:
            env["PYTHONPATH"] = str(self.source)
        return env

    def run(self, *args: str, workers: bool = False) -> Run:
        """Run one briefgen command in a fresh interpreter and measure it; stop the benchmark if it fails."""
        command = [sys.executable, "-m", "briefgen", *args]
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            started = time.perf_counter()
            process = subprocess.Popen(command, cwd=self.project, stdout=out, stderr=err, env=self.environment())
            monitor = PeakWorkerRss(process.pid)
            with monitor if workers else _Nothing():
                # wait4 gives this child's own peak RSS (the largest of it and its children).
                _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            said = err.read().strip().splitlines()
            out.seek(0)
            lines = out.read().strip().splitlines() or said
        if process.returncode != 0:
            raise SystemExit(f"{self.name}: briefgen {' '.join(args)} failed:\n" + "\n".join(said[-20:]))
        last = lines[-1] if lines else ""
        print(f"{self.name}: briefgen {' '.join(args)}: {elapsed:.2f} s; {last}", file=sys.stderr)
        cpu = usage.ru_utime + usage.ru_stime  # wait4 counts the children it reaped: the build's workers
        peaks = monitor.peaks.values()
        return Run(elapsed, cpu, usage.ru_maxrss, max(peaks, default=0), sum(peaks), last)

    def build(self, *args: str, workers: bool = False) -> Run:
        return self.run("build", "--out", "site", *args, workers=workers)

    def remove_site(self) -> None:
        shutil.rmtree(self.project / "site", ignore_errors=True)


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


# --- archive figures ---------------------------------------------------------


def archive_round(briefgen: Briefgen, round_number: int, published: int) -> dict[str, float]:
    """Time each HTML figure of the archive once: full build, no-op, one edit, check."""
    briefgen.remove_site()
    full = briefgen.build("--no-pdf", workers=True)
    noop = briefgen.build("--no-pdf")
    edit_sheet(briefgen.project, round_number)
    edit = briefgen.build("--no-pdf")
    check = briefgen.run("check", "briefs/")
    return {
        "full_html_build_s": full.seconds,
        "full_html_briefs_per_s": published / full.seconds,
        "full_html_peak_rss_mb": full.peak_rss_kb / 1024,
        "full_html_total_rss_mb": (full.peak_rss_kb + full.workers_rss_kb) / 1024,
        "noop_rebuild_s": noop.seconds,
        "edit_one_rebuild_s": edit.seconds,
        "check_s": check.seconds,
        "full_html_cpu_s": full.cpu_seconds,
        "noop_rebuild_cpu_s": noop.cpu_seconds,
        "edit_one_rebuild_cpu_s": edit.cpu_seconds,
        "check_cpu_s": check.cpu_seconds,
    }


def pdf_archive_round(briefgen: Briefgen, round_number: int) -> dict[str, float]:
    """Time an edit with its PDF and a no-op on an archive already built with every PDF."""
    edit_sheet(briefgen.project, round_number)
    edit = briefgen.build()
    noop = briefgen.build()
    return {
        "edit_one_with_pdf_rebuild_s": edit.seconds,
        "noop_rebuild_with_pdfs_s": noop.seconds,
        "edit_one_with_pdf_rebuild_cpu_s": edit.cpu_seconds,
    }


def measure_archive(briefgens: list[Briefgen], published: int, repeat: int, pdf_archive: bool) -> list[dict]:
    """Take every archive figure `repeat` times per briefgen, in turn; return each one's medians and runs."""
    runs: list[dict[str, list[float]]] = [{} for _ in briefgens]
    for round_number in range(repeat):
        for index, briefgen in enumerate(briefgens):
            print(f"round {round_number + 1}, {briefgen.name}, load average {os.getloadavg()}", file=sys.stderr)
            for figure, value in archive_round(briefgen, round_number, published).items():
                runs[index].setdefault(figure, []).append(value)
    if pdf_archive:  # this briefgen only: every PDF of the archive takes long enough once
        briefgens[0].remove_site()
        runs[0]["full_pdf_build_s"] = [briefgens[0].build().seconds]
        for round_number in range(repeat):
            for figure, value in pdf_archive_round(briefgens[0], repeat + round_number).items():
                runs[0].setdefault(figure, []).append(value)
    return [
        {
            "median": {figure: round(statistics.median(values), 3) for figure, values in figures.items()},
            "runs": {figure: [round(v, 3) for v in values] for figure, values in figures.items()},
        }
        for figures in runs
    ]


# --- PDF figures -------------------------------------------------------------


def pdf_digests(project: Path) -> dict[str, int]:
    return {p.name: hash(p.read_bytes()) for p in sorted((project / "site" / "briefs").glob("*/*.pdf"))}


def raw_weasyprint_seconds(project_root: Path, sample: int = 20) -> dict[str, float]:
    """Time a plain HTML(string=..., base_url=...).write_pdf() of briefgen's print HTML, per brief.

    Every brief is timed once untagged (the issue's baseline). On a sample, the
    same HTML is also timed tagged, and briefgen's own warmed render_brief_pdf
    interleaved with it, so the renderers compare under the same machine load.
    """
    sys.path.insert(0, str(REPO))
    import weasyprint

    from briefgen.config import Project
    from briefgen.pdf import render as pdf
    from briefgen.sheet.loader import read_sheet

    project = Project.discover(project_root)
    css_href = pdf.stylesheet_path(project).resolve().as_uri()
    sheets = [read_sheet(path, project).sheet for path in sorted(project.briefs_dir.glob("*.yaml"))]
    pages = [pdf.render_print_html(sheet, project, stylesheet_href=css_href) for sheet in sheets]
    base = pdf.base_url(project)
    weasyprint.HTML(string=pages[0], base_url=base).write_pdf()
    plain = [timed(lambda html=html: weasyprint.HTML(string=html, base_url=base).write_pdf()) for html in pages]
    picked = list(range(0, len(pages), max(1, len(pages) // sample)))[:sample]
    pdf.warm_up(project)
    again, tagged, warmed = [], [], []
    for index in picked:
        html, sheet = pages[index], sheets[index]
        again.append(timed(lambda html=html: weasyprint.HTML(string=html, base_url=base).write_pdf()))
        tagged.append(
            timed(lambda html=html: weasyprint.HTML(string=html, base_url=base).write_pdf(pdf_variant="pdf/ua-1"))
        )
        warmed.append(timed(lambda sheet=sheet: pdf.render_brief_pdf(sheet, project)))
    return {
        "plain": sum(plain) / len(plain),
        "plain_sample": sum(again) / len(again),
        "tagged_sample": sum(tagged) / len(tagged),
        "briefgen_sample": sum(warmed) / len(warmed),
    }


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure_pdf(briefgen: Briefgen, count: int) -> dict:
    """Time PDF builds: serial, parallel, raw WeasyPrint, no-op and one edit, HTML only, worker memory."""
    project = briefgen.project
    briefgen.remove_site()
    serial = briefgen.build("--force", "--jobs", "1").seconds
    raw = raw_weasyprint_seconds(project)
    parallel_run = briefgen.build("--force", workers=True)
    parallel = parallel_run.seconds
    before = pdf_digests(project)
    noop = briefgen.build().seconds
    edit_sheet(project, 999)
    edit_one = briefgen.build().seconds
    after = pdf_digests(project)
    changed = sorted(name for name in after if after[name] != before.get(name))
    print(f"PDFs changed by editing one sheet: {changed}", file=sys.stderr)
    briefgen.remove_site()
    html_only = briefgen.build("--no-pdf").seconds
    plain = raw["plain"]
    return {
        "serial_s_per_brief": round(serial / count, 4),
        "parallel_s_per_brief": round(parallel / count, 4),
        "speedup": round(serial / parallel, 2),
        "noop_rebuild_s": round(noop, 3),
        "edit_one_rebuild_s": round(edit_one, 3),
        "html_only_s": round(html_only, 3),
        "peak_rss_mb_per_worker": round(parallel_run.worker_rss_kb / 1024, 1),
        "raw_weasyprint_s_per_brief": round(plain, 4),
        "overhead_ratio": round(serial / count / plain, 3),
        "sample_raw_s_per_brief": round(raw["plain_sample"], 4),
        "sample_raw_tagged_s_per_brief": round(raw["tagged_sample"], 4),
        "sample_render_brief_pdf_s_per_brief": round(raw["briefgen_sample"], 4),
    }


def measure_publish(briefgen: Briefgen) -> dict:
    """Time what the publish workflow does: a cold build, then one after a one-brief edit with the site kept."""
    briefgen.remove_site()
    cold = briefgen.build().seconds
    edit_sheet(briefgen.project, 1000)
    after_edit = briefgen.build().seconds
    return {
        "publish_cold_s": round(cold, 2),
        "publish_after_one_edit_s": round(after_edit, 2),
        "cold_over_one_edit": round(cold / after_edit, 1),
    }


# --- main ------------------------------------------------------------------------


def published_count(project: Path) -> int:
    return sum("\nstatus: published\n" in p.read_text(encoding="utf-8") for p in (project / "briefs").glob("*.yaml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=200, help="how many synthetic briefs (default 200)")
    parser.add_argument("--figures", default="archive,pdf", help="any of archive,pdf,publish (default archive,pdf)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each archive figure (default 3)")
    parser.add_argument("--pdf-archive", action="store_true", help="also build the archive with PDFs; time an edit")
    parser.add_argument("--against", type=Path, help="a briefgen checkout to compare with, round by round")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print their path")
    args = parser.parse_args()
    groups = set(args.figures.split(","))
    folder = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    try:
        project = make_project(folder / "current", args.briefs)
        briefgens = [Briefgen("current", project)]
        if args.against:
            other = args.against.resolve()
            briefgens.append(Briefgen("against", make_project(folder / "against", args.briefs), other))
        published = published_count(project)
        figures: dict = {"briefs": args.briefs, "published": published, "jobs": os.cpu_count()}
        figures["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
        if "archive" in groups:
            measured = measure_archive(briefgens, published, args.repeat, args.pdf_archive)
            figures["archive"], figures["archive_runs"] = measured[0]["median"], measured[0]["runs"]
            if args.against:
                theirs = measured[1]["median"]
                figures["against"] = {
                    "source": str(args.against),
                    "archive": theirs,
                    "archive_runs": measured[1]["runs"],
                }
                ratios = {k: round(v / theirs[k], 3) for k, v in figures["archive"].items() if k in theirs}
                figures["against"]["ratio"] = ratios
        if groups & {"pdf", "publish"}:  # long briefs only, as the PDF figures have always been taken
            printed = Briefgen("current", make_project(folder / "printed", args.briefs, varied=False))
            if "pdf" in groups:
                figures["pdf"] = measure_pdf(printed, args.briefs)
            if "publish" in groups:
                figures["publish"] = measure_publish(printed)
        figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        print(json.dumps(figures))
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
