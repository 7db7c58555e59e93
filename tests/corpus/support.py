"""The corpus the print and page checks run over, built once as a real project in git.

It holds the example brief in three editions (tests/editions/support.py), the flood brief
in three editions of its own (tests/fixtures/flood/: a storm, tolls rising from 2,000 to an
estimated 20,000, missing and displaced people, an Arabic source, the UAE among far-off
countries), the figures' fixtures, and synthetic briefs from the benchmark's generator,
one of each length it makes (4 to 10 printed pages).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.synthetic import SyntheticBrief
from briefgen.config import Project, read_settings
from briefgen.site.build import BuildOptions, build
from tests.conftest import FIXTURES
from tests.editions.support import make_three_editions
from tests.gitrepo import commit_all

FLOOD = FIXTURES / "flood"
FLOOD_ID = "derna-floods"
FLOOD_EDITIONS = {1: "2023-09-12", 2: "2023-09-14", 3: "2023-09-18"}
FIGURE_FIXTURES = {"border-clashes": "border-clashes.txt", "figures": "figures.txt", "minimal": "sample.txt"}
# One synthetic brief of each length the generator makes, shortest first (4 to 10 pages when chosen).
SYNTHETIC = (22, 1, 3, 2, 5, 4, 0)
LAST_DAY = "2024-08-07T18:00:00+00:00"


def make_corpus(root: Path) -> Project:
    """Lay out and commit the corpus project: the example's and the flood's editions, then the rest."""
    make_three_editions(root)
    shutil.copytree(FLOOD / "seeds", root / "seeds", dirs_exist_ok=True)
    for number, day in FLOOD_EDITIONS.items():
        shutil.copy(FLOOD / f"{FLOOD_ID}.{number}.yaml", root / "briefs" / f"{FLOOD_ID}.yaml")
        commit_all(root, f"Derna floods, edition {number}", f"{day}T18:00:00+00:00")
    for brief_id, seed in FIGURE_FIXTURES.items():
        shutil.copy(FIXTURES / "valid" / f"{brief_id}.yaml", root / "briefs" / f"{brief_id}.yaml")
        shutil.copy(FIXTURES / "seeds" / seed, root / "seeds" / seed)
    for number in SYNTHETIC:
        SyntheticBrief(number).write(root)
    commit_all(root, "The figures' fixtures and synthetic briefs", LAST_DAY)
    return Project(root, read_settings(root / "pyproject.toml"))


def build_corpus(root: Path) -> Path:
    """Make the corpus and build its site with every PDF; return the site folder."""
    project = make_corpus(root)
    build(project, BuildOptions(out_dir=root / "site", jobs=2))
    return root / "site"


def corpus_pdfs(site: Path) -> list[Path]:
    """Every PDF of the corpus site: each brief's current one and every archived edition's."""
    return sorted(site.rglob("*.pdf"))
