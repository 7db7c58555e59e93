"""An edition of a French brief says what changed in French: on its page, in its feed, in `diff` and `history`.

A real git history of the example brief's French version, alone in a project whose
language is English: edition 2 regrades a claim and drops the Ukrainian condemnation.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from tests.conftest import ROOT
from tests.editions.support import BRIEF_ID, SHEET, lay_out
from tests.editions.test_site_editions import change_lines, cli_build
from tests.gitrepo import commit_all, git_environment

FRENCH = f"briefs/{BRIEF_ID}.fr.yaml"
REGRADED = "    figure: 47\n    qualifier: exact\n    claimed_by: unattributed\n    event: tinzaouatene-ambush\n"
NB = "\u00a0"  # French sets a no-break space before a colon

# What a French reader is told, exactly, in the words of fr.po.
CHANGES_IN_2 = [
    f"Modifié{NB}: Forces armées maliennes (tués), non attribué{NB}: "
    "crédibilité véracité impossible à évaluer → peut-être vrai",
    f"Supprimé{NB}: réaction de Ministère ukrainien des Affaires étrangères (condamne)",
]
HEADLINE_2 = f"Édition 2{NB}: 1 bilan révisé, 1 réaction supprimée"


def _french_project(root: Path) -> Path:
    """Lay out the example project with the brief's French version alone and commit it as edition 1."""
    lay_out(root)
    (root / SHEET).unlink()
    shutil.copy(ROOT / FRENCH, root / FRENCH)
    commit_all(root, "Note sur le Mali et l'Ukraine", "2024-08-04T18:00:00+00:00")
    return root


def _edit_french(root: Path, old: str, new: str) -> None:
    path = root / FRENCH
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old[:60]
    path.write_text(text.replace(old, new), encoding="utf-8")


def _edition_2(root: Path) -> None:
    """Regrade the claim of 47 Malian soldiers killed and drop the Ukrainian condemnation, as of 5 August."""
    _edit_french(root, "as_of: 2024-08-04", "as_of: 2024-08-05")
    _edit_french(root, REGRADED + "    credibility: 6\n", REGRADED + "    credibility: 3\n")
    text = (root / FRENCH).read_text(encoding="utf-8")
    start = text.index("  - actor: ukraine-foreign-ministry\n    action: condemns")
    end = text.index("  - actor: ukraine-foreign-ministry\n    action: denies")
    (root / FRENCH).write_text(text[:start] + text[end:], encoding="utf-8")
    commit_all(root, "Bilan réévalué, condamnation retirée", "2024-08-05T18:00:00+00:00")


@pytest.fixture(scope="module")
def french_desk(tmp_path_factory) -> tuple[Path, Path]:
    root = _french_project(tmp_path_factory.mktemp("french") / "project")
    _edition_2(root)
    site = root.parent / "site"
    done = cli_build(root, site, "--no-pdf")
    assert done.returncode == 0, done.stderr
    return root, site


def test_the_page_of_a_french_edition_says_what_changed_in_french(french_desk):
    _, site = french_desk
    shown = change_lines(site / "fr" / "briefs" / BRIEF_ID / "index.html")
    assert shown == [line.replace(NB, " ") for line in CHANGES_IN_2], "a page's text is read with its spaces folded"


def test_the_feed_of_a_french_brief_gives_its_headline_in_french(french_desk):
    _, site = french_desk
    feed = feedparser.parse((site / "fr" / "feed.xml").read_bytes())
    assert [entry.summary for entry in feed.entries] == [HEADLINE_2, f"Édition 1{NB}: la première édition"]


def _desk_command(root: Path, *arguments: str) -> list[str]:
    """Run a briefgen command in the project, in a process of its own; return its lines."""
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", *arguments],
        cwd=root,
        env=git_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_diff_of_a_french_brief_says_its_change_lines_in_french(french_desk):
    root, _ = french_desk
    said = _desk_command(root, "diff", BRIEF_ID, "--language", "fr", "--from", "2024-08-04", "--to", "2024-08-05")
    assert [line.strip() for line in said[1:]] == CHANGES_IN_2


def test_history_of_a_french_brief_sums_up_its_edition_in_french(french_desk):
    root, _ = french_desk
    said = _desk_command(root, "history", BRIEF_ID, "--language", "fr")
    assert said[-1].endswith("): 1 bilan révisé, 1 réaction supprimée")


def test_the_french_edition_blocks_give_their_days_in_french(french_desk):
    _, site = french_desk
    page = (site / "fr" / "briefs" / BRIEF_ID / "index.html").read_text(encoding="utf-8")
    editions = (site / "fr" / "briefs" / BRIEF_ID / "editions" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-08-04">4 août 2024</time>' in page
    assert '<time datetime="2024-08-05">5 août 2024</time>' in editions
    assert "August" not in page + editions
