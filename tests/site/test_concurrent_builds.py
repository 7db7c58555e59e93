"""Builds of one output folder, in real processes side by side: one at a time, never a mix, never a lie."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.site.cards import CARDS_NAME
from briefgen.site.output import MANIFEST_NAME, SiteFolders, lock_path
from tests.curate.test_serve import TITLE, copy_project, start_server, stop_server, wait_for
from tests.site.support import EXAMPLE_ID, make_project

PATIENCE = 180  # seconds a whole build of a dozen PDFs may take on a slow, busy machine


def many_briefs(root: Path, count: int) -> Path:
    """A project of ``count`` briefs, copies of the example under other ids: long enough to overlap."""
    make_project(root)
    text = (root / "briefs" / f"{EXAMPLE_ID}.yaml").read_text(encoding="utf-8")
    for number in range(2, count + 1):
        copy = text.replace(f"id: {EXAMPLE_ID}\n", f"id: copy-{number}\n", 1)
        (root / "briefs" / f"copy-{number}.yaml").write_text(copy, encoding="utf-8")
    return root


def start_build(root: Path, *options: str, base_url: str = "") -> subprocess.Popen:
    """Start `briefgen build` as its own process (and process group, so a test can clean up its workers)."""
    env = {**os.environ, "BRIEFGEN_BASE_URL": base_url} if base_url else None
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", *options],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def writing(out_dir: Path, process: subprocess.Popen) -> bool:
    """Tell whether a build is writing its site: its staging folder is there; its PDFs come after that."""
    assert process.poll() is None, f"the build ended early: {process.communicate()}"
    return SiteFolders.of(out_dir).staging.is_dir()


def holds_the_lock(out_dir: Path, process: subprocess.Popen) -> bool:
    """Tell whether a build has taken the folder: it writes its pid into the lock file once it has."""
    try:
        return lock_path(out_dir).read_text(encoding="ascii").strip() == str(process.pid)
    except FileNotFoundError:
        return False


def complete_site(site: Path, another_build_runs: bool = False) -> dict:
    """Assert a site is whole: index.html, exactly the files its manifest lists, no staging left beside it.

    While another build runs, the staging folder beside the site may be that build's.
    """
    manifest = json.loads((site / MANIFEST_NAME).read_text(encoding="utf-8"))
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert "index.html" in files
    assert files == set(manifest["outputs"]) | {MANIFEST_NAME, CARDS_NAME}
    folders = SiteFolders.of(site)
    assert another_build_runs or not folders.staging.exists()
    assert not folders.retired.exists()
    return manifest


def files_written(summary: str) -> int:
    return int(re.search(r"(\d+) files written", summary)[1])


def test_a_second_build_waits_for_the_first_and_the_site_is_never_a_mix(tmp_path):
    """The issue's reproduction (two forced builds), each with its own base URL to tell their files apart.

    The second starts once the first is writing; six PDFs keep the first busy for seconds after that.
    """
    root = many_briefs(tmp_path / "project", 6)
    site = root / "site"
    first = start_build(root, "--force", "--jobs", "2", base_url="https://first.example")
    wait_for("the first build to be writing", lambda: writing(site, first))
    second = start_build(root, "--force", "--jobs", "2", base_url="https://second.example")
    out, err = first.communicate(timeout=PATIENCE)
    assert first.returncode == 0, err
    # The second build is still rendering its PDFs: what the first reported is what is there now.
    manifest = complete_site(site, another_build_runs=True)
    assert files_written(out) == len(manifest["outputs"])
    assert "https://first.example/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    out2, err2 = second.communicate(timeout=PATIENCE)
    assert second.returncode == 0, err2
    waiting = [line for line in err2.splitlines() if line.startswith("waiting")]
    assert waiting == [f"waiting for another build of site (process {first.pid}) to finish"]
    assert "waiting" not in err
    manifest = complete_site(site)
    assert files_written(out2) == len(manifest["outputs"])
    assert sum(path.endswith(".pdf") for path in manifest["outputs"]) == 6
    for name in ("sitemap.xml", "feed.xml"):
        text = (site / name).read_text(encoding="utf-8")
        assert "https://second.example/" in text and "first.example" not in text, f"{name} is from the first build"
    assert lock_path(site) == root / ".briefgen" / "site.lock"  # beside the site: never published nor swapped away


def test_a_killed_build_leaves_no_stale_lock(tmp_path):
    """Kill a build mid-write, its PDF workers orphaned: the next build must neither wait nor keep its debris."""
    root = many_briefs(tmp_path / "project", 4)
    site = root / "site"
    killed = start_build(root, "--jobs", "2")
    try:
        wait_for("the build to be writing", lambda: writing(site, killed) and holds_the_lock(site, killed))
        os.kill(killed.pid, signal.SIGKILL)  # the main process only: its forked workers live on
        killed.wait(30)
        again = subprocess.run(
            [sys.executable, "-m", "briefgen", "build", "--no-pdf"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the next build still waits: the killed build's orphaned workers kept its lock")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(killed.pid, signal.SIGKILL)  # the orphaned workers
    assert again.returncode == 0, again.stderr
    assert "waiting" not in again.stderr
    complete_site(site)


def test_a_serve_rebuild_waits_for_a_build_of_its_folder(tmp_path):
    """`serve` and `build` side by side on the preview folder: the serve's rebuild waits, then shows the edit."""
    root = copy_project(tmp_path / "project")
    text = (root / "briefs" / f"{EXAMPLE_ID}.yaml").read_text(encoding="utf-8")
    for number in range(3, 7):  # six briefs, so the build holds the folder for a while
        copy = text.replace(f"id: {EXAMPLE_ID}\n", f"id: copy-{number}\n", 1)
        (root / "briefs" / f"copy-{number}.yaml").write_text(copy, encoding="utf-8")
    server = start_server(root, "--no-pdf")
    preview = root / ".briefgen" / "serve"
    try:
        build = start_build(root, "--force", "--drafts", "--jobs", "2", "--out", ".briefgen/serve")
        wait_for("the build to be writing the preview", lambda: writing(preview, build))
        sheet = server.sheet()
        sheet.write_text(text.replace(TITLE, "title: Edited beside a build"), encoding="utf-8")
        out, err = build.communicate(timeout=PATIENCE)
        assert build.returncode == 0, err
        wait_for(
            "the edit on the served page", lambda: "Edited beside a build" in server.page(f"/briefs/{EXAMPLE_ID}/")[1]
        )
        status, index = server.page("/")
        assert status == 200 and "The second brief" in index
    finally:
        code, output, errors = stop_server(server)
    assert code == 0, errors
    assert f"waiting for another build of .briefgen/serve (process {build.pid}) to finish" in output.splitlines()
    complete_site(preview)
