"""What a large archive costs: the figures `python benchmarks/build.py --archive` prints, beside their targets.

For each archive asked for (``--briefs N ...`` synthetic briefs from ``synthetic.py``,
and ``--example N`` copies of the example brief, six countries each, so a larger map)
it takes the figures of issue 22's table: the full HTML build (briefs per second and
seconds), the rebuild after editing one sheet, the same with its PDF, the no-op
rebuild (cold CLI), ``briefgen check briefs/`` and the peak memory of the full build
summed over all its processes. Every command runs through the real command line in
a fresh interpreter; figures are the median of ``--repeat`` rounds.

The edit with its PDF is measured on the HTML archive as ``build --only <edited id>``
after the edit: that brief's page and PDF are rendered, every other brief is carried
as it was. ``--pdf-archive`` also builds every PDF of the archive (costly) and times
the plain edit with its PDF on it.

Peak memory is sampled every 50 ms as the sum of the proportional set size (Pss) of
the build and all its workers, so pages a fork shares with its parent count once; the
sum of each process's own peak (VmHWM, shared pages counted in each) is given too.

``--against DIR`` (or ``--against-ref REF``, which exports that commit of this
repository and compiles its catalogs) runs each figure with that briefgen too, round
by round in turn so both see the same machine load, and gives the ratios (ours over
theirs). Before measuring, both checkouts are byte-compiled (compileall): this machine
sets PYTHONDONTWRITEBYTECODE=1, and without .pyc files every cold start would compile
briefgen's modules again. The variable is kept, so the measured processes read the
.pyc files and write none. Not a test: nothing here asserts a time.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import EDITED, edit_sheet, make_project  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "briefs" / "mali-ukraine-rupture.yaml"
EXAMPLE_SEED = REPO / "seeds" / "mali-ukraine-rupture.txt"
EXAMPLE_EDITED = "example-0000"
EXAMPLE_PHRASE = "**severed diplomatic relations with Ukraine**"


class PeakWorkerRss:
    """Sample a process tree while it runs: each child's peak (VmHWM) and the peak of the whole tree's Pss."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.tree_pss_kb = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        while not self.stop.wait(0.05):
            for child in children_of(self.pid):
                peak = vm_hwm_kb(child)
                if peak:
                    self.peaks[child] = max(peak, self.peaks.get(child, 0))
            self.tree_pss_kb = max(self.tree_pss_kb, sum(pss_kb(pid) for pid in [self.pid, *descendants(self.pid)]))

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


def descendants(pid: int) -> list[int]:
    found = []
    for child in children_of(pid):
        found += [child, *descendants(child)]
    return found


def vm_hwm_kb(pid: int) -> int:
    return _status_field(f"/proc/{pid}/status", "VmHWM:")


def pss_kb(pid: int) -> int:
    """Return a process's proportional set size: its private pages, and its share of each page it shares."""
    return _status_field(f"/proc/{pid}/smaps_rollup", "Pss:")


