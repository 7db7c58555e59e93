"""A build killed at each rename of its swap, in real processes: the next build or `serve` leaves the site whole.

strace kills the build as it enters the chosen rename (the rename never happens), which is
the one place where a kill can fall between the two. Which renames are the swap's is found
by tracing the same build in a copy of the project first: other renames (compiled templates)
come before them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.site.output import MANIFEST_NAME
from tests.curate.test_serve import start_server, stop_server, wait_for
from tests.site.support import EXAMPLE_ID, make_project, site_files

STRACE = shutil.which("strace")
pytestmark = pytest.mark.skipif(STRACE is None, reason="strace is not installed; `make test` installs it")
RENAMES = "rename,renameat,renameat2"
PDF = f"briefs/{EXAMPLE_ID}/{EXAMPLE_ID}.pdf"
EXTRA_ASSET = "assets/extra.css"  # a change that makes the next build write, and leaves the PDF up to date


def briefgen(root: Path, *arguments: str, strace: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    command = [*strace, sys.executable, "-m", "briefgen", *arguments]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A project whose site was built with its PDF; each test works on a copy. Read-only."""
    root = make_project(tmp_path_factory.mktemp("published") / "project").root
    done = briefgen(root, "build")
    assert done.returncode == 0, done.stderr
    return root


def copy_of(project: Path, target: Path) -> Path:
    shutil.copytree(project, target, symlinks=True)
    return target


def swap_renames(scout: Path, out: Path, *arguments: str) -> dict[str, int]:
    """Trace a build of a copy and number its renames: which one retires the old site, which one moves the new in.

    strace's ``when=N`` counts each syscall of each process on its own, so a rename
    is numbered among the calls of the same syscall by the same process: a worker's
    renames (compiled templates), which interleave differently from run to run,
    must not shift the number.
    """
    trace = scout.parent / f"{scout.name}.trace"
    strace = (STRACE, "-f", "-qq", "-e", "signal=none", "-o", str(trace), "-e", f"trace={RENAMES}")
    done = briefgen(scout, *arguments, strace=strace)
    assert done.returncode == 0, done.stderr
    site = str(out)
    seen: dict[tuple[str, str], int] = {}
    numbers = {}
    for line in trace.read_text().splitlines():
        call = re.match(r"(\d+)\s+(rename(?:at2?)?)\(", line)
        if call is None:
            continue
        number = seen[call.groups()] = seen.get(call.groups(), 0) + 1
        paths = re.findall(r'"([^"]*)"', line)
        if paths and paths[0] == site:
            numbers["retire the old site"] = number
        if len(paths) > 1 and paths[-1] == site:
            numbers["move the new site in"] = number
    return numbers


def killed_at(root: Path, number: int, *arguments: str) -> None:
    """Run a build that strace kills with SIGKILL as it enters its rename number ``number``."""
    inject = f"inject={RENAMES}:signal=SIGKILL:when={number}"
    strace = (STRACE, "-f", "-qq", "-e", "signal=none", "-o", "/dev/null", "-e", f"trace={RENAMES}", "-e", inject)
    done = briefgen(root, *arguments, strace=strace)
    assert done.returncode in (-9, 128 + 9), (
        f"the build was not killed: {done.returncode} {done.stderr}"
    )  # strace dies by it too


def whole(site: Path) -> dict[str, bytes]:
    """Assert a site holds exactly the files its manifest lists, and no build state is left in the project."""
    files = site_files(site)
    manifest = json.loads(files[MANIFEST_NAME])
    assert set(files) == set(manifest["outputs"]) | {MANIFEST_NAME, ".briefgen-cards.json"}
    for folder in (site.parent, site.parent / ".briefgen"):
        left = (
            [p.name for p in folder.iterdir() if p.name.endswith((".staging", ".previous"))] if folder.is_dir() else []
        )
        assert left == [], f"left in {folder}"
    return files


@pytest.mark.parametrize("step", ["retire the old site", "move the new site in"])
def test_a_build_killed_at_either_rename_of_the_swap_is_recovered_by_the_next_build(published, tmp_path, step):
    """The issue's case: killed between the renames, the next build (without PDFs) kept neither site nor PDF."""
    root = copy_of(published, tmp_path / "project")
    pdf = (root / "site" / PDF).read_bytes()
    (root / "templates" / EXTRA_ASSET).write_text("p { margin: 0 }\n", encoding="utf-8")
    scout = copy_of(root, tmp_path / "scout")
    number = swap_renames(scout, scout / "site", "build", "--no-pdf")[step]
    killed_at(root, number, "build", "--no-pdf")
    done = briefgen(root, "build", "--no-pdf")
    assert done.returncode == 0, done.stderr
    files = whole(root / "site")
    assert files[PDF] == pdf, "the PDF the killed build had kept is still there, unchanged"
    assert files[EXTRA_ASSET] == b"p { margin: 0 }\n"


def test_a_first_build_killed_as_it_moves_the_site_in_is_built_whole_next_time(tmp_path):
    root = make_project(tmp_path / "project").root
    scout = copy_of(root, tmp_path / "scout")
    number = swap_renames(scout, scout / "site", "build", "--no-pdf")["move the new site in"]
    killed_at(root, number, "build", "--no-pdf")
    assert not (root / "site").exists()
    done = briefgen(root, "build", "--no-pdf")
    assert done.returncode == 0, done.stderr
    assert f"briefs/{EXAMPLE_ID}/index.html" in whole(root / "site")


def test_serve_finishes_the_swap_a_killed_build_of_its_preview_left(published, tmp_path):
    """The preview was built with its PDF; serve without PDFs must still have it after the killed build."""
    root = copy_of(published, tmp_path / "project")
    preview = root / ".briefgen" / "serve"
    done = briefgen(root, "build", "--drafts", "--out", ".briefgen/serve")
    assert done.returncode == 0, done.stderr
    pdf = (preview / PDF).read_bytes()
    (root / "templates" / EXTRA_ASSET).write_text("p { margin: 0 }\n", encoding="utf-8")
    scout = copy_of(root, tmp_path / "scout")
    arguments = ("build", "--drafts", "--no-pdf", "--out", ".briefgen/serve")
    number = swap_renames(scout, scout / ".briefgen" / "serve", *arguments)["move the new site in"]
    killed_at(root, number, *arguments)
    assert not preview.exists()
    server = start_server(root, "--no-pdf")
    try:
        status, page = server.page(f"/briefs/{EXAMPLE_ID}/")
        assert status == 200 and "Mali severs diplomatic relations" in page
        wait_for("the extra asset", lambda: server.get(f"/{EXTRA_ASSET}")[0] == 200)
        assert server.get(f"/{PDF}")[::2] == (200, pdf)
    finally:
        code, _, errors = stop_server(server)
    assert code == 0, errors
    assert whole(preview)[PDF] == pdf
