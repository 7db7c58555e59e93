"""Builds killed at every step of the swap, in real processes: the next build leaves the old site or the new one, whole.

strace kills the build as it enters the chosen call (the call never happens). Which calls are
the swap's is found by tracing the same build in a copy of the project first: every rename,
unlink, rmdir and mkdir the build's own process makes from the rename that commits the journal
to the removal of the staging folder. strace's ``when=N`` counts each syscall of each process
on its own, so a call is numbered among the calls of the same syscall by the same process.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefgen.site.output import MANIFEST_NAME, SiteFolders
from tests.curate.test_serve import start_server, stop_server, wait_for
from tests.site.support import EXAMPLE_ID, make_project

STRACE = shutil.which("strace")
pytestmark = pytest.mark.skipif(STRACE is None, reason="strace is not installed; `make test` installs it")
SWAP_CALLS = ("rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir", "mkdir", "mkdirat")
PDF = f"briefs/{EXAMPLE_ID}/{EXAMPLE_ID}.pdf"
EXTRA_ASSET = "assets/extra/extra.css"  # written in a folder the site lacks; leaves the PDF up to date
RECOVER = "import sys; from briefgen.site.output import site_lock\nwith site_lock(__import__('pathlib').Path(sys.argv[1])): pass"


@dataclass(frozen=True)
class SwapCall:
    """One call of the swap: which syscall, its number among that syscall's calls by the build's process, the line."""

    syscall: str
    number: int
    line: str

    @property
    def commits(self) -> bool:
        """Tell whether this is the rename that puts the journal in place: before it, the site is the old one."""
        return self.syscall.startswith("rename") and '.swap.partial", ' in self.line


def briefgen(root: Path, *arguments: str, strace: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    command = [*strace, sys.executable, "-m", "briefgen", *arguments]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A project of two briefs whose site was built with the example's PDF; each test works on a copy. Read-only."""
    root = make_project(tmp_path_factory.mktemp("published") / "project", minimal=True).root
    done = briefgen(root, "build")
    assert done.returncode == 0, done.stderr
    return root


def copy_of(project: Path, target: Path) -> Path:
    shutil.copytree(project, target, symlinks=True)
    return target


def edit(root: Path) -> None:
    """Change the project so the next build adds a file in a new folder, rewrites some, and drops a brief's."""
    (root / "briefs" / "minimal.yaml").unlink()
    (root / "templates" / EXTRA_ASSET).parent.mkdir(parents=True)
    (root / "templates" / EXTRA_ASSET).write_text("p { margin: 0 }\n", encoding="utf-8")


def tree(site: Path) -> dict[str, bytes | None]:
    """Read a site: every file's bytes and every folder (as None), by site-relative path."""
    return {p.relative_to(site).as_posix(): None if p.is_dir() else p.read_bytes() for p in sorted(site.rglob("*"))}


def no_state_left(root: Path, site: Path) -> None:
    """Assert nothing of a staging folder, a journal or a retired site is left beside the site."""
    state = SiteFolders.of(site)
    for left in (state.staging, state.journal, state.partial_journal, state.retired):
        assert not left.exists(), f"{left} is left"


def swap_calls(scout: Path, *arguments: str) -> list[SwapCall]:
    """Trace a build of a copy and list the calls its process makes from the commit point on, that did something."""
    trace = scout.parent / f"{scout.name}.trace"
    strace = (STRACE, "-f", "-qq", "-e", "signal=none", "-o", str(trace), "-e", f"trace={','.join(SWAP_CALLS)}")
    done = briefgen(scout, *arguments, strace=strace)
    assert done.returncode == 0, done.stderr
    seen: dict[tuple[str, str], int] = {}
    calls: list[tuple[str, SwapCall]] = []
    for line in _joined(trace.read_text().splitlines()):
        call = re.match(r"(\d+)\s+(\w+)\(.*\)\s+=\s+(-?\d+)", line)
        if call is None:
            continue
        pid, syscall, result = call.groups()
        number = seen[pid, syscall] = seen.get((pid, syscall), 0) + 1
        calls.append((pid, SwapCall(syscall, number, line)))
    start = next(index for index, (_, call) in enumerate(calls) if call.commits)
    builder = calls[start][0]
    return [call for pid, call in calls[start:] if pid == builder and call.line.endswith("= 0")]


def _joined(lines: list[str]) -> list[str]:
    """Join strace's '<unfinished ...>' lines with their '<... resumed>' ends, so each call is one line."""
    unfinished: dict[str, str] = {}
    whole = []
    for line in lines:
        pid = line.split(maxsplit=1)[0]
        if line.endswith("<unfinished ...>"):
            unfinished[pid] = line.removesuffix("<unfinished ...>")
        elif "resumed>" in line and pid in unfinished:
            whole.append(unfinished.pop(pid) + line.split("resumed>", 1)[1])
        else:
            whole.append(line)
    return whole


def killed_at(root: Path, call: SwapCall, *arguments: str) -> None:
    """Run a build that strace kills with SIGKILL as it enters ``call``."""
    inject = f"inject={call.syscall}:signal=SIGKILL:when={call.number}"
    strace = (STRACE, "-f", "-qq", "-e", "signal=none", "-o", "/dev/null", "-e", f"trace={call.syscall}", "-e", inject)
    done = briefgen(root, *arguments, strace=strace)
    assert done.returncode in (-9, 128 + 9), f"not killed at {call.line}: {done.returncode} {done.stderr}"