def _status_field(path: str, name: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


@dataclass
class Run:
    """One finished command: wall time, CPU time (its own and its workers'), memory, last line."""

    seconds: float
    cpu_seconds: float
    peak_rss_kb: int
    workers_rss_kb: int  # every worker's peak, summed (pages a fork shares with its parent count twice)
    tree_pss_kb: int  # the peak of the whole tree's Pss: what the build and its workers held at once
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
        return Run(elapsed, cpu, usage.ru_maxrss, sum(monitor.peaks.values()), monitor.tree_pss_kb, last)

    def build(self, *args: str) -> Run:
        return self.run("build", "--out", "site", *args)

    def remove_site(self) -> None:
        shutil.rmtree(self.project / "site", ignore_errors=True)


@dataclass(frozen=True)
class Archive:
    """A kind of archive to measure: how to make it, which brief the edits change, and how."""

    name: str
    count: int
    make: Callable[[Path, int], Path]
    edited: str
    edit: Callable[[Path, int], None]


def synthetic_archive(count: int) -> Archive:
    return Archive(f"{count:,} synthetic briefs", count, make_project, EDITED, edit_sheet)


def example_archive(count: int) -> Archive:
    return Archive(f"{count:,} copies of the example brief", count, make_example_project, EXAMPLE_EDITED, edit_example)


def make_example_project(folder: Path, count: int) -> Path:
    """Write a project of N copies of the example brief under ids example-0000..., all citing its one seed."""
    (folder / "briefs").mkdir(parents=True)
    (folder / "seeds").mkdir()
    (folder / "pyproject.toml").write_text('[tool.briefgen]\nsite_title = "Benchmark"\n', encoding="utf-8")
    shutil.copy(EXAMPLE_SEED, folder / "seeds" / EXAMPLE_SEED.name)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "\nid: mali-ukraine-rupture\n" in text and EXAMPLE_PHRASE in text
    for number in range(count):
        brief_id = f"example-{number:04d}"
        copy = text.replace("\nid: mali-ukraine-rupture\n", f"\nid: {brief_id}\n", 1)
        (folder / "briefs" / f"{brief_id}.yaml").write_text(copy, encoding="utf-8")
    return folder


def edit_example(project: Path, round_number: int) -> None:
    """Reword one key point of the first copy, differently each round (letters: a number would be a warning)."""
    path = project / "briefs" / f"{EXAMPLE_EDITED}.yaml"
    label = "".join(chr(ord("a") + int(digit)) for digit in str(round_number))
    text = path.read_text(encoding="utf-8")
    start = text.index(EXAMPLE_PHRASE) + len(EXAMPLE_PHRASE)
    end = text.index(" and will treat", start)
    path.write_text(text[:start] + f" (edit {label})" + text[end:], encoding="utf-8")


def archive_round(briefgen: Briefgen, archive: Archive, round_number: int, published: int) -> dict[str, float]:
    """Time each figure of the archive once: full HTML build, no-op, one edit, one edit with its PDF, check."""
    briefgen.remove_site()
    full = briefgen.build("--no-pdf")
    noop = briefgen.build("--no-pdf")
    archive.edit(briefgen.project, 2 * round_number)
    edit = briefgen.build("--no-pdf")
    archive.edit(briefgen.project, 2 * round_number + 1)
    edit_pdf = briefgen.build("--only", archive.edited)
    check = briefgen.run("check", "briefs/")
    return {
        "full_html_build_s": full.seconds,
        "full_html_briefs_per_s": published / full.seconds,
        "full_html_tree_pss_mb": full.tree_pss_kb / 1024,
        "full_html_peak_rss_mb": full.peak_rss_kb / 1024,
        "full_html_total_rss_mb": (full.peak_rss_kb + full.workers_rss_kb) / 1024,
        "noop_rebuild_s": noop.seconds,
        "edit_one_rebuild_s": edit.seconds,
        "edit_one_with_pdf_rebuild_s": edit_pdf.seconds,
        "check_s": check.seconds,
        "full_html_cpu_s": full.cpu_seconds,
        "noop_rebuild_cpu_s": noop.cpu_seconds,
        "edit_one_rebuild_cpu_s": edit.cpu_seconds,
        "edit_one_with_pdf_rebuild_cpu_s": edit_pdf.cpu_seconds,
        "check_cpu_s": check.cpu_seconds,
    }


def pdf_archive_round(briefgen: Briefgen, archive: Archive, round_number: int) -> dict[str, float]:
    """Time an edit with its PDF and a no-op on an archive already built with every PDF."""
    archive.edit(briefgen.project, round_number)
    edit = briefgen.build()
    noop = briefgen.build()
    return {
        "edit_one_with_pdf_on_pdf_archive_s": edit.seconds,
        "noop_rebuild_with_pdfs_s": noop.seconds,
        "edit_one_with_pdf_on_pdf_archive_cpu_s": edit.cpu_seconds,
    }


def measure_rounds(
    briefgens: list[Briefgen], archive: Archive, published: int, repeat: int, pdf_archive: bool
) -> list[dict]:
    """Take every archive figure `repeat` times per briefgen, in turn; return each one's runs by figure."""
    runs: list[dict[str, list[float]]] = [{} for _ in briefgens]
    for round_number in range(repeat):
        for index, briefgen in enumerate(briefgens):
            print(f"round {round_number + 1}, {briefgen.name}, load average {os.getloadavg()}", file=sys.stderr)
            for figure, value in archive_round(briefgen, archive, round_number, published).items():
                runs[index].setdefault(figure, []).append(value)
    if pdf_archive:
        for index, briefgen in enumerate(briefgens):
            briefgen.remove_site()
            runs[index]["full_pdf_build_s"] = [briefgen.build().seconds]
        for round_number in range(repeat):
            for index, briefgen in enumerate(briefgens):
                for figure, value in pdf_archive_round(briefgen, archive, 2 * repeat + round_number).items():
                    runs[index].setdefault(figure, []).append(value)
    return runs


def published_count(project: Path) -> int:
    return sum("\nstatus: published\n" in p.read_text(encoding="utf-8") for p in (project / "briefs").glob("*.yaml"))


def byte_compile(source: Path) -> None:
    """Compile a checkout's briefgen to .pyc, as an installed wheel would have it, before any cold start is timed."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", str(source / "briefgen")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def export_ref(ref: str, folder: Path) -> Path:
    """Put a commit of this repository in folder, with its catalogs compiled as `make` would: a baseline to run."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    env = {**os.environ, "PYTHONPATH": str(folder)}
    subprocess.run(
        [sys.executable, "-m", "briefgen.i18n.extract"], cwd=folder, env=env, check=True, capture_output=True
    )
    return folder


def measure_archive(folder: Path, archive: Archive, repeat: int, pdf_archive: bool, against: Path | None) -> dict:
    """Build the archive in ``folder`` and take its figures (and another briefgen's), with their targets."""
    byte_compile(REPO)
    briefgens = [Briefgen("current", archive.make(folder / "current", archive.count))]
    if against is not None:
        byte_compile(against)
        briefgens.append(Briefgen("against", archive.make(folder / "against", archive.count), against.resolve()))
    published = published_count(briefgens[0].project)
    figures: dict = {"archive": archive.name, "briefs": archive.count, "published": published}
    figures |= {"jobs": os.cpu_count(), "bytecode": "compiled (compileall), PYTHONDONTWRITEBYTECODE kept"}
    figures["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
    runs = measure_rounds(briefgens, archive, published, repeat, pdf_archive)
    medians = [{figure: round(statistics.median(values), 3) for figure, values in mine.items()} for mine in runs]
    figures["figures"] = medians[0]
    figures["runs"] = {figure: [round(v, 3) for v in values] for figure, values in runs[0].items()}
    if against is not None:
        theirs = medians[1]
        ratios = {k: round(v / theirs[k], 3) for k, v in medians[0].items() if theirs.get(k)}
        figures["against"] = {"source": str(against), "figures": theirs, "ratio": ratios}
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    for briefgen in briefgens:
        shutil.rmtree(briefgen.project, ignore_errors=True)  # 10,000 briefs and their sites take room
    return figures
