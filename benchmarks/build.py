"""Benchmark the build on N synthetic briefs and print one JSON object of figures.

Usage: python benchmarks/build.py [--briefs N] [--publish] [--keep]

The briefs are synthetic but realistic: a dozen actors (some named in Cyrillic
or Arabic script), casualty tables long enough to break across pages,
reactions with quotes, a timeline and two sources whose seed texts contain
every quote, so each sheet passes `briefgen check`. The project has no
templates/ of its own: it uses the built-in theme, as a fresh `briefgen init`
project does. Builds run through the real command line in a subprocess, as a
user runs them (cold CLI each time). `--publish` measures only what the
publish workflow does: a cold build, then a build after a one-brief edit with
the last site restored. Not a test: nothing here asserts a time.
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
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
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


def run_build(project: Path, *args: str, rss: bool = False) -> tuple[float, int]:
    """Run `briefgen build` in a fresh interpreter; return wall time and the peak worker RSS in KB."""
    command = [sys.executable, "-m", "briefgen", "build", "--out", "site", *args]
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


def measure(project: Path, count: int) -> dict:
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    serial, _ = run_build(project, "--force", "--jobs", "1")
    raw = raw_weasyprint_seconds(project)
    parallel, peak_kb = run_build(project, "--force", rss=True)
    before = pdf_digests(project)
    noop, _ = run_build(project)
    edit_one_sheet(project)
    edit_one, _ = run_build(project)
    after = pdf_digests(project)
    changed = sorted(name for name in after if after[name] != before.get(name))
    print(f"PDFs changed by editing one sheet: {changed}", file=sys.stderr)
    shutil.rmtree(project / "site")
    html_only, _ = run_build(project, "--no-pdf")
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)
    plain = raw["plain"]
    return {
        "briefs": count,
        "serial_s_per_brief": round(serial / count, 4),
        "parallel_s_per_brief": round(parallel / count, 4),
        "speedup": round(serial / parallel, 2),
        "noop_rebuild_s": round(noop, 3),
        "edit_one_rebuild_s": round(edit_one, 3),
        "html_only_s": round(html_only, 3),
        "peak_rss_mb_per_worker": round(peak_kb / 1024, 1),
        "raw_weasyprint_s_per_brief": round(plain, 4),
        "overhead_ratio": round(serial / count / plain, 3),
        "sample_raw_s_per_brief": round(raw["plain_sample"], 4),
        "sample_raw_tagged_s_per_brief": round(raw["tagged_sample"], 4),
        "sample_render_brief_pdf_s_per_brief": round(raw["briefgen_sample"], 4),
        "jobs": os.cpu_count(),
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
    parser.add_argument("--briefs", type=int, default=200, help="how many synthetic briefs (default 200)")
    parser.add_argument("--publish", action="store_true", help="only a cold build and a build after one edit")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print its path")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    try:
        project = make_project(folder / "project", args.briefs)
        print(json.dumps((measure_publish if args.publish else measure)(project, args.briefs)))
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