def recovered(root: Path, site: Path) -> None:
    """Take the site's lock in a process of its own, which finishes or drops what a killed build left."""
    done = subprocess.run([sys.executable, "-c", RECOVER, str(site)], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_build_killed_at_any_step_of_the_swap_leaves_the_old_site_or_the_new_one(published, tmp_path):
    """Killed at each call: the next holder of the lock leaves the old site before the commit point, the new after.

    Then the next build leaves the new site, whole, and nothing of the swap's state.
    """
    base = copy_of(published, tmp_path / "project")
    old = tree(base / "site")
    edit(base)
    reference = copy_of(base, tmp_path / "reference")
    calls = swap_calls(reference, "build", "--no-pdf")
    new = tree(reference / "site")
    assert any(call.syscall == "unlink" for call in calls) and any(call.syscall == "rmdir" for call in calls)
    assert any(call.syscall == "mkdir" for call in calls), "the swap makes a folder"
    assert new[PDF] == old[PDF] and "briefs/minimal/index.html" not in new and "briefs/minimal" not in new

    def kill_and_recover(index: int) -> str | None:
        call = calls[index]
        root = copy_of(base, tmp_path / f"killed-{index}")
        killed_at(root, call, "build", "--no-pdf")
        left = tree(root / "site")
        if left[MANIFEST_NAME] == new[MANIFEST_NAME] and left != new:
            return f"killed at {call.line}: the new manifest is in before the rest of the new site"
        recovered(root, root / "site")
        expected, named = (old, "old") if call.commits else (new, "new")
        if tree(root / "site") != expected:
            return f"killed at {call.line}: the site is not the {named} one"
        no_state_left(root, root / "site")
        done = briefgen(root, "build", "--no-pdf")
        assert done.returncode == 0, done.stderr
        if tree(root / "site") != new:
            return f"killed at {call.line}: the next build did not leave the new site"
        no_state_left(root, root / "site")
        shutil.rmtree(root)
        return None

    with ThreadPoolExecutor(max_workers=2) as pool:  # each is a chain of processes; two at a time on two cores
        failures = [failure for failure in pool.map(kill_and_recover, range(len(calls))) if failure]
    assert failures == [], "\n".join(failures)


def test_a_first_build_killed_as_it_moves_the_site_in_is_built_whole_next_time(tmp_path):
    root = make_project(tmp_path / "project").root
    scout = copy_of(root, tmp_path / "scout")
    calls = swap_calls_of_first_build(scout)
    assert [call.syscall for call in calls][:1] == ["rename"] and calls[0].line.endswith(f'{scout / "site"}") = 0')
    killed_at(root, calls[0], "build", "--no-pdf")
    assert not (root / "site").exists()
    done = briefgen(root, "build", "--no-pdf")
    assert done.returncode == 0, done.stderr
    assert tree(root / "site") == tree(scout / "site")
    no_state_left(root, root / "site")


def swap_calls_of_first_build(scout: Path) -> list[SwapCall]:
    """Trace a first build: with no site yet, the staging folder moves in by one rename, the last it makes."""
    trace = scout.parent / f"{scout.name}.trace"
    strace = (STRACE, "-f", "-qq", "-e", "signal=none", "-o", str(trace), "-e", "trace=rename")
    done = briefgen(scout, "build", "--no-pdf", strace=strace)
    assert done.returncode == 0, done.stderr
    lines = [line for line in _joined(trace.read_text().splitlines()) if re.match(r"\d+\s+rename\(", line)]
    last = lines[-1]
    pid = last.split()[0]
    return [SwapCall("rename", sum(line.split()[0] == pid for line in lines), last)]


def test_serve_finishes_the_swap_a_killed_build_of_its_preview_left(published, tmp_path):
    """The preview was built with its PDF; killed mid-swap, serve without PDFs must finish it and keep the PDF."""
    root = copy_of(published, tmp_path / "project")
    preview = root / ".briefgen" / "serve"
    done = briefgen(root, "build", "--drafts", "--out", ".briefgen/serve")
    assert done.returncode == 0, done.stderr
    pdf = (preview / PDF).read_bytes()
    edit(root)
    scout = copy_of(root, tmp_path / "scout")
    arguments = ("build", "--drafts", "--no-pdf", "--out", ".briefgen/serve")
    calls = swap_calls(scout, *arguments)
    killed_at(root, calls[len(calls) // 2], *arguments)  # some files in, some not
    assert SiteFolders.of(preview).journal.is_file()
    server = start_server(root, "--no-pdf")
    try:
        status, page = server.page(f"/briefs/{EXAMPLE_ID}/")
        assert status == 200 and "Mali severs diplomatic relations" in page
        wait_for("the extra asset", lambda: server.get(f"/{EXTRA_ASSET}")[0] == 200)
        assert server.get(f"/{PDF}")[::2] == (200, pdf)
    finally:
        code, _, errors = stop_server(server)
    assert code == 0, errors
    assert (preview / PDF).read_bytes() == pdf and (preview / MANIFEST_NAME).is_file()
    no_state_left(root, preview)
