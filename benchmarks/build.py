"""Benchmark the build on N synthetic briefs and print one JSON object of figures.

Usage: python benchmarks/build.py [--briefs N] [--publish] [--keep] [--fonttools] [--split-sample N]
       python benchmarks/build.py --archive [--briefs N ...] [--example N] [--repeat R] [--pdf-archive]
                                  [--against DIR | --against-ref REF] [--json PATH] [--keep]

``--archive`` prints what a large archive costs instead (see ``archive.py``):
for each archive (N synthetic briefs, for each N given, and N copies of the
example brief with ``--example N``), a table of issue 22's figures beside their
targets (the full HTML build, the rebuild after one edit and with its PDF, the
no-op rebuild, ``briefgen check`` and peak memory), with the baseline's figures
and the ratios when one is given; ``--json`` keeps every figure and round.

The briefs are synthetic but realistic: a dozen actors (some named in Cyrillic
or Arabic script), casualty tables long enough to break across pages,
reactions with quotes, a timeline and two sources whose seed texts contain
every quote, so each sheet passes `briefgen check`. The project has no
templates/ of its own: it uses the built-in theme, as a fresh `briefgen init`
project does. Builds run through the real command line in a subprocess, as a
user runs them (cold CLI each time). `--publish` measures only what the
publish workflow does: a cold build, then a build after a one-brief edit with
the last site restored. Not a test: nothing here asserts a time.

Times are given per brief and per PDF page, since briefs differ in length. The
render split times briefgen's own two steps on a sample of briefs, serially
and in parallel: layout (WeasyPrint's HTML, styles and pagination) and PDF
writing (drawing, font subsetting, compression). It runs each brief with
HarfBuzz-Subset and with WeasyPrint's fontTools fallback in the same run, so
their ratio holds whatever else the machine is doing. ``--fonttools`` forces
the fallback in every build too: the figures of a machine without
libharfbuzz-subset0.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import PeakWorkerRss, example_archive, export_ref, measure_archive, synthetic_archive  # noqa: E402
from targets import table  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
# Prepended to the CLI for --fonttools: workers are forked from this process, so they inherit the fallback.
FORCE_FONTTOOLS = (
    "import logging, weasyprint.pdf.fonts; weasyprint.pdf.fonts.harfbuzz_subset = None; "
    "logging.getLogger('weasyprint').setLevel(logging.ERROR); "
)
SUBSETTERS = ("harfbuzz", "fonttools")
COUNTRIES = ["ML", "BF", "NE", "TD", "SD", "LY", "DZ", "UA", "RU", "SY", "IQ", "YE", "SO", "ET", "SN", "NG"]
PLACES = ["Kidal", "Gao", "Ménaka", "Tessalit", "Djibo", "Agadez", "El Fasher", "Sabha", "Tinzaouatène", "Ansongo"]
ACTORS = [
    ("state", "Government of {country}"),
    ("armed_forces", "{country} armed forces"),
    ("armed_group", "Coalition of the {place} Movements"),
    ("armed_group", "{place} Self-Defence Group"),
    ("private_military_company", "Foreign contractors near {place}"),
    ("terrorist_organisation", "Islamic front of {place}"),
    ("ministry", "Ministry of Foreign Affairs of {country}"),
    ("person", "Алексей Смирнов"),
    ("person", "عمر الحسن"),
    ("international_organisation", "United Nations mission"),
    ("media", "Radio {place}"),
    ("civilians", "Residents of {place}"),
]
ARMED = {"armed_forces", "armed_group", "private_military_company", "terrorist_organisation", "civilians"}
CATEGORIES = ["killed", "wounded", "captured", "missing", "displaced"]
QUALIFIERS = {"exact": "", "approximately": "about ", "at_least": "at least ", "up_to": "up to "}
ACTIONS = ["condemns", "denies", "accuses", "warns", "calls_for", "statement", "reaffirms_support"]
SAYINGS = [
    "we will not accept violations of our sovereignty",
    "the attack was a grave breach of the ceasefire",
    "those responsible will be held to account",
    "civilians must be protected at all times",
    "we reject these accusations entirely",
]


class SyntheticBrief:
    """One synthetic fact sheet and the two seed texts that back every quote in it."""

    def __init__(self, number: int):
        self.rng = random.Random(number)
        self.id = f"bench-brief-{number:04d}"
        self.place = self.rng.choice(PLACES)
        self.countries = self.rng.sample(COUNTRIES, 4)
        self.seeds: dict[str, list[str]] = {"report": [], "statements": []}

    def cite(self, source: str, sentence: str, quote: str | None = None) -> list[dict]:
        """Put a sentence in a seed text and cite it (or a part of it)."""
        self.seeds[source].append(sentence)
        return [{"source": source, "quote": quote or sentence.rstrip(".")}]

    def actors(self) -> list[dict]:
        actors = []
        for index, (kind, pattern) in enumerate(ACTORS):
            country = self.countries[index % len(self.countries)]
            name = pattern.format(country=country, place=self.place)
            actor = {"id": f"actor-{index}", "name": name, "kind": kind, "role": f"{name} is a party in {self.place}."}
            if kind not in {"person", "media", "civilians", "international_organisation"}:
                actor["country"] = country
            if index:
                actor["opposed_to" if index % 2 else "allied_with"] = [f"actor-{index - 1}"]
            actor["cite"] = self.cite(
                "report", f"{name} was reported to be involved around {self.place} in {index + 2} incidents."
            )
            actors.append(actor)
        return actors

    def timeline(self) -> list[dict]:
        return [
            {
                "id": f"event-{day}",
                "date": f"2024-07-{day:02d}",
                "location": {"place": f"near {self.place}", "country": self.countries[0]},
                "description": f"Clashes are reported near {self.place} on day {day} of the offensive.",
                "cite": self.cite("report", f"Fighting broke out near {self.place} on {day} July, witnesses said."),
            }
            for day in range(10, 16)
        ]

    def casualties(self, actors: list[dict], events: list[dict]) -> list[dict]:
        armed = [a for a in actors if a["kind"] in ARMED]
        claims = []
        for index in range(self.rng.randint(22, 32)):
            party, claimant = self.rng.choice(armed), self.rng.choice(actors)
            category, qualifier = self.rng.choice(CATEGORIES), self.rng.choice(list(QUALIFIERS))
            figure, event = self.rng.randint(2, 400), self.rng.choice(events)
            sentence = (
                f"{claimant['name']} said that {QUALIFIERS[qualifier]}{figure} members of {party['name']} "
                f"were {category} in the clashes of day {event['id'][6:]} (report {index})."
            )
            claims.append(
                {
                    "party": party["id"],
                    "category": category,
                    "figure": figure,
                    "qualifier": qualifier,
                    "claimed_by": claimant["id"] if index % 5 else "unattributed",
                    "event": event["id"],
                    "credibility": self.rng.randint(2, 6),
                    "cite": self.cite("report", sentence),
                }
            )
        return claims

    def reactions(self, actors: list[dict]) -> list[dict]:
        reactions = []
        for index, actor in enumerate(self.rng.sample(actors, 6)):
            saying = self.rng.choice(SAYINGS)
            sentence = f"In a statement, {actor['name']} said: “{saying}”, according to its spokesperson ({index})."
            reactions.append(
                {
                    "actor": actor["id"],
                    "date": f"2024-07-{16 + index:02d}",
                    "action": self.rng.choice(ACTIONS),
                    "summary": f"{actor['name']} responds to the fighting near {self.place}.",
                    "quote": saying,
                    "cite": self.cite("statements", sentence),
                }
            )
        return reactions

    def statements(self, topics: list[str]) -> list[dict]:
        return [
            {
                "text": f"**{topic}** near {self.place}, the report says.",
                "cite": self.cite("report", f"{topic} near {self.place}."),
            }
            for topic in topics
        ]

    def sheet(self) -> dict:
        actors = self.actors()
        events = self.timeline()
        return {
            "id": self.id,
            "title": f"Fighting near {self.place} draws regional reactions ({self.id[-4:]})",
            "as_of": "2024-07-25",
            "status": "published",
            "region": "Sahel and North Africa",
            "countries": self.countries,
            "tags": ["armed-conflict", "benchmark"],
            "handling": "PUBLIC",
            "authors": ["benchmark desk"],
            "key_points": self.statements(
                ["Heavy fighting was reported", "Casualty claims conflict sharply", "Neighbours called for restraint"]
            ),
            "background": self.statements(
                [f"The conflict has lasted {n} months, local officials said" for n in range(6, 9)]
            ),
            "timeline": events,
            "actors": actors,
            "casualties": self.casualties(actors, events),
            "reactions": self.reactions(actors),
            "sources": [self.source("report"), self.source("statements")],
        }

    def source(self, name: str) -> dict:
        return {
            "id": name,
            "title": f"{name.title()} on the fighting near {self.place}",
            "publisher": "Benchmark Wire",
            "url": f"https://example.org/{self.id}/{name}",
            "published": "2024-07-24",
            "file": f"{self.id}-{name}.txt",
            "reliability": "B",
        }

    def write(self, project: Path) -> None:
        sheet = self.sheet()
        text = yaml.safe_dump(sheet, allow_unicode=True, sort_keys=False, width=100)
        (project / "briefs" / f"{self.id}.yaml").write_text(text, encoding="utf-8")
        for name, sentences in self.seeds.items():
            (project / "seeds" / f"{self.id}-{name}.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")


def make_project(folder: Path, count: int) -> Path:
    """Write a project with N synthetic briefs and no templates/: the built-in theme renders them."""
    (folder / "briefs").mkdir(parents=True)
    (folder / "seeds").mkdir()
    (folder / "pyproject.toml").write_text('[tool.briefgen]\nsite_title = "Benchmark"\n', encoding="utf-8")
    for number in range(count):
        SyntheticBrief(number).write(folder)
    return folder


def run_build(project: Path, *args: str, rss: bool = False, fonttools: bool = False) -> tuple[float, int]:
    """Run `briefgen build` in a fresh interpreter; return wall time and the peak worker RSS in KB.

    With ``fonttools`` the CLI runs with WeasyPrint's fallback forced; it then imports WeasyPrint
    before forking its workers, which adds about half a second to the build.
    """
    launcher = ["-c", FORCE_FONTTOOLS + "from briefgen.cli import run; run()"] if fonttools else ["-m", "briefgen"]
    command = [sys.executable, *launcher, "build", "--out", "site", *args]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    monitor = PeakWorkerRss(process.pid)
    with monitor if rss else _Nothing():
        out, err = process.communicate()
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"build {' '.join(args)} failed:\n{out}\n{err}")
    summary = out.strip().splitlines()[-1:]
    print(f"build {' '.join(args) or '(no options)'}: {elapsed:.2f} s; {summary}", file=sys.stderr)
    return elapsed, max(monitor.peaks.values(), default=0)


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def pdf_digests(project: Path) -> dict[str, int]:
    return {p.name: hash(p.read_bytes()) for p in sorted((project / "site" / "briefs").glob("*/*.pdf"))}


def edit_one_sheet(project: Path) -> None:
    """Change one key point's wording in the first brief, keeping it valid."""
    path = sorted((project / "briefs").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Heavy fighting was reported", "Heavy fighting was again reported", 1), encoding="utf-8"
    )


