"""Measure what the figures add to a brief's PDF render and HTML page; print one JSON object.

Usage: python benchmarks/figures.py [--briefs N] [--rounds R]

Renders the example brief, the figures' test fixture and N synthetic briefs (the
ones benchmarks/build.py builds: 12 related actors, 22 to 32 claims, no
coordinates), each with its figures and with them switched off, in interleaved
rounds in one warmed-up process. Times are CPU seconds (time.process_time), which
other processes on a shared machine disturb less than the wall clock; the best
of R rounds is reported, with the median. The load average is printed so a
reader can judge the machine. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

import briefgen.site.context as context_module
from briefgen.config import Project, read_settings
from briefgen.figures.boundaries import load_boundaries
from briefgen.figures.brief import brief_figures
from briefgen.pdf import render
from briefgen.sheet.countries import country_name
from briefgen.sheet.loader import read_sheet
from briefgen.site.pages import brief_page_context
from briefgen.site.render import render_brief_pdf
from briefgen.site.templating import render_template

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
NO_FIGURES = {"map": None, "claims": None, "relations": None}


def synthetic_briefs(folder: Path, count: int) -> list[Path]:
    """Write N synthetic briefs with benchmarks/build.py and return their sheets' paths."""
    spec = importlib.util.spec_from_file_location("benchmark_build", REPO / "benchmarks" / "build.py")
    build_benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_benchmark)
    project = build_benchmark.make_project(folder, count)
    return sorted((project / "briefs").glob("*.yaml"))


def load(path: Path, project: Project):
    loaded = read_sheet(path, project)
    assert loaded.ok, loaded.problems
    return loaded.sheet


def figures_switched(on: bool) -> None:
    """Draw the figures, or give every brief none, as a build without them would."""
    context_module.brief_figures = brief_figures if on else (lambda *args: dict(NO_FIGURES))


def page_html(sheet, project: Project) -> str:
    """Render a brief's web page as the build does."""
    settings = context_module.settings_context(project)
    context = brief_page_context(context_module.brief_context(sheet, project), True, settings)
    context["settings"] = settings
    return render_template(project, "brief.html", context)


def cpu(action) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


def measure_brief(name: str, sheet, project: Project, rounds: int) -> dict:
    """Time one brief's PDF and page with and without figures, interleaved round by round."""
    times: dict[str, list[float]] = {"pdf_off": [], "pdf_on": [], "html_off": [], "html_on": []}
    for _ in range(rounds):
        for on in (False, True):
            figures_switched(on)
            suffix = "on" if on else "off"
            times[f"pdf_{suffix}"].append(cpu(lambda: render_brief_pdf(sheet, project)))
            times[f"html_{suffix}"].append(cpu(lambda: page_html(sheet, project)))
    context = context_module.brief_context(sheet, project)
    drawing = min(cpu(lambda: brief_figures(sheet, context, country_name)) for _ in range(rounds))
    pages = {}
    for on in (False, True):
        figures_switched(on)
        pages["with" if on else "without"] = len(PdfReader(io.BytesIO(render_brief_pdf(sheet, project))).pages)
    best = {key: min(values) for key, values in times.items()}
    return {
        "brief": name,
        "pages": pages,
        "pdf_s": {"without": round(best["pdf_off"], 3), "with": round(best["pdf_on"], 3)},
        "pdf_added": f"{(best['pdf_on'] - best['pdf_off']) / best['pdf_off']:+.1%}",
        "pdf_median_added": _added(times["pdf_off"], times["pdf_on"]),
        "html_s": {"without": round(best["html_off"], 4), "with": round(best["html_on"], 4)},
        "html_added": f"{(best['html_on'] - best['html_off']) / best['html_off']:+.0%}",
        "drawing_figures_s": round(drawing, 4),
        "best": best,
    }


def _added(without: list[float], with_: list[float]) -> str:
    base = statistics.median(without)
    return f"{(statistics.median(with_) - base) / base:+.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=3, help="synthetic briefs besides the example and the fixture")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    load_before = os.getloadavg()
    load_boundaries.cache_clear()
    boundaries_s = cpu(load_boundaries)
    repo = Project(REPO, read_settings(REPO / "pyproject.toml"))
    render.warm_up(repo)
    with tempfile.TemporaryDirectory() as folder:
        synthetic = Path(folder) / "synthetic"
        paths = synthetic_briefs(synthetic, args.briefs)
        bench = Project(synthetic, read_settings(synthetic / "pyproject.toml"))
        sheets = [
            ("example", load(REPO / "briefs" / "mali-ukraine-rupture.yaml", repo), repo),
            ("fixture", load(FIXTURES / "valid" / "border-clashes.yaml", Project(FIXTURES, repo.settings)), repo),
            *((path.stem, load(path, bench), bench) for path in paths),
        ]
        results = [measure_brief(name, sheet, project, args.rounds) for name, sheet, project in sheets]
    total = {key: sum(r["best"][key] for r in results) for key in ("pdf_off", "pdf_on", "html_off", "html_on")}
    for result in results:
        del result["best"]
    report = {
        "rounds": args.rounds,
        "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]},
        "cpus": os.cpu_count(),
        "boundaries_loaded_once_per_process_s": round(boundaries_s, 3),
        "all_briefs": {
            "pdf_added": f"{(total['pdf_on'] - total['pdf_off']) / total['pdf_off']:+.1%}",
            "html_added": f"{(total['html_on'] - total['html_off']) / total['html_off']:+.0%}",
            "pdf_added_s_per_brief": round((total["pdf_on"] - total["pdf_off"]) / len(results), 3),
        },
        "briefs": results,
    }
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
