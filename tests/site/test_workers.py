"""The build's worker processes, for real: they never outlive the build that started them."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

import pytest

from briefgen.config import Project
from briefgen.site.outputs import OutputKind
from briefgen.site.plan import BuildOptions, plan_build
from briefgen.site.render import RenderedFile, render_site
from briefgen.site.workers import SPREAD_FROM, Workers
from tests.curate.test_serve import start_server, wait_for
from tests.site.support import make_project
from tests.site.test_concurrent_builds import many_briefs, start_build

SITE_WIDE = {OutputKind.DATA_TABLE, OutputKind.SITE_PAGE, OutputKind.SEARCH_INDEX}


def children(pid: int) -> set[int]:
    """List a process's live children, as the kernel keeps them (every thread's)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError):
            found.update(int(child) for child in (task / "children").read_text(encoding="ascii").split())
    return found


def alive(pid: int) -> bool:
    """Tell whether a process runs: a zombie waiting to be reaped has ended."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def first_pdf_done(build: subprocess.Popen) -> str:
    """Read the build's progress until its first PDF is done: the workers are rendering the others."""
    for line in build.stderr:
        if line.startswith("PDF 1/"):
            return line
    pytest.fail(f"the build ended before its first PDF: {build.communicate()}")


def test_pdf_workers_exit_when_their_build_is_killed(tmp_path):
    build = start_build(many_briefs(tmp_path / "project", 6), "--jobs", "2")
    try:
        first_pdf_done(build)
        workers = children(build.pid)
        assert len(workers) == 2, workers
        os.kill(build.pid, signal.SIGKILL)  # the build alone, as the OS or a CI runner would kill it
        build.wait(30)
        wait_for("every PDF worker to exit", lambda: not any(alive(pid) for pid in workers))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)  # workers that outlived it, so a failed test leaves none


def spawned_workers(pid: int) -> set[int]:
    """List the spawned worker processes among a process's children (not multiprocessing's resource tracker)."""
    return {child for child in children(pid) if b"spawn_main" in command_line(child)}


def command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""  # it has just exited


def test_the_warm_pdf_workers_of_serve_exit_when_it_is_killed(tmp_path):
    """No brief to build: the workers warm up all the same, and the test is spared a PDF."""
    server = start_server(make_project(tmp_path / "project", example=False).root)
    try:
        wait_for("its two PDF workers", lambda: len(spawned_workers(server.process.pid)) == 2)
        started = children(server.process.pid)  # the workers, and the resource tracker they keep alive
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(30)
        wait_for("every process serve started to exit", lambda: not any(alive(pid) for pid in started))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)


def test_sheet_workers_have_exited_before_the_site_pages_are_rendered(tmp_path):
    """The site pages are the parent's alone: workers left waiting would hold their memory through them."""
    root = many_briefs(tmp_path / "project", SPREAD_FROM)
    plan = plan_build(Project.discover(root), BuildOptions(out_dir=root / "site", pdf=False, jobs=2))
    before = children(os.getpid())
    with Workers(plan) as workers:
        assert workers.spread
        started = children(os.getpid()) - before
        assert len(started) == 2, started
        for rendered in render_site(plan, workers, lambda *_: None):
            if isinstance(rendered, RenderedFile) and rendered.output.kind in SITE_WIDE:
                break
        else:
            pytest.fail("the build rendered no site page")
        assert not any(alive(pid) for pid in started)
