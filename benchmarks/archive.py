"""What a large archive costs: the figures `python benchmarks/build.py --archive` prints.

HTML only unless said: the full build (seconds, briefs per second, peak
memory), the rebuild after editing one sheet, the no-op rebuild and
``briefgen check briefs/``, each with its CPU time (the build's workers
included). With ``--pdf-archive`` the archive is also built with every PDF,
then the edit is timed again with its PDF (costly: every PDF is rendered once).

The briefs come from ``synthetic.py``: valid, and varied in countries, tags,
dates and length, so listings hold from one brief to hundreds. Every command
runs through the real command line in a fresh interpreter (cold CLI each
time); figures are the median of ``--repeat`` rounds. ``--against DIR`` runs
each figure with the briefgen checked out in DIR too (say ``git archive main |
tar -x -C DIR``), round by round in turn so both see the same machine load,
and gives the ratios. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

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
from synthetic import edit_sheet, make_project  # noqa: E402


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
class Run:
    """One finished command: wall time, CPU time (its own and its workers'), peak memory, last line."""

    seconds: float
    cpu_seconds: float
    peak_rss_kb: int
    workers_rss_kb: int  # every worker's peak, summed (pages a fork shares with its parent count twice)
    last_line: str


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

    def run(self, *args: str) -> Run:
        """Run one briefgen command in a fresh interpreter and measure it; stop the benchmark if it fails."""
        command = [sys.executable, "-m", "briefgen", *args]
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            started = time.perf_counter()
            process = subprocess.Popen(command, cwd=self.project, stdout=out, stderr=err, env=self.environment())
            with PeakWorkerRss(process.pid) as monitor:
                # wait4 gives this child's own peak RSS (the largest of it and its children) and CPU times.
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
        return Run(elapsed, cpu, usage.ru_maxrss, sum(monitor.peaks.values()), last)

    def build(self, *args: str) -> Run:
        return self.run("build", "--out", "site", *args)

    def remove_site(self) -> None:
        shutil.rmtree(self.project / "site", ignore_errors=True)


def archive_round(briefgen: Briefgen, round_number: int, published: int) -> dict[str, float]:
    """Time each HTML figure of the archive once: full build, no-op, one edit, check."""
    briefgen.remove_site()
    full = briefgen.build("--no-pdf")
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


def measure_rounds(briefgens: list[Briefgen], published: int, repeat: int, pdf_archive: bool) -> list[dict]:
    """Take every archive figure `repeat` times per briefgen, in turn; return each one's runs by figure."""
    runs: list[dict[str, list[float]]] = [{} for _ in briefgens]
    for round_number in range(repeat):
        for index, briefgen in enumerate(briefgens):
            print(f"round {round_number + 1}, {briefgen.name}, load average {os.getloadavg()}", file=sys.stderr)
            for figure, value in archive_round(briefgen, round_number, published).items():
                runs[index].setdefault(figure, []).append(value)
    if pdf_archive:  # the briefgen under test only: every PDF of the archive takes long enough once
        briefgens[0].remove_site()
        runs[0]["full_pdf_build_s"] = [briefgens[0].build().seconds]
        for round_number in range(repeat):
            for figure, value in pdf_archive_round(briefgens[0], repeat + round_number).items():
                runs[0].setdefault(figure, []).append(value)
    return runs


def published_count(project: Path) -> int:
    return sum("\nstatus: published\n" in p.read_text(encoding="utf-8") for p in (project / "briefs").glob("*.yaml"))


def measure_archive(folder: Path, count: int, repeat: int, pdf_archive: bool, against: Path | None) -> dict:
    """Build an archive of ``count`` synthetic briefs in ``folder`` and take its figures (and another briefgen's)."""
    briefgens = [Briefgen("current", make_project(folder / "current", count))]
    if against is not None:
        briefgens.append(Briefgen("against", make_project(folder / "against", count), against.resolve()))
    published = published_count(briefgens[0].project)
    figures: dict = {"briefs": count, "published": published, "jobs": os.cpu_count()}
    figures["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
    runs = measure_rounds(briefgens, published, repeat, pdf_archive)
    medians = [{figure: round(statistics.median(values), 3) for figure, values in mine.items()} for mine in runs]
    figures["archive"] = medians[0]
    figures["archive_runs"] = {figure: [round(v, 3) for v in values] for figure, values in runs[0].items()}
    if against is not None:
        theirs = medians[1]
        ratios = {k: round(v / theirs[k], 3) for k, v in medians[0].items() if k in theirs}
        figures["against"] = {"source": str(against), "archive": theirs, "ratio": ratios}
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return figures