def pdf_pages(project: Path) -> int:
    """Count the pages of every PDF the last build left in the site."""
    from pypdf import PdfReader

    return sum(len(PdfReader(path).pages) for path in sorted((project / "site" / "briefs").glob("*/*.pdf")))


def use_subsetter(name: str) -> None:
    """Make WeasyPrint in this process subset fonts with HarfBuzz (when installed) or with its fontTools fallback."""
    import logging

    import weasyprint.pdf.fonts
    import weasyprint.text.ffi

    weasyprint.pdf.fonts.harfbuzz_subset = weasyprint.text.ffi.harfbuzz_subset if name == "harfbuzz" else None
    logging.getLogger("weasyprint").setLevel(logging.ERROR if name == "fonttools" else logging.NOTSET)


def harfbuzz_subset_installed() -> bool:
    """Tell whether WeasyPrint would subset with HarfBuzz here: its own test in weasyprint.pdf.fonts."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def timed_render(sheet, project) -> tuple[float, float, int, float]:
    """Render one brief as the build does; return layout and PDF-writing seconds, pages, and CPU seconds.

    CPU seconds (this process's own) hardly change when other processes share the cores,
    so they tell what the render costs on a quiet machine when the wall times cannot.
    """
    from briefgen.pdf import render as pdf
    from briefgen.site.render import render_print_html

    html = render_print_html(sheet, project)
    cpu_started = time.process_time()
    started = time.perf_counter()
    document = pdf.lay_out(html, project, sheet.id)
    laid_out = time.perf_counter()
    pdf.write_pages(document, project, sheet.as_of.isoformat())
    written = time.perf_counter()
    return laid_out - started, written - laid_out, len(document.pages), time.process_time() - cpu_started


def _warm_split_worker(project_root: Path, subsetter: str) -> None:
    """Warm a worker as the build does, then render once so fonts are loaded before timing starts."""
    from briefgen.config import Project
    from briefgen.pdf import render as pdf

    use_subsetter(subsetter)
    project = Project.discover(project_root)
    pdf.warm_up(project)
    pdf.html_to_pdf("<p>warm-up: 84 · 47 — “quotes”</p>", project, "warm-up", "2024-01-01")


def _worker_pid(_task: int) -> int:
    return os.getpid()


def _split_task(sheet, project_root: Path) -> tuple[float, float, int, float]:
    from briefgen.config import Project

    return timed_render(sheet, Project.discover(project_root))


def split_figures(totals: list[tuple[float, float, int, float]], wall: float, jobs: int = 1) -> dict:
    """Per page: wall time; layout and PDF-writing seconds summed over the workers; CPU seconds per page and job."""
    layout, write, pages, cpu = (sum(column) for column in zip(*totals, strict=True))
    return {
        "s_per_page": round(wall / pages, 4),
        "layout_s_per_page": round(layout / pages, 4),
        "write_s_per_page": round(write / pages, 4),
        "write_share": round(write / (layout + write), 3),
        "cpu_s_per_page": round(cpu / pages / jobs, 4),
        "pages": pages,
    }


def render_split(project_root: Path, sample: int, jobs: int) -> dict:
    """Time layout and PDF writing of sampled briefs, serially and in parallel, with each subsetter.

    Both subsetters take turns brief by brief (serial) and batch by batch (parallel, one
    batch = one brief per worker), so they see the same machine load and their ratio holds.
    """
    sys.path.insert(0, str(REPO))
    from briefgen.config import Project
    from briefgen.sheet.loader import read_sheet

    project = Project.discover(project_root)
    paths = sorted(project.briefs_dir.glob("*.yaml"))
    sheets = [read_sheet(path, project).sheet for path in paths[:: max(1, len(paths) // sample)][:sample]]
    serial: dict[str, list] = {name: [] for name in SUBSETTERS}
    for name in SUBSETTERS:  # warm both paths before timing: fonts loaded, code imported
        _warm_split_worker(project_root, name)
    for sheet in sheets:
        for name in SUBSETTERS:
            use_subsetter(name)
            serial[name].append(timed_render(sheet, project))
    use_subsetter("harfbuzz")
    parallel, walls = parallel_renders(project_root, sheets, jobs)
    figures: dict = {"sample_briefs": len(sheets), "jobs": jobs}
    for name in SUBSETTERS:
        figures[name] = {
            "serial": split_figures(serial[name], sum(t[0] + t[1] for t in serial[name])),
            "parallel": split_figures(parallel[name], walls[name], jobs),
        }
    for mode in ("serial", "parallel"):
        fonttools, harfbuzz = figures["fonttools"][mode], figures["harfbuzz"][mode]
        figures[f"fonttools_over_harfbuzz_{mode}"] = round(fonttools["s_per_page"] / harfbuzz["s_per_page"], 2)
        figures[f"fonttools_over_harfbuzz_{mode}_cpu"] = round(
            fonttools["cpu_s_per_page"] / harfbuzz["cpu_s_per_page"], 2
        )
    return figures


def parallel_renders(project_root: Path, sheets: list, jobs: int) -> tuple[dict[str, list], dict[str, float]]:
    """Render the sheets in a warm pool per subsetter, taking turns batch by batch; return timings and walls."""
    pools = {
        name: ProcessPoolExecutor(
            jobs, get_context("fork"), initializer=_warm_split_worker, initargs=(project_root, name)
        )
        for name in SUBSETTERS
    }
    timings: dict[str, list] = {name: [] for name in SUBSETTERS}
    walls = dict.fromkeys(SUBSETTERS, 0.0)
    try:
        for pool in pools.values():
            list(pool.map(_worker_pid, range(jobs * 4)))  # start and warm every worker before the clock starts
        for first in range(0, len(sheets), jobs):
            batch = sheets[first : first + jobs]
            for name, pool in pools.items():
                started = time.perf_counter()
                timings[name] += pool.map(_split_task, batch, [project_root] * len(batch))
                walls[name] += time.perf_counter() - started
    finally:
        for pool in pools.values():
            pool.shutdown()
    return timings, walls


def raw_weasyprint_seconds(project_root: Path, sample: int = 20, *, fonttools: bool = False) -> dict[str, float]:
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
    from briefgen.site.render import render_brief_pdf, render_print_html

    use_subsetter("fonttools" if fonttools else "harfbuzz")
    project = Project.discover(project_root)
    css_href = pdf.stylesheet_path(project).resolve().as_uri()
    sheets = [read_sheet(path, project).sheet for path in sorted(project.briefs_dir.glob("*.yaml"))]
    pages = [render_print_html(sheet, project, stylesheet_href=css_href) for sheet in sheets]
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
        warmed.append(timed(lambda sheet=sheet: render_brief_pdf(sheet, project)))
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


def measure(project: Path, count: int, *, fonttools: bool = False, split_sample: int = 20) -> dict:
    load_before = os.getloadavg()
    print(f"load average before: {load_before}", file=sys.stderr)
    serial, _ = run_build(project, "--force", "--jobs", "1", fonttools=fonttools)
    pages = pdf_pages(project)
    raw = raw_weasyprint_seconds(project, fonttools=fonttools)
    parallel, peak_kb = run_build(project, "--force", rss=True, fonttools=fonttools)
    jobs = os.cpu_count() or 1
    split = render_split(project, split_sample, jobs)
    before = pdf_digests(project)
    noop, _ = run_build(project, fonttools=fonttools)
    edit_one_sheet(project)
    edit_one, _ = run_build(project, fonttools=fonttools)
    after = pdf_digests(project)
    changed = sorted(name for name in after if after[name] != before.get(name))
    print(f"PDFs changed by editing one sheet: {changed}", file=sys.stderr)
    shutil.rmtree(project / "site")
    html_only, _ = run_build(project, "--no-pdf")
    load_after = os.getloadavg()
    print(f"load average after: {load_after}", file=sys.stderr)
    plain = raw["plain"]
    return {
        "briefs": count,
        "pages": pages,
        "subsetter": "fonttools (forced)"
        if fonttools
        else ("harfbuzz" if harfbuzz_subset_installed() else "fonttools"),
        "serial_s_per_page": round(serial / pages, 4),
        "parallel_s_per_page": round(parallel / pages, 4),
        "serial_s_per_brief": round(serial / count, 4),
        "parallel_s_per_brief": round(parallel / count, 4),
        "speedup": round(serial / parallel, 2),
        "render_split": split,
        "noop_rebuild_s": round(noop, 3),
        "edit_one_rebuild_s": round(edit_one, 3),
        "html_only_s": round(html_only, 3),
        "peak_rss_mb_per_worker": round(peak_kb / 1024, 1),
        "raw_weasyprint_s_per_brief": round(plain, 4),
        "overhead_ratio": round(serial / count / plain, 3),
        "sample_raw_s_per_brief": round(raw["plain_sample"], 4),
        "sample_raw_tagged_s_per_brief": round(raw["tagged_sample"], 4),
        "sample_render_brief_pdf_s_per_brief": round(raw["briefgen_sample"], 4),
        "jobs": jobs,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
    }


def measure_publish(project: Path, count: int) -> dict:
    """Time what the publish workflow does: a cold build, then one after a one-brief edit with the site kept."""
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    cold, _ = run_build(project)
    edit_one_sheet(project)
    after_edit, _ = run_build(project)
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)
    return {
        "briefs": count,
        "publish_cold_s": round(cold, 2),
        "publish_after_one_edit_s": round(after_edit, 2),
        "cold_over_one_edit": round(cold / after_edit, 1),
        "jobs": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--briefs", type=int, nargs="+", default=[200], help="how many synthetic briefs (default 200; --archive: 1000)"
    )
    parser.add_argument("--publish", action="store_true", help="only a cold build and a build after one edit")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print its path")
    parser.add_argument(
        "--fonttools", action="store_true", help="force WeasyPrint's fontTools fallback in every build (the slow path)"
    )
    parser.add_argument("--split-sample", type=int, default=20, help="briefs timed in the render split (default 20)")
    parser.add_argument("--archive", action="store_true", help="the large-archive figures instead (see archive.py)")
    parser.add_argument("--example", type=int, help="with --archive: also this many copies of the example brief")
    parser.add_argument("--repeat", type=int, default=3, help="with --archive: rounds of each figure (default 3)")
    parser.add_argument("--pdf-archive", action="store_true", help="with --archive: also every PDF, then an edit")
    parser.add_argument("--against", type=Path, help="with --archive: a briefgen checkout to compare with")
    parser.add_argument("--against-ref", help="with --archive: compare with this commit of the repository (say main)")
    parser.add_argument("--json", type=Path, help="with --archive: write every figure and round to this file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    try:
        if args.archive:
            archive_figures(args, folder)
            return
        count = args.briefs[0]
        project = make_project(folder / "project", count)
        if args.publish:
            print(json.dumps(measure_publish(project, count)))
        else:
            print(json.dumps(measure(project, count, fonttools=args.fonttools, split_sample=args.split_sample)))
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def archive_figures(args: argparse.Namespace, folder: Path) -> None:
    """Measure each archive asked for, print its table as it is done, and keep every figure in --json."""
    against = export_ref(args.against_ref, folder / "baseline") if args.against_ref else args.against
    counts = [1000] if args.briefs == [200] else args.briefs
    archives = [synthetic_archive(count) for count in counts]
    archives += [example_archive(args.example)] if args.example else []
    results = []
    for number, archive in enumerate(archives):
        result = measure_archive(folder / f"archive-{number}", archive, args.repeat, args.pdf_archive, against)
        if args.against_ref:
            result.setdefault("against", {})["ref"] = args.against_ref
        results.append(result)
        print("\n".join(table(result)) + "\n", flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
