"""Stamps: a rebuild trusts the last hash of a sheet or seed whose stat shows it unchanged, and reads no more.

Each build keeps, in ``.briefgen/site.stamps.json`` beside the site, the hash of every
input file with the stat taken just before reading it. A file whose size, mtime,
ctime and inode are the same, and that had settled (changed more than SETTLED_NS
before it was read), is not read again. These tests run real builds in processes of
their own and watch what they open with strace.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen.site.cache import SETTLED_NS

REPO = Path(__file__).parents[2]
STRACE = shutil.which("strace")
pytestmark = pytest.mark.skipif(STRACE is None, reason="strace is not installed; `make test` installs it")
SHEET = "briefs/mali-ukraine-rupture.yaml"
SEED = "seeds/mali-ukraine-rupture.txt"
TRANSLATION = "briefs/mali-ukraine-rupture.fr.yaml"


def briefgen(root: Path, trace: Path | None = None) -> subprocess.CompletedProcess:
    watch = (STRACE, "-f", "-qq", "-o", str(trace), "-e", "trace=open,openat") if trace else ()
    command = [*watch, sys.executable, "-m", "briefgen", "build", "--no-pdf"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


def opened(trace: Path) -> str:
    return trace.read_text(encoding="utf-8")


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """The example project, its files settled (older than SETTLED_NS), built once."""
    root = tmp_path / "desk"
    root.mkdir()
    for folder in ("briefs", "seeds"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "pyproject.toml").write_text('[tool.briefgen]\nsite_title = "Stamps"\n', encoding="utf-8")
    time.sleep(SETTLED_NS / 1e9 + 0.5)  # a file's ctime cannot be set back: let the copies settle
    briefgen(root)
    return root


def test_a_rebuild_with_nothing_changed_opens_no_sheet_and_no_seed(desk, tmp_path):
    trace = tmp_path / "trace"
    assert "up to date" in briefgen(desk, trace).stdout
    assert "briefs/" not in opened(trace) and "seeds/" not in opened(trace)
    stamps = json.loads((desk / ".briefgen/site.stamps.json").read_text(encoding="utf-8"))["stamps"]
    assert {SHEET, TRANSLATION, SEED} <= stamps.keys()
    assert not any(".stamps" in path.name for path in (desk / "site").rglob("*"))  # never published


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(desk, tmp_path):
    """Swapping two letters and putting the mtime back, as a careless tool might: the ctime tells."""
    sheet = desk / SHEET
    before = sheet.stat()
    text = sheet.read_text(encoding="utf-8")
    title = "title: Mali severs diplomatic relations"
    assert title in text
    sheet.write_text(text.replace(title, "title: Mali savers diplomatic relations", 1), encoding="utf-8")
    os.utime(sheet, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert sheet.stat().st_size == before.st_size and sheet.stat().st_mtime_ns == before.st_mtime_ns
    done = briefgen(desk)
    assert "1 brief rendered" in done.stdout
    assert "Mali savers" in (desk / "site/briefs/mali-ukraine-rupture/index.html").read_text(encoding="utf-8")


def test_a_file_saved_just_before_a_build_is_read_again_by_the_next(desk, tmp_path):
    """Its stamp was taken in the same moment as the save: a second save in that tick would keep the stat."""
    sheet = desk / SHEET
    sheet.write_text(sheet.read_text(encoding="utf-8") + "# checked again\n", encoding="utf-8")
    briefgen(desk)
    trace = tmp_path / "trace"
    briefgen(desk, trace)
    assert SHEET in opened(trace)
    assert TRANSLATION not in opened(trace) and SEED not in opened(trace)  # settled, so still trusted


def test_damaged_stamps_mean_reading_everything_and_nothing_said(desk, tmp_path):
    said = briefgen(desk).stderr  # the notices every build of this project gives
    (desk / ".briefgen/site.stamps.json").write_text('{"format": 1, "stamps": {"x": [1]}}', encoding="utf-8")
    trace = tmp_path / "trace"
    done = briefgen(desk, trace)
    assert "up to date" in done.stdout and done.stderr == said
    assert SHEET in opened(trace)
